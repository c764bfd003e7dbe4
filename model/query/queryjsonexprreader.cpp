#include "model/query/queryjsonreader.h"

#include "model/query/queryjsonwords.h"

#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
#include <QTime>

#include <cmath>

namespace dbx::model::query::jsonreader {

using namespace jsonwords;

namespace {

// What a date, time or timestamp value looks like; empty for an unknown value type.
QString isoExample(const QString &valueType)
{
    if (valueType == QLatin1String("date"))
        return QStringLiteral("2024-05-31");
    if (valueType == QLatin1String("time"))
        return QStringLiteral("13:45:00");
    if (valueType == QLatin1String("timestamp"))
        return QStringLiteral("2024-05-31T13:45:00");
    return {};
}

} // namespace

bool Reader::readShortExpr(const QString &text, const QString &path, Expr *expr)
{
    const qsizetype dot = text.indexOf(u'.');
    if (text.isEmpty() || dot == 0 || dot == text.size() - 1)
        return fail(path,
                    QueryJson::tr("expected a column (\"column\" or \"source.column\"), not \"%1\"")
                        .arg(text));
    const QString source = dot < 0 ? QString() : text.left(dot);
    const QString column = dot < 0 ? text : text.mid(dot + 1);
    *expr = column == QLatin1String("*") ? Expr::star(source) : Expr::col(source, column);
    return true;
}

bool Reader::readExpr(const QJsonValue &value, const QString &path, Expr *expr,
                      const QStringList &callerKeys)
{
    if (value.isString())
        return readShortExpr(value.toString(), path, expr);
    QJsonObject o;
    QString kind;
    const QStringList kinds{QStringLiteral("column"), QStringLiteral("star"),
                            QStringLiteral("value"), QStringLiteral("op"),
                            QStringLiteral("function")};
    if (!value.isObject())
        return wrongType(
            path, QueryJson::tr("an expression (a \"source.column\" string or an object)"), value);
    o = value.toObject();
    if (!exclusive(o, path, kinds, &kind))
        return false;
    if (kind.isEmpty())
        return fail(path, QueryJson::tr("expected an expression: an object with one of %1")
                              .arg(kinds.join(QLatin1String(", "))));
    QStringList known = callerKeys + QStringList{kind, QStringLiteral("cast")};
    if (kind == QLatin1String("column") || kind == QLatin1String("star"))
        known << QStringLiteral("source");
    else if (kind == QLatin1String("value"))
        known << QStringLiteral("valueType");
    else if (kind == QLatin1String("op"))
        known << QStringLiteral("left") << QStringLiteral("right") << QStringLiteral("args");
    else
        known << QStringLiteral("arg") << QStringLiteral("args") << QStringLiteral("over");
    QString cast;
    if (!checkKeys(o, path, known) || !string(o, QStringLiteral("cast"), path, &cast))
        return false;
    if (kind == QLatin1String("column") || kind == QLatin1String("star")) {
        QString source;
        QString column;
        if (!string(o, QStringLiteral("source"), path, &source))
            return false;
        if (kind == QLatin1String("star")) {
            if (o.value(kind) != QJsonValue(true))
                return wrongType(member(path, kind), QueryJson::tr("true"), o.value(kind));
            *expr = Expr::star(source);
        } else {
            if (!string(o, kind, path, &column))
                return false;
            *expr = Expr::col(source, column);
        }
    } else if (kind == QLatin1String("value")) {
        QString valueType;
        QVariant variant;
        if (!string(o, QStringLiteral("valueType"), path, &valueType))
            return false;
        if (!valueType.isEmpty() && isoExample(valueType).isEmpty())
            return fail(
                member(path, QStringLiteral("valueType")),
                QueryJson::tr("unknown value type \"%1\" (expected one of date, time, timestamp)")
                    .arg(valueType));
        if (!readValue(o.value(kind), valueType, member(path, kind), &variant))
            return false;
        *expr = Expr::val(variant);
    } else if (kind == QLatin1String("op")) {
        if (!readArithmetic(o, path, expr))
            return false;
    } else if (!readFunction(o, path, expr)) {
        return false;
    }
    expr->cast = cast;
    return true;
}

bool Reader::readArithmetic(const QJsonObject &o, const QString &path, Expr *expr)
{
    QString op;
    if (!string(o, QStringLiteral("op"), path, &op))
        return false;
    if (std::none_of(std::begin(arithmeticOps), std::end(arithmeticOps),
                     [&](const char *known) { return op == QLatin1String(known); }))
        return fail(member(path, QStringLiteral("op")),
                    QueryJson::tr("unknown arithmetic operator \"%1\" (expected one of +, -, *, /)")
                        .arg(op));
    expr->kind = Expr::Kind::Arithmetic;
    expr->op = op;
    if (o.contains(QStringLiteral("args"))) {
        if (o.contains(QStringLiteral("left")) || o.contains(QStringLiteral("right")))
            return fail(path,
                        QueryJson::tr("\"args\" and \"left\"/\"right\" cannot be used together"));
        return readExprList(o.value(QStringLiteral("args")), member(path, QStringLiteral("args")),
                            &expr->args);
    }
    for (const QString &key : {QStringLiteral("left"), QStringLiteral("right")}) {
        if (!o.contains(key))
            return missing(member(path, key));
        Expr operand;
        if (!readExpr(o.value(key), member(path, key), &operand))
            return false;
        expr->args << operand;
    }
    return true;
}

bool Reader::readFunction(const QJsonObject &o, const QString &path, Expr *expr)
{
    QString name;
    if (!string(o, QStringLiteral("function"), path, &name))
        return false;
    const auto function = valueFor(functions, name);
    if (!function)
        return fail(member(path, QStringLiteral("function")),
                    QueryJson::tr("unknown function \"%1\" (expected one of %2)")
                        .arg(name, wordList(functions)));
    const bool window = o.contains(QStringLiteral("over"));
    if (isWindowOnly(*function) && !window)
        return fail(path, QueryJson::tr("%1 is a window function and needs \"over\"").arg(name));
    expr->kind = window ? Expr::Kind::Window : Expr::Kind::Aggregate;
    expr->function = *function;
    if (o.contains(QStringLiteral("arg")) && o.contains(QStringLiteral("args")))
        return fail(path, QueryJson::tr("\"%1\" and \"%2\" cannot be used together")
                              .arg(QStringLiteral("arg"), QStringLiteral("args")));
    if (o.contains(QStringLiteral("arg"))) {
        Expr arg;
        if (!readExpr(o.value(QStringLiteral("arg")), member(path, QStringLiteral("arg")), &arg))
            return false;
        expr->args << arg;
    } else if (o.contains(QStringLiteral("args")) &&
               !readExprList(o.value(QStringLiteral("args")), member(path, QStringLiteral("args")),
                             &expr->args)) {
        return false;
    }
    if (!window)
        return true;
    const QString overPath = member(path, QStringLiteral("over"));
    QJsonObject over;
    if (!object(o.value(QStringLiteral("over")), overPath, &over) ||
        !checkKeys(over, overPath, {QStringLiteral("partitionBy"), QStringLiteral("orderBy")}))
        return false;
    if (over.contains(QStringLiteral("partitionBy")) &&
        !readExprList(over.value(QStringLiteral("partitionBy")),
                      member(overPath, QStringLiteral("partitionBy")), &expr->partitionBy))
        return false;
    return !over.contains(QStringLiteral("orderBy")) ||
           readOrderList(over.value(QStringLiteral("orderBy")),
                         member(overPath, QStringLiteral("orderBy")), &expr->windowOrder);
}

// JSON numbers arrive as doubles; whole numbers become qint64 so that 40000 stays 40000 in the
// generated SQL and in the parameters.
bool Reader::readValue(const QJsonValue &value, const QString &valueType, const QString &valuePath,
                       QVariant *out)
{
    if (valueType.isEmpty()) {
        switch (value.type()) {
        case QJsonValue::Null:
            *out = QVariant();
            return true;
        case QJsonValue::Bool:
        case QJsonValue::String:
            *out = value.toVariant();
            return true;
        case QJsonValue::Double: {
            const double number = value.toDouble();
            const QVariant variant = value.toVariant();
            if (variant.typeId() == QMetaType::Double && std::floor(number) == number &&
                std::fabs(number) < 9.2e18)
                *out = QVariant(qint64(number));
            else
                *out = variant;
            return true;
        }
        default:
            return wrongType(valuePath, QueryJson::tr("a string, number, true/false or null"),
                             value);
        }
    }
    if (!value.isString())
        return wrongType(valuePath, QueryJson::tr("a string"), value);
    const QString text = value.toString();
    bool valid = false;
    if (valueType == QLatin1String("date")) {
        const QDate date = QDate::fromString(text, Qt::ISODate);
        valid = date.isValid();
        *out = date;
    } else if (valueType == QLatin1String("time")) {
        const QTime time = QTime::fromString(text, Qt::ISODateWithMs);
        valid = time.isValid();
        *out = time;
    } else {
        const QDateTime stamp = QDateTime::fromString(text, Qt::ISODateWithMs);
        valid = stamp.isValid();
        *out = stamp;
    }
    if (!valid)
        return fail(valuePath,
                    QueryJson::tr("\"%1\" is not a valid %2 (expected ISO 8601, like %3)")
                        .arg(text, valueType, isoExample(valueType)));
    return true;
}

bool Reader::readExprList(const QJsonValue &value, const QString &path, QList<Expr> *exprs)
{
    QJsonArray list;
    if (!array(value, path, &list))
        return false;
    for (qsizetype i = 0; i < list.size(); ++i) {
        Expr expr;
        if (!readExpr(list.at(i), element(path, i), &expr))
            return false;
        *exprs << expr;
    }
    return true;
}

bool Reader::readOrderList(const QJsonValue &value, const QString &path, QList<OrderItem> *items)
{
    QJsonArray list;
    if (!array(value, path, &list))
        return false;
    for (qsizetype i = 0; i < list.size(); ++i) {
        OrderItem item;
        if (!readOrderItem(list.at(i), element(path, i), &item))
            return false;
        *items << item;
    }
    return true;
}

bool Reader::readOrderItem(const QJsonValue &value, const QString &path, OrderItem *item)
{
    if (!readExpr(value, path, &item->expr, {QStringLiteral("sort"), QStringLiteral("nulls")}))
        return false;
    if (!value.isObject())
        return true;
    const QJsonObject o = value.toObject();
    QString sort;
    QString nulls;
    if (!string(o, QStringLiteral("sort"), path, &sort) ||
        !string(o, QStringLiteral("nulls"), path, &nulls))
        return false;
    if (!sort.isEmpty() && sort != QLatin1String("asc") && sort != QLatin1String("desc"))
        return fail(member(path, QStringLiteral("sort")),
                    QueryJson::tr("expected \"asc\" or \"desc\", not \"%1\"").arg(sort));
    item->descending = sort == QLatin1String("desc");
    if (o.contains(QStringLiteral("nulls"))) {
        const auto known = valueFor(nullsOrders, nulls);
        if (!known)
            return fail(member(path, QStringLiteral("nulls")),
                        QueryJson::tr("expected \"first\" or \"last\", not \"%1\"").arg(nulls));
        item->nulls = *known;
    }
    return true;
}

} // namespace dbx::model::query::jsonreader
