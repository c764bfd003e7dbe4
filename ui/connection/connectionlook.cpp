#include "ui/connection/connectionlook.h"

#include <QCheckBox>
#include <QColorDialog>
#include <QComboBox>
#include <QHBoxLayout>
#include <QMenu>
#include <QPainter>
#include <QToolButton>

namespace dbx::ui {

namespace {

constexpr int markSize = 16;

QPixmap markPixmap(const model::ConnectionSpec &look, const QIcon &base, qreal ratio)
{
    QPixmap pixmap(QSize(markSize, markSize) * ratio);
    pixmap.setDevicePixelRatio(ratio);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    const QColor color(look.color);
    if (!base.isNull()) {
        // The feature's own icon stays readable; the colour runs down its left edge.
        base.paint(&painter, QRect(color.isValid() ? 4 : 1, 2, 12, 12));
    } else if (color.isValid()) {
        painter.setPen(color.darker(130));
        painter.setBrush(color);
        painter.drawEllipse(QRectF(2.5, 2.5, 11, 11));
    }
    if (color.isValid() && !base.isNull())
        painter.fillRect(QRect(0, 0, 3, markSize), color);
    if (look.production) {
        painter.setPen(QPen(Qt::white, 1));
        painter.setBrush(QColor(0xc6, 0x28, 0x28));
        painter.drawEllipse(QRectF(markSize - 8.5, 0.5, 8, 8));
    }
    return pixmap;
}

} // namespace

QIcon connectionIcon(const model::ConnectionSpec &look, const QIcon &base)
{
    if (!QColor(look.color).isValid() && !look.production)
        return base;
    QIcon icon;
    icon.addPixmap(markPixmap(look, base, 1.0));
    icon.addPixmap(markPixmap(look, base, 2.0));
    return icon;
}

QString connectionToolTip(const QString &label, const model::ConnectionSpec &look)
{
    if (look.production)
        return ConnectionLookFields::tr("Connection: %1 — PRODUCTION database").arg(label);
    return ConnectionLookFields::tr("Connection: %1").arg(label);
}

QStringList connectionColors()
{
    return {QStringLiteral("#1e88e5"), QStringLiteral("#2e7d32"), QStringLiteral("#f9a825"),
            QStringLiteral("#ef6c00"), QStringLiteral("#d32f2f"), QStringLiteral("#8e24aa"),
            QStringLiteral("#00897b"), QStringLiteral("#6d4c41")};
}

ConnectionLookFields::ConnectionLookFields(QWidget *parent)
    : QWidget(parent)
    , m_group(new QComboBox(this))
    , m_color(new QToolButton(this))
    , m_production(new QCheckBox(tr("P&roduction database"), this))
{
    m_group->setObjectName(QStringLiteral("groupBox"));
    m_group->setEditable(true);
    m_group->setInsertPolicy(QComboBox::NoInsert);
    m_group->setToolTip(tr("The group the connection is listed under in the Connections dock"));
    m_group->setMinimumContentsLength(10);
    m_color->setObjectName(QStringLiteral("colorButton"));
    m_color->setPopupMode(QToolButton::InstantPopup);
    m_color->setToolTip(tr("The colour that marks this connection's tabs"));
    auto *menu = new QMenu(m_color);
    menu->addAction(tr("No Colour"), this, [this] { setColor({}); })
        ->setObjectName(QStringLiteral("colorNone"));
    for (const QString &color : connectionColors()) {
        model::ConnectionSpec sample;
        sample.color = color;
        menu->addAction(connectionIcon(sample), color, this, [this, color] { setColor(color); })
            ->setObjectName(QStringLiteral("color") + color.mid(1));
    }
    menu->addAction(tr("Other…"), this, [this] {
        const QColor chosen = QColorDialog::getColor(QColor(m_colorValue), this);
        if (chosen.isValid())
            setColor(chosen.name());
    });
    m_color->setMenu(menu);
    m_production->setObjectName(QStringLiteral("productionBox"));
    m_production->setToolTip(tr("Marks every tab of this connection with a red badge and the "
                                "word \u201cproduction\u201d"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_group, 1);
    layout->addWidget(m_color);
    layout->addWidget(m_production);
    setColor({});
}

void ConnectionLookFields::setKnownGroups(const QStringList &groups)
{
    const QString text = m_group->currentText();
    m_group->clear();
    m_group->addItems(groups);
    m_group->setEditText(text);
}

void ConnectionLookFields::setLook(const model::ConnectionSpec &spec)
{
    m_group->setEditText(spec.group);
    setColor(spec.color);
    m_production->setChecked(spec.production);
}

void ConnectionLookFields::applyTo(model::ConnectionSpec *spec) const
{
    spec->group = m_group->currentText().trimmed();
    spec->color = m_colorValue;
    spec->production = m_production->isChecked();
}

void ConnectionLookFields::setColor(const QString &color)
{
    m_colorValue = QColor(color).isValid() ? QColor(color).name() : QString();
    model::ConnectionSpec sample;
    sample.color = m_colorValue;
    m_color->setIcon(connectionIcon(sample));
    m_color->setText(m_colorValue.isEmpty() ? tr("Colour") : m_colorValue);
    m_color->setToolButtonStyle(m_colorValue.isEmpty() ? Qt::ToolButtonTextOnly
                                                       : Qt::ToolButtonIconOnly);
}

} // namespace dbx::ui
