#include "model/query/queryvaluecheck.h"

#include "model/query/queryscopeimpl.h"

#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
#include <QTime>

namespace dbx::model::query {

namespace {

bool isNumberVariant(const QVariant &value)
{
    switch (value.typeId()) {
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Short:
    case QMetaType::UShort:
    case QMetaType::Long:
    case QMetaType::ULong:
    case QMetaType::Double:
    case QMetaType::Float:
        return true;
    default:
        return false;
    }
}

bool isIntegerType(const QString &type)
{
    static const QStringList names = {QStringLiteral("smallint"), QStringLiteral("integer"),
                                      QStringLiteral("bigint"),   QStringLiteral("int"),
                                      QStringLiteral("int2"),     QStringLiteral("int4"),
                                      QStringLiteral("int8")};
    return names.contains(type.simplified().toLower());
}

QString numberMismatch(const ScopeColumn &column, const QString &name, const QVariant &value)
{
    const bool integer = isIntegerType(column.type);
    if (isNumberVariant(value)) {
        if (integer && value.typeId() == QMetaType::Double &&
            value.toDouble() != qint64(value.toDouble()))
            return QCoreApplication::translate("dbx::model::query::Validator",
                                               "%1 expects a whole number, got %2")
                .arg(name, value.toString());
        return {};
    }
    const QString text = value.toString().trimmed();
    bool ok = false;
    if (integer) {
        text.toLongLong(&ok);
        if (!ok) {
            text.toDouble(&ok);
            if (ok)
                return QCoreApplication::translate("dbx::model::query::Validator",
                                                   "%1 expects a whole number, got \"%2\"")
                    .arg(name, value.toString());
        }
    } else {
        text.toDouble(&ok);
    }
    if (!ok)
        return QCoreApplication::translate("dbx::model::query::Validator",
                                           "%1 expects a number, got \"%2\"")
            .arg(name, value.toString());
    return {};
}

bool parsesAsDateTime(const QString &type, const QString &raw)
{
    const QString text = raw.trimmed();
    const QString lower = type.simplified().toLower();
    if (lower == QLatin1String("date"))
        return QDate::fromString(text, Qt::ISODate).isValid();
    if (lower.startsWith(QLatin1String("time")) && !lower.startsWith(QLatin1String("timestamp")))
        return QTime::fromString(text.section(QLatin1Char('+'), 0, 0), Qt::ISODateWithMs).isValid();
    // timestamp: ISO with a space or a T between date and time; a date alone means midnight.
    if (QDate::fromString(text, Qt::ISODate).isValid())
        return true;
    QString iso = text;
    if (iso.size() > 10 && iso.at(10) == QLatin1Char(' '))
        iso[10] = QLatin1Char('T');
    return QDateTime::fromString(iso, Qt::ISODateWithMs).isValid() ||
           QDateTime::fromString(iso, Qt::ISODate).isValid();
}

QString dateMismatch(const ScopeColumn &column, const QString &name, const QVariant &value)
{
    switch (value.typeId()) {
    case QMetaType::QDate:
    case QMetaType::QDateTime:
    case QMetaType::QTime:
        return {};
    default:
        break;
    }
    if (parsesAsDateTime(column.type, value.toString()))
        return {};
    return QCoreApplication::translate(
               "dbx::model::query::Validator",
               "%1 expects a date or time like 2024-01-31 or 2024-01-31 14:30, got \"%2\"")
        .arg(name, value.toString());
}

QString boolMismatch(const QString &name, const QVariant &value)
{
    if (value.typeId() == QMetaType::Bool)
        return {};
    static const QStringList words = {
        QStringLiteral("true"), QStringLiteral("false"), QStringLiteral("t"), QStringLiteral("f"),
        QStringLiteral("yes"),  QStringLiteral("no"),    QStringLiteral("y"), QStringLiteral("n"),
        QStringLiteral("on"),   QStringLiteral("off"),   QStringLiteral("1"), QStringLiteral("0")};
    if (words.contains(value.toString().trimmed().toLower()))
        return {};
    return QCoreApplication::translate("dbx::model::query::Validator",
                                       "%1 expects true or false, got \"%2\"")
        .arg(name, value.toString());
}

} // namespace

QString valueMismatch(const ScopeColumn &column, const QString &name, const QVariant &value,
                      const SchemaSnapshot &snapshot)
{
    if (value.isNull())
        return {};
    const QString &category = column.typeCategory;
    if (category == QLatin1String("N"))
        return numberMismatch(column, name, value);
    if (category == QLatin1String("D"))
        return dateMismatch(column, name, value);
    if (category == QLatin1String("B"))
        return boolMismatch(name, value);
    if (category == QLatin1String("E")) {
        const EnumInfo *e = findEnum(snapshot, column.type, column.enumSchema);
        if (!e || e->labels.contains(value.toString()))
            return {};
        return QCoreApplication::translate("dbx::model::query::Validator",
                                           "%1 has no value \"%2\"; it can be %3")
            .arg(name, value.toString(), e->labels.join(QLatin1String(", ")));
    }
    return {};
}

} // namespace dbx::model::query
