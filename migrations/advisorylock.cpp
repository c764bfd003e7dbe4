#include "migrations/advisorylock.h"

#include "migrations/migrationerror.h"
#include "model/connection/connector.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDateTime>
#include <QDeadlineTimer>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QtEndian>

namespace dbx::migrations {

namespace {} // namespace

AdvisoryLock::AdvisoryLock(QSqlDatabase db, const QString &schema)
    : m_db(std::move(db))
    , m_key(keyFor(schema))
{}

qint64 AdvisoryLock::keyFor(const QString &schema)
{
    const QByteArray digest =
        QCryptographicHash::hash("dbx-migrations:" + schema.toUtf8(), QCryptographicHash::Sha256);
    return qFromBigEndian<qint64>(digest.constData());
}

SqlStep AdvisoryLock::tryLockStep() const
{
    return {QStringLiteral("SELECT pg_try_advisory_lock(?)"), {m_key}, SqlStep::Role::Control};
}

SqlStep AdvisoryLock::unlockStep() const
{
    return {QStringLiteral("SELECT pg_advisory_unlock(?)"), {m_key}, SqlStep::Role::Control};
}

model::Result<bool> AdvisoryLock::tryOnce()
{
    const SqlStep step = tryLockStep();
    QSqlQuery query(m_db);
    query.prepare(step.sql);
    query.addBindValue(m_key);
    if (!query.exec() || !query.next())
        return model::Connector::fromSqlError(query.lastError(), step.sql);
    return query.value(0).toBool();
}

model::Status AdvisoryLock::acquire(const Wait &wait)
{
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
            model::DbError error;
            error.kind = model::DbError::Kind::Cancelled;
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
    if (!m_held)
        return;
    m_held = false;
    unlockStep().run(m_db);
}

QString AdvisoryLock::describeHolder() const
{
    const quint64 key = quint64(m_key);
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral(
        "SELECT a.pid, a.usename, a.application_name, a.backend_start FROM pg_locks l "
        "JOIN pg_stat_activity a ON a.pid = l.pid "
        "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
        "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
        "AND CAST(l.classid AS bigint) = ? AND CAST(l.objid AS bigint) = ?"));
    query.addBindValue(qint64(key >> 32));
    query.addBindValue(qint64(key & 0xffffffffu));
    if (!query.exec() || !query.next())
        return {};
    return QCoreApplication::translate("AdvisoryLock",
                                       "pid %1, user %2, application \"%3\", connected since %4")
        .arg(query.value(0).toString(), query.value(1).toString(), query.value(2).toString(),
             query.value(3).toDateTime().toLocalTime().toString(Qt::ISODate));
}

} // namespace dbx::migrations
