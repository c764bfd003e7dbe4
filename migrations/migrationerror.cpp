#include "migrations/migrationerror.h"

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

QString fileLine(const QString &fileName, int line, const QString &message)
{
    return QStringLiteral("%1:%2: %3").arg(fileName).arg(line).arg(message);
}

} // namespace dbx::migrations
