// The paging half of TableDataModel: which page to read next and how (keyset from a
// neighbour, the tail from the end, a jump by the position index, OFFSET as a last resort),
// and where an arriving page goes.

#include "model/data/tabledatamodel.h"

#include "model/data/tableloader.h"

#include <algorithm>
#include <cmath>

namespace dbx::model {

namespace {
// In-flight pages further than this from the latest request are cancelled: scrolled away.
constexpr qint64 keepWindowPages = 8;
} // namespace

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
        // While the count is an estimate, two pages from the end: whatever it turns out to be,
        // they hold the last page. Once it is exact, the last page's own rows.
        f.expected = m_countExact ? int(m_rowCount - page * size) : 2 * size;
        f.reversed = true;
        f.tail = true;
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
        if (at >= 0) {
            const QVariantList &bound = m_sample.at(qMin(at, m_sample.size() - 1));
            if (m_sampleSortValues)
                f.seekValue = bound.value(0);
            else
                f.cursor = bound;
        }
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
    if (fetch.seekValue.isValid())
        return m_query.pageFromSortValue(fetch.seekValue, fetch.expected);
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
    m_inFlight.insert(page, InFlight{ticket, fetch.exact, fetch.tail});
}

void TableDataModel::pageArrived(quint64 generation, qint64 page, const Fetch &fetch,
                                 QList<QVariantList> rows)
{
    m_rowsFetched += rows.size();
    if (fetch.reversed)
        std::reverse(rows.begin(), rows.end());
    const qsizetype received = rows.size();
    if (fetch.tail) {
        m_tail = std::move(rows);
        // Fewer than asked for (before the count was known): that is every row there is.
        if (received < fetch.expected && !fetch.exact && !m_countExact) {
            m_background->cancel(m_countTicket);
            m_countTicket = 0;
            applyRowCount(received, true);
            emit exactCountKnown(received);
        }
        placeTail();
        emit pageLoaded(page);
        dispatch();
        return;
    }
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

void TableDataModel::placeTail()
{
    const int size = m_cache.pageSize();
    const qint64 start = m_rowCount - m_tail.size(); // the row the tail begins at
    for (qint64 page = lastPage(); page >= 0 && page * size >= start; --page) {
        const qint64 first = page * size;
        const qint64 end = qMin<qint64>(first + size, m_rowCount);
        if (end <= first)
            continue;
        RowCache::Page content;
        content.rows = m_tail.mid(first - start, end - first);
        content.exactPosition = m_countExact;
        m_cache.insert(m_generation, page, std::move(content));
        if (columnCount() > 0)
            emit dataChanged(index(int(first), 0), index(int(end - 1), columnCount() - 1));
    }
}

} // namespace dbx::model
