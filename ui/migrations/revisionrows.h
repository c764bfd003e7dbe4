#pragma once

#include <QAbstractItemView>
#include <QAbstractTableModel>
#include <QItemSelectionModel>
#include <QList>
#include <QString>
#include <QTableView>

namespace dbx::ui {

// What the migrations panel's two revision tables (the runner's revisions and an Alembic
// project's) share: a list of rows, each a value with an `id`, found by row and by id. The
// subclasses say what a row shows.
template <typename Row> class RevisionRows : public QAbstractTableModel {
public:
    using QAbstractTableModel::QAbstractTableModel;

    // Null for an invalid row.
    const Row *revisionAt(int row) const
    {
        return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr;
    }
    // -1 when no row has that id.
    int rowOf(const QString &id) const
    {
        for (int row = 0; row < m_rows.size(); ++row) {
            if (m_rows.at(row).id == id)
                return row;
        }
        return -1;
    }
    int rowCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : int(m_rows.size());
    }

protected:
    QList<Row> m_rows;
};

// The revision of the view's selected row (single selection), null when none is selected.
template <typename Model>
auto selectedRevision(const QAbstractItemView *view, const Model *model)
    -> decltype(model->revisionAt(0))
{
    const QModelIndexList rows = view->selectionModel()->selectedRows();
    return rows.isEmpty() ? nullptr : model->revisionAt(rows.first().row());
}

// Selects the row of revision `id`, or nothing when the model has none.
template <typename Model>
void selectRevision(QTableView *view, const Model *model, const QString &id)
{
    const int row = model->rowOf(id);
    if (row < 0)
        view->clearSelection();
    else
        view->selectRow(row);
}

} // namespace dbx::ui
