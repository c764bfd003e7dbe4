#include "migrations/statementsplitter.h"

#include "migrations/migrationerror.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <pg_query.h>

namespace dbx::migrations {

namespace {

int newlinesBetween(const QByteArray &bytes, qsizetype from, qsizetype to)
{
    int count = 0;
    for (qsizetype i = from; i < to; ++i) {
        if (bytes.at(i) == '\n')
            ++count;
    }
    return count;
}

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// The parser's statement starts right after the previous semicolon, so it carries the comments
// in between; the line of a statement is the line of its first token.
qsizetype skipLeadingTrivia(const QByteArray &bytes, qsizetype pos, qsizetype end)
{
    auto at = [&](qsizetype i, char c) { return i < end && bytes.at(i) == c; };
    while (pos < end) {
        if (isSpace(bytes.at(pos))) {
            ++pos;
        } else if (at(pos, '-') && at(pos + 1, '-')) {
            while (pos < end && bytes.at(pos) != '\n')
                ++pos;
        } else if (at(pos, '/') && at(pos + 1, '*')) {
            int depth = 0;
            do {
                if (at(pos, '/') && at(pos + 1, '*')) {
                    ++depth;
                    pos += 2;
                } else if (at(pos, '*') && at(pos + 1, '/')) {
                    --depth;
                    pos += 2;
                } else {
                    ++pos;
                }
            } while (depth > 0 && pos < end);
        } else {
            break;
        }
    }
    return pos;
}

// libpg_query reports a 1-based character position; lines are what people look for.
int lineOfCharacter(const QString &text, int cursorPos)
{
    const QList<uint> characters = text.toUcs4();
    const qsizetype limit = std::min<qsizetype>(std::max(cursorPos - 1, 0), characters.size());
    int line = 0;
    for (qsizetype i = 0; i < limit; ++i) {
        if (characters.at(i) == '\n')
            ++line;
    }
    return line;
}

void collectStringConstants(const QJsonValue &value, QStringList *out)
{
    if (value.isArray()) {
        for (const QJsonValue &item : value.toArray())
            collectStringConstants(item, out);
        return;
    }
    if (!value.isObject())
        return;
    const QJsonObject object = value.toObject();
    // Const iteration: a mutable one would copy the object's data at every level.
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (it.key() == QLatin1String("A_Const")) {
            const QJsonValue text = it.value().toObject().value(QLatin1String("sval"));
            if (text.isObject())
                out->append(text.toObject().value(QLatin1String("sval")).toString());
        }
        collectStringConstants(it.value(), out);
    }
}

bool hasDefElem(const QJsonArray &items, const char *name)
{
    for (const QJsonValue &item : items) {
        const QJsonObject def = item.toObject().value(QLatin1String("DefElem")).toObject();
        if (def.value(QLatin1String("defname")).toString() == QLatin1String(name))
            return true;
    }
    return false;
}

// Names the statements PostgreSQL refuses inside a transaction block (PreventInTransactionBlock
// in the server), or returns an empty string.
QString noTransactionKind(const QString &type, const QJsonObject &node)
{
    auto flag = [&](const char *key) { return node.value(QLatin1String(key)).toBool(); };
    if (type == QLatin1String("IndexStmt") && flag("concurrent"))
        return QStringLiteral("CREATE INDEX CONCURRENTLY");
    if (type == QLatin1String("DropStmt") && flag("concurrent"))
        return QStringLiteral("DROP INDEX CONCURRENTLY");
    if (type == QLatin1String("ReindexStmt")) {
        const QString kind = node.value(QLatin1String("kind")).toString();
        if (hasDefElem(node.value(QLatin1String("params")).toArray(), "concurrently"))
            return QStringLiteral("REINDEX CONCURRENTLY");
        if (kind == QLatin1String("REINDEX_OBJECT_SYSTEM") ||
            kind == QLatin1String("REINDEX_OBJECT_DATABASE"))
            return QStringLiteral("REINDEX DATABASE");
    }
    if (type == QLatin1String("VacuumStmt") && flag("is_vacuumcmd"))
        return QStringLiteral("VACUUM");
    if (type == QLatin1String("ClusterStmt") && !node.contains(QLatin1String("relation")))
        return QStringLiteral("CLUSTER");
    if (type == QLatin1String("AlterDatabaseStmt") &&
        hasDefElem(node.value(QLatin1String("options")).toArray(), "tablespace"))
        return QStringLiteral("ALTER DATABASE SET TABLESPACE");
    static const QList<std::pair<const char *, const char *>> always{
        {"CreatedbStmt", "CREATE DATABASE"},
        {"DropdbStmt", "DROP DATABASE"},
        {"AlterSystemStmt", "ALTER SYSTEM"},
        {"CreateTableSpaceStmt", "CREATE TABLESPACE"},
        {"DropTableSpaceStmt", "DROP TABLESPACE"},
        {"CreateSubscriptionStmt", "CREATE SUBSCRIPTION"},
        {"DropSubscriptionStmt", "DROP SUBSCRIPTION"},
    };
    for (const auto &[name, label] : always) {
        if (type == QLatin1String(name))
            return QLatin1String(label);
    }
    return {};
}

// Fills in what the parser knows about one statement; its string constants only when asked
// (walking every tree would cost more than the rest of the reading). False when it does not
// parse on its own, which the splitter treats as a syntax error at the statement.
bool classify(Statement *statement, bool withConstants, QString *parseError)
{
    const QByteArray utf8 = statement->sql.toUtf8();
    PgQueryParseResult parsed = pg_query_parse(utf8.constData());
    if (parsed.error) {
        *parseError = QString::fromUtf8(parsed.error->message);
        pg_query_free_parse_result(parsed);
        return false;
    }
    const QJsonDocument tree = QJsonDocument::fromJson(QByteArray(parsed.parse_tree));
    pg_query_free_parse_result(parsed);
    const QJsonArray statements = tree.object().value(QLatin1String("stmts")).toArray();
    const QJsonObject stmt = statements.first().toObject().value(QLatin1String("stmt")).toObject();
    const QString type = stmt.keys().value(0);
    const QJsonObject node = stmt.value(type).toObject();
    statement->transactionControl = type == QLatin1String("TransactionStmt");
    statement->needsNoTransaction = noTransactionKind(type, node);
    if (type == QLatin1String("AlterEnumStmt") && !node.contains(QLatin1String("oldVal")))
        statement->addedEnumValue = node.value(QLatin1String("newVal")).toString();
    if (withConstants)
        collectStringConstants(node, &statement->stringConstants);
    return true;
}

// Statements that can be nothing the runner must know about (no transaction control, nothing
// refused in a transaction block, no new enum value): the bulk of data migrations. The split
// already parsed them, so they skip the second parse; only their string constants would be
// wanted, after an ADD VALUE.
bool isPlainData(const QString &sql)
{
    qsizetype end = 0;
    while (end < sql.size() && end < 12 && sql.at(end).isLetter())
        ++end;
    static const QStringList plain{QStringLiteral("INSERT"), QStringLiteral("UPDATE"),
                                   QStringLiteral("DELETE"), QStringLiteral("SELECT"),
                                   QStringLiteral("VALUES"), QStringLiteral("COPY"),
                                   QStringLiteral("COMMENT")};
    return plain.contains(sql.left(end), Qt::CaseInsensitive);
}

} // namespace

