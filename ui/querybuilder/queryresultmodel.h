#pragma once

#include "model/query/queryrunner.h"

#include <QAbstractTableModel>

namespace dbx::ui {

// The rows a query builder run returned, read-only, for the results grid. NULL is painted as
// a grey italic "NULL" so it never looks like an empty string.
class QueryResultModel : public QAbstractTableModel {
    Q_OBJECT
public:
    explicit QueryResultModel(QObject *parent = nullptr);

    void setRows(const model::query::QueryRows &rows);
    void clear();
    const model::query::QueryRows &rows() const { return m_rows; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    model::query::QueryRows m_rows;
};

} // namespace dbx::ui
