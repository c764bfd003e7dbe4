#pragma once

#include "ui/browser/columneditors.h"

#include <QStyledItemDelegate>

namespace dbx::ui {

// Paints a grid cell so that its state reads at a glance: NULL in grey italics (never confused
// with an empty string), a new row's defaulted cells as "default", a foreign key's referenced
// label beside the id, pending cells tinted, deleted rows struck through, and a cell the
// server or a rule refuses outlined in red. Edits through the column's typed editor.
class CellDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    CellDelegate(const ColumnEditors *editors, QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option,
                          const QModelIndex &index) const override;
    void setEditorData(QWidget *editor, const QModelIndex &index) const override;
    void setModelData(QWidget *editor, QAbstractItemModel *model,
                      const QModelIndex &index) const override;
    void updateEditorGeometry(QWidget *editor, const QStyleOptionViewItem &option,
                              const QModelIndex &index) const override;

    // The text a cell shows, as the grid paints it (for tests and copy).
    static QString cellText(const QModelIndex &index);

private:
    const ColumnEditors *m_editors;
};

} // namespace dbx::ui
