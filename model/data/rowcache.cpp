#include "model/data/rowcache.h"

#include <algorithm>

namespace dbx::model {

RowCache::RowCache(int pageSize, int maxPages)
    : m_pageSize(qMax(1, pageSize))
    , m_maxPages(qMax(1, maxPages))
{}

void RowCache::setMaxPages(int maxPages)
{
    m_maxPages = qMax(1, maxPages);
    evict(-1);
}

void RowCache::setGeneration(quint64 generation)
{
    m_generation = generation;
    clear();
}

bool RowCache::insert(quint64 generation, qint64 page, Page content)
{
    if (generation != m_generation || page < 0)
        return false;
    Entry &entry = m_pages[page];
    entry.page = std::move(content);
    entry.lastUse = ++m_clock;
    evict(page);
    return true;
}

const RowCache::Page *RowCache::page(qint64 page)
{
    auto it = m_pages.find(page);
    if (it == m_pages.end())
        return nullptr;
    it->lastUse = ++m_clock;
    return &it->page;
}

const RowCache::Row *RowCache::row(qint64 row)
{
    const Page *p = page(pageOf(row));
    if (!p)
        return nullptr;
    const qint64 inPage = row - firstRowOf(pageOf(row));
    if (inPage >= p->rows.size())
        return nullptr;
    return &p->rows.at(inPage);
}

QList<qint64> RowCache::missingPages(qint64 first, qint64 last) const
{
    QList<qint64> missing;
    if (first < 0 || last < first)
        return missing;
    for (qint64 p = pageOf(first); p <= pageOf(last); ++p) {
        if (!m_pages.contains(p))
            missing << p;
    }
    return missing;
}

void RowCache::remove(qint64 page)
{
    m_pages.remove(page);
}

void RowCache::clear()
{
    m_pages.clear();
}

void RowCache::removeInexact()
{
    m_pages.removeIf([](const auto &it) { return !it.value().page.exactPosition; });
}

QList<qint64> RowCache::pageIndexes() const
{
    QList<qint64> pages = m_pages.keys();
    std::sort(pages.begin(), pages.end());
    return pages;
}

void RowCache::evict(qint64 keep)
{
    while (m_pages.size() > m_maxPages) {
        auto oldest = m_pages.end();
        for (auto it = m_pages.begin(); it != m_pages.end(); ++it) {
            if (it.key() != keep && (oldest == m_pages.end() || it->lastUse < oldest->lastUse))
                oldest = it;
        }
        if (oldest == m_pages.end())
            return;
        m_pages.erase(oldest);
    }
}

bool RowCache::replaceRow(qint64 row, const Row &content)
{
    const auto it = m_pages.find(pageOf(row));
    if (it == m_pages.end())
        return false;
    const qint64 at = row - firstRowOf(pageOf(row));
    if (at >= it->page.rows.size())
        return false;
    it->page.rows[at] = content;
    return true;
}

} // namespace dbx::model
