#include "model/query/queryjson.h"

#include "model/query/queryjsonreader.h"
#include "model/query/queryjsonwords.h"
#include "model/userfile.h"

#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QTime>

#include <algorithm>
#include <limits>

namespace dbx::model::query {

using jsonwords::QueryJson;

namespace {

using namespace jsonwords;

QJsonValue exprJson(const Expr &expr);
QJsonObject exprObject(const Expr &expr);
QJsonValue filterJson(const Filter &filter);
QJsonObject queryJson(const Query &query);

// "source.column" reads back only when splitting at the first dot gives the same parts.
bool fitsDotted(const QString &first, const QString &second)
{
    if (second.isEmpty() || first.contains(u'.'))
        return false;
    return !first.isEmpty() || !second.contains(u'.');
}

QString dotted(const QString &first, const QString &second)
{
    return first.isEmpty() ? second : first + u'.' + second;
}

// A value as JSON, and the kind of value JSON cannot tell apart from a string.
std::pair<QJsonValue, QString> valueJson(const QVariant &value)
{
    if (value.isNull())
        return {QJsonValue(QJsonValue::Null), {}};
    switch (value.typeId()) {
    case QMetaType::Bool:
        return {value.toBool(), {}};
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::Long:
    case QMetaType::LongLong:
    case QMetaType::Short:
    case QMetaType::UShort:
        return {value.toLongLong(), {}};
    case QMetaType::ULong:
    case QMetaType::ULongLong:
        if (value.toULongLong() <= quint64(std::numeric_limits<qint64>::max()))
            return {value.toLongLong(), {}};
        return {value.toDouble(), {}};
    case QMetaType::Double:
    case QMetaType::Float:
        return {value.toDouble(), {}};
    case QMetaType::QDate:
        return {value.toDate().toString(Qt::ISODate), QStringLiteral("date")};
    case QMetaType::QTime:
        return {value.toTime().toString(Qt::ISODateWithMs), QStringLiteral("time")};
    case QMetaType::QDateTime:
        return {value.toDateTime().toString(Qt::ISODateWithMs), QStringLiteral("timestamp")};
    default:
        return {value.toString(), {}};
    }
}

QJsonArray exprArray(const QList<Expr> &exprs)
{
    QJsonArray array;
    for (const Expr &expr : exprs)
        array.append(exprJson(expr));
    return array;
}

QJsonValue orderItemJson(const OrderItem &item)
{
    if (!item.descending && item.nulls == OrderItem::Nulls::Default)
        return exprJson(item.expr);
    QJsonObject object = exprObject(item.expr);
    if (item.descending)
        object.insert(QStringLiteral("sort"), QStringLiteral("desc"));
    if (item.nulls != OrderItem::Nulls::Default)
        object.insert(QStringLiteral("nulls"), wordFor(nullsOrders, item.nulls));
    return object;
}

QJsonArray orderArray(const QList<OrderItem> &items)
{
    QJsonArray array;
    for (const OrderItem &item : items)
        array.append(orderItemJson(item));
    return array;
}

void insertArgs(QJsonObject &object, const QList<Expr> &args)
{
    if (args.size() == 1)
        object.insert(QStringLiteral("arg"), exprJson(args.first()));
    else if (!args.isEmpty())
        object.insert(QStringLiteral("args"), exprArray(args));
}

QJsonObject exprObject(const Expr &expr)
{
    QJsonObject object;
    switch (expr.kind) {
    case Expr::Kind::Column:
        object.insert(QStringLiteral("column"), expr.column);
        if (!expr.source.isEmpty())
            object.insert(QStringLiteral("source"), expr.source);
        break;
    case Expr::Kind::Star:
        object.insert(QStringLiteral("star"), true);
        if (!expr.source.isEmpty())
            object.insert(QStringLiteral("source"), expr.source);
        break;
    case Expr::Kind::Value: {
        const auto [value, type] = valueJson(expr.value);
        object.insert(QStringLiteral("value"), value);
        if (!type.isEmpty())
            object.insert(QStringLiteral("valueType"), type);
        break;
    }
    case Expr::Kind::Arithmetic:
        object.insert(QStringLiteral("op"), expr.op);
        if (expr.args.size() == 2) {
            object.insert(QStringLiteral("left"), exprJson(expr.args.at(0)));
            object.insert(QStringLiteral("right"), exprJson(expr.args.at(1)));
        } else {
            object.insert(QStringLiteral("args"), exprArray(expr.args));
        }
        break;
    case Expr::Kind::Aggregate:
    case Expr::Kind::Window:
        object.insert(QStringLiteral("function"), wordFor(functions, expr.function));
        insertArgs(object, expr.args);
        if (expr.kind == Expr::Kind::Window) {
            QJsonObject over;
            if (!expr.partitionBy.isEmpty())
                over.insert(QStringLiteral("partitionBy"), exprArray(expr.partitionBy));
            if (!expr.windowOrder.isEmpty())
                over.insert(QStringLiteral("orderBy"), orderArray(expr.windowOrder));
            object.insert(QStringLiteral("over"), over);
        }
        break;
    }
    if (!expr.cast.isEmpty())
        object.insert(QStringLiteral("cast"), expr.cast);
    return object;
}

// The short forms where they read back the same: "source.column", "*", "source.*".
QJsonValue exprJson(const Expr &expr)
{
    if (expr.cast.isEmpty()) {
        if (expr.kind == Expr::Kind::Column && expr.column != QLatin1String("*") &&
            fitsDotted(expr.source, expr.column))
            return dotted(expr.source, expr.column);
        if (expr.kind == Expr::Kind::Star && !expr.source.contains(u'.'))
            return dotted(expr.source, QStringLiteral("*"));
    }
    return exprObject(expr);
}

bool isPlainValue(const Expr &expr)
{
    return expr.kind == Expr::Kind::Value && expr.cast.isEmpty() &&
           valueJson(expr.value).second.isEmpty();
}

QJsonObject conditionJson(const Filter &filter)
{
    QJsonObject object;
    object.insert(QStringLiteral("left"), exprJson(filter.left));
    object.insert(QStringLiteral("op"), wordFor(operators, filter.op));
    if (filter.ignoreCase)
        object.insert(QStringLiteral("ignore_case"), true);
    if (filter.right.isEmpty())
        return object;
    const bool plain = std::all_of(filter.right.cbegin(), filter.right.cend(), isPlainValue);
    const bool list = filter.op == Filter::Op::In || filter.right.size() > 1;
    if (plain && list) {
        QJsonArray values;
        for (const Expr &expr : filter.right)
            values.append(valueJson(expr.value).first);
        object.insert(QStringLiteral("values"), values);
    } else if (plain) {
        object.insert(QStringLiteral("value"), valueJson(filter.right.first().value).first);
    } else if (list) {
        object.insert(QStringLiteral("right"), exprArray(filter.right));
    } else {
        object.insert(QStringLiteral("right"), exprJson(filter.right.first()));
    }
    return object;
}

QJsonValue filterJson(const Filter &filter)
{
    if (filter.kind == Filter::Kind::Condition)
        return conditionJson(filter);
    QJsonArray children;
    for (const Filter &child : filter.children)
        children.append(filterJson(child));
    QJsonObject object;
    object.insert(filter.logic == Filter::Logic::Or ? QStringLiteral("or") : QStringLiteral("and"),
                  children);
    return object;
}

QJsonValue sourceJson(const Source &source)
{
    QJsonObject object;
    switch (source.kind) {
    case Source::Kind::Table:
        if (source.alias.isEmpty() && fitsDotted(source.schema, source.table))
            return dotted(source.schema, source.table);
        object.insert(QStringLiteral("table"), source.table);
        if (!source.schema.isEmpty())
            object.insert(QStringLiteral("schema"), source.schema);
        break;
    case Source::Kind::Cte:
        object.insert(QStringLiteral("cte"), source.cte);
        break;
    case Source::Kind::Subquery:
        object.insert(QStringLiteral("subquery"), source.subquery.isEmpty()
                                                      ? QJsonObject()
                                                      : queryJson(source.subquery.first()));
        break;
    }
    if (!source.alias.isEmpty())
        object.insert(QStringLiteral("as"), source.alias);
    return object;
}

QJsonObject joinJson(const Join &join)
{
    QJsonObject object;
    object.insert(QStringLiteral("join"), sourceJson(join.target));
    if (join.type != Join::Type::Inner)
        object.insert(QStringLiteral("type"), wordFor(joinTypes, join.type));
    if (join.on != Filter())
        object.insert(QStringLiteral("on"), filterJson(join.on));
    if (!join.foreignKey.isEmpty())
        object.insert(QStringLiteral("foreignKey"), join.foreignKey);
    return object;
}

QJsonValue selectItemJson(const SelectItem &item)
{
    if (item.label.isEmpty())
        return exprJson(item.expr);
    QJsonObject object = exprObject(item.expr);
    object.insert(QStringLiteral("as"), item.label);
    return object;
}

QJsonObject queryJson(const Query &query)
{
    QJsonObject object;
    if (!query.ctes.isEmpty()) {
        QJsonArray ctes;
        for (const NamedQuery &cte : query.ctes)
            ctes.append(QJsonObject{{QStringLiteral("name"), cte.name},
                                    {QStringLiteral("query"), queryJson(cte.query)}});
        object.insert(QStringLiteral("with"), ctes);
    }
    if (query.distinct)
        object.insert(QStringLiteral("distinct"), true);
    object.insert(QStringLiteral("from"), sourceJson(query.from));
    if (!query.joins.isEmpty()) {
        QJsonArray joins;
        for (const Join &join : query.joins)
            joins.append(joinJson(join));
        object.insert(QStringLiteral("joins"), joins);
    }
    if (!query.select.isEmpty()) {
        QJsonArray select;
        for (const SelectItem &item : query.select)
            select.append(selectItemJson(item));
        object.insert(QStringLiteral("select"), select);
    }
    if (query.where != Filter())
        object.insert(QStringLiteral("where"), filterJson(query.where));
    if (!query.groupBy.isEmpty())
        object.insert(QStringLiteral("groupBy"), exprArray(query.groupBy));
    if (query.having != Filter())
        object.insert(QStringLiteral("having"), filterJson(query.having));
    if (!query.orderBy.isEmpty())
        object.insert(QStringLiteral("orderBy"), orderArray(query.orderBy));
    if (query.limit != -1)
        object.insert(QStringLiteral("limit"), query.limit);
    if (query.offset != 0)
        object.insert(QStringLiteral("offset"), query.offset);
    return object;
}

DbError fileError(const QString &message)
{
    DbError error;
    error.kind = DbError::Kind::InvalidSpec;
    error.message = message;
    return error;
}

// QJsonParseError counts bytes from the start; people look for a line and a column.
QString parsePosition(const QByteArray &data, int offset)
{
    const QByteArray before = data.left(offset);
    const int line = int(before.count('\n')) + 1;
    const int column = int(offset - (before.lastIndexOf('\n') + 1)) + 1;
    return QStringLiteral("%1:%2").arg(line).arg(column);
}

// The line of the first \u0000 escape in a JSON text (a backslash that is itself escaped does
// not count), or 0: decoded, it would put a NUL into a value that libpq then cuts short.
int lineOfEscapedNul(const QByteArray &data)
{
    static const QByteArray zeros("u0000");
    for (qsizetype at = data.indexOf('\\'); at >= 0; at = data.indexOf('\\', at)) {
        qsizetype end = at;
        while (end < data.size() && data.at(end) == '\\')
            ++end;
        const bool escapes = (end - at) % 2 == 1;
        if (escapes && data.mid(end, zeros.size()).compare(zeros, Qt::CaseInsensitive) == 0)
            return int(data.first(at).count('\n')) + 1;
        at = end;
    }
    return 0;
}

} // namespace

QJsonObject toJson(const Query &query)
{
    return QJsonObject{{QStringLiteral("format"), jsonreader::currentFormat},
                       {QStringLiteral("query"), queryJson(query)}};
}

Result<Query> fromJson(const QJsonObject &object)
{
    return jsonreader::readDocument(object);
}

Result<Query> readQueryFile(const QString &path)
{
    const Result<QByteArray> read = readUserFile(path, maxQueryFileBytes);
    if (!read)
        return read.error();
    const QByteArray &data = read.value();
    int nul = lineOfFirstNul(data);
    if (nul == 0)
        nul = lineOfEscapedNul(data);
    if (nul > 0)
        return fileError(QueryJson::tr("%1:%2: a NUL character, which no value sent to "
                                       "PostgreSQL can hold; everything after it would be lost")
                             .arg(path)
                             .arg(nul));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(data, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return fileError(
            QueryJson::tr("%1:%2: not valid JSON: %3")
                .arg(path, parsePosition(data, parseError.offset), parseError.errorString()));
    if (!document.isObject())
        return fileError(
            QueryJson::tr("%1: expected a JSON object with \"format\" and \"query\"").arg(path));
    Result<Query> query = fromJson(document.object());
    if (!query.ok()) {
        DbError error = query.error();
        error.message = QStringLiteral("%1: %2").arg(path, error.message);
        return error;
    }
    return query;
}

Status writeQueryFile(const QString &path, const Query &query)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fileError(QueryJson::tr("Cannot write %1: %2").arg(path, file.errorString()));
    QByteArray data = QJsonDocument(toJson(query)).toJson(QJsonDocument::Indented);
    if (!data.endsWith('\n'))
        data.append('\n');
    if (file.write(data) != data.size() || !file.commit())
        return fileError(QueryJson::tr("Cannot write %1: %2").arg(path, file.errorString()));
    return {};
}

} // namespace dbx::model::query

namespace dbx::model::query {

QJsonValue filterToJson(const Filter &filter)
{
    return filterJson(filter);
}

Result<Filter> filterFromJson(const QJsonValue &value)
{
    jsonreader::Reader reader;
    Filter filter;
    if (!reader.readFilterAt(value, QStringLiteral("filter"), &filter)) {
        DbError error;
        error.kind = DbError::Kind::InvalidSpec;
        error.message = reader.error;
        return error;
    }
    return filter;
}

} // namespace dbx::model::query
