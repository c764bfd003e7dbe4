#pragma once

#include "migrations/ledger.h"
#include "migrations/migrationplan.h"
#include "migrations/revisiongraph.h"
#include "migrations/sqlstep.h"

#include <QList>
#include <QString>

namespace dbx::migrations {

// The SQL of one unit of a run (one revision up or down, or a whole stamp), transaction control
// and bookkeeping included. The runner executes these steps and the preview prints them.
struct RevisionScript {
    QString revision; // empty for a stamp
    QString title;    // a comment line for the preview and the log
    MigrationPlan::Action action = MigrationPlan::Action::Upgrade;
    bool transactional = true;
    QList<SqlStep> steps;
};

// Turns a plan into scripts. Each revision gets its own transaction holding its statements and
// its bookkeeping, so a failure anywhere rolls both back; a revision marked
// "transaction: none" runs statement by statement and is recorded afterwards.
class ScriptBuilder {
public:
    ScriptBuilder(const RevisionGraph &graph, const Ledger &ledger, int lockTimeoutMs);

    // `rechecksum`: applied revisions a stamp keeps but whose file changed (stamp accepts edits).
    QList<RevisionScript> build(const MigrationPlan &plan,
                                const QStringList &rechecksum = {}) const;

private:
    RevisionScript revisionScript(const Revision &revision, bool up) const;
    RevisionScript stampScript(const MigrationPlan &plan, const QStringList &rechecksum) const;
    QString lockTimeout() const;

    const RevisionGraph &m_graph;
    const Ledger &m_ledger;
    int m_lockTimeoutMs;
};

} // namespace dbx::migrations
