#include "model/query/queryjsonreader.h"

#include "model/query/queryjsonwords.h"

#include <QCoreApplication>

#include <cmath>

namespace dbx::model::query::jsonreader {

using namespace jsonwords;

QString member(const QString &path, const QString &key)
{
    return path.isEmpty() ? key : path + u'.' + key;
}

QString element(const QString &path, qsizetype index)
{
    return QStringLiteral("%1[%2]").arg(path).arg(index);
}

QString describe(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QueryJson::tr("null");
    case QJsonValue::Bool:
        return QueryJson::tr("true/false");
    case QJsonValue::Double:
        return QueryJson::tr("a number");
    case QJsonValue::String:
        return QueryJson::tr("a string");
    case QJsonValue::Array:
        return QueryJson::tr("a list");
    case QJsonValue::Object:
        return QueryJson::tr("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QueryJson::tr("nothing");
}

bool Reader::checkKeys(const QJsonObject &object, const QString &path, const QStringList &known)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!known.contains(it.key()))
            return fail(member(path, it.key()), QueryJson::tr("unknown field (expected one of %1)")
                                                    .arg(known.join(QLatin1String(", "))));
    }
    return true;
}

bool Reader::object(const QJsonValue &value, const QString &path, QJsonObject *out)
{
    if (!value.isObject())
        return wrongType(path, QueryJson::tr("an object"), value);
    *out = value.toObject();
    return true;
}

bool Reader::array(const QJsonValue &value, const QString &path, QJsonArray *out)
{
    if (!value.isArray())
        return wrongType(path, QueryJson::tr("a list"), value);
    *out = value.toArray();
    return true;
}

bool Reader::string(const QJsonObject &object, const QString &key, const QString &path,
                    QString *out, bool required)
{
    const QJsonValue value = object.value(key);
    if (value.isUndefined())
        return !required || missing(member(path, key));
    if (!value.isString())
        return wrongType(member(path, key), QueryJson::tr("a string"), value);
    *out = value.toString();
    return true;
}

bool Reader::integer(const QJsonObject &object, const QString &key, const QString &path,
                     qint64 *out)
{
    const QJsonValue value = object.value(key);
    if (value.isUndefined())
        return true;
    const double number = value.toDouble(-1);
    if (!value.isDouble() || number < 0 || number > 9e18 || std::floor(number) != number)
        return fail(
            member(path, key),
            QueryJson::tr("expected a whole number, 0 or more, not %1").arg(describe(value)));
    *out = value.toInteger();
    return true;
}

// Of `keys`, exactly one must be present: it says what kind of thing the object is.
bool Reader::exclusive(const QJsonObject &object, const QString &path, const QStringList &keys,
                       QString *found)
{
    found->clear();
    for (const QString &key : keys) {
        if (!object.contains(key))
            continue;
        if (!found->isEmpty())
            return fail(
                path, QueryJson::tr("\"%1\" and \"%2\" cannot be used together").arg(*found, key));
        *found = key;
    }
    return true;
}

