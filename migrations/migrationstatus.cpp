#include "migrations/migrationstatus.h"

#include "migrations/migrationerror.h"

#include <QCoreApplication>

namespace dbx::migrations {

namespace {

RevisionStatus statusOf(const Revision &revision, const LedgerState &ledger)
{
    RevisionStatus status;
    status.id = revision.id;
    status.message = revision.message;
    status.parents = revision.parents;
    status.fileName = revision.fileName;
    status.fileChecksum = revision.checksum;
    status.irreversible = revision.downgrade.kind == Downgrade::Kind::Irreversible;
    if (const AppliedRevision *row = ledger.find(revision.id)) {
        status.state =
            row->checksum == revision.checksum ? RevisionState::Applied : RevisionState::Modified;
        status.appliedAt = row->appliedAt;
        status.appliedBy = row->appliedBy;
        status.durationMs = row->durationMs;
        status.recordedChecksum = row->checksum;
        return status;
    }
    const RevisionEvent event = ledger.lastEvents.value(revision.id);
    if (event.outcome == QLatin1String("failed") || event.outcome == QLatin1String("cancelled")) {
        status.state = RevisionState::Failed;
        status.lastError = event.error;
        status.lastSqlState = event.sqlState;
    }
    return status;
}

} // namespace

QString stateKey(RevisionState state)
{
    switch (state) {
    case RevisionState::Applied:
        return QStringLiteral("applied");
    case RevisionState::Pending:
        return QStringLiteral("pending");
    case RevisionState::Failed:
        return QStringLiteral("failed");
    case RevisionState::Modified:
        return QStringLiteral("modified");
    case RevisionState::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

QString stateLabel(RevisionState state)
{
    switch (state) {
    case RevisionState::Applied:
        return QCoreApplication::translate("MigrationStatus", "applied");
    case RevisionState::Pending:
        return QCoreApplication::translate("MigrationStatus", "pending");
    case RevisionState::Failed:
        return QCoreApplication::translate("MigrationStatus", "failed");
    case RevisionState::Modified:
        return QCoreApplication::translate("MigrationStatus", "modified");
    case RevisionState::Unknown:
        break;
    }
    return QCoreApplication::translate("MigrationStatus", "unknown");
}

MigrationStatus MigrationStatus::compute(const RevisionGraph &graph, const LedgerState &ledger)
{
    MigrationStatus result;
    result.ledgerExists = ledger.exists;
    result.alembicTable = ledger.alembicTable;
    result.alembicVersions = ledger.alembicVersions;
    result.heads = graph.heads();
    const QSet<QString> applied = ledger.appliedIds();
    result.current = graph.currentHeads(applied);
    for (const Revision &revision : graph.revisions()) {
        RevisionStatus status = statusOf(revision, ledger);
        status.isHead = result.heads.contains(revision.id);
        status.isCurrent = result.current.contains(revision.id);
        result.revisions.append(status);
    }
    for (const AppliedRevision &row : ledger.applied) {
        if (graph.contains(row.revision))
            continue;
        RevisionStatus status;
        status.id = row.revision;
        status.message = row.message;
        status.state = RevisionState::Unknown;
        status.isCurrent = true;
        status.appliedAt = row.appliedAt;
        status.appliedBy = row.appliedBy;
        status.durationMs = row.durationMs;
        status.recordedChecksum = row.checksum;
        result.current.append(row.revision);
        result.revisions.append(status);
    }
    return result;
}

QStringList MigrationStatus::idsIn(RevisionState state) const
{
    QStringList ids;
    for (const RevisionStatus &revision : revisions) {
        if (revision.state == state)
            ids.append(revision.id);
    }
    return ids;
}

model::Status MigrationStatus::checkRunnable() const
{
    QStringList problems;
    for (const RevisionStatus &revision : revisions) {
        if (revision.state == RevisionState::Modified)
            problems.append(QCoreApplication::translate(
                                "MigrationStatus",
                                "revision %1 (%2) is modified: its upgrade changed after it was "
                                "applied (recorded checksum %3, file now %4); restore the file, "
                                "or stamp to accept the edit")
                                .arg(revision.id, revision.fileName, revision.recordedChecksum,
                                     revision.fileChecksum));
        else if (revision.state == RevisionState::Unknown)
            problems.append(QCoreApplication::translate(
                                "MigrationStatus",
                                "the database is ahead: revision %1 (\"%2\") is applied but no "
                                "revision file has it; use the migrations it came from")
                                .arg(revision.id, revision.message));
    }
    if (problems.isEmpty())
        return {};
    // The first problem is the message, the others its detail: none is printed twice.
    return refusedRun(problems.first(), problems.mid(1).join(QLatin1Char('\n')));
}

} // namespace dbx::migrations
