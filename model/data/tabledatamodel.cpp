#include "model/data/tabledatamodel.h"

#include "model/data/rowlabel.h"
#include "model/data/tableloader.h"
#include "model/db/pgvalue.h"

#include <algorithm>
#include <climits>
#include <cmath>

namespace dbx::model {

namespace {
// In-flight pages further than this from the latest request are cancelled: scrolled away.
constexpr qint64 keepWindowPages = 8;
// Bytes of a bytea value shown before the preview is cut.
constexpr qsizetype byteaPreviewBytes = 32;

// True when both queries select the same rows (only the order may differ): the count stays.
bool sameRows(const TableQuery &a, const TableQuery &b)
{
    return a.schema() == b.schema() && a.name() == b.name() && a.filter() == b.filter();
}
} // namespace

TableDataModel::TableDataModel(Database *database, QObject *parent, Database *background,
                               int pageSize, int maxCachedPages)
    : QAbstractTableModel(parent)
    , m_db(database)
    , m_background(background ? background : database)
    , m_cache(pageSize, maxCachedPages)
{
    m_dispatchTimer.setSingleShot(true);
    m_dispatchTimer.setInterval(0);
    connect(&m_dispatchTimer, &QTimer::timeout, this, &TableDataModel::dispatch);
}

TableDataModel::~TableDataModel()
{
    cancelOutstanding();
}

void TableDataModel::setTable(const TableInfo &table, const SchemaSnapshot *snapshot)
{
    QStringList types;
    for (const ColumnInfo &c : table.columns)
        types << c.type;
    m_types = types;
    TableQuery query = TableQuery::fromTable(table);
    if (snapshot)
        query.setForeignLabels(foreignLabels(table, *snapshot));
    setQuery(query);
}

QVariantList TableDataModel::rowKey(int row) const
{
    const RowCache::Row *r = m_cache.row(row);
    if (!r || r->isEmpty())
        return {};
    QVariantList key;
    for (int i : m_query.keyIndexes())
        key << r->value(i);
    return key;
}

QString TableDataModel::rowVersion(int row) const
{
    const RowCache::Row *r = m_cache.row(row);
    const int at = m_query.versionIndex();
    if (!r || at < 0)
        return {};
    return r->value(at).toString();
}

QVariantList TableDataModel::rowValues(int row) const
{
    const RowCache::Row *r = m_cache.row(row);
    if (!r || r->isEmpty())
        return {};
    return r->mid(0, m_query.columns().size());
}

int TableDataModel::rowOfKey(const QVariantList &key) const
{
    if (key.isEmpty())
        return -1;
    const QList<int> at = m_query.keyIndexes();
    for (qint64 page : m_cache.pageIndexes()) {
        const RowCache::Page *p = m_cache.page(page);
        for (qsizetype i = 0; p && i < p->rows.size(); ++i) {
            const RowCache::Row &r = p->rows.at(i);
            bool same = !r.isEmpty();
            for (qsizetype k = 0; same && k < at.size(); ++k)
                same = r.value(at.at(k)).toString() == key.value(k).toString();
            if (same)
                return int(m_cache.firstRowOf(page) + i);
        }
    }
    return -1;
}

void TableDataModel::reloadRow(int row)
{
    const QVariantList key = rowKey(row);
    if (key.isEmpty())
        return;
    const Statement st = m_query.rowByKey(key);
    const quint64 generation = m_generation;
    m_db->run<QList<QVariantList>>(
        [st](QSqlDatabase &db, const JobContext &ctx) { return TableLoader::select(db, st, ctx); },
        this,
        [this, generation, row, key](Ticket, const Result<QList<QVariantList>> &result) {
            if (generation != m_generation)
                return;
            if (!result.ok()) {
                fail(result.error(), false);
                return;
            }
            const bool found = !result->isEmpty();
            // The row may have moved in the cache meanwhile: find it by its key again.
            const int now = rowOfKey(key) >= 0 ? rowOfKey(key) : row;
            if (found && m_cache.replaceRow(now, result->first()))
                emit dataChanged(index(now, 0), index(now, columnCount() - 1));
            emit rowReloaded(now, found);
        });
}

void TableDataModel::reload()
{
    // The rows themselves may have changed (a commit): the count is read anew as well.
    m_countExact = false;
    setQuery(m_query);
}

void TableDataModel::setQuery(const TableQuery &query)
{
    beginResetModel();
    cancelOutstanding();
    ++m_generation;
    m_cache.setGeneration(m_generation);
    const bool keepCount = m_countExact && sameRows(m_query, query);
    m_query = query;
    if (!keepCount) {
        const qint64 estimate = query.filter().isEmpty() ? query.catalogEstimate() : -1;
        m_rowCount = qMax<qint64>(0, estimate);
        m_countExact = false;
    }
    m_broken = false;
    m_wanted.clear();
    m_focusPage = 0;
    m_sample.clear();
    m_sampleIsBounds = false;
    m_index = IndexState::Pending;
    m_lastError = {};
    endResetModel();
    if (m_query.columns().isEmpty())
        return;
    // The first page goes first in the worker's queue: it is what the user waits for.
    m_wanted.insert(0);
    dispatch();
    // Statistics and the count start once the first page is in: on a busy server (or two
    // cores) they would otherwise compete with the page the user waits for.
}

void TableDataModel::setFilter(const query::Filter &filter)
{
    TableQuery q = m_query;
    q.setFilter(filter);
    setQuery(q);
}

void TableDataModel::sort(int column, Qt::SortOrder order)
{
    if (column < -1 || column >= columnCount())
        return;
    TableQuery q = m_query;
    SortSpec spec;
    spec.column = column < 0 ? QString() : m_query.columns().at(column);
    spec.order = order;
    q.setSort(spec);
    setQuery(q);
}

int TableDataModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(qMin<qint64>(m_rowCount, INT_MAX));
}

int TableDataModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_query.columns().size());
}

QVariant TableDataModel::displayValue(const QVariant &value)
{
    switch (value.typeId()) {
    case QMetaType::UnknownType:
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::Bool:
    case QMetaType::QString:
        return value;
    case QMetaType::QByteArray:
        break;
    default:
        // Exact text: a double in full, a timestamp to the microsecond, a list as an array.
        return displayText(value);
    }
    const QByteArray bytes = value.toByteArray();
    QString text =
        QLatin1String("\\x") + QString::fromLatin1(bytes.left(byteaPreviewBytes).toHex());
    if (bytes.size() > byteaPreviewBytes) {
        text += tr("… (%n byte(s))", nullptr, int(qMin<qsizetype>(bytes.size(), INT_MAX)));
    }
    return text;
}

QVariant TableDataModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const qint64 page = m_cache.pageOf(index.row());
    const RowCache::Row *row = m_cache.row(index.row());
    if (!row) {
        if (!m_cache.contains(page))
            requestPage(page);
        return role == IsLoadedRole ? QVariant(false) : QVariant();
    }
    if (row->isEmpty()) // padding of a short page: nothing there
        return role == IsLoadedRole ? QVariant(false) : QVariant();
    const QVariant value = row->value(index.column());
    switch (role) {
    case Qt::DisplayRole:
        return displayValue(value);
    case Qt::EditRole:
        return value;
    case IsNullRole:
        return value.isNull();
    case IsLoadedRole:
        return true;
    case RowNumberExactRole:
        return isRowNumberExact(index.row());
    case ForeignLabelRole: {
        const int at = m_query.labelIndex(index.column());
        return at < 0 ? QVariant() : row->value(at);
    }
    default:
        return {};
    }
}

QVariant TableDataModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Vertical) {
        if (role == Qt::DisplayRole && section >= 0 && section < rowCount())
            return section + 1;
        return {};
    }
    if (section < 0 || section >= columnCount())
        return {};
    if (role == Qt::DisplayRole)
        return m_query.columns().at(section);
    if (role == Qt::ToolTipRole)
        return m_types.value(section);
    return {};
}

