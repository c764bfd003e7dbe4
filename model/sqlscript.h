#pragma once

#include "model/result.h"

#include <QList>
#include <QString>

namespace dbx::model {

// One statement of a script, as PostgreSQL's own parser delimits it.
struct ScriptStatement {
    QString sql;  // without the terminating semicolon, comments before it trimmed
    int line = 1; // 1-based line of its first character in the script
};

// Splits a script into statements with libpg_query (the server's grammar), so semicolons inside
// dollar quotes, E'' strings, comments, quoted identifiers and BEGIN ATOMIC bodies never split a
// statement. A script the parser rejects is returned whole, as one statement, so the server can
// report its own syntax error with the right SQLSTATE.
QList<ScriptStatement> splitScript(const QString &script);

// A statement as a message or a log shows it: at most `maxChars` characters, the rest only
// counted ("… (49,999,800 more characters)"), so a 50 MB INSERT is never echoed in full.
QString abbreviatedSql(const QString &sql, qsizetype maxChars = 2000);

} // namespace dbx::model
