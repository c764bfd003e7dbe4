#pragma once

#include "model/console/queryhistory.h"

#include <QAbstractTableModel>

namespace dbx::ui {

// The history's search result as a table, newest first: time, connection, duration, rows,
// status and the statement on one line. Refreshed by the panel after each search or append.
class HistoryModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Time, Connection, Duration, Rows, Status, Sql, ColumnCount };

    explicit HistoryModel(QObject *parent = nullptr);

    void setEntries(const QList<model::HistoryEntry> &entries);
    const model::HistoryEntry &entry(int row) const { return m_entries.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QString text(const model::HistoryEntry &e, int column) const;

    QList<model::HistoryEntry> m_entries;
};

} // namespace dbx::ui
