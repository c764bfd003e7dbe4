#include "model/dberror.h"

#include <QCoreApplication>

namespace dbx::model {

DbError DbError::cancelled(const QString &statement)
{
    DbError error;
    error.kind = Kind::Cancelled;
    error.sqlState = QStringLiteral("57014");
    error.message = QCoreApplication::translate("Connector", "Cancelled.");
    error.statement = statement;
    return error;
}

DbError DbError::connectionLost(const QString &detail, const QString &statement)
{
    DbError error;
    error.kind = Kind::ConnectionLost;
    error.message =
        QCoreApplication::translate("Connector", "The connection to the server was lost.");
    error.detail = detail;
    error.statement = statement;
    return error;
}

DbError DbError::plain(const QString &message, const QString &detail)
{
    DbError error;
    error.kind = Kind::Statement;
    error.message = message;
    error.detail = detail;
    return error;
}

QString DbError::oneLine() const
{
    QString line = message.simplified();
    if (!sqlState.isEmpty() && kind == Kind::Statement)
        line += QStringLiteral(" [%1]").arg(sqlState);
    return line;
}

} // namespace dbx::model
