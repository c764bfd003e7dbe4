#include "ui/migrations/revisionstatedelegate.h"

#include "migrations/migrationstatus.h"
#include "ui/migrations/revisionlistmodel.h"

#include <QFontDatabase>
#include <QPainter>
#include <QPixmap>

namespace dbx::ui {

using migrations::RevisionState;

namespace {

QIcon dot(const QColor &color)
{
    QPixmap pixmap(12, 12);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(color);
    painter.drawEllipse(QRectF(1.5, 1.5, 9, 9));
    return QIcon(pixmap);
}

} // namespace

RevisionStateDelegate::RevisionStateDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{}

QColor RevisionStateDelegate::stateColor(int state)
{
    switch (RevisionState(state)) {
    case RevisionState::Applied:
        return QColor(0x1e, 0x7d, 0x32);
    case RevisionState::Pending:
        return QColor(0x5f, 0x63, 0x68);
    case RevisionState::Failed:
        return QColor(0xb3, 0x26, 0x1e);
    case RevisionState::Modified:
        return QColor(0xb2, 0x5e, 0x00);
    case RevisionState::Unknown:
        break;
    }
    return QColor(0x7b, 0x1f, 0xa2);
}

void RevisionStateDelegate::initStyleOption(QStyleOptionViewItem *option,
                                            const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    if (index.column() == RevisionListModel::RevisionColumn) {
        const qreal size = option->font.pointSizeF();
        option->font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
        option->font.setPointSizeF(size);
        option->font.setBold(index.data(RevisionListModel::CurrentRole).toBool());
        return;
    }
    if (index.column() != RevisionListModel::StateColumn)
        return;
    const QVariant state = index.data(RevisionListModel::StateRole);
    if (!state.isValid())
        return;
    const QColor color = stateColor(state.toInt());
    option->features |= QStyleOptionViewItem::HasDecoration;
    option->icon = dot(color);
    option->decorationSize = QSize(12, 12);
    // Selected rows keep the palette's highlighted text so the state stays readable.
    option->palette.setColor(QPalette::Text, color);
    const auto revisionState = RevisionState(state.toInt());
    option->font.setBold(revisionState != RevisionState::Applied &&
                         revisionState != RevisionState::Pending);
}

} // namespace dbx::ui
