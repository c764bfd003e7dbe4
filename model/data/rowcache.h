#pragma once

#include <QHash>
#include <QList>
#include <QVariant>

namespace dbx::model {

// The rows a lazy grid has at hand: pages of N rows keyed by page index, at most a fixed number
// of pages (the least recently used page goes first), so memory stays bounded however far the
// user scrolls. A generation number ties the content to one query: a new generation empties the
// cache and pages delivered for an older one are refused. Pure: no database, no threads.
class RowCache {
public:
    using Row = QVariantList;

    struct Page {
        QList<Row> rows;
        // True when the page's row numbers are exact (counted from the start or the end of a
        // known total); false when it was placed by an estimated position.
        bool exactPosition = true;
    };

    explicit RowCache(int pageSize = 100, int maxPages = 64);

    int pageSize() const { return m_pageSize; }
    int maxPages() const { return m_maxPages; }
    void setMaxPages(int maxPages);
    quint64 generation() const { return m_generation; }
    // Starts a new generation: every page is dropped.
    void setGeneration(quint64 generation);

    qint64 pageOf(qint64 row) const { return row < 0 ? -1 : row / m_pageSize; }
    qint64 firstRowOf(qint64 page) const { return page * m_pageSize; }

    // Stores a page for `generation`; false (and nothing stored) when that generation is not
    // the current one. Evicts least recently used pages beyond the limit, never this one.
    bool insert(quint64 generation, qint64 page, Page content);
    bool contains(qint64 page) const { return m_pages.contains(page); }
    // The page, marked as just used; nullptr when absent.
    const Page *page(qint64 page);
    // The row, marked as used; nullptr when its page is absent or shorter than the row.
    const Row *row(qint64 row);
    // Pages covering rows first..last (inclusive) that are not cached, ascending.
    QList<qint64> missingPages(qint64 first, qint64 last) const;
    // Replaces a cached row in place; false when its page is not cached.
    bool replaceRow(qint64 row, const Row &content);
    void remove(qint64 page);
    void clear();
    // Drops every page whose position is only estimated.
    void removeInexact();
    qsizetype pageCount() const { return m_pages.size(); }
    QList<qint64> pageIndexes() const;

private:
    struct Entry {
        Page page;
        quint64 lastUse = 0;
    };
    void evict(qint64 keep);

    int m_pageSize;
    int m_maxPages;
    quint64 m_generation = 0;
    quint64 m_clock = 0;
    QHash<qint64, Entry> m_pages;
};

} // namespace dbx::model
