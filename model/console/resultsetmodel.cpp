#include "model/console/resultsetmodel.h"

#include "model/db/pgvalue.h"

#include <QCoreApplication>

#include <algorithm>
#include <climits>
#include <limits>

namespace dbx::model {

ResultSetModel::ResultSetModel(int statementIndex, QStringList columns, QList<quint32> types,
                               QObject *parent)
    : QAbstractTableModel(parent)
    , m_statementIndex(statementIndex)
    , m_columns(std::move(columns))
    , m_types(std::move(types))
{}

ResultSetModel::~ResultSetModel()
{
    if (m_source && m_state == State::Open)
        m_source->releaseCursor(m_cursorId);
}

QString ResultSetModel::loadingText()
{
    return QCoreApplication::translate("ResultSetModel", "loading…");
}

int ResultSetModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(std::min<qint64>(m_shown, std::numeric_limits<int>::max()));
}

int ResultSetModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size());
}

int ResultSetModel::cachedRowCount() const
{
    int rows = 0;
    for (const Page &page : std::as_const(m_pages))
        rows += int(page.rows.size());
    return rows;
}

const QVariantList *ResultSetModel::rowAt(qint64 row) const
{
    const qint64 page = m_static ? 0 : row / kPageRows;
    const auto it = m_pages.find(page);
    if (it == m_pages.end()) {
        requestPage(page);
        return nullptr;
    }
    it->used = ++m_clock;
    const qint64 inPage = m_static ? row : row % kPageRows;
    if (inPage >= it->rows.size())
        return nullptr;
    return &it->rows.at(inPage);
}

QVariant ResultSetModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_shown || index.column() >= m_columns.size())
        return {};
    if (role != Qt::DisplayRole && role != Qt::EditRole && role != ValueRole &&
        role != LoadingRole && role != Qt::ToolTipRole)
        return {};
    const QVariantList *row = rowAt(index.row());
    if (role == LoadingRole)
        return row == nullptr;
    if (!row)
        return role == Qt::DisplayRole && m_state == State::Open ? QVariant(loadingText())
                                                                 : QVariant();
    const QVariant &value = row->at(index.column());
    if (role == ValueRole || role == Qt::EditRole)
        return value;
    return displayText(value);
}

QVariant ResultSetModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Vertical)
        return section + 1;
    return section >= 0 && section < m_columns.size() ? QVariant(m_columns.at(section))
                                                      : QVariant();
}

bool ResultSetModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_state == State::Open && !m_total && m_source &&
           !m_pending.contains(m_fetched / kPageRows);
}

void ResultSetModel::fetchMore(const QModelIndex &parent)
{
    if (canFetchMore(parent))
        requestPage(m_fetched / kPageRows);
}

void ResultSetModel::fetchAll()
{
    if (m_state != State::Open || m_total || m_totalAsked || !m_source)
        return;
    m_totalAsked = true;
    m_source->requestTotal(m_cursorId, m_fetched);
}

void ResultSetModel::requestPage(qint64 page) const
{
    if (m_static || m_state != State::Open || !m_source || m_pending.contains(page))
        return;
    if (m_total && page * kPageRows >= *m_total)
        return;
    m_pending.insert(page);
    m_source->requestRows(m_cursorId, page * kPageRows, kPageRows);
}

void ResultSetModel::attach(ResultSource *source, int cursorId)
{
    m_source = source;
    m_cursorId = cursorId;
}

void ResultSetModel::setRowCount(qint64 rows)
{
    if (rows <= m_shown)
        return;
    beginInsertRows({}, int(m_shown), int(std::min<qint64>(rows, INT_MAX) - 1));
    m_shown = rows;
    endInsertRows();
}

void ResultSetModel::deliverRows(qint64 first, const QList<QVariantList> &rows, int asked)
{
    const qint64 page = first / kPageRows;
    m_pending.remove(page);
    m_pages.insert(page, Page{rows, ++m_clock});
    const qint64 end = first + rows.size();
    m_fetched = std::max(m_fetched, end);
    if (rows.size() < asked && !m_total)
        m_total = end;
    evict();
    if (end > m_shown)
        setRowCount(end);
    if (!rows.isEmpty())
        emit dataChanged(index(int(first), 0),
                         index(int(end - 1), std::max(0, int(m_columns.size()) - 1)));
    emit countsChanged();
}

void ResultSetModel::deliverStatic(const QList<QVariantList> &rows, qint64 total)
{
    m_static = true;
    m_pages.insert(0, Page{rows, ++m_clock});
    m_fetched = total;
    m_total = total;
    setRowCount(rows.size());
    setState(State::Complete);
    emit countsChanged();
}

void ResultSetModel::deliverTotal(qint64 total)
{
    m_total = total;
    setRowCount(total);
    emit countsChanged();
}

void ResultSetModel::evict()
{
    while (m_pages.size() > kMaxCachedPages) {
        auto oldest = m_pages.begin();
        for (auto it = m_pages.begin(); it != m_pages.end(); ++it) {
            if (it->used < oldest->used)
                oldest = it;
        }
        m_pages.erase(oldest);
    }
}

void ResultSetModel::markClosed(const QString &reason)
{
    if (m_state != State::Open)
        return;
    m_closedReason = reason;
    m_pending.clear();
    // Every row was read: nothing is lost by the cursor's going.
    const bool whole = m_total && cachedRowCount() >= *m_total;
    setState(whole ? State::Complete : State::Closed);
}

void ResultSetModel::markFailed(const DbError &error)
{
    m_error = error;
    m_pending.clear();
    setState(State::Failed);
}

void ResultSetModel::setState(State state)
{
    if (state == m_state)
        return;
    m_state = state;
    emit stateChanged(state);
    // Rows that showed "loading" now show that they will not come.
    if (m_shown > 0 && !m_columns.isEmpty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, int(m_columns.size()) - 1));
}

} // namespace dbx::model