QHash<int, QByteArray> TableDataModel::roleNames() const
{
    QHash<int, QByteArray> roles = QAbstractTableModel::roleNames();
    roles.insert(IsNullRole, "isNull");
    roles.insert(IsLoadedRole, "isLoaded");
    roles.insert(RowNumberExactRole, "rowNumberExact");
    return roles;
}

void TableDataModel::prefetch(int first, int last)
{
    first = qMax(0, first);
    last = qMin(last, rowCount() - 1);
    for (qint64 page : m_cache.missingPages(first, last))
        requestPage(page);
}

bool TableDataModel::isRowLoaded(int row) const
{
    const RowCache::Row *r = m_cache.row(row);
    return r && !r->isEmpty();
}

bool TableDataModel::isRowNumberExact(int row) const
{
    const RowCache::Page *p = m_cache.page(m_cache.pageOf(row));
    return p && p->exactPosition;
}

void TableDataModel::requestPage(qint64 page) const
{
    if (m_broken || page < 0)
        return;
    m_focusPage = page;
    m_wanted.insert(page);
    if (!m_dispatchTimer.isActive())
        m_dispatchTimer.start();
}

qint64 TableDataModel::lastPage() const
{
    return m_rowCount <= 0 ? 0 : (m_rowCount - 1) / m_cache.pageSize();
}

QVariantList TableDataModel::cursorOf(const QVariantList &row) const
{
    return row.mid(m_query.columns().size());
}

void TableDataModel::dispatch()
{
    // Scrolled away: pages far from the latest request are not wanted any more.
    for (auto it = m_inFlight.begin(); it != m_inFlight.end();) {
        if (qAbs(it.key() - m_focusPage) > keepWindowPages) {
            m_db->cancel(it->ticket);
            it = m_inFlight.erase(it);
        } else {
            ++it;
        }
    }
    QList<qint64> wanted = m_wanted.values();
    std::sort(wanted.begin(), wanted.end());
    for (qint64 page : wanted) {
        const bool done = m_cache.contains(page) || m_inFlight.contains(page);
        const bool outside = page > 0 && page > lastPage();
        const bool far = qAbs(page - m_focusPage) > keepWindowPages;
        if (done || outside || far || m_broken) {
            m_wanted.remove(page);
            continue;
        }
        if (const auto fetch = planFetch(page)) {
            m_wanted.remove(page);
            startFetch(page, *fetch);
        }
    }
}

std::optional<TableDataModel::Fetch> TableDataModel::planFetch(qint64 page)
{
    const int size = m_cache.pageSize();
    Fetch f;
    f.expected = size;
    if (m_query.paging() == TableQuery::Paging::Offset) {
        f.statement = m_query.pageAt(page * size, size);
        return f;
    }
    f.keyset = true;
    if (page == 0)
        return f;
    if (page == lastPage()) {
        f.expected = int(m_rowCount - page * size);
        f.reversed = true;
        f.exact = m_countExact;
        return f;
    }
    if (const RowCache::Page *before = m_cache.page(page - 1); before && !before->rows.isEmpty()) {
        if (!before->rows.constLast().isEmpty()) {
            f.cursor = cursorOf(before->rows.constLast());
            f.exact = before->exactPosition;
            return f;
        }
    }
    if (const RowCache::Page *after = m_cache.page(page + 1); after && !after->rows.isEmpty()) {
        const auto first = std::find_if(after->rows.cbegin(), after->rows.cend(),
                                        [](const QVariantList &r) { return !r.isEmpty(); });
        if (first != after->rows.cend()) {
            f.cursor = cursorOf(*first);
            f.reversed = true;
            f.exact = after->exactPosition;
            return f;
        }
    }
    // A neighbour on its way gives an exact continuation: wait for it.
    if (m_inFlight.contains(page - 1) || m_inFlight.contains(page + 1) ||
        m_index == IndexState::Pending)
        return std::nullopt;
    if (m_index == IndexState::Ready && !m_sample.isEmpty() && m_rowCount > 0) {
        // Histogram bound i sits at the fraction i/(n-1); sampled row i near (i+1)/(n+1).
        const double fraction = double(page * size) / double(m_rowCount);
        const double n = double(m_sample.size());
        const qsizetype at = m_sampleIsBounds ? qsizetype(std::lround(fraction * (n - 1)))
                                              : qsizetype(std::lround(fraction * (n + 1))) - 1;
        if (at >= 0)
            f.cursor = m_sample.at(qMin(at, m_sample.size() - 1));
        f.exact = false;
        return f;
    }
    // No index (a failed sample): OFFSET reads the rows in between on the server.
    f.keyset = false;
    f.statement = m_query.pageAt(page * size, size);
    return f;
}

