#pragma once

#include "model/db/executor.h"
#include "model/result.h"
#include "model/script/sqlparameters.h"
#include "model/sqlscript.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

class QSqlDatabase;

namespace dbx::model {

class JobContext;

// The values a script's parameters get, by name ("user_id") or number ("1" for $1); nullopt
// binds NULL. Always sent as text for the server to type, never written into the SQL.
using ParameterValues = QHash<QString, std::optional<QString>>;

// One statement of a script, ready to run: where it is in the script, and its text with
// `:name` rewritten to `$n` and the values bound.
struct ScriptStep {
    ScriptStatement source;
    qsizetype offset = 0; // index of its first character in the script
    ParameterPlan plan{QString()};
    Statement statement;
};

// Where a failure is in the script: the statement's line, and the server's error position as
// a line and column (1-based; 0 when the server gave no position) with that line's text.
struct ScriptFailure {
    DbError error;
    int statementLine = 1;
    int line = 0;
    int column = 0;
    QString lineText;
};

// What a runner reports while it runs, in order. The console window and the command line
// implement it; the runner itself never prints.
class ScriptObserver {
public:
    virtual ~ScriptObserver() = default;
    // A statement that returns rows described them (before the first row, also when empty).
    virtual void columns(const ScriptStep &step, const PgResult &described) = 0;
    // One row (a one-row result, the server's text); false stops the script (a write failed).
    virtual bool row(const PgResult &row) = 0;
    // A chunk of COPY ... TO STDOUT data (a line, as the server formats it); false stops.
    virtual bool copyData(const char *data, int length) = 0;
    // A statement finished: its command tag ("UPDATE 3", "SELECT 2") and whether it had rows.
    virtual void finished(const ScriptStep &step, const PgRows &summary, bool hadRows) = 0;
    // A NOTICE, WARNING or RAISE the server sent, as it arrives.
    virtual void notice(const Notice &notice) = 0;
    virtual void failed(const ScriptStep &step, const ScriptFailure &failure) = 0;
};

struct ScriptOptions {
    // BEGIN before the first statement, COMMIT after the last, ROLLBACK when one failed.
    bool singleTransaction = false;
    // Run the statements after a failing one too (inside a single transaction each behind a
    // savepoint, so that later ones are not refused as "transaction is aborted").
    bool continueOnError = false;
};

struct ScriptOutcome {
    int executed = 0; // statements run, failed ones included
    int failed = 0;
    bool stopped = false;    // the observer stopped it, or it was cancelled
    bool rolledBack = false; // a single transaction that did not commit
};

// Runs a SQL script the way psql -f does, through the one executor: split by PostgreSQL's
// parser, parameters found by its scanner and bound on the server, rows streamed in single-row
// mode (flat memory whatever their count). Outside --single-transaction every statement is
// its own transaction and the runner keeps no session state of its own, so it works behind a
// transaction pooler. Blocking: on the thread that owns the connection.
class ScriptRunner {
public:
    // Splits `script` and binds `values`. Fails, before anything runs, with every parameter
    // that has no value named (InvalidSpec: a usage error).
    static Result<QList<ScriptStep>> prepare(const QString &script, const ParameterValues &values);

    ScriptRunner(QString script, QList<ScriptStep> steps, ScriptOptions options = {});
    ScriptOutcome run(QSqlDatabase &db, ScriptObserver &observer,
                      const JobContext *context = nullptr) const;

    // Where `error` points in the script (for tests and the console's editor).
    ScriptFailure locate(const ScriptStep &step, const DbError &error) const;

private:
    bool runStep(QSqlDatabase &db, const ScriptStep &step, ScriptObserver &observer,
                 const JobContext *context, ScriptOutcome &outcome) const;
    Result<PgRows> execute(QSqlDatabase &db, const Statement &statement, const RawRowStream &stream,
                           const JobContext *context) const;
    // COMMIT, or ROLLBACK when a statement failed or the script was stopped.
    void endTransaction(QSqlDatabase &db, ScriptObserver &observer, ScriptOutcome &outcome) const;
    Status control(QSqlDatabase &db, const QString &sql) const;

    QString m_script;
    QList<ScriptStep> m_steps;
    ScriptOptions m_options;
};

} // namespace dbx::model
