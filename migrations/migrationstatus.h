#pragma once

#include "migrations/ledger.h"
#include "migrations/revisiongraph.h"
#include "model/result.h"

#include <QDateTime>
#include <QList>
#include <QStringList>

namespace dbx::migrations {

enum class RevisionState {
    Applied,
    Pending,
    Failed,   // not applied, and its newest event is a failure
    Modified, // applied, but the file's upgrade no longer matches the recorded checksum
    Unknown,  // recorded as applied, but no file has it ("database is ahead")
};

// "applied", "pending"... untranslated, for scripts and the event log.
QString stateKey(RevisionState state);
// The same in the user's language, for the panel and the command line.
QString stateLabel(RevisionState state);

struct RevisionStatus {
    QString id;
    QString message;
    QStringList parents;
    QString fileName;
    RevisionState state = RevisionState::Pending;
    bool isHead = false;
    bool isCurrent = false;
    bool irreversible = false;
    QDateTime appliedAt;
    QString appliedBy;
    qint64 durationMs = -1;
    QString fileChecksum;
    QString recordedChecksum;
    QString lastError; // the newest failure, for Failed
    QString lastSqlState;
};

// Everything the migrations panel and "migrate current/history" show: each revision with its
// state, where the database stands and where the files end. Pure: computed from the graph and
// the ledger state, so it is unit-tested without a server.
struct MigrationStatus {
    QList<RevisionStatus> revisions; // graph order (parents first), then the unknown ones
    QStringList current;             // applied revisions without applied children
    QStringList heads;
    bool ledgerExists = false;
    QString alembicTable;
    QStringList alembicVersions;

    static MigrationStatus compute(const RevisionGraph &graph, const LedgerState &ledger);
    QStringList idsIn(RevisionState state) const;
    // Edited or unknown applied revisions make every run unsafe; the error says which and why.
    model::Status checkRunnable() const;
};

} // namespace dbx::migrations
