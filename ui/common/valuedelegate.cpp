#include "ui/common/valuedelegate.h"

#include "model/edit/editabletablemodel.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>

namespace dbx::ui {

using model::EditableTableModel;
using model::TableDataModel;

namespace {

QColor tint(EditableTableModel::RowState state, bool changedCell)
{
    switch (state) {
    case EditableTableModel::RowState::Inserted:
        return QColor(220, 245, 220);
    case EditableTableModel::RowState::Deleted:
        return QColor(250, 222, 222);
    case EditableTableModel::RowState::Updated:
        return changedCell ? QColor(255, 236, 179) : QColor(255, 248, 225);
    case EditableTableModel::RowState::Clean:
        break;
    }
    return {};
}

// A model without IsLoadedRole holds every row it shows.
bool isLoaded(const QModelIndex &index)
{
    const QVariant loaded = index.data(TableDataModel::IsLoadedRole);
    return !loaded.isValid() || loaded.toBool();
}

bool showsNull(const QModelIndex &index)
{
    return isLoaded(index) && (index.data(TableDataModel::IsNullRole).toBool() ||
                               index.data(EditableTableModel::IsDefaultRole).toBool());
}

// The whole text of a cell: its value and, for a foreign key, the referenced row's label.
QString fullText(const QModelIndex &index)
{
    const QString label = index.data(TableDataModel::ForeignLabelRole).toString();
    if (label.isEmpty() || showsNull(index))
        return index.data(Qt::DisplayRole).toString();
    return index.data(Qt::DisplayRole).toString() + QStringLiteral(" · ") + label;
}

} // namespace

ValueDelegate::ValueDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{}

QString ValueDelegate::cellText(const QModelIndex &index)
{
    if (!isLoaded(index))
        return {};
    if (index.data(EditableTableModel::IsDefaultRole).toBool())
        return QCoreApplication::translate("CellDelegate", "default");
    if (index.data(TableDataModel::IsNullRole).toBool())
        return QStringLiteral("NULL");
    QString text = index.data(Qt::DisplayRole).toString();
    // One line per cell: the form shows the whole value.
    const qsizetype newline = text.indexOf(QLatin1Char('\n'));
    if (newline >= 0)
        text = text.left(newline) + QStringLiteral(" ⏎…");
    return text;
}

void ValueDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                          const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    // One line per cell, elided at its end: rows have one line's height.
    opt.features &= ~QStyleOptionViewItem::WrapText;
    const auto state =
        EditableTableModel::RowState(index.data(EditableTableModel::RowStateRole).toInt());
    const bool changed = index.data(EditableTableModel::CellChangedRole).toBool();
    const QColor background = tint(state, changed);
    if (background.isValid() && !(opt.state & QStyle::State_Selected))
        opt.backgroundBrush = background;
    const bool isNull = showsNull(index);
    const QString label = index.data(TableDataModel::ForeignLabelRole).toString();
    opt.text = cellText(index);
    if (isNull) {
        opt.font.setItalic(true);
        opt.palette.setColor(QPalette::Text, opt.palette.color(QPalette::PlaceholderText));
    }
    if (state == EditableTableModel::RowState::Deleted)
        opt.font.setStrikeOut(true);
    if (!label.isEmpty() && !isNull)
        opt.text.clear(); // drawn below in two tones
    const QWidget *widget = opt.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    const QRect text =
        style->subElementRect(QStyle::SE_ItemViewItemText, &opt, widget).adjusted(3, 0, -3, 0);
    if (!label.isEmpty() && !isNull) {
        painter->save();
        painter->setFont(opt.font);
        const QString value = index.data(Qt::DisplayRole).toString();
        const QColor main = opt.palette.color(
            opt.state & QStyle::State_Selected ? QPalette::HighlightedText : QPalette::Text);
        painter->setPen(main);
        const QFontMetrics fm(opt.font);
        painter->drawText(text, Qt::AlignVCenter | Qt::AlignLeft, value);
        QRect rest = text.adjusted(fm.horizontalAdvance(value) + 6, 0, 0, 0);
        QColor muted = main;
        muted.setAlpha(150);
        painter->setPen(muted);
        painter->drawText(
            rest, Qt::AlignVCenter | Qt::AlignLeft,
            fm.elidedText(QStringLiteral("· ") + label, Qt::ElideRight, rest.width()));
        painter->restore();
    }
    if (!index.data(EditableTableModel::ProblemRole).toString().isEmpty()) {
        painter->save();
        painter->setPen(QPen(QColor(200, 30, 30), 2));
        painter->drawRect(opt.rect.adjusted(1, 1, -1, -1));
        painter->restore();
    }
}

QSize ValueDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text = cellText(index);
    if (!opt.text.isEmpty())
        opt.features |= QStyleOptionViewItem::HasDisplay;
    // The width of the whole line, not of the line broken to fit the cell.
    opt.features &= ~QStyleOptionViewItem::WrapText;
    opt.rect = QRect();
    if (showsNull(index))
        opt.font.setItalic(true);
    const QWidget *widget = opt.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    QSize size = style->sizeFromContents(QStyle::CT_ItemViewItem, &opt, QSize(), widget);
    const QString label = index.data(TableDataModel::ForeignLabelRole).toString();
    if (!label.isEmpty() && !showsNull(index))
        size.rwidth() += QFontMetrics(opt.font).horizontalAdvance(QStringLiteral(" · ") + label);
    return size;
}

bool ValueDelegate::helpEvent(QHelpEvent *event, QAbstractItemView *view,
                              const QStyleOptionViewItem &option, const QModelIndex &index)
{
    // A cut value is shown whole on hover; a model's own tooltip comes first.
    if (event->type() == QEvent::ToolTip && index.isValid() &&
        index.data(Qt::ToolTipRole).toString().isEmpty()) {
        const QString text = fullText(index);
        if (!text.isEmpty() && sizeHint(option, index).width() > option.rect.width()) {
            QToolTip::showText(event->globalPos(), text.left(2000), view->viewport(), option.rect);
            return true;
        }
    }
    return QStyledItemDelegate::helpEvent(event, view, option, index);
}

} // namespace dbx::ui
