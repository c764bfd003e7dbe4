#include "model/db/sqlresult.h"

#include "model/db/pgnative.h"

#include "model/db/executor.h"

namespace dbx::model {

ServerInfo describeServer(const QSqlDatabase &db, const QString &displayName)
{
    ServerInfo info;
    info.version = serverVersion(db);
    info.user = parameterStatus(db, "session_authorization");
    info.database = db.databaseName();
    if (info.database.isEmpty() || info.user.isEmpty()) {
        // Left to libpq (PGDATABASE, a service file): ask the server what it chose.
        QSqlDatabase session = db;
        const Result<PgRows> who =
            exec(session, Statement(QStringLiteral("SELECT current_database(), current_user")));
        if (who && !who->rows.isEmpty()) {
            info.database = who->rows.first().value(0).toString();
            info.user = who->rows.first().value(1).toString();
        }
    }
    info.displayName = displayName;
    info.backendPid = backendPid(db);
    return info;
}

} // namespace dbx::model
