#include "migrations/sqlstep.h"

#include "model/connection/connector.h"

#include <QSqlError>
#include <QSqlQuery>

namespace dbx::migrations {

QString sqlLiteral(const QVariant &value)
{
    if (value.isNull())
        return QStringLiteral("NULL");
    switch (value.typeId()) {
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::UInt:
    case QMetaType::ULongLong:
        return value.toString();
    case QMetaType::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    default:
        break;
    }
    QString text = value.toString();
    text.replace(QLatin1Char('\''), QLatin1String("''"));
    return QLatin1Char('\'') + text + QLatin1Char('\'');
}

QString SqlStep::rendered() const
{
    QString text;
    qsizetype next = 0;
    for (const QChar c : sql) {
        if (c == QLatin1Char('?') && next < values.size())
            text += sqlLiteral(values.at(next++));
        else
            text += c;
    }
    // A statement ending in a line comment would swallow the semicolon.
    const QString lastLine = text.section(QLatin1Char('\n'), -1);
    return text +
           (lastLine.contains(QLatin1String("--")) ? QLatin1String("\n;") : QLatin1String(";"));
}

model::Status SqlStep::run(QSqlDatabase &db) const
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    bool ok = false;
    if (values.isEmpty()) {
        ok = query.exec(sql);
    } else {
        ok = query.prepare(sql);
        for (const QVariant &value : values)
            query.addBindValue(value);
        ok = ok && query.exec();
    }
    if (ok)
        return {};
    return model::Connector::fromSqlError(query.lastError(), sql);
}

} // namespace dbx::migrations
