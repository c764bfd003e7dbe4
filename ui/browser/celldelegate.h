#pragma once

#include "ui/browser/columneditors.h"
#include "ui/common/valuedelegate.h"

namespace dbx::ui {

// The table grid's delegate: paints like every other grid (ValueDelegate) and edits a cell
// through its column's typed editor (enum combo, foreign-key lookup, date pickers...).
class CellDelegate : public ValueDelegate {
    Q_OBJECT
public:
    CellDelegate(const ColumnEditors *editors, QObject *parent = nullptr);

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option,
                          const QModelIndex &index) const override;
    void setEditorData(QWidget *editor, const QModelIndex &index) const override;
    void setModelData(QWidget *editor, QAbstractItemModel *model,
                      const QModelIndex &index) const override;
    void updateEditorGeometry(QWidget *editor, const QStyleOptionViewItem &option,
                              const QModelIndex &index) const override;

signals:
    // An open editor refused what was typed, and why (empty: no longer).
    void editorProblem(const QString &problem);

private:
    const ColumnEditors *m_editors;
};

} // namespace dbx::ui
