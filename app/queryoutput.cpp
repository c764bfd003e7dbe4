#include "app/queryoutput.h"

#include "model/db/pgexec.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>

#include <algorithm>

namespace dbx::app {

namespace {

QString csvField(const QVariant &value)
{
    if (value.isNull())
        return {};
    QString text = value.toString();
    if (text.isEmpty())
        return QStringLiteral("\"\"");
    if (!text.contains(u',') && !text.contains(u'"') && !text.contains(u'\n') &&
        !text.contains(u'\r'))
        return text;
    text.replace(QLatin1String("\""), QLatin1String("\"\""));
    return u'"' + text + u'"';
}

QString csvLine(const QStringList &fields)
{
    return fields.join(u',') + u'\n';
}

// A JSON string or scalar as text: QJsonDocument only serialises arrays and objects.
QString jsonScalar(const QJsonValue &value)
{
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2));
}

QJsonValue jsonValue(const QVariant &value, const QString &category)
{
    if (value.isNull())
        return QJsonValue(QJsonValue::Null);
    const QString text = value.toString();
    if (category == QLatin1String("B"))
        return text == QLatin1String("t") || text == QLatin1String("true");
    if (category == QLatin1String("N")) {
        bool isInteger = false;
        const qint64 integer = text.toLongLong(&isInteger);
        if (isInteger)
            return integer;
        bool isNumber = false;
        const double number = text.toDouble(&isNumber);
        // numeric's NaN and Infinity have no JSON form; they stay text.
        if (isNumber && qIsFinite(number))
            return number;
    }
    return text;
}

} // namespace

QString rowsAsCsv(const model::query::QueryRows &rows)
{
    QStringList header;
    for (const QString &column : rows.columns)
        header << csvField(column);
    QString out = csvLine(header);
    for (const QVariantList &row : rows.rows) {
        QStringList fields;
        for (const QVariant &value : row)
            fields << csvField(value);
        out += csvLine(fields);
    }
    return out;
}

QString rowsAsJson(const model::query::QueryRows &rows, const QStringList &categories)
{
    QString out = QStringLiteral("[");
    for (qsizetype r = 0; r < rows.rows.size(); ++r) {
        out += r == 0 ? QStringLiteral("\n  {") : QStringLiteral(",\n  {");
        const QVariantList &row = rows.rows.at(r);
        for (qsizetype c = 0; c < rows.columns.size(); ++c) {
            if (c > 0)
                out += QStringLiteral(", ");
            out += jsonScalar(rows.columns.at(c)) + QStringLiteral(": ") +
                   jsonScalar(jsonValue(row.value(c), categories.value(c)));
        }
        out += u'}';
    }
    out += rows.rows.isEmpty() ? QStringLiteral("]\n") : QStringLiteral("\n]\n");
    return out;
}

QString rowsAsTable(const model::query::QueryRows &rows, const QStringList &categories)
{
    const qsizetype count = rows.columns.size();
    QList<qsizetype> widths(count);
    for (qsizetype c = 0; c < count; ++c) {
        widths[c] = rows.columns.at(c).size();
        for (const QVariantList &row : rows.rows)
            widths[c] = std::max(widths[c], row.value(c).toString().size());
    }
    QStringList header;
    QStringList rule;
    for (qsizetype c = 0; c < count; ++c) {
        const QString &name = rows.columns.at(c);
        const qsizetype left = (widths[c] - name.size()) / 2;
        header << QString(left, u' ') + name.leftJustified(widths[c] - left);
        rule << QString(widths[c] + 2, u'-');
    }
    QString out = u' ' + header.join(QLatin1String(" | ")) + u'\n' + rule.join(u'+') + u'\n';
    for (const QVariantList &row : rows.rows) {
        QStringList cells;
        for (qsizetype c = 0; c < count; ++c) {
            const QString text = row.value(c).toString();
            cells << (categories.value(c) == QLatin1String("N") ? text.rightJustified(widths[c])
                                                                : text.leftJustified(widths[c]));
        }
        out += u' ' + cells.join(QLatin1String(" | ")) + u'\n';
    }
    // Trailing blanks of the last column are noise when the output is piped or diffed.
    QStringList lines = out.split(u'\n');
    for (QString &line : lines) {
        while (line.endsWith(u' '))
            line.chop(1);
    }
    out = lines.join(u'\n');
    const int n = int(rows.rows.size());
    out += n == 1 ? QCoreApplication::translate("QueryCommand", "(1 row)")
                  : QCoreApplication::translate("QueryCommand", "(%n rows)", "", n);
    if (rows.truncated)
        out += QCoreApplication::translate("QueryCommand", ", more not shown");
    return out + u'\n';
}

QString sqlWithParameters(const model::query::GeneratedSql &generated)
{
    QString out = generated.sql.trimmed() + u'\n';
    if (generated.params.isEmpty())
        return out;
    out += u'\n';
    return out + model::query::parameterComments(generated.params) + u'\n';
}

} // namespace dbx::app
