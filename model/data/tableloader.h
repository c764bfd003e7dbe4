#pragma once

#include "model/data/tablequery.h"
#include "model/db/databaseworker.h"
#include "model/result.h"

#include <QList>
#include <QSqlDatabase>
#include <QVariantList>

namespace dbx::model {

// What TableDataModel learns about a relation without reading it: a row count (an estimate, or
// exact when the relation is tiny) and a sample of cursor tuples in sort order that maps a
// fraction of the rows to a key to start reading from.
struct TableStats {
    qint64 rows = 0;
    bool exact = false;
    // Cursor tuples of sampled rows in sort order; empty when sampling is impossible (views).
    QList<QVariantList> sample;
    bool sampled = false;
    // The sample is histogram bounds (first = minimum, last = maximum) rather than rows.
    bool bounds = false;
    // The sample holds values of the sort column alone (its histogram), not whole cursors: a
    // page is then found by the sort value (TableQuery::pageFromSortValue).
    bool sortValues = false;
};

// The statements of the lazy table model, run on the database worker's thread: reading a page
// in single-row mode, counting, and sizing up a relation. Stateless.
class TableLoader {
public:
    // Relations smaller than this are counted exactly at once: it costs less than a plan.
    static constexpr qint64 tinyRelationBytes = 2 * 1024 * 1024;
    // How many rows a position sample aims for.
    static constexpr qint64 sampleTarget = 5000;
    // Views are counted up to this many rows before falling back to an estimate.
    static constexpr qint64 boundedCountLimit = 10000;

    static Result<QList<QVariantList>> select(QSqlDatabase &db, const Statement &statement,
                                              const JobContext &context);
    // A page of a table paged by ctid in physical order, read through growing block windows so
    // that only the blocks around the cursor are scanned (PostgreSQL 14+ TID Range Scan).
    static Result<QList<QVariantList>> blockPage(QSqlDatabase &db, const TableQuery &query,
                                                 const QVariantList &cursor, bool reversed,
                                                 int limit, const JobContext &context);
    static Result<qint64> count(QSqlDatabase &db, const TableQuery &query,
                                const JobContext &context);
    static Result<TableStats> stats(QSqlDatabase &db, const TableQuery &query,
                                    const JobContext &context);

private:
    static Result<TableStats> viewStats(QSqlDatabase &db, const TableQuery &query,
                                        const JobContext &context);
    // The planner's histogram bounds of a single-column key, as cursors in sort order, or of
    // the sort column when the grid is sorted by another column (`sortValues` then set);
    // empty when there is none (never analysed, a composite key).
    static QList<QVariantList> histogram(QSqlDatabase &db, const TableQuery &query,
                                         const JobContext &context, bool *sortValues);
    static Result<qint64> scalar(QSqlDatabase &db, const Statement &statement,
                                 const JobContext &context);
};

} // namespace dbx::model
