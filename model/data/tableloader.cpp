#include "model/data/tableloader.h"

#include "model/db/executor.h"
#include "model/sqlident.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>

namespace dbx::model {

Result<QList<QVariantList>> TableLoader::select(QSqlDatabase &db, const Statement &statement,
                                                const JobContext &context)
{
    if (context.cancelled())
        return DbError::cancelled(statement.sql);
    Result<PgRows> rows = exec(db, statement);
    if (!rows)
        return rows.error();
    return std::move(rows.value().rows);
}

Result<qint64> TableLoader::scalar(QSqlDatabase &db, const Statement &statement,
                                   const JobContext &context)
{
    const auto rows = select(db, statement, context);
    if (!rows)
        return rows.error();
    if (rows->isEmpty() || rows->first().isEmpty())
        return qint64(0);
    return rows->first().first().toLongLong();
}

Result<QList<QVariantList>> TableLoader::blockPage(QSqlDatabase &db, const TableQuery &query,
                                                   const QVariantList &cursor, bool reversed,
                                                   int limit, const JobContext &context)
{
    const Statement size(QStringLiteral("SELECT pg_relation_size($1::regclass) / "
                                        "current_setting('block_size')::bigint"),
                         {quoteQualified(query.schema(), query.name())});
    const auto blocks = scalar(db, size, context);
    if (!blocks)
        return blocks.error();
    // The cursor is a tid "(block,offset)".
    const QString tid = cursor.value(0).toString();
    const qint64 cursorBlock = tid.mid(1, tid.indexOf(QLatin1Char(',')) - 1).toLongLong();
    const qint64 start = cursor.isEmpty() ? (reversed ? blocks.value() : 0) : cursorBlock;
    qint64 window = 16;
    while (true) {
        qint64 bound = reversed ? start - window : start + window;
        if ((!reversed && bound > blocks.value()) || (reversed && bound <= 0))
            bound = -1;
        auto rows = select(db, query.pageInBlocks(cursor, limit, reversed, bound), context);
        // Too few rows in the window (a filter, dead space): widen it, up to the whole table.
        if (!rows || rows->size() >= limit || bound < 0 || context.cancelled())
            return rows;
        window *= 4;
    }
}

Result<qint64> TableLoader::count(QSqlDatabase &db, const TableQuery &query,
                                  const JobContext &context)
{
    return scalar(db, query.count(), context);
}

Result<TableStats> TableLoader::viewStats(QSqlDatabase &db, const TableQuery &query,
                                          const JobContext &context)
{
    // A view has no size of its own: count it, but only up to a bound.
    const auto counted = scalar(db, query.countUpTo(boundedCountLimit + 1), context);
    if (!counted)
        return counted.error();
    TableStats stats;
    stats.rows = counted.value();
    stats.exact = counted.value() <= boundedCountLimit;
    if (stats.exact || !query.filter().isEmpty())
        return stats;
    const auto plan = select(db, query.estimate(), context);
    if (plan && !plan->isEmpty()) {
        const QJsonDocument doc =
            QJsonDocument::fromJson(plan->first().value(0).toString().toUtf8());
        const double planned = doc.array()
                                   .at(0)
                                   .toObject()
                                   .value(QLatin1String("Plan"))
                                   .toObject()
                                   .value(QLatin1String("Plan Rows"))
                                   .toDouble();
        stats.rows = qMax(stats.rows, qint64(planned));
    }
    return stats;
}

QList<QVariantList> TableLoader::histogram(QSqlDatabase &db, const TableQuery &query,
                                           const JobContext &context, bool *sortValues)
{
    // Ordered by one plain column, a bound is a whole cursor; ordered by another column, a
    // bound of that column says where a page starts (rows with that value or after it).
    const QString sortColumn = query.sort().column;
    const bool byKeyOnly = sortColumn.isEmpty() || query.keyColumns() == QStringList{sortColumn};
    *sortValues = !byKeyOnly;
    if (query.paging() != TableQuery::Paging::Keyset ||
        (byKeyOnly && query.keyColumns().size() != 1))
        return {};
    const Statement st(
        QStringLiteral("SELECT u.b FROM pg_stats s, unnest(s.histogram_bounds::text::text[]) "
                       "WITH ORDINALITY AS u(b, n) WHERE s.schemaname = $1 AND "
                       "s.tablename = $2 AND s.attname = $3 ORDER BY u.n"),
        {query.schema(), query.name(), byKeyOnly ? query.keyColumns().first() : sortColumn});
    const auto bounds = select(db, st, context);
    if (!bounds)
        return {};
    QList<QVariantList> sample = bounds.value();
    if (query.sort().order == Qt::DescendingOrder)
        std::reverse(sample.begin(), sample.end());
    return sample;
}

Result<TableStats> TableLoader::stats(QSqlDatabase &db, const TableQuery &query,
                                      const JobContext &context)
{
    if (query.isView() || query.paging() == TableQuery::Paging::Offset)
        return viewStats(db, query, context);
    const Statement sizes(QStringLiteral("SELECT c.reltuples::bigint, pg_relation_size(c.oid), "
                                         "c.relpages::bigint FROM pg_class c "
                                         "WHERE c.oid = $1::regclass"),
                          {quoteQualified(query.schema(), query.name())});
    const auto info = select(db, sizes, context);
    if (!info)
        return info.error();
    const QVariantList row = info->value(0);
    const qint64 reltuples = row.value(0).toLongLong();
    const qint64 bytes = row.value(1).toLongLong();
    TableStats stats;
    if (bytes <= tinyRelationBytes) {
        const auto exact = count(db, query, context);
        if (!exact)
            return exact.error();
        stats.rows = exact.value();
        stats.exact = true;
    }
    if (!stats.exact && query.filter().isEmpty() && reltuples >= 0) {
        // The planner's histogram of the key: quantiles from a uniform row sample.
        stats.sample = histogram(db, query, context, &stats.sortValues);
        if (stats.sample.size() >= 2) {
            stats.rows = reltuples;
            stats.sampled = stats.bounds = true;
            return stats;
        }
        stats.sortValues = false;
    }
    // Never analysed: guess from the size, about 100 bytes a row. A tiny relation is read
    // whole, so its positions come out exact.
    const qint64 guess = reltuples >= 0 ? reltuples : bytes / 100;
    const double percent =
        stats.exact
            ? 100.0
            : qBound(0.0001, 100.0 * double(sampleTarget) / double(qMax<qint64>(1, guess)), 100.0);
    const auto sample = select(db, query.positionSample(percent), context);
    if (!sample)
        return sample.error();
    stats.sample = sample.value();
    stats.sampled = true;
    if (!stats.exact) {
        if (query.filter().isEmpty() && reltuples >= 0)
            stats.rows = reltuples;
        else
            stats.rows = qint64(std::llround(double(sample->size()) * 100.0 / percent));
    }
    return stats;
}

} // namespace dbx::model