Statement TableDataModel::keysetStatement(const Fetch &fetch) const
{
    if (fetch.cursor.isEmpty())
        return fetch.reversed ? m_query.lastPage(fetch.expected)
                              : m_query.firstPage(fetch.expected);
    return fetch.reversed ? m_query.pageBefore(fetch.cursor, fetch.expected)
                          : m_query.pageAfter(fetch.cursor, fetch.expected);
}

void TableDataModel::startFetch(qint64 page, const Fetch &fetch)
{
    const quint64 generation = m_generation;
    ++m_pageRequests;
    const Statement statement = fetch.keyset ? keysetStatement(fetch) : fetch.statement;
    const bool blocks = fetch.keyset && m_query.usesBlockWindows();
    const TableQuery query = m_query;
    const Ticket ticket = m_db->run<QList<QVariantList>>(
        [statement, blocks, query, fetch](QSqlDatabase &db, const JobContext &ctx) {
            if (blocks) {
                return TableLoader::blockPage(db, query, fetch.cursor, fetch.reversed,
                                              fetch.expected, ctx);
            }
            return TableLoader::select(db, statement, ctx);
        },
        this,
        [this, generation, page, fetch](Ticket t, const Result<QList<QVariantList>> &result) {
            const auto it = m_inFlight.constFind(page);
            if (generation != m_generation || it == m_inFlight.cend() || it->ticket != t)
                return; // stale or cancelled
            m_inFlight.remove(page);
            if (!result) {
                if (!result.error().isCancelled())
                    fail(result.error(), true);
                dispatch();
                return;
            }
            pageArrived(generation, page, fetch, result.value());
        });
    m_inFlight.insert(page, InFlight{ticket, fetch.exact});
}

void TableDataModel::pageArrived(quint64 generation, qint64 page, const Fetch &fetch,
                                 QList<QVariantList> rows)
{
    m_rowsFetched += rows.size();
    if (fetch.reversed)
        std::reverse(rows.begin(), rows.end());
    const qsizetype received = rows.size();
    if (fetch.reversed && received < fetch.expected) {
        QList<QVariantList> padded(fetch.expected - received);
        padded << rows;
        rows = std::move(padded);
    }
    const int size = m_cache.pageSize();
    if (page == 0 && !fetch.reversed && !m_countExact) {
        // The first page tells the exact count of a small result, or at least a lower bound.
        if (received < size) {
            m_background->cancel(m_countTicket);
            m_countTicket = 0;
            applyRowCount(received, true);
            emit exactCountKnown(received);
        } else {
            if (m_rowCount < received)
                applyRowCount(received, false);
            if (!m_countTicket)
                startCount();
        }
    }
    if (page == 0 && m_index == IndexState::Pending && !m_statsTicket)
        startStats();
    RowCache::Page content;
    content.rows = std::move(rows);
    content.exactPosition = fetch.exact;
    m_cache.insert(generation, page, std::move(content));
    const qint64 first = page * size;
    const qint64 last = qMin<qint64>(first + size, m_rowCount) - 1;
    if (last >= first && columnCount() > 0)
        emit dataChanged(index(int(first), 0), index(int(last), columnCount() - 1));
    emit pageLoaded(page);
    dispatch();
}

