#pragma once

#include "model/catalog/schemasnapshot.h"
#include "model/db/statement.h"
#include "model/query/querydef.h"

#include <QString>
#include <QStringList>
#include <QVariant>

#include <vector>

namespace dbx::model {

// A foreign-key column shown with a readable label of the referenced row: `labelColumn` of
// `refSchema.refTable` where `refColumn` equals the grid's `column`.
struct ForeignLabel {
    QString column;
    QString refSchema;
    QString refTable;
    QString refColumn;
    QString labelColumn;
};

// The server-side ordering of a grid: one column (or none: the key order) and a direction.
// PostgreSQL's default puts NULLs last ascending and first descending.
struct SortSpec {
    QString column; // empty = order by the key only
    Qt::SortOrder order = Qt::AscendingOrder;
    enum class Nulls { Default, First, Last };
    Nulls nulls = Nulls::Default;

    bool nullsFirst() const;
};

// What a browse grid asks of one table or view, as a value: the relation, its key, the sort and
// the filter (the one filter model, query::Filter, on the table's own columns). It builds every
// statement the lazy model runs (pages by keyset in both directions, first and last page, exact
// count, position sample), so the SELECT and the COUNT can never disagree about the filter. Pure:
// no database needed, tested with golden SQL.
//
// Every page statement selects the visible columns followed by hidden "cursor" columns (the
// sort column and the key, as text so they round-trip exactly when bound back).
class TableQuery {
public:
    enum class Paging {
        Keyset, // primary key (or a NOT NULL unique key)
        Ctid,   // a table without a usable key: physical row ids; read-only
        Offset, // a view without a key: LIMIT/OFFSET; read-only
    };

    TableQuery() = default;
    // Chooses the key from the catalog: primary key, else a unique key over NOT NULL columns,
    // else ctid for relations with storage, else OFFSET paging.
    static TableQuery fromTable(const TableInfo &table);

    QString schema() const { return m_schema; }
    QString name() const { return m_name; }
    const QStringList &columns() const { return m_columns; }
    const QStringList &keyColumns() const { return m_keyColumns; }
    Paging paging() const { return m_paging; }
    bool isView() const { return m_view; }
    // pg_class.reltuples as the catalog had it; -1 when unknown.
    qint64 catalogEstimate() const { return m_catalogEstimate; }
    // Why rows cannot be edited in place; empty when they can.
    QString readOnlyReason() const;

    void setRelation(const QString &schema, const QString &name, const QStringList &columns,
                     const QStringList &keyColumns, bool isView = false);
    void setCatalogEstimate(qint64 rows) { m_catalogEstimate = rows; }
    // Columns known to hold no NULL: a keyset over them needs no NULL branch (and uses indexes).
    void setNotNullColumns(const QStringList &columns) { m_notNull = columns; }
    void setSort(const SortSpec &sort) { m_sort = sort; }
    const SortSpec &sort() const { return m_sort; }
    void setFilter(const query::Filter &filter) { m_filter = filter; }
    const query::Filter &filter() const { return m_filter; }

    // Labels of referenced rows, selected beside the page rows (one index lookup per row).
    void setForeignLabels(const QList<ForeignLabel> &labels) { m_labels = labels; }
    const QList<ForeignLabel> &foreignLabels() const { return m_labels; }

    // How many hidden cursor columns follow the visible ones in a page row.
    int cursorColumnCount() const;
    // Editable tables also select the row version (xmin) after the cursor columns, so an
    // update can tell whether someone else changed the row since it was read.
    bool hasRowVersion() const;
    // Positions in a page row: the version column (-1 when none) and the label of visible
    // column `column` (-1 when it has none).
    int versionIndex() const;
    int labelIndex(int column) const;
    // Positions of the key columns' text values in a page row, in key order.
    QList<int> keyIndexes() const;

    // Every matching row in the grid's order, visible columns only, no LIMIT: for export.
    Statement selectAll() const;
    // The row with these key values (text, in key order), with the same columns as a page row.
    Statement rowByKey(const QVariantList &key) const;

    Statement firstPage(int limit) const;
    // The last `limit` rows in reverse order (the caller reverses them).
    Statement lastPage(int limit) const;
    // Rows after the cursor (forward) or before it, in reverse order (backward). `cursor` holds
    // the hidden cursor values of a row, as returned by a page statement.
    Statement pageAfter(const QVariantList &cursor, int limit) const;
    Statement pageBefore(const QVariantList &cursor, int limit) const;
    // The first `limit` rows whose sort value is `value` or comes after it in the grid's order
    // (a jump by the sort column's histogram).
    Statement pageFromSortValue(const QVariant &value, int limit) const;
    // Physical order (ctid paging, no sort column) can be read block range by block range.
    bool usesBlockWindows() const;
    // A ctid page limited to blocks before `blockBound` (forward) or from it on (backward), so
    // PostgreSQL reads only that range by a TID Range Scan; -1 = no bound. An empty cursor
    // starts at the start (forward) or the end (backward) of the table.
    Statement pageInBlocks(const QVariantList &cursor, int limit, bool reversed,
                           qint64 blockBound) const;
    // OFFSET paging, for views without a key and as a last resort.
    Statement pageAt(qint64 offset, int limit) const;
    Statement count() const;
    // count(*) that stops after `limit` matching rows: a size check that stays cheap.
    Statement countUpTo(qint64 limit) const;
    // Cursor values of a sample of rows in sort order; `percent` of the table's blocks are read
    // (TABLESAMPLE SYSTEM). Not available for views (empty statement).
    Statement positionSample(double percent) const;
    // A statement whose plan estimates how many rows match the filter (EXPLAIN).
    Statement estimate() const;

private:
    QString from() const;
    QString selectList() const;
    // The ordering expressions: sort column then key columns (or ctid).
    QStringList orderKeys() const;
    QString orderBy(bool reversed) const;
    // " WHERE (filter)" with the filter's values bound into `st`; empty without a filter.
    QString whereClause(Statement *st) const;
    // The WHERE of a page: the filter, then the keyset condition after `cursor` and a block
    // bound (-1 = none), values bound in the order they are written.
    QString filteredWhere(const QVariantList &cursor, bool reversed, qint64 blockBound,
                          Statement *st) const;
    Statement page(const QVariantList &cursor, int limit, bool reversed) const;
    QString keysetCondition(const QVariantList &cursor, bool reversed, Statement *st) const;

    QString m_schema;
    QString m_name;
    QStringList m_columns;
    QStringList m_keyColumns;
    QStringList m_notNull;
    Paging m_paging = Paging::Offset;
    bool m_view = false;
    qint64 m_catalogEstimate = -1;
    SortSpec m_sort;
    query::Filter m_filter;
    QList<ForeignLabel> m_labels;
};

} // namespace dbx::model
