#include "ui/browser/celldelegate.h"

#include "model/data/tabledatamodel.h"

namespace dbx::ui {

using model::TableDataModel;

CellDelegate::CellDelegate(const ColumnEditors *editors, QObject *parent)
    : ValueDelegate(parent)
    , m_editors(editors)
{}

QWidget *CellDelegate::createEditor(QWidget *parent, const QStyleOptionViewItem &,
                                    const QModelIndex &index) const
{
    QWidget *editor = m_editors->create(index.column(), parent);
    auto *delegate = const_cast<CellDelegate *>(this);
    m_editors->onProblem(editor, delegate, [delegate](const QString &problem) {
        emit delegate->editorProblem(problem);
    });
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
