#include "model/script/statementrisk.h"

#include "model/script/sqlparameters.h"
#include "model/sqlscript.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <pg_query.h>

namespace dbx::model {

namespace {

// The parse tree of one statement (its "stmt" node), or an empty object when the parser
// rejects it.
QJsonObject parseOne(const QString &sql)
{
    const QByteArray text = maskNamedParameters(sql).toUtf8();
    PgQueryParseResult parsed = pg_query_parse(text.constData());
    QJsonObject stmt;
    if (!parsed.error) {
        const QJsonDocument tree = QJsonDocument::fromJson(QByteArray(parsed.parse_tree));
        const QJsonArray stmts = tree.object().value(QLatin1String("stmts")).toArray();
        if (stmts.size() == 1)
            stmt = stmts.at(0).toObject().value(QLatin1String("stmt")).toObject();
    }
    pg_query_free_parse_result(parsed);
    return stmt;
}

QString relationName(const QJsonObject &rangeVar)
{
    const QString schema = rangeVar.value(QLatin1String("schemaname")).toString();
    const QString name = rangeVar.value(QLatin1String("relname")).toString();
    return schema.isEmpty() ? name : schema + QLatin1Char('.') + name;
}

// The names an object of a DROP is made of ("public.t", "f", "s.my_type"), joined by dots.
void collectNames(const QJsonValue &node, QStringList &parts)
{
    if (node.isArray()) {
        for (const QJsonValue &item : node.toArray())
            collectNames(item, parts);
        return;
    }
    const QJsonObject object = node.toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.key() == QLatin1String("sval") || it.key() == QLatin1String("rolename"))
            parts << it.value().toString();
        else if (it.key() != QLatin1String("objargs") && it.key() != QLatin1String("objfuncargs"))
            collectNames(it.value(), parts);
    }
}

QString dropTargets(const QJsonObject &drop)
{
    QStringList targets;
    for (const QJsonValue &object : drop.value(QLatin1String("objects")).toArray()) {
        QStringList parts;
        collectNames(object, parts);
        targets << parts.join(QLatin1Char('.'));
    }
    for (const char *key : {"dbname", "tablespacename", "subname"}) {
        if (drop.contains(QLatin1String(key)))
            targets << drop.value(QLatin1String(key)).toString();
    }
    QStringList roles;
    collectNames(drop.value(QLatin1String("roles")), roles);
    targets << roles;
    return targets.join(QLatin1String(", "));
}

// "OBJECT_MATVIEW" → "MATERIALIZED VIEW"; the other kinds read as their words.
QString objectKind(const QString &key, const QJsonObject &drop)
{
    if (key == QLatin1String("DropdbStmt"))
        return QStringLiteral("DATABASE");
    if (key == QLatin1String("DropRoleStmt"))
        return QStringLiteral("ROLE");
    if (key == QLatin1String("DropTableSpaceStmt"))
        return QStringLiteral("TABLESPACE");
    if (key == QLatin1String("DropSubscriptionStmt"))
        return QStringLiteral("SUBSCRIPTION");
    if (key == QLatin1String("DropOwnedStmt"))
        return QStringLiteral("OWNED");
    QString kind = drop.value(QLatin1String("removeType")).toString();
    kind.remove(QLatin1String("OBJECT_"));
    if (kind == QLatin1String("MATVIEW"))
        return QStringLiteral("MATERIALIZED VIEW");
    return kind.replace(QLatin1Char('_'), QLatin1Char(' '));
}

struct Finder {
    const ScriptStatement &statement;
    qsizetype offset;
    QList<StatementRisk> risks;

    void add(StatementRisk::Kind kind, const QString &target, const QString &description)
    {
        StatementRisk risk;
        risk.kind = kind;
        risk.statement = statement.sql;
        risk.offset = offset;
        risk.line = statement.line;
        risk.target = target;
        risk.description = description;
        risks << risk;
    }

