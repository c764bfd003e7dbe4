#include "model/query/sqlimport.h"

#include "model/query/sqlimportimpl.h"
#include "model/sqlident.h"

#include <QJsonDocument>
#include <QRegularExpression>

#include <pg_query.h>

namespace dbx::model::query {

namespace {

DbError importError(const QString &message)
{
    DbError error;
    error.kind = DbError::Kind::Statement;
    error.message = message;
    return error;
}

// pg_catalog's internal type names, as a person writes them.
QString readableType(const QString &name)
{
    static const QHash<QString, QString> names{
        {QStringLiteral("int2"), QStringLiteral("smallint")},
        {QStringLiteral("int4"), QStringLiteral("integer")},
        {QStringLiteral("int8"), QStringLiteral("bigint")},
        {QStringLiteral("float4"), QStringLiteral("real")},
        {QStringLiteral("float8"), QStringLiteral("double precision")},
        {QStringLiteral("bool"), QStringLiteral("boolean")},
        {QStringLiteral("varchar"), QStringLiteral("character varying")},
        {QStringLiteral("bpchar"), QStringLiteral("character")},
        {QStringLiteral("timestamptz"), QStringLiteral("timestamp with time zone")},
        {QStringLiteral("timetz"), QStringLiteral("time with time zone")},
    };
    return names.value(name, name);
}

} // namespace

QString nodeKind(const QJsonValue &node)
{
    const QJsonObject object = node.toObject();
    return object.isEmpty() ? QString() : object.constBegin().key();
}

QJsonObject nodeBody(const QJsonValue &node)
{
    const QJsonObject object = node.toObject();
    return object.isEmpty() ? QJsonObject() : object.constBegin().value().toObject();
}

QStringList nodeNames(const QJsonArray &list)
{
    QStringList out;
    for (const QJsonValue &item : list)
        out << nodeBody(item).value(QLatin1String("sval")).toString();
    return out;
}

void SqlImporter::refuse(const QString &what, const QJsonValue &node)
{
    if (!m_error.isEmpty())
        return;
    const QJsonObject body = nodeBody(node);
    const int location = body.value(QLatin1String("location")).toInt(-1);
    m_error = location < 0
                  ? tr("The builder cannot show %1.").arg(what)
                  : tr("The builder cannot show %1 (at character %2).").arg(what).arg(location + 1);
}

QString SqlImporter::typeName(const QJsonObject &type)
{
    QStringList names = nodeNames(type.value(QLatin1String("names")).toArray());
    if (names.size() > 1 && names.first() == QLatin1String("pg_catalog"))
        names.removeFirst();
    // A name the parser kept as it was written in quotes is written back quoted: "char" (one
    // byte) is another type than char, which the parser already turned into bpchar.
    static const QRegularExpression plain(QStringLiteral("^[a-z_][a-z0-9_]*$"));
    for (QString &part : names) {
        if (part == QLatin1String("char") || !plain.match(part).hasMatch())
            part = quoteIdent(part);
    }
    QString name = readableType(names.join(QLatin1Char('.')));
    QStringList modifiers;
    for (const QJsonValue &m : type.value(QLatin1String("typmods")).toArray()) {
        const Expr value = constant(nodeBody(m));
        modifiers << value.value.toString();
    }
    if (!modifiers.isEmpty())
        name += QLatin1Char('(') + modifiers.join(QLatin1Char(',')) + QLatin1Char(')');
    if (!type.value(QLatin1String("arrayBounds")).toArray().isEmpty())
        name += QLatin1String("[]");
    return name;
}

bool SqlImporter::source(const QJsonValue &node, Source &out, const QList<NamedQuery> &scope)
{
    const QString kind = nodeKind(node);
    const QJsonObject body = nodeBody(node);
    const QString alias =
        body.value(QLatin1String("alias")).toObject().value(QLatin1String("aliasname")).toString();
    if (kind == QLatin1String("RangeVar")) {
        const QString schema = body.value(QLatin1String("schemaname")).toString();
        const QString name = body.value(QLatin1String("relname")).toString();
        bool isCte = false;
        for (const NamedQuery &cte : scope)
            isCte = isCte || cte.name == name;
        if (schema.isEmpty() && isCte) {
            out = Source::fromCte(name, alias);
            return true;
        }
        // An unqualified name is looked up in public first, then in the only schema having it.
        QString found = schema;
        if (found.isEmpty()) {
            found = QStringLiteral("public");
            if (!m_snapshot.table(found, name)) {
                for (const SchemaInfo &s : m_snapshot.schemas) {
                    if (m_snapshot.table(s.name, name)) {
                        found = s.name;
                        break;
                    }
                }
            }
        }
        out = Source::fromTable(found, name, alias);
        return true;
    }
    if (kind == QLatin1String("RangeSubselect")) {
        if (body.value(QLatin1String("lateral")).toBool()) {
            refuse(tr("a LATERAL subquery"), node);
            return false;
        }
        if (alias.isEmpty()) {
            refuse(tr("a subquery without a name"), node);
            return false;
        }
        const QJsonValue sub = body.value(QLatin1String("subquery"));
        if (nodeKind(sub) != QLatin1String("SelectStmt")) {
            refuse(tr("this kind of subquery"), node);
            return false;
        }
        const QList<ScopeColumn> savedScope = m_scope;
        const Query inner = select(nodeBody(sub), scope);
        m_scope = savedScope;
        out = Source::fromSubquery(inner, alias);
        return !failed();
    }
    if (kind == QLatin1String("RangeFunction")) {
        refuse(tr("a function in FROM"), node);
        return false;
    }
    refuse(tr("this FROM item"), node);
    return false;
}

QString SqlImporter::foreignKeyOf(const Query &query, const Join &join) const
{
    // Which table each source name stands for (subqueries and CTEs have no keys).
    QHash<QString, const TableInfo *> tables;
    const auto add = [&](const Source &s) {
        if (s.kind == Source::Kind::Table)
            tables.insert(s.name(), m_snapshot.table(s.schema, s.table));
    };
    add(query.from);
    for (const Join &j : query.joins)
        add(j.target);
    // column pairs: (source, column) = (source, column), all under one AND
    QString sourceA, sourceB;
    QStringList columnsA, columnsB;
    for (const Filter &c : join.on.children) {
        if (c.kind != Filter::Kind::Condition || c.op != Filter::Op::Eq || c.right.size() != 1 ||
            c.left.kind != Expr::Kind::Column || c.right.first().kind != Expr::Kind::Column ||
            !c.left.cast.isEmpty() || !c.right.first().cast.isEmpty())
            return {};
        if (sourceA.isEmpty()) {
            sourceA = c.left.source;
            sourceB = c.right.first().source;
        }
        if (c.left.source == sourceA && c.right.first().source == sourceB) {
            columnsA << c.left.column;
            columnsB << c.right.first().column;
        } else if (c.left.source == sourceB && c.right.first().source == sourceA) {
            columnsA << c.right.first().column;
            columnsB << c.left.column;
        } else {
            return {};
        }
    }
    if (join.on.logic != Filter::Logic::And || columnsA.isEmpty())
        return {};
    const TableInfo *a = tables.value(sourceA);
    const TableInfo *b = tables.value(sourceB);
    if (!a || !b)
        return {};
    for (int pass = 0; pass < 2; ++pass) {
        const TableInfo *holder = pass == 0 ? a : b;
        const TableInfo *target = pass == 0 ? b : a;
        const QStringList &own = pass == 0 ? columnsA : columnsB;
        const QStringList &their = pass == 0 ? columnsB : columnsA;
        for (const ForeignKeyInfo &fk : holder->foreignKeys) {
            if (fk.refSchema == target->schema && fk.refTable == target->name &&
                fk.columns == own && fk.refColumns == their)
                return fk.name;
        }
    }
    return {};
}

bool SqlImporter::fromItem(const QJsonValue &node, Query &query, const QList<NamedQuery> &scope,
                           QList<QJsonValue> *quals)
{
    if (nodeKind(node) != QLatin1String("JoinExpr"))
        return source(node, query.from, scope);
    const QJsonObject body = nodeBody(node);
    if (body.value(QLatin1String("isNatural")).toBool() ||
        body.contains(QLatin1String("usingClause"))) {
        refuse(tr("a NATURAL or USING join (write ON with the columns)"), node);
        return false;
    }
    // Joins nest to the left: ((a JOIN b) JOIN c); the right side is one table or subquery.
    if (!fromItem(body.value(QLatin1String("larg")), query, scope, quals))
        return false;
    const QJsonValue right = body.value(QLatin1String("rarg"));
    if (nodeKind(right) == QLatin1String("JoinExpr")) {
        refuse(tr("a join nested in parentheses on the right side"), right);
        return false;
    }
    Join join;
    const QString type = body.value(QLatin1String("jointype")).toString();
    if (type == QLatin1String("JOIN_LEFT"))
        join.type = Join::Type::Left;
    else if (type == QLatin1String("JOIN_RIGHT"))
        join.type = Join::Type::Right;
    else if (type == QLatin1String("JOIN_FULL"))
        join.type = Join::Type::Full;
    else if (type != QLatin1String("JOIN_INNER")) {
        refuse(tr("this kind of join"), node);
        return false;
    }
    if (!source(right, join.target, scope))
        return false;
    query.joins << join;
    *quals << body.value(QLatin1String("quals"));
    return true;
}

Query SqlImporter::select(const QJsonObject &stmt, const QList<NamedQuery> &outer)
{
    Query query;
    const QJsonValue self{QJsonObject{{QStringLiteral("SelectStmt"), stmt}}};
    if (stmt.value(QLatin1String("op")).toString(QStringLiteral("SETOP_NONE")) !=
        QLatin1String("SETOP_NONE")) {
        refuse(tr("UNION, INTERSECT or EXCEPT"), self);
        return query;
    }
    if (stmt.contains(QLatin1String("valuesLists"))) {
        refuse(tr("a VALUES list"), self);
        return query;
    }
    if (stmt.contains(QLatin1String("intoClause")) ||
        stmt.contains(QLatin1String("lockingClause"))) {
        refuse(tr("SELECT INTO or FOR UPDATE"), self);
        return query;
    }
    QList<NamedQuery> scope = outer;
    if (stmt.contains(QLatin1String("withClause"))) {
        const QJsonObject with = stmt.value(QLatin1String("withClause")).toObject();
        if (with.value(QLatin1String("recursive")).toBool()) {
            refuse(tr("WITH RECURSIVE"), QJsonObject{{QStringLiteral("WithClause"), with}});
            return query;
        }
        for (const QJsonValue &item : with.value(QLatin1String("ctes")).toArray()) {
            const QJsonObject cte = nodeBody(item);
            const QJsonValue body = cte.value(QLatin1String("ctequery"));
            if (nodeKind(body) != QLatin1String("SelectStmt")) {
                refuse(tr("a WITH query that is not a SELECT"), item);
                return query;
            }
            NamedQuery named{cte.value(QLatin1String("ctename")).toString(),
                             select(nodeBody(body), scope)};
            if (failed())
                return query;
            query.ctes << named;
            scope << named;
        }
    }
    const QJsonArray distinct = stmt.value(QLatin1String("distinctClause")).toArray();
    if (!distinct.isEmpty()) {
        if (distinct.size() > 1 || !distinct.first().toObject().isEmpty()) {
            refuse(tr("DISTINCT ON"), distinct.first());
            return query;
        }
        query.distinct = true;
    }
    const QJsonArray from = stmt.value(QLatin1String("fromClause")).toArray();
    if (from.size() != 1) {
        refuse(from.isEmpty() ? tr("a SELECT without FROM")
                              : tr("several tables separated by commas (use JOIN ... ON)"),
               from.isEmpty() ? self : from.at(1));
        return query;
    }
    QList<QJsonValue> quals;
    if (!fromItem(from.first(), query, scope, &quals))
        return query;

    // Columns are resolved against every source of this query (and its CTEs).
    Query withOuter = query;
    m_scope = columnsInScope(withOuter, m_snapshot, outer);
    for (qsizetype i = 0; i < query.joins.size(); ++i) {
        const QJsonValue qual = quals.at(i);
        const bool onTrue = nodeKind(qual) == QLatin1String("A_Const") &&
                            nodeBody(qual).contains(QLatin1String("boolval")) &&
                            constant(nodeBody(qual)).value.toBool();
        if (!qual.isUndefined() && !qual.isNull() && !onTrue) {
            query.joins[i].on = filter(quals.at(i));
            query.joins[i].foreignKey = foreignKeyOf(query, query.joins.at(i));
        }
    }
    for (const QJsonValue &target : stmt.value(QLatin1String("targetList")).toArray()) {
        const QJsonObject body = nodeBody(target);
        query.select << SelectItem{expr(body.value(QLatin1String("val"))),
                                   body.value(QLatin1String("name")).toString()};
    }
    // A lone * is the builder's "every column".
    if (query.select.size() == 1 && query.select.first().expr.kind == Expr::Kind::Star &&
        query.select.first().expr.source.isEmpty())
        query.select.clear();
    if (stmt.contains(QLatin1String("whereClause")))
        query.where = filter(stmt.value(QLatin1String("whereClause")));
    for (const QJsonValue &g : stmt.value(QLatin1String("groupClause")).toArray()) {
        if (nodeKind(g) == QLatin1String("A_Const")) {
            const int ordinal = constant(nodeBody(g)).value.toInt();
            if (ordinal < 1 || ordinal > query.select.size()) {
                refuse(tr("GROUP BY %1: there is no output column %1").arg(ordinal), g);
                return query;
            }
            query.groupBy << query.select.at(ordinal - 1).expr;
            continue;
        }
        query.groupBy << expr(g);
    }
    if (stmt.contains(QLatin1String("havingClause")))
        query.having = filter(stmt.value(QLatin1String("havingClause")));
    for (const QJsonValue &s : stmt.value(QLatin1String("sortClause")).toArray()) {
        const QJsonObject sort = nodeBody(s);
        OrderItem item;
        item.expr = expr(sort.value(QLatin1String("node")));
        const QString dir = sort.value(QLatin1String("sortby_dir")).toString();
        if (dir == QLatin1String("SORTBY_USING")) {
            refuse(tr("ORDER BY ... USING"), s);
            return query;
        }
        item.descending = dir == QLatin1String("SORTBY_DESC");
        const QString nulls = sort.value(QLatin1String("sortby_nulls")).toString();
        item.nulls = nulls == QLatin1String("SORTBY_NULLS_FIRST")  ? OrderItem::Nulls::First
                     : nulls == QLatin1String("SORTBY_NULLS_LAST") ? OrderItem::Nulls::Last
                                                                   : OrderItem::Nulls::Default;
        query.orderBy << item;
    }
    const auto count = [&](const char *key, qint64 *out) {
        const QJsonValue node = stmt.value(QLatin1String(key));
        if (node.isUndefined())
            return;
        const Expr value =
            nodeKind(node) == QLatin1String("A_Const") ? constant(nodeBody(node)) : Expr();
        if (value.kind != Expr::Kind::Value || value.value.isNull()) {
            refuse(tr("LIMIT or OFFSET other than a number"), node);
            return;
        }
        *out = value.value.toLongLong();
    };
    count("limitCount", &query.limit);
    count("limitOffset", &query.offset);
    if (stmt.value(QLatin1String("limitOption")).toString() ==
        QLatin1String("LIMIT_OPTION_WITH_TIES"))
        refuse(tr("FETCH ... WITH TIES"), self);
    return query;
}

Result<Query> importSql(const QString &sql, const SchemaSnapshot &snapshot)
{
    const QByteArray text = sql.toUtf8();
    PgQueryParseResult parsed = pg_query_parse(text.constData());
    if (parsed.error) {
        const QString message = QCoreApplication::translate("dbx::model::query::SqlImport",
                                                            "Syntax error: %1 (at character %2).")
                                    .arg(QString::fromUtf8(parsed.error->message))
                                    .arg(parsed.error->cursorpos);
        pg_query_free_parse_result(parsed);
        return importError(message);
    }
    const QJsonDocument tree = QJsonDocument::fromJson(QByteArray(parsed.parse_tree));
    pg_query_free_parse_result(parsed);
    const QJsonArray statements = tree.object().value(QLatin1String("stmts")).toArray();
    if (statements.size() != 1) {
        return importError(QCoreApplication::translate(
            "dbx::model::query::SqlImport",
            "The builder shows one SELECT statement; this text has %n statement(s).", "",
            int(statements.size())));
    }
    const QJsonValue stmt = statements.first().toObject().value(QLatin1String("stmt"));
    if (nodeKind(stmt) != QLatin1String("SelectStmt")) {
        return importError(QCoreApplication::translate(
            "dbx::model::query::SqlImport", "The builder shows SELECT statements only."));
    }
    SqlImporter importer(snapshot);
    Query query = importer.select(nodeBody(stmt), {});
    if (importer.failed())
        return importError(importer.error());
    return query;
}

} // namespace dbx::model::query