bool Reader::readQuery(const QJsonValue &value, const QString &path, Query *query)
{
    QJsonObject o;
    if (!object(value, path, &o) ||
        !checkKeys(o, path,
                   {QStringLiteral("with"), QStringLiteral("distinct"), QStringLiteral("from"),
                    QStringLiteral("joins"), QStringLiteral("select"), QStringLiteral("where"),
                    QStringLiteral("groupBy"), QStringLiteral("having"), QStringLiteral("orderBy"),
                    QStringLiteral("limit"), QStringLiteral("offset")}))
        return false;
    if (o.contains(QStringLiteral("with")) &&
        !readCtes(o.value(QStringLiteral("with")), member(path, QStringLiteral("with")),
                  &query->ctes))
        return false;
    if (const QJsonValue distinct = o.value(QStringLiteral("distinct")); !distinct.isUndefined()) {
        if (!distinct.isBool())
            return wrongType(member(path, QStringLiteral("distinct")),
                             QueryJson::tr("true or false"), distinct);
        query->distinct = distinct.toBool();
    }
    if (!o.contains(QStringLiteral("from")))
        return missing(member(path, QStringLiteral("from")));
    if (!readSource(o.value(QStringLiteral("from")), member(path, QStringLiteral("from")),
                    &query->from))
        return false;
    if (o.contains(QStringLiteral("joins"))) {
        const QString joinsPath = member(path, QStringLiteral("joins"));
        QJsonArray joins;
        if (!array(o.value(QStringLiteral("joins")), joinsPath, &joins))
            return false;
        for (qsizetype i = 0; i < joins.size(); ++i) {
            Join join;
            if (!readJoin(joins.at(i), element(joinsPath, i), &join))
                return false;
            query->joins << join;
        }
    }
    if (o.contains(QStringLiteral("select"))) {
        const QString selectPath = member(path, QStringLiteral("select"));
        QJsonArray select;
        if (!array(o.value(QStringLiteral("select")), selectPath, &select))
            return false;
        for (qsizetype i = 0; i < select.size(); ++i) {
            SelectItem item;
            if (!readSelectItem(select.at(i), element(selectPath, i), &item))
                return false;
            query->select << item;
        }
    }
    for (const auto &[key, filter] : {std::pair{QStringLiteral("where"), &query->where},
                                      std::pair{QStringLiteral("having"), &query->having}}) {
        if (o.contains(key) && !readFilter(o.value(key), member(path, key), filter))
            return false;
    }
    if (o.contains(QStringLiteral("groupBy")) &&
        !readExprList(o.value(QStringLiteral("groupBy")), member(path, QStringLiteral("groupBy")),
                      &query->groupBy))
        return false;
    if (o.contains(QStringLiteral("orderBy")) &&
        !readOrderList(o.value(QStringLiteral("orderBy")), member(path, QStringLiteral("orderBy")),
                       &query->orderBy))
        return false;
    return integer(o, QStringLiteral("limit"), path, &query->limit) &&
           integer(o, QStringLiteral("offset"), path, &query->offset);
}

bool Reader::readCtes(const QJsonValue &value, const QString &path, QList<NamedQuery> *ctes)
{
    QJsonArray list;
    if (!array(value, path, &list))
        return false;
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString itemPath = element(path, i);
        QJsonObject o;
        NamedQuery cte;
        if (!object(list.at(i), itemPath, &o) ||
            !checkKeys(o, itemPath, {QStringLiteral("name"), QStringLiteral("query")}) ||
            !string(o, QStringLiteral("name"), itemPath, &cte.name, true))
            return false;
        if (!o.contains(QStringLiteral("query")))
            return missing(member(itemPath, QStringLiteral("query")));
        if (!readQuery(o.value(QStringLiteral("query")), member(itemPath, QStringLiteral("query")),
                       &cte.query))
            return false;
        *ctes << cte;
    }
    return true;
}