    void inspect(const QString &key, const QJsonObject &node)
    {
        if (key == QLatin1String("DeleteStmt") || key == QLatin1String("UpdateStmt")) {
            if (node.contains(QLatin1String("whereClause")))
                return;
            const QString table = relationName(node.value(QLatin1String("relation")).toObject());
            if (key == QLatin1String("DeleteStmt"))
                add(StatementRisk::Kind::DeleteWithoutWhere, table,
                    QCoreApplication::translate("StatementRisk",
                                                "DELETE without WHERE removes every row of %1")
                        .arg(table));
            else
                add(StatementRisk::Kind::UpdateWithoutWhere, table,
                    QCoreApplication::translate("StatementRisk",
                                                "UPDATE without WHERE changes every row of %1")
                        .arg(table));
        } else if (key == QLatin1String("TruncateStmt")) {
            QStringList tables;
            for (const QJsonValue &r : node.value(QLatin1String("relations")).toArray())
                tables << relationName(r.toObject().value(QLatin1String("RangeVar")).toObject());
            const QString target = tables.join(QLatin1String(", "));
            add(StatementRisk::Kind::Truncate, target,
                QCoreApplication::translate("StatementRisk", "TRUNCATE removes every row of %1")
                    .arg(target));
        } else if (key.startsWith(QLatin1String("Drop")) && key.endsWith(QLatin1String("Stmt"))) {
            const QString target = dropTargets(node);
            add(StatementRisk::Kind::Drop, target,
                QCoreApplication::translate("StatementRisk", "DROP %1 removes %2")
                    .arg(objectKind(key, node), target));
        } else if (key == QLatin1String("AlterTableCmd") &&
                   node.value(QLatin1String("subtype")).toString() ==
                       QLatin1String("AT_DropColumn")) {
            const QString column = node.value(QLatin1String("name")).toString();
            add(StatementRisk::Kind::Drop, QStringLiteral("COLUMN ") + column,
                QCoreApplication::translate("StatementRisk",
                                            "DROP COLUMN removes the column %1 and its data")
                    .arg(column));
        }
    }

    void walk(const QJsonValue &value)
    {
        if (value.isArray()) {
            for (const QJsonValue &item : value.toArray())
                walk(item);
            return;
        }
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            // Bodies of functions and rules are defined now, not run now.
            if (it.key() == QLatin1String("CreateFunctionStmt") ||
                it.key() == QLatin1String("RuleStmt"))
                continue;
            if (it.value().isObject())
                inspect(it.key(), it.value().toObject());
            walk(it.value());
        }
    }
};

} // namespace

QList<StatementRisk> statementRisks(const QString &script)
{
    QList<StatementRisk> risks;
    const QString masked = maskNamedParameters(script);
    qsizetype from = 0;
    for (const ScriptStatement &statement : splitScript(masked)) {
        const qsizetype at = masked.indexOf(statement.sql, from);
        const qsizetype offset = at < 0 ? from : at;
        from = at < 0 ? from : at + statement.sql.size();
        ScriptStatement original = statement;
        if (at >= 0)
            original.sql = script.mid(at, statement.sql.size());
        Finder finder{original, offset, {}};
        finder.walk(parseOne(statement.sql));
        risks << finder.risks;
    }
    return risks;
}

StatementShape statementShape(const QString &sql)
{
    StatementShape shape;
    const QJsonObject stmt = parseOne(sql);
    shape.transactionControl = stmt.contains(QLatin1String("TransactionStmt"));
    const QJsonObject select = stmt.value(QLatin1String("SelectStmt")).toObject();
    if (select.isEmpty() || select.contains(QLatin1String("intoClause")) ||
        select.contains(QLatin1String("lockingClause")))
        return shape;
    const QJsonArray ctes =
        select.value(QLatin1String("withClause")).toObject().value(QLatin1String("ctes")).toArray();
    for (const QJsonValue &cte : ctes) {
        const QJsonObject query = cte.toObject()
                                      .value(QLatin1String("CommonTableExpr"))
                                      .toObject()
                                      .value(QLatin1String("ctequery"))
                                      .toObject();
        if (!query.contains(QLatin1String("SelectStmt")))
            return shape;
    }
    shape.cursorReadable = true;
    return shape;
}

} // namespace dbx::model
