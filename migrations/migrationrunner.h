#pragma once

#include "migrations/ledger.h"
#include "migrations/migrationlog.h"
#include "migrations/migrationplan.h"
#include "migrations/migrationstatus.h"
#include "migrations/revisiongraph.h"

#include <QSqlDatabase>

namespace dbx::model {
class JobContext;
}

namespace dbx::migrations {

struct RunnerOptions {
    QString schema = Ledger::defaultSchema(); // where the bookkeeping tables live
    int lockTimeoutMs = 5000;                 // SET LOCAL lock_timeout for each revision
    int lockWaitMs = 60000;                   // how long to wait for another runner's advisory lock
    int lockPollMs = 250;
};

struct RunReport {
    MigrationPlan plan;
    QStringList completed; // revisions upgraded, downgraded or stamped, in order
    qint64 elapsedMs = 0;
};

// Applies, reverts and stamps revisions on the connection it is given, in the calling thread
// (a QSqlDatabase belongs to the thread that opened it: run it inside a Database job). Every run
// takes the advisory lock, re-reads the state under it, refuses edited or unknown history, and
// runs each revision in its own transaction with its bookkeeping.
class MigrationRunner {
public:
    MigrationRunner(QSqlDatabase db, RevisionGraph graph, RunnerOptions options = {});

    void setLogHandler(LogHandler handler) { m_log = std::move(handler); }
    void setProgressHandler(ProgressHandler handler) { m_progress = std::move(handler); }
    void setCancelCheck(CancelCheck cancelled) { m_cancelled = std::move(cancelled); }
    // Cancellation and progress from the Database job the runner runs in; must outlive runs.
    void setJobContext(const model::JobContext *context);

    const RevisionGraph &graph() const { return m_graph; }
    // Read-only: never creates the bookkeeping tables.
    model::Result<MigrationStatus> status();
    model::Result<RunReport> run(MigrationPlan::Action action, const QString &target);
    // The exact SQL `run` would send, in order, without changing anything.
    model::Result<QString> preview(MigrationPlan::Action action, const QString &target);

private:
    model::Result<LedgerState> readUnderLock();
    model::Result<RunReport> runLocked(MigrationPlan::Action action, const QString &target);
    model::Result<MigrationPlan> planFor(MigrationPlan::Action action, const QString &target,
                                         const LedgerState &state, QStringList *rechecksum);
    model::Status checkConnection() const;
    bool cancelled() const;
    void log(LogLine::Level level, const QString &text) const;

    QSqlDatabase m_db;
    RevisionGraph m_graph;
    RunnerOptions m_options;
    Ledger m_ledger;
    LogHandler m_log;
    ProgressHandler m_progress;
    CancelCheck m_cancelled;
    const model::JobContext *m_context = nullptr;
};

} // namespace dbx::migrations
