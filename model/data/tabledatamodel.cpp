#include "model/data/tabledatamodel.h"

#include "model/data/rowlabel.h"
#include "model/data/tableloader.h"
#include "model/db/pgvalue.h"

#include <algorithm>
#include <climits>
#include <cmath>

namespace dbx::model {

namespace {
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
    m_sampleSortValues = false;
    m_tail.clear();
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
            m_sampleSortValues = result->sortValues;
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
    const bool becameExact = exact && !m_countExact;
    m_countExact = m_countExact || exact;
    if (rows == m_rowCount) {
        // The estimate was right: the tail's row numbers are now exact.
        if (becameExact && !m_tail.isEmpty())
            placeTail();
        return;
    }
    // Pages placed by estimate, and the last page aligned to the old total, no longer fit.
    m_cache.removeInexact();
    for (qint64 p : m_cache.pageIndexes()) {
        if (p != 0 && p >= lastPage())
            m_cache.remove(p);
    }
    for (auto it = m_inFlight.begin(); it != m_inFlight.end();) {
        // The tail places itself when it arrives, for whatever the count is then.
        if (it.key() != 0 && !it->tail && (!it->exact || it.key() >= lastPage())) {
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
    if (!m_tail.isEmpty())
        placeTail();
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