bool Reader::readSource(const QJsonValue &value, const QString &path, Source *source)
{
    if (value.isString()) {
        const QString text = value.toString();
        const qsizetype dot = text.indexOf(u'.');
        if (text.isEmpty() || dot == 0 || dot == text.size() - 1)
            return fail(path,
                        QueryJson::tr("expected a table name (\"table\" or \"schema.table\"), not "
                                      "\"%1\"")
                            .arg(text));
        *source = dot < 0 ? Source::fromTable({}, text)
                          : Source::fromTable(text.left(dot), text.mid(dot + 1));
        return true;
    }
    QJsonObject o;
    QString kind;
    if (!object(value, path, &o) ||
        !checkKeys(o, path,
                   {QStringLiteral("table"), QStringLiteral("schema"), QStringLiteral("cte"),
                    QStringLiteral("subquery"), QStringLiteral("as")}) ||
        !exclusive(o, path,
                   {QStringLiteral("table"), QStringLiteral("cte"), QStringLiteral("subquery")},
                   &kind))
        return false;
    if (kind.isEmpty())
        return fail(path, QueryJson::tr("expected \"table\", \"cte\" or \"subquery\""));
    if (o.contains(QStringLiteral("schema")) && kind != QLatin1String("table"))
        return fail(member(path, QStringLiteral("schema")),
                    QueryJson::tr("only a table has a schema"));
    QString alias;
    if (!string(o, QStringLiteral("as"), path, &alias))
        return false;
    if (kind == QLatin1String("subquery")) {
        Query query;
        if (!readQuery(o.value(kind), member(path, kind), &query))
            return false;
        *source = Source::fromSubquery(query, alias);
        return true;
    }
    QString name;
    QString schema;
    if (!string(o, kind, path, &name) || !string(o, QStringLiteral("schema"), path, &schema))
        return false;
    *source = kind == QLatin1String("cte") ? Source::fromCte(name, alias)
                                           : Source::fromTable(schema, name, alias);
    return true;
}

bool Reader::readJoin(const QJsonValue &value, const QString &path, Join *join)
{
    QJsonObject o;
    QString type;
    if (!object(value, path, &o) ||
        !checkKeys(o, path,
                   {QStringLiteral("join"), QStringLiteral("type"), QStringLiteral("on"),
                    QStringLiteral("foreignKey")}) ||
        !string(o, QStringLiteral("type"), path, &type) ||
        !string(o, QStringLiteral("foreignKey"), path, &join->foreignKey))
        return false;
    if (!o.contains(QStringLiteral("join")))
        return missing(member(path, QStringLiteral("join")));
    if (!readSource(o.value(QStringLiteral("join")), member(path, QStringLiteral("join")),
                    &join->target))
        return false;
    if (!type.isEmpty()) {
        const auto known = valueFor(joinTypes, type);
        if (!known)
            return fail(member(path, QStringLiteral("type")),
                        QueryJson::tr("unknown join type \"%1\" (expected one of %2)")
                            .arg(type, wordList(joinTypes)));
        join->type = *known;
    }
    return !o.contains(QStringLiteral("on")) ||
           readFilter(o.value(QStringLiteral("on")), member(path, QStringLiteral("on")), &join->on);
}

bool Reader::readSelectItem(const QJsonValue &value, const QString &path, SelectItem *item)
{
    return readExpr(value, path, &item->expr, {QStringLiteral("as")}) &&
           (!value.isObject() ||
            string(value.toObject(), QStringLiteral("as"), path, &item->label));
}

bool Reader::readFilter(const QJsonValue &value, const QString &path, Filter *filter)
{
    QJsonObject o;
    QString kind;
    if (!object(value, path, &o) ||
        !exclusive(o, path, {QStringLiteral("and"), QStringLiteral("or"), QStringLiteral("op")},
                   &kind))
        return false;
    if (kind.isEmpty())
        return fail(path,
                    QueryJson::tr("expected a group (\"and\" or \"or\" with a list) or a condition "
                                  "(\"left\", \"op\" and its values)"));
    if (kind == QLatin1String("op"))
        return readCondition(o, path, filter);
    QJsonArray children;
    if (!checkKeys(o, path, {kind}) || !array(o.value(kind), member(path, kind), &children))
        return false;
    *filter = Filter::group(kind == QLatin1String("or") ? Filter::Logic::Or : Filter::Logic::And);
    for (qsizetype i = 0; i < children.size(); ++i) {
        Filter child;
        if (!readFilter(children.at(i), element(member(path, kind), i), &child))
            return false;
        filter->children << child;
    }
    return true;
}