model::Result<QList<Statement>> StatementSplitter::split(const QString &text,
                                                         const QString &fileName, int firstLine)
{
    const QByteArray utf8 = text.toUtf8();
    PgQuerySplitResult result = pg_query_split_with_parser(utf8.constData());
    if (result.error) {
        const int line = firstLine + lineOfCharacter(text, result.error->cursorpos);
        const QString message = QString::fromUtf8(result.error->message);
        pg_query_free_split_result(result);
        return invalidRequest(
            fileLine(fileName, line,
                     QCoreApplication::translate("StatementSplitter", "the SQL does not parse: %1")
                         .arg(message)));
    }
    QList<Statement> statements;
    statements.reserve(result.n_stmts);
    // Lines are counted on from the previous statement, never from the start again: a file of
    // many statements must be read in linear time.
    qsizetype counted = 0;
    int line = firstLine;
    bool enumAdded = false;
    for (int i = 0; i < result.n_stmts; ++i) {
        const qsizetype begin = result.stmts[i]->stmt_location;
        const qsizetype end = begin + result.stmts[i]->stmt_len;
        const qsizetype start = skipLeadingTrivia(utf8, begin, end);
        if (start >= end)
            continue;
        line += newlinesBetween(utf8, counted, start);
        counted = start;
        Statement statement;
        statement.line = line;
        statement.sql = QString::fromUtf8(utf8.mid(start, end - start)).trimmed();
        QString parseError;
        if ((enumAdded || !isPlainData(statement.sql)) &&
            !classify(&statement, enumAdded, &parseError)) {
            pg_query_free_split_result(result);
            return invalidRequest(fileLine(
                fileName, statement.line,
                QCoreApplication::translate("StatementSplitter", "the SQL does not parse: %1")
                    .arg(parseError)));
        }
        // Only a statement after an ALTER TYPE ... ADD VALUE can use the new value too early.
        enumAdded = enumAdded || !statement.addedEnumValue.isEmpty();
        statements.append(statement);
    }
    pg_query_free_split_result(result);
    return statements;
}

} // namespace dbx::migrations
