#pragma once

#include <QList>
#include <QString>

namespace dbx::model {

// A statement that can destroy data wholesale and deserves a confirmation before it runs.
struct StatementRisk {
    enum class Kind { UpdateWithoutWhere, DeleteWithoutWhere, Drop, Truncate };
    Kind kind = Kind::Drop;
    QString statement;    // the statement's text, as in the script
    qsizetype offset = 0; // of the statement's first character in the script
    int line = 1;         // of the statement's first line in the script
    QString target;       // what it hits: "workers", "public.t, resumes", "COLUMN salary"
    QString description;  // "DELETE without WHERE removes every row of workers"
};

// The risks of every statement of `script` (one statement or many), read from libpg_query's
// parse tree: UPDATE or DELETE without WHERE (also inside WITH), DROP of any object (ALTER
// TABLE ... DROP COLUMN included) and TRUNCATE. Text in strings and comments never counts;
// `:name` parameters are allowed. A statement the parser rejects has no risks: the server
// refuses it before it can do anything.
QList<StatementRisk> statementRisks(const QString &script);

// What the console needs to know of a statement before running it, from the same parse tree.
struct StatementShape {
    // A plain SELECT / VALUES / TABLE (no INTO, FOR UPDATE or data-modifying WITH), which a
    // scrollable cursor can read page by page.
    bool cursorReadable = false;
    // BEGIN, COMMIT, ROLLBACK, SAVEPOINT, PREPARE TRANSACTION...: the user's own transaction
    // control.
    bool transactionControl = false;
};
// `sql` is one statement; `$n` and `:name` parameters are allowed.
StatementShape statementShape(const QString &sql);

} // namespace dbx::model
