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

QString numberMismatch(const ScopeColumn &column, const QString &name, const QVariant &value)
{
    const bool integer = column.dataType.kind == TypeKind::Integer;
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

bool parsesAsDateTime(const ColumnType &type, const QString &raw)
{
    const QString text = raw.trimmed();
    if (type.kind == TypeKind::Date)
        return QDate::fromString(text, Qt::ISODate).isValid();
    if (type.kind == TypeKind::Time)
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
    if (value.canConvert<QDateTime>() && value.metaType().id() >= QMetaType::User)
        return {}; // a Temporal read from the server
    if (parsesAsDateTime(column.dataType, value.toString()))
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
    const TypeKind kind = column.dataType.kind;
    if (column.dataType.isNumeric() && kind != TypeKind::Money)
        return numberMismatch(column, name, value);
    if (column.dataType.isTemporal())
        return dateMismatch(column, name, value);
    if (kind == TypeKind::Boolean)
        return boolMismatch(name, value);
    if (kind == TypeKind::Enum) {
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
