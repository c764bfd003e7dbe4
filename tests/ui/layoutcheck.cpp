#include "layoutcheck.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QApplication>
#include <QComboBox>
#include <QGroupBox>
#include <QHeaderView>
#include <QHelpEvent>
#include <QLabel>
#include <QLocale>
#include <QScrollBar>
#include <QStyleOptionComboBox>
#include <QTabBar>
#include <QToolTip>
#include <QtTest>

namespace dbx::test {

namespace {

// Slack for rounding in the styles' own size hints.
constexpr int kSlack = 2;
// Rows of an item view looked at: what a screen shows.
constexpr int kMaxRows = 60;

QString nameOf(const QWidget *w)
{
    QString name = w->objectName();
    if (name.isEmpty())
        name = QString::fromLatin1(w->metaObject()->className());
    if (const QWidget *parent = w->parentWidget()) {
        if (!parent->objectName().isEmpty())
            name = parent->objectName() + QLatin1Char('/') + name;
    }
    return name;
}

// The text as shown: "&&" is a literal ampersand, a single "&" marks a shortcut.
QString shownText(QString text)
{
    text.replace(QLatin1String("&&"), QString(QChar(0x1)));
    text.remove(QLatin1Char('&'));
    return text.replace(QChar(0x1), QLatin1Char('&'));
}

// In English "Order & Limit" is fine; in another language a shown "&" is an untranslated "&&".
bool showsAmpersand(const QString &mnemonicText)
{
    return QLocale().language() != QLocale::English && QLocale().language() != QLocale::C &&
           shownText(mnemonicText).contains(QLatin1Char('&'));
}

// Does hovering the point show a tooltip that holds `text`? The way the user finds out.
bool tooltipShows(QWidget *target, const QPoint &at, const QString &text)
{
    // Shown at once, without an effect that would keep it invisible for a moment.
    QApplication::setEffectEnabled(Qt::UI_FadeTooltip, false);
    QApplication::setEffectEnabled(Qt::UI_AnimateTooltip, false);
    QToolTip::hideText();
    // A tip that is fading out would take the next text without showing it.
    if (!QTest::qWaitFor([] { return !QToolTip::isVisible(); }, 1000))
        return false;
    QHelpEvent help(QEvent::ToolTip, at, target->mapToGlobal(at));
    QApplication::sendEvent(target, &help);
    const bool shown = QToolTip::isVisible() && QToolTip::text().contains(text.left(40));
    QToolTip::hideText();
    return shown;
}

void checkLabel(QLabel *label, QStringList *out)
{
    const QString text = label->text();
    if (text.isEmpty() || label->textFormat() == Qt::RichText || !label->toolTip().isEmpty())
        return;
    if (label->wordWrap()) {
        const int needed = label->heightForWidth(label->width());
        if (needed > label->height() + kSlack)
            *out << QStringLiteral("%1: wrapped text cut (%2 of %3 px high): \"%4\"")
                        .arg(nameOf(label))
                        .arg(label->height())
                        .arg(needed)
                        .arg(text.left(60));
        return;
    }
    if (label->sizeHint().width() > label->width() + kSlack)
        *out << QStringLiteral("%1: text cut (%2 of %3 px): \"%4\"")
                    .arg(nameOf(label))
                    .arg(label->width())
                    .arg(label->sizeHint().width())
                    .arg(text.left(60));
}

void checkButton(QAbstractButton *button, QStringList *out)
{
    if (button->text().isEmpty())
        return;
    if (showsAmpersand(button->text()) && button->text() != QLatin1String("&&"))
        *out << QStringLiteral("%1: shows \"&\": \"%2\"").arg(nameOf(button), button->text());
    if (button->toolTip().isEmpty() && button->sizeHint().width() > button->width() + kSlack)
        *out << QStringLiteral("%1: button text cut (%2 of %3 px): \"%4\"")
                    .arg(nameOf(button))
                    .arg(button->width())
                    .arg(button->sizeHint().width())
                    .arg(shownText(button->text()));
}

void checkGroupBox(QGroupBox *box, QStringList *out)
{
    const QString title = shownText(box->title());
    if (title.isEmpty())
        return;
    const int needed = box->fontMetrics().horizontalAdvance(title) + 16;
    if (box->toolTip().isEmpty() && needed > box->width() + kSlack)
        *out << QStringLiteral("%1: title cut (%2 of %3 px): \"%4\"")
                    .arg(nameOf(box))
                    .arg(box->width())
                    .arg(needed)
                    .arg(title);
}

void checkTabs(QTabBar *bar, QStringList *out)
{
    for (int i = 0; i < bar->count(); ++i) {
        if (showsAmpersand(bar->tabText(i)))
            *out << QStringLiteral("%1: tab shows \"&\": \"%2\"").arg(nameOf(bar), bar->tabText(i));
        if (bar->elideMode() == Qt::ElideNone || !bar->tabToolTip(i).isEmpty())
            continue;
        const QString text = shownText(bar->tabText(i));
        const int needed = bar->fontMetrics().horizontalAdvance(text) +
                           (bar->tabIcon(i).isNull() ? 0 : bar->iconSize().width() + 4) + 12;
        if (needed > bar->tabRect(i).width() + kSlack)
            *out << QStringLiteral("%1: tab cut: \"%2\"").arg(nameOf(bar), text);
    }
}

void checkCombo(QComboBox *combo, QStringList *out)
{
    if (combo->isEditable() || !combo->toolTip().isEmpty() || combo->currentText().isEmpty())
        return;
    QStyleOptionComboBox option;
    option.initFrom(combo);
    option.editable = false;
    const QRect field = combo->style()->subControlRect(QStyle::CC_ComboBox, &option,
                                                       QStyle::SC_ComboBoxEditField, combo);
    const int iconWidth =
        combo->itemIcon(combo->currentIndex()).isNull() ? 0 : combo->iconSize().width() + 4;
    const int needed = combo->fontMetrics().horizontalAdvance(combo->currentText()) + iconWidth;
    if (needed > field.width() + kSlack)
        *out << QStringLiteral("%1: choice cut (%2 of %3 px): \"%4\"")
                    .arg(nameOf(combo))
                    .arg(field.width())
                    .arg(needed)
                    .arg(combo->currentText());
}

void checkHeader(QHeaderView *header, QStringList *out)
{
    if (!header->isVisible() || header->orientation() != Qt::Horizontal || !header->model())
        return;
    const QAbstractItemModel *model = header->model();
    for (int section = 0; section < header->count(); ++section) {
        if (header->isSectionHidden(section) || header->sectionSize(section) == 0)
            continue;
        const QString text = model->headerData(section, Qt::Horizontal).toString();
        if (text.isEmpty() ||
            !model->headerData(section, Qt::Horizontal, Qt::ToolTipRole).toString().isEmpty())
            continue;
        const int needed = header->fontMetrics().horizontalAdvance(text) + 12;
        if (needed > header->sectionSize(section) + kSlack)
            *out << QStringLiteral("%1: column title cut (%2 of %3 px): \"%4\"")
                        .arg(nameOf(header))
                        .arg(header->sectionSize(section))
                        .arg(needed)
                        .arg(text);
    }
}

void checkCells(QAbstractItemView *view, QStringList *out)
{
    QAbstractItemModel *model = view->model();
    if (!model)
        return;
    const QRect area = view->viewport()->rect();
    int looked = 0;
    for (int y = 1; y < area.height() && looked < kMaxRows; ++looked) {
        const QModelIndex first = view->indexAt(QPoint(1, y));
        if (!first.isValid())
            break;
        const QRect row = view->visualRect(first);
        for (int column = 0; column < model->columnCount(first.parent()); ++column) {
            const QModelIndex index = first.siblingAtColumn(column);
            const QRect cell = view->visualRect(index);
            // A cell the viewport cuts is scrolled to, not elided; an item widget speaks
            // for itself.
            if (!cell.isValid() || cell.right() > area.right() || cell.left() < 0 ||
                view->indexWidget(index))
                continue;
            const QString text = index.data(Qt::DisplayRole).toString();
            if (text.isEmpty() || !index.data(Qt::ToolTipRole).toString().isEmpty())
                continue;
            QStyleOptionViewItem option;
            option.initFrom(view->viewport());
            option.rect = cell;
            option.font = view->font();
            option.features |= QStyleOptionViewItem::HasDisplay;
            const int needed = view->itemDelegateForIndex(index)->sizeHint(option, index).width();
            if (needed <= cell.width() + kSlack)
                continue;
            if (!tooltipShows(view->viewport(), cell.center(),
                              text.section(QLatin1Char('\n'), 0, 0)))
                *out << QStringLiteral("%1: cell cut without a tooltip (%2 of %3 px): \"%4\"")
                            .arg(nameOf(view))
                            .arg(cell.width())
                            .arg(needed)
                            .arg(text.left(60));
        }
        y = row.bottom() + 2;
    }
}

} // namespace

QStringList layoutProblems(QWidget *window, const QSize &screen)
{
    QStringList out;
    const QSize size = window->size();
    if (size.width() > screen.width() || size.height() > screen.height())
        out << QStringLiteral("window %1x%2 is larger than the %3x%4 screen")
                   .arg(size.width())
                   .arg(size.height())
                   .arg(screen.width())
                   .arg(screen.height());
    QList<QWidget *> widgets = window->findChildren<QWidget *>();
    widgets.prepend(window);
    for (QWidget *w : std::as_const(widgets)) {
        if (!w->isVisible() || w->visibleRegion().isEmpty())
            continue;
        if (auto *label = qobject_cast<QLabel *>(w))
            checkLabel(label, &out);
        else if (auto *button = qobject_cast<QAbstractButton *>(w))
            checkButton(button, &out);
        else if (auto *combo = qobject_cast<QComboBox *>(w))
            checkCombo(combo, &out);
        else if (auto *tabs = qobject_cast<QTabBar *>(w))
            checkTabs(tabs, &out);
        else if (auto *header = qobject_cast<QHeaderView *>(w))
            checkHeader(header, &out);
        else if (auto *view = qobject_cast<QAbstractItemView *>(w))
            checkCells(view, &out);
        if (auto *box = qobject_cast<QGroupBox *>(w))
            checkGroupBox(box, &out);
        // A tool bar that does not fit moves its last actions into the "»" menu.
        if (w->objectName() == QLatin1String("qt_toolbar_ext_button"))
            out << QStringLiteral("%1: actions hidden in the overflow menu")
                       .arg(nameOf(w->parentWidget()));
    }
    out.removeDuplicates();
    for (QString &line : out)
        line.prepend(window->objectName() + QStringLiteral(" › "));
    return out;
}

} // namespace dbx::test
