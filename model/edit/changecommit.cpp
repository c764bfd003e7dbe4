#include "model/edit/changecommit.h"

#include "model/db/executor.h"

namespace dbx::model {

namespace {

void rollback(QSqlDatabase &db)
{
    exec(db, Statement(QStringLiteral("ROLLBACK")));
}

} // namespace

Result<CommitOutcome> commitChanges(QSqlDatabase &db, const TableQuery &table,
                                    const QList<RowChange> &changes)
{
    const ChangeSql sql(table);
    CommitOutcome outcome;
    const Result<PgRows> begin = exec(db, Statement(QStringLiteral("BEGIN")));
    if (!begin.ok())
        return begin.error();
    for (const RowChange &change : changes) {
        const Result<PgRows> done = exec(db, sql.statement(change));
        if (!done.ok()) {
            rollback(db);
            if (done.error().kind == DbError::Kind::ConnectionLost ||
                done.error().kind == DbError::Kind::Cancelled)
                return done.error();
            outcome.status = CommitOutcome::Status::Failed;
            outcome.failedChangeId = change.id;
            outcome.error = done.error();
            return outcome;
        }
        outcome.rowsAffected += done->affected;
        if (change.isInsert() || done->affected > 0)
            continue;
        // Nothing matched key and version: the row changed or went since it was read.
        const Result<PgRows> theirs = exec(db, sql.current(change.key));
        if (!theirs.ok()) {
            rollback(db);
            return theirs.error();
        }
        ChangeConflict conflict;
        conflict.changeId = change.id;
        conflict.deleted = theirs->rows.isEmpty();
        if (!conflict.deleted) {
            QList<QVariant> row = theirs->rows.first();
            conflict.theirVersion = row.takeLast().toString();
            conflict.theirs = row;
        }
        outcome.conflicts << conflict;
    }
    if (!outcome.conflicts.isEmpty()) {
        rollback(db);
        outcome.status = CommitOutcome::Status::Conflicts;
        return outcome;
    }
    const Result<PgRows> commit = exec(db, Statement(QStringLiteral("COMMIT")));
    if (!commit.ok()) {
        rollback(db);
        if (commit.error().kind == DbError::Kind::ConnectionLost)
            return commit.error();
        outcome.status = CommitOutcome::Status::Failed;
        outcome.error = commit.error();
    }
    return outcome;
}

} // namespace dbx::model
