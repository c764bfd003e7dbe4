#include "model/sqlscript.h"

#include <QCoreApplication>
#include <QLocale>

#include <pg_query.h>

#include <algorithm>

namespace dbx::model {

namespace {

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
    // Lines are counted on from the previous statement: linear however many statements.
    qsizetype counted = 0;
    int line = 1;
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
        qsizetype firstChar = bytes.indexOf(sql.left(1).toUtf8(), start);
        if (firstChar < 0)
            firstChar = start;
        line += int(std::count(bytes.constBegin() + counted, bytes.constBegin() + firstChar, '\n'));
        counted = firstChar;
        statements << ScriptStatement{sql, line};
    }
    pg_query_free_split_result(split);
    if (statements.isEmpty())
        return {wholeScript(script)};
    return statements;
}

QString abbreviatedSql(const QString &sql, qsizetype maxChars)
{
    if (sql.size() <= maxChars)
        return sql;
    qsizetype cut = maxChars;
    if (sql.at(cut - 1).isHighSurrogate())
        --cut;
    return sql.left(cut) + QCoreApplication::translate("SqlScript", " … (%1 more characters)")
                               .arg(QLocale().toString(sql.size() - cut));
}

} // namespace dbx::model
