#include "model/sqlscript.h"

#include <pg_query.h>

#include <algorithm>

namespace dbx::model {

namespace {

int lineAt(const QByteArray &bytes, qsizetype offset)
{
    return 1 + int(std::count(bytes.constBegin(), bytes.constBegin() + offset, '\n'));
}

ScriptStatement wholeScript(const QString &script)
{
    return ScriptStatement{script.trimmed(), 1};
}

} // namespace

QList<ScriptStatement> splitScript(const QString &script)
{
    // Most requests are one statement without any semicolon: no need to parse those.
    if (!script.contains(QLatin1Char(';')))
        return {wholeScript(script)};
    const QByteArray bytes = script.toUtf8();
    PgQuerySplitResult split = pg_query_split_with_parser(bytes.constData());
    QList<ScriptStatement> statements;
    if (split.error) {
        pg_query_free_split_result(split);
        return {wholeScript(script)};
    }
    for (int i = 0; i < split.n_stmts; ++i) {
        const PgQuerySplitStmt *stmt = split.stmts[i];
        qsizetype start = stmt->stmt_location;
        const qsizetype end = start + stmt->stmt_len;
        QByteArray text = bytes.mid(start, end - start);
        // The parser counts the comments and blank lines after the previous semicolon as part
        // of this statement; its line is where the first real character is.
        const QString sql = QString::fromUtf8(text).trimmed();
        if (sql.isEmpty())
            continue;
        const qsizetype firstChar = bytes.indexOf(sql.left(1).toUtf8(), start);
        statements << ScriptStatement{sql, lineAt(bytes, firstChar < 0 ? start : firstChar)};
    }
    pg_query_free_split_result(split);
    if (statements.isEmpty())
        return {wholeScript(script)};
    return statements;
}

} // namespace dbx::model
