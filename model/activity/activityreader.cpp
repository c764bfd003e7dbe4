#include "model/activity/activityreader.h"

#include "model/db/executor.h"

namespace dbx::model {

namespace {

constexpr int kTerminateWaitMs = 5000;

ActivitySession sessionFrom(const QVariantList &row)
{
    ActivitySession s;
    s.pid = row.value(0).toInt();
    s.user = row.value(1).toString();
    s.database = row.value(2).toString();
    s.application = row.value(3).toString();
    s.clientAddress = row.value(4).toString();
    s.state = row.value(5).toString();
    s.waitEventType = row.value(6).toString();
    s.waitEvent = row.value(7).toString();
    s.query = row.value(8).toString();
    s.queryStart = row.value(9).toDateTime();
    s.durationMs = row.value(10).isNull() ? -1 : row.value(10).toLongLong();
    s.backendType = row.value(11).toString();
    for (const QVariant &pid : row.value(12).toList())
        s.blockedBy << pid.toInt();
    return s;
}

} // namespace

ActivityReader::ActivityReader(QSqlDatabase &db)
    : m_db(db)
{}

Result<QList<ActivitySession>> ActivityReader::sessions(bool withBackground)
{
    const Statement statement(
        QStringLiteral(
            "SELECT a.pid, a.usename::text, a.datname::text, a.application_name, "
            "host(a.client_addr), a.state, a.wait_event_type, a.wait_event, a.query, "
            "a.query_start, "
            "(extract(epoch FROM clock_timestamp() - a.query_start) * 1000)::bigint, "
            "a.backend_type, pg_blocking_pids(a.pid) "
            "FROM pg_stat_activity a "
            "WHERE a.pid <> pg_backend_pid() AND ($1::bool OR a.backend_type = 'client backend') "
            "ORDER BY a.pid"),
        {withBackground});
    auto rows = exec(m_db, statement);
    if (!rows)
        return rows.error();
    QList<ActivitySession> out;
    for (const QVariantList &row : rows->rows)
        out << sessionFrom(row);
    return out;
}

Result<QList<ActivityLock>> ActivityReader::locksOf(int pid)
{
    const Statement statement(
        QStringLiteral("SELECT l.locktype, l.relation::regclass::text, l.mode, l.granted "
                       "FROM pg_locks l WHERE l.pid = $1::int "
                       "ORDER BY l.granted DESC, l.locktype, 2 NULLS LAST, l.mode"),
        {pid});
    auto rows = exec(m_db, statement);
    if (!rows)
        return rows.error();
    QList<ActivityLock> out;
    for (const QVariantList &row : rows->rows)
        out << ActivityLock{row.value(0).toString(), row.value(1).toString(),
                            row.value(2).toString(), row.value(3).toBool()};
    return out;
}

Result<std::optional<LockWait>> ActivityReader::lockWaitOf(const SessionIdentity &who)
{
    // The holder's columns come first, in sessions()' order, so one reader parses both.
    const Statement statement(
        QStringLiteral("SELECT b.pid, b.usename::text, b.datname::text, b.application_name, "
                       "host(b.client_addr), b.state, b.wait_event_type, b.wait_event, b.query, "
                       "b.query_start, "
                       "(extract(epoch FROM clock_timestamp() - b.query_start) * 1000)::bigint, "
                       "b.backend_type, pg_blocking_pids(b.pid), w.pid, w.wait_event, "
                       "(extract(epoch FROM clock_timestamp() - w.query_start) * 1000)::bigint "
                       "FROM pg_stat_activity w "
                       "CROSS JOIN LATERAL unnest(pg_blocking_pids(w.pid)) AS h(pid) "
                       "JOIN pg_stat_activity b ON b.pid = h.pid "
                       "WHERE w.wait_event_type = 'Lock' AND w.pid <> pg_backend_pid() AND "
                       "CASE WHEN $1::int <> 0 THEN w.pid = $1::int ELSE w.application_name = $2 "
                       "AND w.usename = $3 AND w.datname = $4 END "
                       "ORDER BY w.query_start, w.pid, b.pid"),
        {who.pid, who.application, who.user, who.database});
    auto rows = exec(m_db, statement);
    if (!rows)
        return rows.error();
    if (rows->rows.isEmpty())
        return std::optional<LockWait>();
    LockWait wait;
    wait.waitingPid = rows->rows.first().value(13).toInt();
    wait.waitEvent = rows->rows.first().value(14).toString();
    wait.waitingMs = rows->rows.first().value(15).toLongLong();
    for (const QVariantList &row : rows->rows) {
        if (row.value(13).toInt() == wait.waitingPid)
            wait.holders << sessionFrom(row);
    }
    return std::optional<LockWait>(wait);
}

Status ActivityReader::cancelBackend(int pid)
{
    return signalBackend(Signal::Cancel, pid);
}

Status ActivityReader::terminateBackend(int pid)
{
    return signalBackend(Signal::Terminate, pid);
}

Status ActivityReader::signalBackend(Signal signal, int pid)
{
    const bool cancel = signal == Signal::Cancel;
    const Statement statement =
        cancel ? Statement(QStringLiteral("SELECT pg_cancel_backend($1::int)"), {pid})
               : Statement(QStringLiteral("SELECT pg_terminate_backend($1::int, $2::bigint)"),
                           {pid, kTerminateWaitMs});
    auto done = execScalar(m_db, statement);
    if (!done) {
        DbError error = done.error();
        if (error.sqlState == QLatin1String("42501")) {
            error.detail = error.message;
            error.message = cancel ? tr("You may not cancel sessions of other roles; you need "
                                        "pg_signal_backend or superuser.")
                                   : tr("You may not terminate sessions of other roles; you need "
                                        "pg_signal_backend or superuser.");
        }
        return error;
    }
    if (done->toBool())
        return {};
    return DbError::plain(cancel ? tr("Could not cancel the query of process %1: it is no "
                                      "longer a server process.")
                                       .arg(pid)
                                 : tr("Process %1 did not end: it is no longer a server "
                                      "process, or it did not stop in time.")
                                       .arg(pid));
}

} // namespace dbx::model