void TableDataModel::startStats()
{
    const quint64 generation = m_generation;
    const TableQuery query = m_query;
    m_statsTicket = m_background->run<TableStats>(
        [query](QSqlDatabase &db, const JobContext &ctx) {
            return TableLoader::stats(db, query, ctx);
        },
        this,
        [this, generation](Ticket, const Result<TableStats> &result) {
            if (generation != m_generation)
                return;
            m_statsTicket = 0;
            if (!result) {
                m_index = IndexState::Unavailable;
                if (!result.error().isCancelled())
                    fail(result.error(), false);
                dispatch();
                return;
            }
            if (!m_countExact) {
                applyRowCount(result->rows, result->exact);
                if (result->exact) {
                    m_background->cancel(m_countTicket);
                    m_countTicket = 0;
                    emit exactCountKnown(result->rows);
                } else if (!m_countTicket) {
                    startCount();
                }
            }
            m_sample = result->sample;
            m_sampleIsBounds = result->bounds;
            m_index = result->sampled ? IndexState::Ready : IndexState::Unavailable;
            if (result->sampled)
                emit positionIndexReady();
            dispatch();
        });
}

void TableDataModel::startCount()
{
    const quint64 generation = m_generation;
    const TableQuery query = m_query;
    m_countTicket = m_background->run<qint64>(
        [query](QSqlDatabase &db, const JobContext &ctx) {
            return TableLoader::count(db, query, ctx);
        },
        this,
        [this, generation](Ticket, const Result<qint64> &result) {
            if (generation != m_generation || m_countExact)
                return;
            m_countTicket = 0;
            if (!result) {
                if (!result.error().isCancelled())
                    fail(result.error(), false);
                return;
            }
            applyRowCount(result.value(), true);
            emit exactCountKnown(result.value());
        });
}

void TableDataModel::applyRowCount(qint64 rows, bool exact)
{
    rows = qMax<qint64>(0, rows);
    m_countExact = m_countExact || exact;
    if (rows == m_rowCount)
        return;
    // Pages placed by estimate, and the last page aligned to the old total, no longer fit.
    m_cache.removeInexact();
    for (qint64 p : m_cache.pageIndexes()) {
        if (p != 0 && p >= lastPage())
            m_cache.remove(p);
    }
    for (auto it = m_inFlight.begin(); it != m_inFlight.end();) {
        if (it.key() != 0 && (!it->exact || it.key() >= lastPage())) {
            m_db->cancel(it->ticket);
            it = m_inFlight.erase(it);
        } else {
            ++it;
        }
    }
    const int before = rowCount();
    const int after = int(qMin<qint64>(rows, INT_MAX));
    if (after > before) {
        beginInsertRows({}, before, after - 1);
        m_rowCount = rows;
        endInsertRows();
    } else if (after < before) {
        beginRemoveRows({}, after, before - 1);
        m_rowCount = rows;
        endRemoveRows();
    } else {
        m_rowCount = rows;
    }
    if (after > 0 && columnCount() > 0)
        emit dataChanged(index(0, 0), index(after - 1, columnCount() - 1));
}

void TableDataModel::cancelOutstanding()
{
    for (const InFlight &f : std::as_const(m_inFlight))
        m_db->cancel(f.ticket);
    m_inFlight.clear();
    if (m_statsTicket)
        m_background->cancel(m_statsTicket);
    if (m_countTicket)
        m_background->cancel(m_countTicket);
    m_statsTicket = m_countTicket = 0;
}

void TableDataModel::fail(const DbError &error, bool stopPaging)
{
    m_lastError = error;
    m_broken = m_broken || stopPaging;
    emit errorOccurred(error);
}

} // namespace dbx::model
