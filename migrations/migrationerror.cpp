#include "migrations/migrationerror.h"

#include <QCoreApplication>

namespace dbx::migrations {

model::DbError invalidRequest(const QString &message, const QString &detail)
{
    model::DbError error;
    error.kind = model::DbError::Kind::InvalidSpec;
    error.message = message;
    error.detail = detail;
    return error;
}

model::DbError refusedRun(const QString &message, const QString &detail)
{
    model::DbError error;
    error.kind = model::DbError::Kind::Statement;
    error.message = message;
    error.detail = detail;
    return error;
}

bool isInvalidRequest(const model::DbError &error)
{
    return error.kind == model::DbError::Kind::InvalidSpec;
}

QString readOnlyRefusal(const model::ServerInfo &server)
{
    if (server.inRecovery)
        return QCoreApplication::translate("MigrationRunner",
                                           "%1 is a hot standby: migrations run on the primary.")
            .arg(server.database);
    if (server.readOnlyDefault)
        return QCoreApplication::translate("MigrationRunner",
                                           "%1 is read-only (default_transaction_read_only = on): "
                                           "migrations need a database that accepts changes.")
            .arg(server.database);
    return {};
}

QString fileLine(const QString &fileName, int line, const QString &message)
{
    return QStringLiteral("%1:%2: %3").arg(fileName).arg(line).arg(message);
}

} // namespace dbx::migrations
