#pragma once

#include "migrations/sqlstep.h"
#include "model/result.h"

#include <QSqlDatabase>
#include <QString>

#include <functional>

namespace dbx::migrations {

// The session-level advisory lock that keeps two runners from applying the same revision. Polled
// with pg_try_advisory_lock, never a blocking pg_advisory_lock: a blocked waiter would sit in
// the way of CREATE INDEX CONCURRENTLY, which waits for every open transaction. The key is
// derived with SHA-256, stable across processes and machines (qHash is seeded per process).
class AdvisoryLock {
public:
    struct Wait {
        int timeoutMs = 60000;
        int pollMs = 250;
        std::function<bool()> cancelled;          // stop waiting when it returns true
        std::function<void(const QString &)> log; // told who holds the lock while waiting
    };

    AdvisoryLock(QSqlDatabase db, const QString &schema);
    static qint64 keyFor(const QString &schema);
    qint64 key() const { return m_key; }

    SqlStep tryLockStep() const;
    SqlStep unlockStep() const;

    model::Status acquire(const Wait &wait);
    void release();
    bool held() const { return m_held; }
    // "pid 4242, user alice, application "DB Explorer", since 10:31:02", or empty.
    QString describeHolder() const;

private:
    model::Result<bool> tryOnce();

    QSqlDatabase m_db;
    qint64 m_key = 0;
    bool m_held = false;
};

} // namespace dbx::migrations
