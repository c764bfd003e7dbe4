#pragma once

#include "migrations/ledger.h"
#include "migrations/migrationlog.h"
#include "migrations/revisiongraph.h"
#include "migrations/revisionscript.h"

#include <QSqlDatabase>

namespace dbx::migrations {

// Runs one RevisionScript and, when a step fails, leaves the database as it was before the
// revision: rolls back, then writes the failure event in its own transaction so it survives the
// rollback. The error names the revision, the statement, its line and the server's message.
class ScriptExecutor {
public:
    ScriptExecutor(QSqlDatabase db, const RevisionGraph &graph, const Ledger &ledger);
    void setLogHandler(LogHandler handler) { m_log = std::move(handler); }
    void setCancelCheck(CancelCheck cancelled) { m_cancelled = std::move(cancelled); }

    model::Status run(const RevisionScript &script);

private:
    model::DbError describe(const RevisionScript &script, const SqlStep &step,
                            model::DbError error) const;
    void recover(const RevisionScript &script, model::DbError *error, qint64 elapsedMs);
    QString openTransactions();
    void log(LogLine::Level level, const QString &text, const QString &revision) const;

    QSqlDatabase m_db;
    const RevisionGraph &m_graph;
    const Ledger &m_ledger;
    LogHandler m_log;
    CancelCheck m_cancelled;
};

} // namespace dbx::migrations
