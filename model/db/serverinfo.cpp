#include "model/db/sqlresult.h"

#include "model/db/pgnative.h"

#include <QSqlQuery>

namespace dbx::model {

ServerInfo describeServer(const QSqlDatabase &db, const QString &displayName)
{
    ServerInfo info;
    info.version = serverVersion(db);
    info.user = parameterStatus(db, "session_authorization");
    info.database = db.databaseName();
    if (info.database.isEmpty() || info.user.isEmpty()) {
        // Left to libpq (PGDATABASE, a service file): ask the server what it chose.
        QSqlQuery query(db);
        if (query.exec(QStringLiteral("SELECT current_database(), current_user")) && query.next()) {
            info.database = query.value(0).toString();
            info.user = query.value(1).toString();
        }
    }
    info.displayName = displayName;
    info.backendPid = backendPid(db);
    return info;
}

} // namespace dbx::model
