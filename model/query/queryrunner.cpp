#include "model/query/queryrunner.h"

#include "model/db/readcursor.h"
#include "model/query/querysql.h"

#include <QElapsedTimer>

namespace dbx::model::query {

namespace {

// Reads the statement through the shared read cursor, so that at most maxRows + 1 rows (the
// one more tells that the result was truncated) ever reach this process.
Result<QueryRows> readQuery(QSqlDatabase &db, const Query &query, qint64 maxRows,
                            const JobContext *ctx)
{
    QElapsedTimer timer;
    timer.start();
    ReadCursor cursor(db, ctx, "dbx_query");
    if (Status opened = cursor.open(toSql(query)); !opened)
        return opened.error();
    Result<PgResult> batch = cursor.fetch(maxRows < 0 ? -1 : maxRows + 1);
    if (!batch)
        return batch.error();
    if (Status closed = cursor.close(); !closed)
        return closed.error();
    QueryRows out;
    out.columns = batch->columnNames();
    out.types = batch->columnTypes();
    const int count = batch->rowCount();
    const int kept = maxRows >= 0 ? int(qMin<qint64>(count, maxRows)) : count;
    out.truncated = kept < count;
    out.rows.reserve(kept);
    for (int i = 0; i < kept; ++i)
        out.rows << batch->row(i);
    out.elapsedMs = timer.elapsed();
    return out;
}

} // namespace

Ticket runQuery(Database &database, const Query &query, qint64 maxRows, QObject *context,
                std::function<void(Ticket, const Result<QueryRows> &)> done)
{
    return database.run<QueryRows>(
        [query, maxRows](QSqlDatabase &db, const JobContext &ctx) -> Result<QueryRows> {
            return readQuery(db, query, maxRows, &ctx);
        },
        context, std::move(done));
}

Result<QueryRows> runQueryNow(QSqlDatabase &db, const Query &query, qint64 maxRows)
{
    return readQuery(db, query, maxRows, nullptr);
}

} // namespace dbx::model::query
