#include "migrations/advisorylock.h"

#include "migrations/migrationerror.h"
#include "model/connection/connector.h"
#include "model/db/executor.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDateTime>
#include <QDeadlineTimer>
#include <QSqlError>
#include <QThread>
#include <QtEndian>

namespace dbx::migrations {

AdvisoryLock::AdvisoryLock(QSqlDatabase db, const QString &schema)
    : m_db(std::move(db))
    , m_key(keyFor(schema))
{}

AdvisoryLock::~AdvisoryLock()
{
    release();
}

qint64 AdvisoryLock::keyFor(const QString &schema)
{
    const QByteArray digest =
        QCryptographicHash::hash("dbx-migrations:" + schema.toUtf8(), QCryptographicHash::Sha256);
    return qFromBigEndian<qint64>(digest.constData());
}

QList<SqlStep> AdvisoryLock::lockSteps() const
{
    return {SqlStep::control(QStringLiteral("BEGIN")),
            {QStringLiteral("SELECT pg_try_advisory_xact_lock($1)"), {m_key}, SqlStep::Role::Control,
             0, 0},
            // Names the holder in pg_stat_activity, and, a statement after the SELECT, drops the
            // SELECT's portal with its snapshot: an idle transaction holding a snapshot would
            // make CREATE INDEX CONCURRENTLY of the run itself wait for it forever.
            SqlStep::control(
                QStringLiteral("SET LOCAL application_name = 'DB Explorer (migration lock)'"))};
}

SqlStep AdvisoryLock::unlockStep() const
{
    return SqlStep::control(QStringLiteral("COMMIT"));
}

model::Status AdvisoryLock::openConnection()
{
    if (m_lockDb.isValid() && m_lockDb.isOpen())
        return {};
    m_lockName = model::Connector::uniqueName(QStringLiteral("migration-lock"));
    m_lockDb = QSqlDatabase::cloneDatabase(m_db, m_lockName);
    if (m_lockDb.open())
        return {};
    model::DbError error =
        model::Connector::classifyConnectFailure(m_lockDb.lastError().databaseText(), {});
    error.message =
        QCoreApplication::translate("AdvisoryLock",
                                    "Cannot open the connection that holds the migration lock: %1")
            .arg(error.message);
    m_lockDb = QSqlDatabase();
    model::Connector::close(m_lockName);
    return error;
}

// One short transaction per try: a waiter holds nothing while it sleeps.
model::Result<bool> AdvisoryLock::tryOnce()
{
    const QList<SqlStep> steps = lockSteps();
    if (const model::Status begun = steps.at(0).run(m_lockDb); !begun)
        return begun.error();
    const model::Result<QVariant> got =
        model::execScalar(m_lockDb, model::Statement(steps.at(1).sql, steps.at(1).values));
    if (got && got->toBool()) {
        if (const model::Status named = steps.at(2).run(m_lockDb); !named)
            return named.error();
        return true;
    }
    model::exec(m_lockDb, model::Statement(QStringLiteral("ROLLBACK")));
    if (!got)
        return got.error();
    return false;
}

model::Status AdvisoryLock::acquire(const Wait &wait)
{
    if (const model::Status opened = openConnection(); !opened)
        return opened;
    const QDeadlineTimer deadline(wait.timeoutMs);
    QString lastHolder;
    for (;;) {
        const auto got = tryOnce();
        if (!got)
            return got.error();
        if (got.value()) {
            m_held = true;
            return {};
        }
        const QString holder = describeHolder();
        if (holder != lastHolder && wait.log)
            wait.log(QCoreApplication::translate(
                         "AdvisoryLock", "Waiting for another migration run to finish (%1).")
                         .arg(holder));
        lastHolder = holder;
        if (wait.cancelled && wait.cancelled()) {
            model::DbError error = model::DbError::cancelled();
            error.message = QCoreApplication::translate(
                "AdvisoryLock", "Cancelled while waiting for another migration run.");
            return error;
        }
        if (deadline.hasExpired())
            return refusedRun(QCoreApplication::translate(
                                  "AdvisoryLock",
                                  "Another migration run holds the lock (%1); gave up after %2 s.")
                                  .arg(holder.isEmpty() ? QCoreApplication::translate(
                                                              "AdvisoryLock", "holder unknown")
                                                        : holder)
                                  .arg(wait.timeoutMs / 1000.0));
        QThread::msleep(std::max(1, std::min<int>(wait.pollMs, deadline.remainingTime())));
    }
}

void AdvisoryLock::release()
{
    if (m_held)
        unlockStep().run(m_lockDb);
    m_held = false;
    if (!m_lockName.isEmpty()) {
        m_lockDb = QSqlDatabase();
        model::Connector::close(m_lockName);
        m_lockName.clear();
    }
}

QString AdvisoryLock::describeHolder() const
{
    const quint64 key = quint64(m_key);
    QSqlDatabase db = m_db;
    const auto rows = model::exec(
        db, model::Statement(
                QStringLiteral(
                    "SELECT a.pid, a.usename, a.application_name, a.backend_start FROM pg_locks l "
                    "JOIN pg_stat_activity a ON a.pid = l.pid "
                    "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
                    "AND l.database = (SELECT oid FROM pg_database WHERE datname = "
                    "current_database()) "
                    "AND CAST(l.classid AS bigint) = $1 AND CAST(l.objid AS bigint) = $2"),
                {qint64(key >> 32), qint64(key & 0xffffffffu)}));
    if (!rows || rows->rows.isEmpty())
        return {};
    const QVariantList &row = rows->rows.first();
    return QCoreApplication::translate("AdvisoryLock",
                                       "pid %1, user %2, application \"%3\", connected since %4")
        .arg(row.value(0).toString(), row.value(1).toString(), row.value(2).toString(),
             row.value(3).toDateTime().toLocalTime().toString(Qt::ISODate));
}

} // namespace dbx::migrations
