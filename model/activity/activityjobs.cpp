#include "model/activity/activityjobs.h"

#include "model/db/database.h"

namespace dbx::model::activity {

Ticket readSessions(Database *database, QObject *context,
                    std::function<void(Ticket, const Result<QList<ActivitySession>> &)> done)
{
    return database->run<QList<ActivitySession>>(
        [](QSqlDatabase &db, const JobContext &) { return ActivityReader(db).sessions(); }, context,
        std::move(done));
}

Ticket readLocks(Database *database, int pid, QObject *context,
                 std::function<void(Ticket, const Result<QList<ActivityLock>> &)> done)
{
    return database->run<QList<ActivityLock>>(
        [pid](QSqlDatabase &db, const JobContext &) { return ActivityReader(db).locksOf(pid); },
        context, std::move(done));
}

Ticket readLockWait(Database *database, const SessionIdentity &who, QObject *context,
                    std::function<void(Ticket, const Result<std::optional<LockWait>> &)> done)
{
    return database->run<std::optional<LockWait>>(
        [who](QSqlDatabase &db, const JobContext &) { return ActivityReader(db).lockWaitOf(who); },
        context, std::move(done));
}

Ticket signalBackend(Database *database, int pid, bool terminate, QObject *context,
                     std::function<void(Ticket, const Result<bool> &)> done)
{
    return database->run<bool>(
        [pid, terminate](QSqlDatabase &db, const JobContext &) -> Result<bool> {
            ActivityReader reader(db);
            const Status status =
                terminate ? reader.terminateBackend(pid) : reader.cancelBackend(pid);
            if (!status)
                return status.error();
            return true;
        },
        context, std::move(done));
}

} // namespace dbx::model::activity
