#pragma once

#include "migrations/sqlstep.h"
#include "model/result.h"

#include <QSqlDatabase>
#include <QString>

#include <functional>

namespace dbx::migrations {

// Keeps two runners from applying the same revision, also behind a transaction pooler: the
// lock is a transaction-level advisory lock (pg_try_advisory_xact_lock) held by a transaction
// of a connection of its own for the whole run. Each of the runner's transactions may then
// land on any server connection, and nothing outlives the run: ending the transaction (or the
// process, or the connection) releases the lock. Polled, never a blocking pg_advisory_lock: a
// blocked waiter would sit in the way of CREATE INDEX CONCURRENTLY. The key is derived with
// SHA-256, stable across processes and machines (qHash is seeded per process).
class AdvisoryLock {
public:
    struct Wait {
        int timeoutMs = 60000;
        int pollMs = 250;
        std::function<bool()> cancelled;          // stop waiting when it returns true
        std::function<void(const QString &)> log; // told who holds the lock while waiting
    };

    // `db` is the runner's connection: the lock's own connection is a copy of it.
    AdvisoryLock(QSqlDatabase db, const QString &schema);
    ~AdvisoryLock();
    AdvisoryLock(const AdvisoryLock &) = delete;
    AdvisoryLock &operator=(const AdvisoryLock &) = delete;
    static qint64 keyFor(const QString &schema);
    qint64 key() const { return m_key; }

    // What the lock's connection runs, for the preview.
    QList<SqlStep> lockSteps() const;
    SqlStep unlockStep() const;

    model::Status acquire(const Wait &wait);
    void release();
    bool held() const { return m_held; }
    // "pid 4242, user alice, application "DB Explorer", since 10:31:02", or empty.
    QString describeHolder() const;

private:
    model::Status openConnection();
    model::Result<bool> tryOnce();

    QSqlDatabase m_db;
    QString m_lockName;
    QSqlDatabase m_lockDb;
    qint64 m_key = 0;
    bool m_held = false;
};

} // namespace dbx::migrations
