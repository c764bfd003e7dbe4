#include "ui/console/historymodel.h"

#include <QLocale>

namespace dbx::ui {

using model::HistoryEntry;

HistoryModel::HistoryModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void HistoryModel::setEntries(const QList<HistoryEntry> &entries)
{
    beginResetModel();
    m_entries = entries;
    endResetModel();
}

int HistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int HistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString HistoryModel::text(const HistoryEntry &e, int column) const
{
    switch (column) {
    case Time:
        return QLocale().toString(e.startedAt.toLocalTime(), QLocale::ShortFormat);
    case Connection:
        return e.database.isEmpty() || e.database == e.connection
                   ? e.connection
                   : QStringLiteral("%1 · %2").arg(e.connection, e.database);
    case Duration:
        return tr("%1 ms").arg(QLocale().toString(e.durationMs));
    case Rows:
        return e.rows < 0 ? QString() : QLocale().toString(e.rows);
    case Status:
        switch (e.status) {
        case HistoryEntry::Status::Ok:
            return tr("OK");
        case HistoryEntry::Status::Failed:
            return tr("Failed: %1").arg(e.error);
        case HistoryEntry::Status::Cancelled:
            return tr("Cancelled");
        }
        return {};
    case Sql:
        return e.sql.simplified().left(300);
    }
    return {};
}

QVariant HistoryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const HistoryEntry &e = m_entries.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return text(e, index.column());
    case Qt::ToolTipRole:
        if (index.column() == Sql)
            return e.sqlTruncated ? e.sql + tr("\n… (cut: the statement was longer)") : e.sql;
        return text(e, index.column());
    case Qt::TextAlignmentRole:
        if (index.column() == Duration || index.column() == Rows)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

QVariant HistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time:
        return tr("Time");
    case Connection:
        return tr("Connection");
    case Duration:
        return tr("Duration");
    case Rows:
        return tr("Rows");
    case Status:
        return tr("Status");
    case Sql:
        return tr("Statement");
    }
    return {};
}

} // namespace dbx::ui
