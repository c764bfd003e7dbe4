#include "queryrowsfile.h"

#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace dbx::model::query {

namespace {

QByteArray csvField(const QVariant &value)
{
    if (value.isNull())
        return {};
    QString text = value.metaType().id() == QMetaType::QDateTime
                       ? value.toDateTime().toString(Qt::ISODateWithMs)
                       : value.toString();
    if (text.isEmpty() || text.contains(QLatin1Char(',')) || text.contains(QLatin1Char('"')) ||
        text.contains(QLatin1Char('\n')) || text.contains(QLatin1Char('\r'))) {
        text.replace(QStringLiteral("\""), QStringLiteral("\"\""));
        text = QLatin1Char('"') + text + QLatin1Char('"');
    }
    return text.toUtf8();
}

QJsonValue jsonValue(const QVariant &value)
{
    if (value.isNull())
        return QJsonValue::Null;
    switch (value.metaType().id()) {
    case QMetaType::Bool:
        return value.toBool();
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
        return value.toLongLong();
    case QMetaType::Double:
        return value.toDouble();
    case QMetaType::QDateTime:
        return value.toDateTime().toString(Qt::ISODateWithMs);
    case QMetaType::QDate:
        return value.toDate().toString(Qt::ISODate);
    default:
        return value.toString();
    }
}

QByteArray csv(const QueryRows &rows)
{
    QByteArray out;
    QList<QByteArray> header;
    for (const QString &column : rows.columns)
        header << csvField(column);
    out += header.join(',') + "\r\n";
    for (const QVariantList &row : rows.rows) {
        QList<QByteArray> fields;
        for (const QVariant &value : row)
            fields << csvField(value);
        out += fields.join(',') + "\r\n";
    }
    return out;
}

// Two outputs may share a name (resumes.title and vacancies.title); object keys must not.
QStringList uniqueKeys(const QStringList &columns)
{
    QStringList keys;
    for (const QString &column : columns) {
        QString key = column;
        for (int n = 2; keys.contains(key); ++n)
            key = column + QLatin1Char('_') + QString::number(n);
        keys << key;
    }
    return keys;
}

QByteArray json(const QueryRows &rows)
{
    const QStringList keys = uniqueKeys(rows.columns);
    QJsonArray array;
    for (const QVariantList &row : rows.rows) {
        QJsonObject object;
        for (qsizetype i = 0; i < keys.size(); ++i)
            object.insert(keys.at(i), jsonValue(row.value(i)));
        array.append(object);
    }
    return QJsonDocument(array).toJson(QJsonDocument::Indented);
}

DbError fileError(const QString &path, const QString &reason)
{
    DbError error;
    error.kind = DbError::Kind::Statement;
    error.message =
        QCoreApplication::translate("dbx::model::query::QueryRowsFile", "Could not write %1: %2")
            .arg(path, reason);
    return error;
}

} // namespace

Status writeQueryRows(const QString &path, ExportFormat format, const QueryRows &rows)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fileError(path, file.errorString());
    const QByteArray bytes = format == ExportFormat::Csv ? csv(rows) : json(rows);
    if (file.write(bytes) != bytes.size() || !file.commit())
        return fileError(path, file.errorString());
    return {};
}

} // namespace dbx::model::query
