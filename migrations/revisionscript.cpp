#include "migrations/revisionscript.h"

#include <QCoreApplication>

namespace dbx::migrations {

namespace {} // namespace

ScriptBuilder::ScriptBuilder(const RevisionGraph &graph, const Ledger &ledger, int lockTimeoutMs)
    : m_graph(graph)
    , m_ledger(ledger)
    , m_lockTimeoutMs(lockTimeoutMs)
{}

QString ScriptBuilder::lockTimeout() const
{
    return QStringLiteral("'%1ms'").arg(std::max(0, m_lockTimeoutMs));
}

QList<RevisionScript> ScriptBuilder::build(const MigrationPlan &plan,
                                           const QStringList &rechecksum) const
{
    QList<RevisionScript> scripts;
    if (plan.action == MigrationPlan::Action::Stamp) {
        if (!plan.isEmpty() || !rechecksum.isEmpty())
            scripts.append(stampScript(plan, rechecksum));
        return scripts;
    }
    const bool up = plan.action == MigrationPlan::Action::Upgrade;
    for (const QString &id : plan.steps)
        scripts.append(revisionScript(*m_graph.find(id), up));
    return scripts;
}

RevisionScript ScriptBuilder::revisionScript(const Revision &revision, bool up) const
{
    RevisionScript script;
    script.revision = revision.id;
    script.action = up ? MigrationPlan::Action::Upgrade : MigrationPlan::Action::Downgrade;
    script.transactional = revision.transactional;
    script.title = (up ? QCoreApplication::translate("ScriptBuilder", "Upgrade %1: %2 (%3)")
                       : QCoreApplication::translate("ScriptBuilder", "Downgrade %1: %2 (%3)"))
                       .arg(revision.id, revision.message, revision.fileName);
    const QString action = actionName(script.action);
    const QList<Statement> &statements = up ? revision.upgrade : revision.downgrade.statements;
    QList<SqlStep> &steps = script.steps;
    if (revision.transactional) {
        steps.append(SqlStep::control(QStringLiteral("BEGIN")));
        steps.append(
            SqlStep::control(QStringLiteral("SET LOCAL lock_timeout = %1").arg(lockTimeout())));
    } else {
        // No lock_timeout here: outside a transaction it would be a session setting, which a
        // transaction pooler hands on to whoever gets the server connection next; and what
        // such a revision runs (CREATE INDEX CONCURRENTLY) waits for other sessions by design.
        steps.append(m_ledger.markStarted(revision.id, action));
    }
    for (qsizetype i = 0; i < statements.size(); ++i) {
        const Statement &statement = statements.at(i);
        steps.append({statement.sql, {}, SqlStep::Role::Statement, int(i + 1), statement.line});
    }
    if (!revision.transactional)
        steps.append(SqlStep::control(QStringLiteral("BEGIN")));
    const bool sinceMark = !revision.transactional;
    if (up)
        steps.append(sinceMark ? m_ledger.recordAppliedSinceMark(revision)
                               : m_ledger.recordApplied(revision));
    else
        steps.append(m_ledger.forget(revision.id));
    steps.append(m_ledger.successEvent(revision.id, action, sinceMark));
    steps.append(SqlStep::control(QStringLiteral("COMMIT")));
    return script;
}

RevisionScript ScriptBuilder::stampScript(const MigrationPlan &plan,
                                          const QStringList &rechecksum) const
{
    RevisionScript script;
    script.action = MigrationPlan::Action::Stamp;
    script.title =
        QCoreApplication::translate("ScriptBuilder", "Stamp %1 without running any revision")
            .arg(plan.target);
    script.steps.append(SqlStep::control(QStringLiteral("BEGIN")));
    for (const QString &id : plan.steps) {
        script.steps.append(m_ledger.recordStamped(*m_graph.find(id)));
        script.steps.append(m_ledger.successEvent(id, QStringLiteral("stamp"), false));
    }
    for (const QString &id : rechecksum) {
        script.steps.append(m_ledger.updateChecksum(*m_graph.find(id)));
        script.steps.append(m_ledger.successEvent(id, QStringLiteral("stamp"), false));
    }
    for (const QString &id : plan.unstamp) {
        script.steps.append(m_ledger.forget(id));
        script.steps.append(m_ledger.successEvent(id, QStringLiteral("unstamp"), false));
    }
    script.steps.append(SqlStep::control(QStringLiteral("COMMIT")));
    return script;
}

} // namespace dbx::migrations
