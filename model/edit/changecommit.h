#pragma once

#include "model/edit/changesql.h"
#include "model/result.h"

#include <QMetaType>
#include <QSqlDatabase>

namespace dbx::model {

// Someone else changed or deleted a row since it was read: the database's version of it.
struct ChangeConflict {
    int changeId = 0;
    bool deleted = false; // the row is gone
    QVariantList theirs;  // visible values now in the database (empty when deleted)
    QString theirVersion; // xmin now
};

// How a commit ended. Committed: every change is in the database. Failed: the server refused
// one change (or the COMMIT itself); nothing was applied. Conflicts: some rows changed under
// the user; nothing was applied and every conflicting row is listed.
struct CommitOutcome {
    enum class Status { Committed, Failed, Conflicts };
    Status status = Status::Committed;
    int failedChangeId = 0; // 0 when the COMMIT itself failed (deferred constraints)
    DbError error;
    QList<ChangeConflict> conflicts;
    qint64 rowsAffected = 0;
};

// Applies a change set in one transaction on the calling (worker) thread. Any failure rolls
// the whole transaction back, so the database is exactly as it was and the caller keeps every
// change. Conflicts are collected for all rows before rolling back, so the user resolves them
// in one pass. A lost connection comes back as an error Result.
Result<CommitOutcome> commitChanges(QSqlDatabase &db, const TableQuery &table,
                                    const QList<RowChange> &changes);

} // namespace dbx::model

Q_DECLARE_METATYPE(dbx::model::CommitOutcome)
