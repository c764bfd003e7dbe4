#include "ui/browser/celldelegate.h"

#include "model/edit/editabletablemodel.h"

#include <QApplication>
#include <QPainter>

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

} // namespace

CellDelegate::CellDelegate(const ColumnEditors *editors, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_editors(editors)
{}

QString CellDelegate::cellText(const QModelIndex &index)
{
    if (!index.data(TableDataModel::IsLoadedRole).toBool())
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

void CellDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                         const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const auto state =
        EditableTableModel::RowState(index.data(EditableTableModel::RowStateRole).toInt());
    const bool changed = index.data(EditableTableModel::CellChangedRole).toBool();
    const QColor background = tint(state, changed);
    if (background.isValid() && !(opt.state & QStyle::State_Selected))
        opt.backgroundBrush = background;
    const bool loaded = index.data(TableDataModel::IsLoadedRole).toBool();
    const bool isNull = loaded && (index.data(TableDataModel::IsNullRole).toBool() ||
                                   index.data(EditableTableModel::IsDefaultRole).toBool());
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

QSize CellDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    const QString label = index.data(TableDataModel::ForeignLabelRole).toString();
    if (!label.isEmpty())
        size.rwidth() += QFontMetrics(option.font).horizontalAdvance(QStringLiteral(" · ") + label);
    return size;
}

QWidget *CellDelegate::createEditor(QWidget *parent, const QStyleOptionViewItem &,
                                    const QModelIndex &index) const
{
    QWidget *editor = m_editors->create(index.column(), parent);
    // A pick in a combo or a lookup is final at once; line edits and date pickers commit on
    // Enter or focus out through the delegate's own event filter.
    const ColumnEditors::Kind kind = m_editors->kind(index.column());
    if (kind == ColumnEditors::Kind::Enum || kind == ColumnEditors::Kind::Boolean ||
        kind == ColumnEditors::Kind::ForeignKey) {
        auto *self = const_cast<CellDelegate *>(this);
        m_editors->onCommitted(editor, self, [self, editor] {
            emit self->commitData(editor);
            emit self->closeEditor(editor, QAbstractItemDelegate::NoHint);
        });
    }
    return editor;
}

void CellDelegate::setEditorData(QWidget *editor, const QModelIndex &index) const
{
    m_editors->setValue(editor, index.data(Qt::EditRole),
                        index.data(TableDataModel::ForeignLabelRole).toString());
}

void CellDelegate::setModelData(QWidget *editor, QAbstractItemModel *model,
                                const QModelIndex &index) const
{
    QString label;
    const QVariant value = m_editors->value(editor, &label);
    model->setData(index, value, Qt::EditRole);
    if (!label.isEmpty())
        model->setData(index, label, TableDataModel::ForeignLabelRole);
}

void CellDelegate::updateEditorGeometry(QWidget *editor, const QStyleOptionViewItem &option,
                                        const QModelIndex &) const
{
    QRect r = option.rect;
    r.setHeight(qMax(r.height(), editor->sizeHint().height()));
    r.setWidth(qMax(r.width(), editor->sizeHint().width()));
    editor->setGeometry(r);
}

} // namespace dbx::ui
