#pragma once

#include "model/query/querydef.h"
#include "model/query/queryjsonwords.h"
#include "model/result.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>

// The reading half of the saved-query format (queryjson.h), kept apart because checking every
// field and naming the exact path of a mistake takes as much code as everything else:
// queryjsonreader.cpp reads queries, sources, joins and filters, queryjsonexprreader.cpp
// expressions and values.
namespace dbx::model::query::jsonreader {

inline constexpr int currentFormat = 1;

// {"format": 1, "query": {...}} -> Query, or an error whose message starts with the JSON path of
// the mistake ("query.where.and[1].op: unknown operator ...").
Result<Query> readDocument(const QJsonObject &document);

// "query.where" + "and" -> "query.where.and"; "query.select" + 1 -> "query.select[1]".
QString member(const QString &path, const QString &key);
QString element(const QString &path, qsizetype index);
// "a string", "a list", ...: what was found where something else was expected.
QString describe(const QJsonValue &value);

// Walks a saved query, keeping the first mistake with the JSON path where it was found. Every
// read function returns false once something is wrong, so callers just stop.
class Reader {
public:
    QString error;

    bool readQuery(const QJsonValue &value, const QString &path, Query *query);
    bool readFilterAt(const QJsonValue &value, const QString &path, Filter *filter)
    {
        return readFilter(value, path, filter);
    }

private:
    bool fail(const QString &path, const QString &problem)
    {
        error = QStringLiteral("%1: %2").arg(path, problem);
        return false;
    }
    bool wrongType(const QString &path, const QString &expected, const QJsonValue &value)
    {
        return fail(path,
                    jsonwords::QueryJson::tr("expected %1, not %2").arg(expected, describe(value)));
    }
    bool missing(const QString &path)
    {
        return fail(path, jsonwords::QueryJson::tr("required field is missing"));
    }

    bool checkKeys(const QJsonObject &object, const QString &path, const QStringList &known);
    bool object(const QJsonValue &value, const QString &path, QJsonObject *out);
    bool array(const QJsonValue &value, const QString &path, QJsonArray *out);
    bool string(const QJsonObject &object, const QString &key, const QString &path, QString *out,
                bool required = false);
    bool integer(const QJsonObject &object, const QString &key, const QString &path, qint64 *out);
    bool exclusive(const QJsonObject &object, const QString &path, const QStringList &keys,
                   QString *found);

    bool readCtes(const QJsonValue &value, const QString &path, QList<NamedQuery> *ctes);
    bool readSource(const QJsonValue &value, const QString &path, Source *source);
    bool readJoin(const QJsonValue &value, const QString &path, Join *join);
    bool readExpr(const QJsonValue &value, const QString &path, Expr *expr,
                  const QStringList &callerKeys = {});
    bool readShortExpr(const QString &text, const QString &path, Expr *expr);
    bool readFunction(const QJsonObject &object, const QString &path, Expr *expr);
    bool readArithmetic(const QJsonObject &object, const QString &path, Expr *expr);
    bool readValue(const QJsonValue &value, const QString &valueType, const QString &path,
                   QVariant *out);
    bool readExprList(const QJsonValue &value, const QString &path, QList<Expr> *exprs);
    bool readOrderList(const QJsonValue &value, const QString &path, QList<OrderItem> *items);
    bool readOrderItem(const QJsonValue &value, const QString &path, OrderItem *item);
    bool readSelectItem(const QJsonValue &value, const QString &path, SelectItem *item);
    bool readFilter(const QJsonValue &value, const QString &path, Filter *filter);
    bool readCondition(const QJsonObject &object, const QString &path, Filter *filter);
};

} // namespace dbx::model::query::jsonreader
