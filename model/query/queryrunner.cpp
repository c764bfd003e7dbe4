#include "model/query/queryrunner.h"

#include "model/db/pgexec.h"
#include "model/db/pgnative.h"
#include "model/query/querysql.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <libpq-fe.h>

#include <limits>

namespace dbx::model::query {

namespace {

DbError cancelledError(const QString &sql)
{
    DbError error;
    error.kind = DbError::Kind::Cancelled;
    error.sqlState = QStringLiteral("57014");
    error.message = QCoreApplication::translate("Connector", "Cancelled.");
    error.statement = sql;
    return error;
}

// Reads the statement through a cursor, so that at most maxRows + 1 rows (the one more tells
// that the result was truncated) ever reach this process. The cursor lives in a read-only
// transaction of its own, or in a savepoint when the connection is already in a transaction,
// so that a failure never spoils the caller's transaction.
class CursorRead {
public:
    CursorRead(QSqlDatabase &db, const JobContext *ctx)
        : m_db(db)
        , m_ctx(ctx)
    {}

    Result<QueryRows> run(const GeneratedSql &st, qint64 maxRows)
    {
        PGconn *conn = nativeConnection(m_db);
        m_nested = conn && PQtransactionStatus(conn) != PQTRANS_IDLE;
        const QString begin =
            m_nested ? QStringLiteral("SAVEPOINT dbx_query") : QStringLiteral("BEGIN READ ONLY");
        if (auto r = pgExec(m_db, begin); !r)
            return r.error();
        const QString declare = QLatin1String("DECLARE dbx_query NO SCROLL CURSOR FOR ") + st.sql;
        if (auto r = pgExec(m_db, declare, st.params); !r)
            return abort(r.error(), st.sql);
        if (m_ctx && m_ctx->cancelled())
            return abort(cancelledError(st.sql), st.sql);
        // FETCH takes an int count: a cap beyond it is no cap.
        if (maxRows >= std::numeric_limits<int>::max() - 1)
            maxRows = -1;
        const QString fetch =
            maxRows < 0 ? QStringLiteral("FETCH ALL FROM dbx_query")
                        : QStringLiteral("FETCH FORWARD %1 FROM dbx_query").arg(maxRows + 1);
        Result<PgRows> rows = pgExec(m_db, fetch);
        if (!rows)
            return abort(rows.error(), st.sql);
        if (auto r = pgExec(m_db, QStringLiteral("CLOSE dbx_query")); !r)
            return abort(r.error(), st.sql);
        const QString end =
            m_nested ? QStringLiteral("RELEASE SAVEPOINT dbx_query") : QStringLiteral("COMMIT");
        if (auto r = pgExec(m_db, end); !r)
            return abort(r.error(), st.sql);
        QueryRows out;
        out.columns = rows->columns;
        out.rows = std::move(rows->rows);
        if (maxRows >= 0 && out.rows.size() > maxRows) {
            out.truncated = true;
            out.rows.resize(maxRows);
        }
        return out;
    }

private:
    DbError abort(DbError error, const QString &sql)
    {
        // The user wants to see their query, not the DECLARE or FETCH around it.
        error.statement = sql;
        const QString undo = m_nested ? QStringLiteral("ROLLBACK TO SAVEPOINT dbx_query")
                                      : QStringLiteral("ROLLBACK");
        // A cancel request that reaches the server late can hit the rollback: try again once.
        for (int attempt = 0; attempt < 2; ++attempt) {
            if (pgExec(m_db, undo).ok())
                break;
        }
        if (m_nested)
            pgExec(m_db, QStringLiteral("RELEASE SAVEPOINT dbx_query"));
        return error;
    }

    QSqlDatabase &m_db;
    const JobContext *m_ctx;
    bool m_nested = false;
};

Result<QueryRows> readQuery(QSqlDatabase &db, const Query &query, qint64 maxRows,
                            const JobContext *ctx)
{
    QElapsedTimer timer;
    timer.start();
    Result<QueryRows> rows = CursorRead(db, ctx).run(toSql(query), maxRows);
    if (rows)
        rows->elapsedMs = timer.elapsed();
    return rows;
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
