#pragma once

#include "model/result.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

class QSqlDatabase;

namespace dbx::model {

// One server process as pg_stat_activity shows it, with the sessions that block it.
struct ActivitySession {
    int pid = 0;
    QString user;
    QString database;
    QString application;
    QString clientAddress; // empty for a Unix socket or a background process
    QString state;         // active, idle, idle in transaction, ... (as the server says)
    QString waitEventType;
    QString waitEvent;
    QString query;
    QDateTime queryStart;
    qint64 durationMs = -1; // since the query started; -1 when none has
    QString backendType;
    QList<int> blockedBy; // pg_blocking_pids: who holds what this one waits for
};

// One lock a process holds or waits for, from pg_locks.
struct ActivityLock {
    QString lockType;
    QString relation; // the relation's name as regclass prints it, empty when none
    QString mode;
    bool granted = false;
};

// How to find a connection of ours among the server's sessions: by its server process when
// connected directly; behind a transaction pooler, which hands each transaction to whichever
// server process is free, by the application name, role and database it shows.
struct SessionIdentity {
    int pid = 0; // 0 behind a pooler
    QString application;
    QString user;
    QString database;
};

// A session of ours that waits for a lock, and the sessions holding what it waits for.
struct LockWait {
    int waitingPid = 0;
    QString waitEvent;     // relation, transactionid, tuple, advisory, ...
    qint64 waitingMs = -1; // since its statement started
    QList<ActivitySession> holders;
};

// Reads the server's sessions and locks and signals backends (cancel, terminate), on a
// connection owned by the calling thread (a worker): the model behind View -> Activity.
// Every statement goes through the one executor; nothing is shown here.
class ActivityReader {
    Q_DECLARE_TR_FUNCTIONS(dbx::model::ActivityReader)

public:
    explicit ActivityReader(QSqlDatabase &db);

    // Every session except the reader's own; background processes only when asked.
    Result<QList<ActivitySession>> sessions(bool withBackground = false);
    Result<QList<ActivityLock>> locksOf(int pid);
    // Whether `who` waits for a lock now, and who holds it (nullopt when it does not wait).
    Result<std::optional<LockWait>> lockWaitOf(const SessionIdentity &who);
    // Stops the statement a session runs (pg_cancel_backend).
    Status cancelBackend(int pid);
    // Ends the session (pg_terminate_backend), waiting a little for it to go.
    Status terminateBackend(int pid);

private:
    enum class Signal { Cancel, Terminate };
    Status signalBackend(Signal signal, int pid);

    QSqlDatabase &m_db;
};

} // namespace dbx::model
