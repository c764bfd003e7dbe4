#pragma once

#include "model/activity/activityreader.h"
#include "model/db/sqlresult.h"

#include <functional>

class QObject;

namespace dbx::model {

class Database;

// The activity reader's work queued on a Database's worker, so a panel asks for sessions,
// locks or a signal without touching a connection; `done` runs in `context`'s thread.
namespace activity {

Ticket readSessions(Database *database, QObject *context,
                    std::function<void(Ticket, const Result<QList<ActivitySession>> &)> done);
Ticket readLocks(Database *database, int pid, QObject *context,
                 std::function<void(Ticket, const Result<QList<ActivityLock>> &)> done);
Ticket readLockWait(Database *database, const SessionIdentity &who, QObject *context,
                    std::function<void(Ticket, const Result<std::optional<LockWait>> &)> done);
// Cancels the session's query, or terminates the session; true when it worked.
Ticket signalBackend(Database *database, int pid, bool terminate, QObject *context,
                     std::function<void(Ticket, const Result<bool> &)> done);

} // namespace activity
} // namespace dbx::model
