#include "migrations/migrationrunner.h"

#include "migrations/advisorylock.h"
#include "migrations/migrationerror.h"
#include "migrations/revisionscript.h"
#include "migrations/scriptexecutor.h"
#include "model/db/databaseworker.h"
#include "model/db/pgnative.h"

#include <QCoreApplication>
#include <QElapsedTimer>

namespace dbx::migrations {

namespace {

QString describeRun(MigrationPlan::Action action, const QString &target)
{
    switch (action) {
    case MigrationPlan::Action::Upgrade:
        return QCoreApplication::translate("MigrationRunner", "upgrade to %1").arg(target);
    case MigrationPlan::Action::Downgrade:
        return QCoreApplication::translate("MigrationRunner", "downgrade to %1").arg(target);
    case MigrationPlan::Action::Stamp:
        break;
    }
    return QCoreApplication::translate("MigrationRunner", "stamp %1").arg(target);
}

} // namespace

MigrationRunner::MigrationRunner(QSqlDatabase db, RevisionGraph graph, RunnerOptions options)
    : m_db(std::move(db))
    , m_graph(std::move(graph))
    , m_options(std::move(options))
    , m_ledger(m_options.schema)
{}

void MigrationRunner::setJobContext(const model::JobContext *context)
{
    m_context = context;
}

bool MigrationRunner::cancelled() const
{
    return (m_context && m_context->cancelled()) || (m_cancelled && m_cancelled());
}

void MigrationRunner::log(LogLine::Level level, const QString &text) const
{
    if (m_log)
        m_log({level, text, {}});
}

model::Status MigrationRunner::checkConnection() const
{
    if (m_context && m_context->error().isError())
        return m_context->error();
    if (!m_db.isOpen()) {
        model::DbError error;
        error.kind = model::DbError::Kind::ConnectionLost;
        error.message =
            QCoreApplication::translate("MigrationRunner", "The connection is not open.");
        return error;
    }
    const model::TransactionState state = model::transactionState(m_db);
    if (state == model::TransactionState::InTransaction ||
        state == model::TransactionState::InFailedTransaction)
        return refusedRun(QCoreApplication::translate(
            "MigrationRunner", "The connection has an open transaction; migrations run in their "
                               "own transactions. Commit or roll back first."));
    return {};
}

model::Result<MigrationStatus> MigrationRunner::status()
{
    if (const model::Status ready = checkConnection(); !ready)
        return ready.error();
    const auto state = m_ledger.read(m_db);
    if (!state)
        return state.error();
    return MigrationStatus::compute(m_graph, state.value());
}

model::Result<MigrationPlan> MigrationRunner::planFor(MigrationPlan::Action action,
                                                      const QString &target,
                                                      const LedgerState &state,
                                                      QStringList *rechecksum)
{
    const MigrationStatus status = MigrationStatus::compute(m_graph, state);
    const bool stamp = action == MigrationPlan::Action::Stamp;
    // A stamp is how a user accepts an edited applied revision, so only unknown ones block it.
    if (const model::Status runnable = status.checkRunnable();
        !runnable && (!stamp || !status.idsIn(RevisionState::Unknown).isEmpty()))
        return runnable.error();
    auto plan = MigrationPlan::make(action, m_graph, state.appliedIds(), target);
    if (plan && stamp) {
        for (const QString &id : status.idsIn(RevisionState::Modified)) {
            if (!plan->unstamp.contains(id))
                rechecksum->append(id);
        }
    }
    return plan;
}

model::Result<RunReport> MigrationRunner::run(MigrationPlan::Action action, const QString &target)
{
    if (const auto parsed = Target::parse(target); !parsed)
        return parsed.error();
    if (const model::Status ready = checkConnection(); !ready)
        return ready.error();
    // Before the lock and the bookkeeping: nothing is started on a server that takes no changes.
    if (const QString refusal = readOnlyRefusal(model::describeServer(m_db, {}));
        !refusal.isEmpty())
        return refusedRun(refusal);
    AdvisoryLock lock(m_db, m_options.schema);
    AdvisoryLock::Wait wait;
    wait.timeoutMs = m_options.lockWaitMs;
    wait.pollMs = m_options.lockPollMs;
    wait.cancelled = [this] { return cancelled(); };
    wait.log = [this](const QString &line) { log(LogLine::Level::Warning, line); };
    if (const model::Status locked = lock.acquire(wait); !locked)
        return locked.error();
    auto report = runLocked(action, target);
    lock.release();
    return report;
}

// Read only once the lock is held: another runner may have applied revisions meanwhile.
model::Result<LedgerState> MigrationRunner::readUnderLock()
{
    auto state = m_ledger.read(m_db);
    if (!state || state->exists)
        return state;
    for (const SqlStep &step : m_ledger.bootstrap()) {
        if (const model::Status created = step.run(m_db); !created) {
            model::DbError error = created.error();
            error.message =
                QCoreApplication::translate("MigrationRunner",
                                            "Cannot create the bookkeeping tables in schema %1: %2")
                    .arg(m_options.schema, error.message);
            return error;
        }
    }
    return m_ledger.read(m_db);
}

model::Result<RunReport> MigrationRunner::runLocked(MigrationPlan::Action action,
                                                    const QString &target)
{
    QElapsedTimer timer;
    timer.start();
    const auto state = readUnderLock();
    if (!state)
        return state.error();
    if (!state->alembicTable.isEmpty())
        log(LogLine::Level::Warning,
            QCoreApplication::translate(
                "MigrationRunner",
                "This database also has Alembic's %1 (at %2); it is left untouched.")
                .arg(state->alembicTable, state->alembicVersions.join(QLatin1String(", "))));
    QStringList rechecksum;
    const auto plan = planFor(action, target, state.value(), &rechecksum);
    if (!plan) {
        // A refused run is an attempt too; it concerns no single revision.
        m_ledger.failureEvent({}, actionName(action), plan.error(), timer.elapsed()).run(m_db);
        return plan.error();
    }
    RunReport report{plan.value(), {}, 0};
    const QList<RevisionScript> scripts =
        ScriptBuilder(m_graph, m_ledger, m_options.lockTimeoutMs).build(plan.value(), rechecksum);
    if (scripts.isEmpty()) {
        log(LogLine::Level::Info,
            QCoreApplication::translate("MigrationRunner",
                                        "Nothing to do for %1: the database is already there.")
                .arg(describeRun(action, plan->target)));
        return report;
    }
    ScriptExecutor executor(m_db, m_graph, m_ledger);
    executor.setLogHandler(m_log);
    executor.setCancelCheck([this] { return cancelled(); });
    for (qsizetype i = 0; i < scripts.size(); ++i) {
        const RevisionScript &script = scripts.at(i);
        if (const model::Status done = executor.run(script); !done)
            return done.error();
        report.completed += script.revision.isEmpty() ? plan->steps + rechecksum + plan->unstamp
                                                      : QStringList{script.revision};
        if (m_progress)
            m_progress(int(i + 1), int(scripts.size()), script.revision);
        if (m_context)
            m_context->progress(i + 1);
    }
    report.elapsedMs = timer.elapsed();
    log(LogLine::Level::Info,
        QCoreApplication::translate("MigrationRunner", "Finished %1 in %2 ms.")
            .arg(describeRun(action, plan->target))
            .arg(report.elapsedMs));
    return report;
}

model::Result<QString> MigrationRunner::preview(MigrationPlan::Action action, const QString &target)
{
    if (const auto parsed = Target::parse(target); !parsed)
        return parsed.error();
    if (const model::Status ready = checkConnection(); !ready)
        return ready.error();
    const auto state = m_ledger.read(m_db);
    if (!state)
        return state.error();
    QStringList rechecksum;
    const auto plan = planFor(action, target, state.value(), &rechecksum);
    if (!plan)
        return plan.error();
    const AdvisoryLock lock(m_db, m_options.schema);
    QStringList out;
    out << QCoreApplication::translate("MigrationRunner", "-- DB Explorer migrations: %1")
               .arg(describeRun(action, plan->target));
    out << QCoreApplication::translate("MigrationRunner",
                                       "-- On a connection of its own, held until the run ends:");
    for (const SqlStep &step : lock.lockSteps())
        out << QStringLiteral("--   ") + step.rendered();
    out << QCoreApplication::translate("MigrationRunner",
                                       "--   (repeated until true; the state is then read again)");
    if (!state->exists) {
        for (const SqlStep &step : m_ledger.bootstrap())
            out << step.rendered();
    }
    const QList<RevisionScript> scripts =
        ScriptBuilder(m_graph, m_ledger, m_options.lockTimeoutMs).build(plan.value(), rechecksum);
    if (scripts.isEmpty())
        out << QString()
            << QCoreApplication::translate("MigrationRunner",
                                           "-- Nothing to do: the database is up to date.");
    for (const RevisionScript &script : scripts) {
        out << QString() << QStringLiteral("-- ") + script.title;
        for (const SqlStep &step : script.steps)
            out << step.rendered();
    }
    out << QString()
        << QCoreApplication::translate("MigrationRunner",
                                       "-- Then on the lock's connection, releasing it:")
        << QStringLiteral("--   ") + lock.unlockStep().rendered();
    return out.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

} // namespace dbx::migrations
