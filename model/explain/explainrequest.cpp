#include "model/explain/explainrequest.h"

#include "model/db/database.h"
#include "model/db/executor.h"
#include "model/db/pgnative.h"
#include "model/explain/plantext.h"

#include <pg_query.h>

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace dbx::model::explain {

namespace {

// The translation context of these messages.
struct ExplainMessages {
    Q_DECLARE_TR_FUNCTIONS(ExplainMessages)
};

bool hasModifyingCte(const QJsonObject &stmt)
{
    const QJsonObject with = stmt.value(QLatin1String("withClause")).toObject();
    for (const QJsonValue &cte : with.value(QLatin1String("ctes")).toArray()) {
        const QJsonObject query = cte.toObject()
                                      .value(QLatin1String("CommonTableExpr"))
                                      .toObject()
                                      .value(QLatin1String("ctequery"))
                                      .toObject();
        const QString kind = query.keys().value(0);
        if (kind != QLatin1String("SelectStmt"))
            return true;
        if (hasModifyingCte(query.value(kind).toObject()))
            return true;
    }
    return false;
}

Result<StatementKind> kindOf(const QString &type, const QJsonObject &node)
{
    struct Known {
        const char *type;
        const char *command;
        bool changes;
    };
    static const Known known[] = {
        {"SelectStmt", "SELECT", false},  {"InsertStmt", "INSERT", true},
        {"UpdateStmt", "UPDATE", true},   {"DeleteStmt", "DELETE", true},
        {"MergeStmt", "MERGE", true},     {"CreateTableAsStmt", "CREATE TABLE AS", true},
        {"ExecuteStmt", "EXECUTE", true}, {"DeclareCursorStmt", "DECLARE", false},
    };
    for (const Known &k : known) {
        if (type != QLatin1String(k.type))
            continue;
        StatementKind kind{QLatin1String(k.command), k.changes};
        if (type == QLatin1String("SelectStmt")) {
            if (node.contains(QLatin1String("intoClause"))) {
                kind.command = QStringLiteral("SELECT INTO");
                kind.changesData = true;
            }
            if (node.value(QLatin1String("valuesLists")).isArray())
                kind.command = QStringLiteral("VALUES");
        }
        // An EXECUTE's prepared statement is unknown here: treated as changing data.
        kind.changesData = kind.changesData || hasModifyingCte(node);
        return kind;
    }
    if (type == QLatin1String("ExplainStmt"))
        return DbError::plain(
            ExplainMessages::tr("The statement is an EXPLAIN already: explain the statement "
                                "inside it instead."));
    return DbError::plain(
        ExplainMessages::tr("EXPLAIN shows the plans of SELECT, INSERT, UPDATE, DELETE, MERGE, "
                            "VALUES, EXECUTE and CREATE TABLE AS; this statement is none of "
                            "them."));
}

QString explainOptions(ExplainMode mode, bool json)
{
    QStringList options;
    if (mode == ExplainMode::Analyze)
        options << QStringLiteral("ANALYZE") << QStringLiteral("BUFFERS");
    options << (json ? QStringLiteral("FORMAT JSON") : QStringLiteral("FORMAT TEXT"));
    return QStringLiteral("EXPLAIN (%1) ").arg(options.join(QLatin1String(", ")));
}

Result<QString> serverText(QSqlDatabase &db, const Statement &statement)
{
    const Result<PgRows> rows = exec(db, explainStatement(statement, ExplainMode::Plan, false));
    if (!rows)
        return rows.error();
    QStringList lines;
    for (const QVariantList &row : rows->rows)
        lines << row.value(0).toString();
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

Result<QByteArray> planJson(QSqlDatabase &db, const Statement &statement, ExplainMode mode)
{
    const Result<PgResult> result = execRaw(db, explainStatement(statement, mode, true));
    if (!result)
        return result.error();
    if (result->rowCount() < 1 || result->columnCount() < 1)
        return DbError::plain(ExplainMessages::tr("The server returned no plan."));
    return QByteArray(result->raw(0, 0), result->length(0, 0));
}

// ANALYZE inside a transaction of its own, or a savepoint in the caller's, rolled back after.
Result<QByteArray> analyzedJson(QSqlDatabase &db, const Statement &statement,
                                const JobContext *context)
{
    const bool nested = transactionState(db) != TransactionState::Idle;
    const Statement begin(nested ? QStringLiteral("SAVEPOINT dbx_explain")
                                 : QStringLiteral("BEGIN"));
    if (const Result<PgRows> begun = exec(db, begin); !begun)
        return begun.error();
    const Result<QByteArray> json = planJson(db, statement, ExplainMode::Analyze);
    if (context)
        context->endCancellable();
    Result<PgRows> undone =
        nested ? exec(db, Statement(QStringLiteral("ROLLBACK TO SAVEPOINT dbx_explain")))
               : exec(db, Statement(QStringLiteral("ROLLBACK")));
    if (nested && undone)
        undone = exec(db, Statement(QStringLiteral("RELEASE SAVEPOINT dbx_explain")));
    if (!json)
        return json.error();
    if (!undone)
        return undone.error();
    return json;
}

} // namespace

Result<StatementKind> classifyForExplain(const QString &sql)
{
    const QByteArray utf8 = sql.toUtf8();
    PgQueryParseResult parsed = pg_query_parse(utf8.constData());
    if (parsed.error) {
        const DbError error =
            DbError::plain(ExplainMessages::tr("Syntax error: %1 (at character %2).")
                               .arg(QString::fromUtf8(parsed.error->message))
                               .arg(parsed.error->cursorpos));
        pg_query_free_parse_result(parsed);
        return error;
    }
    const QJsonDocument tree = QJsonDocument::fromJson(QByteArray(parsed.parse_tree));
    pg_query_free_parse_result(parsed);
    const QJsonArray statements = tree.object().value(QLatin1String("stmts")).toArray();
    if (statements.size() != 1)
        return DbError::plain(
            ExplainMessages::tr("EXPLAIN takes one statement; this text has %n statement(s).", "",
                                int(statements.size())));
    const QJsonObject stmt = statements.first().toObject().value(QLatin1String("stmt")).toObject();
    const QString type = stmt.keys().value(0);
    return kindOf(type, stmt.value(type).toObject());
}

Statement explainStatement(const Statement &statement, ExplainMode mode, bool json)
{
    Statement explained = statement;
    explained.sql = explainOptions(mode, json) + statement.sql;
    return explained;
}

Result<ExplainOutcome> runExplain(QSqlDatabase &db, const Statement &statement, ExplainMode mode,
                                  const JobContext *context)
{
    const Result<StatementKind> kind = classifyForExplain(statement.sql);
    if (!kind)
        return kind.error();
    const Result<QByteArray> json = mode == ExplainMode::Analyze
                                        ? analyzedJson(db, statement, context)
                                        : planJson(db, statement, mode);
    if (!json)
        return json.error();
    Result<ExplainPlan> plan = parsePlan(json.value());
    if (!plan)
        return plan.error();
    ExplainOutcome outcome;
    outcome.plan = std::move(plan).value();
    outcome.kind = kind.value();
    outcome.statement = statement;
    outcome.rolledBack = mode == ExplainMode::Analyze;
    if (mode == ExplainMode::Plan) {
        // Nothing runs without ANALYZE, so the server's own text costs one more planning only.
        const Result<QString> text = serverText(db, statement);
        if (!text)
            return text.error();
        outcome.text = text.value();
        outcome.textFromServer = true;
    } else {
        outcome.text = planText(outcome.plan);
    }
    return outcome;
}

Ticket requestExplain(Database *database, const Statement &statement, ExplainMode mode,
                      QObject *context,
                      std::function<void(Ticket, const Result<ExplainOutcome> &)> done)
{
    return database->run<ExplainOutcome>(
        [statement, mode](QSqlDatabase &db, const JobContext &ctx) {
            return runExplain(db, statement, mode, &ctx);
        },
        context, std::move(done));
}

} // namespace dbx::model::explain