bool Reader::readCondition(const QJsonObject &o, const QString &path, Filter *filter)
{
    QString opName;
    QString rightKey;
    if (!checkKeys(o, path,
                   {QStringLiteral("left"), QStringLiteral("op"), QStringLiteral("right"),
                    QStringLiteral("value"), QStringLiteral("values"),
                    QStringLiteral("ignore_case")}) ||
        !string(o, QStringLiteral("op"), path, &opName) ||
        !exclusive(o, path,
                   {QStringLiteral("right"), QStringLiteral("value"), QStringLiteral("values")},
                   &rightKey))
        return false;
    const auto op = valueFor(operators, opName);
    if (!op)
        return fail(member(path, QStringLiteral("op")),
                    QueryJson::tr("unknown operator \"%1\" (expected one of %2)")
                        .arg(opName, wordList(operators)));
    Expr left;
    if (!o.contains(QStringLiteral("left")))
        return missing(member(path, QStringLiteral("left")));
    if (!readExpr(o.value(QStringLiteral("left")), member(path, QStringLiteral("left")), &left))
        return false;
    *filter = Filter::condition(left, *op);
    if (o.contains(QStringLiteral("ignore_case"))) {
        const QJsonValue ignore = o.value(QStringLiteral("ignore_case"));
        if (!ignore.isBool())
            return wrongType(member(path, QStringLiteral("ignore_case")), QueryJson::tr("true or false"),
                             ignore);
        filter->ignoreCase = ignore.toBool();
    }
    const QString rightPath = member(path, rightKey);
    const QJsonValue right = o.value(rightKey);
    if (rightKey == QLatin1String("value")) {
        QVariant variant;
        if (!readValue(right, {}, rightPath, &variant))
            return false;
        filter->right << Expr::val(variant);
    } else if (rightKey == QLatin1String("values")) {
        QJsonArray values;
        if (!array(right, rightPath, &values))
            return false;
        for (qsizetype i = 0; i < values.size(); ++i) {
            QVariant variant;
            if (!readValue(values.at(i), {}, element(rightPath, i), &variant))
                return false;
            filter->right << Expr::val(variant);
        }
    } else if (rightKey == QLatin1String("right")) {
        if (right.isArray())
            return readExprList(right, rightPath, &filter->right);
        Expr expr;
        if (!readExpr(right, rightPath, &expr))
            return false;
        filter->right << expr;
    }
    return true;
}

Result<Query> readDocument(const QJsonObject &document)
{
    Reader reader;
    const auto failure = [](const QString &message) {
        DbError error;
        error.kind = DbError::Kind::InvalidSpec;
        error.message = message;
        return error;
    };
    const QJsonValue format = document.value(QStringLiteral("format"));
    if (format.isUndefined())
        return failure(QueryJson::tr("format: required field is missing (this version writes %1)")
                           .arg(currentFormat));
    if (!format.isDouble() || format.toDouble() != double(format.toInteger()) ||
        format.toInteger() < 1)
        return failure(
            QueryJson::tr("format: expected %1, not %2")
                .arg(QString::number(currentFormat),
                     format.isDouble() ? QString::number(format.toDouble()) : describe(format)));
    if (format.toInteger() > currentFormat)
        return failure(
            QueryJson::tr("format %1 is newer than this version of DB Explorer understands (%2)")
                .arg(format.toInteger())
                .arg(currentFormat));
    for (auto it = document.begin(); it != document.end(); ++it) {
        static const QStringList known{QStringLiteral("format"), QStringLiteral("query"),
                                       QStringLiteral("name"), QStringLiteral("description")};
        if (!known.contains(it.key()))
            return failure(QueryJson::tr("%1: unknown field (expected one of %2)")
                               .arg(it.key(), known.join(QLatin1String(", "))));
    }
    if (!document.contains(QStringLiteral("query")))
        return failure(QueryJson::tr("query: required field is missing"));
    Query query;
    if (!reader.readQuery(document.value(QStringLiteral("query")), QStringLiteral("query"), &query))
        return failure(reader.error);
    return query;
}

} // namespace dbx::model::query::jsonreader
