#include "model/db/readcursor.h"

#include "model/db/databaseworker.h"
#include "model/db/pgnative.h"

#include <QSqlDatabase>

#include <limits>

namespace dbx::model {

ReadCursor::ReadCursor(QSqlDatabase &db, const JobContext *context, const char *name)
    : m_db(db)
    , m_context(context)
    , m_name(QLatin1String(name))
{}

ReadCursor::~ReadCursor()
{
    if (m_open)
        fail(DbError::cancelled());
}

Status ReadCursor::run(const QString &sql)
{
    const Result<PgRows> r = exec(m_db, Statement(sql));
    if (!r)
        return r.error();
    return {};
}

Status ReadCursor::open(const Statement &statement)
{
    m_statement = statement.sql;
    const TransactionState state = transactionState(m_db);
    if (state == TransactionState::Unknown)
        return DbError::connectionLost({}, statement.sql);
    m_nested = state != TransactionState::Idle;
    if (Status begun = run(m_nested ? QStringLiteral("SAVEPOINT ") + m_name
                                    : QStringLiteral("BEGIN READ ONLY"));
        !begun)
        return begun;
    m_open = true;
    Statement declare = statement;
    declare.sql = QStringLiteral("DECLARE %1 NO SCROLL CURSOR FOR ").arg(m_name) + statement.sql;
    if (const Result<PgRows> declared = exec(m_db, declare); !declared)
        return fail(declared.error());
    if (m_context && m_context->cancelled())
        return fail(DbError::cancelled(statement.sql));
    return {};
}

Result<PgResult> ReadCursor::fetch(qint64 rows)
{
    if (m_context && m_context->cancelled())
        return fail(DbError::cancelled(m_statement));
    // FETCH takes a count below 2^63; beyond a few billion it is "ALL" in practice.
    const QString sql = rows < 0 || rows >= std::numeric_limits<int>::max()
                            ? QStringLiteral("FETCH ALL FROM %1").arg(m_name)
                            : QStringLiteral("FETCH FORWARD %1 FROM %2").arg(rows).arg(m_name);
    Result<PgResult> batch = execRaw(m_db, Statement(sql));
    if (!batch)
        return fail(batch.error());
    return batch;
}

Status ReadCursor::close()
{
    if (!m_open)
        return {};
    if (Status closed = run(QStringLiteral("CLOSE ") + m_name); !closed)
        return fail(closed.error());
    if (Status ended = run(m_nested ? QStringLiteral("RELEASE SAVEPOINT ") + m_name
                                    : QStringLiteral("COMMIT"));
        !ended)
        return fail(ended.error());
    m_open = false;
    return {};
}

DbError ReadCursor::fail(DbError error)
{
    // The user wants to see their statement, not the DECLARE or FETCH around it.
    error.statement = m_statement;
    if (!m_open)
        return error;
    m_open = false;
    if (connectionBroken(m_db))
        return error;
    const QString undo =
        m_nested ? QStringLiteral("ROLLBACK TO SAVEPOINT ") + m_name : QStringLiteral("ROLLBACK");
    if (m_context)
        m_context->endCancellable();
    run(undo);
    if (m_nested)
        run(QStringLiteral("RELEASE SAVEPOINT ") + m_name);
    return error;
}

} // namespace dbx::model
