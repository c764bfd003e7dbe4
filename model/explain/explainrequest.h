#pragma once

#include "model/db/sqlresult.h"
#include "model/db/statement.h"
#include "model/explain/explainplan.h"
#include "model/result.h"

#include <QObject>
#include <QString>

#include <functional>

class QSqlDatabase;

namespace dbx::model {
class Database;
class JobContext;
} // namespace dbx::model

namespace dbx::model::explain {

enum class ExplainMode {
    Plan,    // EXPLAIN (FORMAT JSON): the planner's estimates, nothing runs
    Analyze, // EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON): runs the statement, then rolls it back
};

// What PostgreSQL's parser says about a statement before it is explained.
struct StatementKind {
    QString command;          // "SELECT", "UPDATE", "INSERT", "DELETE", "MERGE", "CREATE TABLE AS"
    bool changesData = false; // writes rows or creates objects (a data-modifying CTE too)
};

// Classifies one statement with libpg_query's parse tree (not by its first word, so a
// `WITH d AS (DELETE ...) SELECT` is seen for what it is). Statements EXPLAIN does not take
// (DDL, several statements, an EXPLAIN itself) and syntax errors give a clear error.
Result<StatementKind> classifyForExplain(const QString &sql);

// The EXPLAIN statement for `statement`, its values still bound to the same $n.
Statement explainStatement(const Statement &statement, ExplainMode mode, bool json = true);

// A plan, its text form and what was done to get it.
struct ExplainOutcome {
    ExplainPlan plan;
    QString text;                // the text form
    bool textFromServer = false; // FORMAT TEXT ran (Plan); else written from the JSON
    bool rolledBack = false;     // ANALYZE ran inside a transaction (or savepoint) rolled back
    StatementKind kind;
    Statement statement; // the statement explained
};

// Runs the request on the calling thread, which owns `db` (a Database worker). ANALYZE runs
// the statement inside a transaction of its own, or a savepoint within the caller's, that is
// rolled back whatever the statement is, so neither a data-changing statement nor a function
// with side effects leaves anything behind. Cancelled by the worker's cancel (57014).
Result<ExplainOutcome> runExplain(QSqlDatabase &db, const Statement &statement, ExplainMode mode,
                                  const JobContext *context = nullptr);

// The same on `database`'s worker; `done` is called in `context`'s thread. Cancel it with
// Database::cancel(ticket).
Ticket requestExplain(Database *database, const Statement &statement, ExplainMode mode,
                      QObject *context,
                      std::function<void(Ticket, const Result<ExplainOutcome> &)> done);

} // namespace dbx::model::explain
