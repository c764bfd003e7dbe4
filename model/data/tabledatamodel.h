#pragma once

#include "model/data/rowcache.h"
#include "model/data/tablequery.h"
#include "model/db/database.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QSet>
#include <QTimer>

#include <optional>

namespace dbx::model {

// A read-only grid over any table or view that opens instantly at any size. It never reads
// the whole relation: rowCount() starts from the catalog's estimate, rows come by pages on
// demand (keyset paging on the key, in both directions), an exact count(*) runs in the
// background, and a jump far from the start is served from a sampled position index instead of
// reading the rows in between. Sorting and filtering run on the server by changing the query.
// Every request carries a generation: results for an older query are dropped.
//
// Row numbers are exact near the start (and near the end once the count is known); pages
// reached by a jump are placed by estimate: see isRowNumberExact() and RowNumberExactRole.
class TableDataModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Role {
        IsNullRole = Qt::UserRole + 1, // bool: the value is SQL NULL
        IsLoadedRole,                  // bool: the row has arrived
        RowNumberExactRole,            // bool: the row's number is exact, not estimated
        ForeignLabelRole,              // QString: label of the referenced row (FK columns)
    };
    Q_ENUM(Role)

    static constexpr int defaultPageSize = 100;

    // `database` runs the pages; `background` (optional, may be the same) runs the count so a
    // long count never delays a page.
    explicit TableDataModel(Database *database, QObject *parent = nullptr,
                            Database *background = nullptr, int pageSize = defaultPageSize,
                            int maxCachedPages = 64);
    ~TableDataModel() override;

    // Shows `table` with its key, catalog estimate and column types; with a snapshot, its
    // foreign-key columns also carry a label of the referenced row (ForeignLabelRole).
    void setTable(const TableInfo &table, const SchemaSnapshot *snapshot = nullptr);
    void setQuery(const TableQuery &query);
    const TableQuery &query() const { return m_query; }
    void setFilter(const query::Filter &filter);
    // Column types for the header tooltips, in column order.
    void setColumnTypes(const QStringList &types) { m_types = types; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    // Asks for rows first..last now (the view does it by calling data()).
    void prefetch(int first, int last);
    bool isRowLoaded(int row) const;
    // What identifies a loaded row: its key values as text (empty when not loaded or the
    // relation has no key), its version (xmin, empty when not selected) and its visible values.
    QVariantList rowKey(int row) const;
    QString rowVersion(int row) const;
    QVariantList rowValues(int row) const;
    // The loaded row with this key, or -1 (only cached rows are searched).
    int rowOfKey(const QVariantList &key) const;
    // Reads the row again from the database (the seed's refresh); a row that is gone stays
    // until the next reload. Emits rowReloaded(row, found).
    void reloadRow(int row);
    // Runs the current query again: pages and count are read anew.
    void reload();
    bool isRowNumberExact(int row) const;
    bool isCountExact() const { return m_countExact; }
    bool hasPositionIndex() const { return m_index == IndexState::Ready; }
    QString readOnlyReason() const { return m_query.readOnlyReason(); }
    const DbError &lastError() const { return m_lastError; }

    // For tests and the benchmark: how much was read.
    qint64 rowsFetched() const { return m_rowsFetched; }
    qint64 pageRequests() const { return m_pageRequests; }
    int pageSize() const { return m_cache.pageSize(); }
    qsizetype cachedPages() const { return m_cache.pageCount(); }

    // The text a grid shows for a raw value: bytea as a hex preview, everything else as is.
    static QVariant displayValue(const QVariant &value);

signals:
    void pageLoaded(qint64 page);
    void exactCountKnown(qint64 rows);
    void positionIndexReady();
    void errorOccurred(const dbx::model::DbError &error);
    void rowReloaded(int row, bool found);

private:
    enum class IndexState { Pending, Ready, Unavailable };
    struct Fetch {
        bool keyset = false; // by cursor (statement built from it), else `statement`
        QVariantList cursor; // empty: from the start (or the end when reversed)
        Statement statement;
        bool reversed = false; // rows arrive in reverse order; a short result fills the
                               // end of the page
        bool exact = true;
        int expected = 0; // rows asked for
        // The end of the result, read backwards without knowing the count: placed when it
        // arrives (and again when the count changes), so a count arriving meanwhile never
        // throws it away.
        bool tail = false;
        // A position from the sort column's histogram: the page starts at this value.
        QVariant seekValue;
    };
    struct InFlight {
        Ticket ticket = 0;
        bool exact = true;
        bool tail = false;
    };

    void requestPage(qint64 page) const;
    void dispatch();
    std::optional<Fetch> planFetch(qint64 page);
    Statement keysetStatement(const Fetch &fetch) const;
    void startFetch(qint64 page, const Fetch &fetch);
    void pageArrived(quint64 generation, qint64 page, const Fetch &fetch, QList<QVariantList> rows);
    // Puts the tail rows into the last pages for the current row count.
    void placeTail();
    void startStats();
    void startCount();
    void applyRowCount(qint64 rows, bool exact);
    void cancelOutstanding();
    void fail(const DbError &error, bool stopPaging);
    QVariantList cursorOf(const QVariantList &row) const;
    qint64 lastPage() const;

    Database *m_db;
    Database *m_background;
    TableQuery m_query;
    QStringList m_types;
    mutable RowCache m_cache;
    mutable QSet<qint64> m_wanted;
    mutable qint64 m_focusPage = 0;
    mutable QTimer m_dispatchTimer;
    QHash<qint64, InFlight> m_inFlight;
    quint64 m_generation = 0;
    qint64 m_rowCount = 0;
    bool m_countExact = false;
    bool m_broken = false;
    Ticket m_statsTicket = 0;
    Ticket m_countTicket = 0;
    IndexState m_index = IndexState::Pending;
    QList<QVariantList> m_sample;
    bool m_sampleIsBounds = false;
    bool m_sampleSortValues = false; // the sample holds sort-column values, not whole cursors
    QList<QVariantList> m_tail;      // the last rows of the result, in order
    DbError m_lastError;
    qint64 m_rowsFetched = 0;
    qint64 m_pageRequests = 0;
};

} // namespace dbx::model
