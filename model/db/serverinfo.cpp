#include "model/db/serverinfo.h"

#include "model/db/executor.h"
#include "model/db/pgnative.h"

#include <QCoreApplication>
#include <QLocale>

namespace dbx::model {

ServerInfo describeServer(const QSqlDatabase &db, const QString &displayName)
{
    ServerInfo info;
    info.version = serverVersion(db);
    info.user = parameterStatus(db, "session_authorization");
    info.database = db.databaseName();
    // The names may have been left to libpq (PGDATABASE, a service file): the server says
    // which it chose. Whether it takes changes is asked in the same round trip.
    QSqlDatabase session = db;
    const Result<PgRows> who = exec(
        session,
        Statement(QStringLiteral("SELECT current_database(), current_user, pg_is_in_recovery(), "
                                 "current_setting('default_transaction_read_only') = 'on', "
                                 "pg_backend_pid()")));
    if (who && !who->rows.isEmpty()) {
        const QVariantList &row = who->rows.first();
        if (info.database.isEmpty())
            info.database = row.value(0).toString();
        if (info.user.isEmpty())
            info.user = row.value(1).toString();
        info.inRecovery = row.value(2).toBool();
        info.readOnlyDefault = row.value(3).toBool();
        info.serverPid = row.value(4).toInt();
    }
    info.displayName = displayName;
    info.backendPid = backendPid(db);
    return info;
}

QString ServerInfo::accessText() const
{
    if (inRecovery)
        return QCoreApplication::translate("ServerInfo", "hot standby, read-only");
    if (readOnlyDefault)
        return QCoreApplication::translate("ServerInfo",
                                           "read-only (default_transaction_read_only = on)");
    return {};
}

QString ServerInfo::accessBrief() const
{
    if (readOnlyDefault && !inRecovery)
        return QCoreApplication::translate("ServerInfo", "read-only");
    return accessText();
}

QString ServerInfo::readOnlyReason() const
{
    if (inRecovery)
        return QCoreApplication::translate(
                   "ServerInfo",
                   "%1 is a hot standby: it accepts no changes; make them on the primary.")
            .arg(database);
    if (readOnlyDefault)
        return QCoreApplication::translate("ServerInfo",
                                           "%1 is read-only (default_transaction_read_only = "
                                           "on): it accepts no changes.")
            .arg(database);
    return {};
}

Result<ReplicationLag> readReplicationLag(QSqlDatabase &db)
{
    const Result<PgRows> rows = exec(
        db, Statement(QStringLiteral(
                "SELECT EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())::float8, "
                "pg_last_wal_receive_lsn()::text, pg_last_wal_replay_lsn()::text, "
                "pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn())::bigint")));
    if (!rows)
        return rows.error();
    ReplicationLag lag;
    if (rows->rows.isEmpty())
        return lag;
    const QVariantList &row = rows->rows.first();
    if (!row.value(0).isNull())
        lag.replayAgeSeconds = row.value(0).toDouble();
    lag.receiveLsn = row.value(1).toString();
    lag.replayLsn = row.value(2).toString();
    if (!row.value(3).isNull())
        lag.unreplayedBytes = qMax<qint64>(0, row.value(3).toLongLong());
    return lag;
}

QString ReplicationLag::text() const
{
    const QString age =
        replayAgeSeconds
            ? QCoreApplication::translate("ServerInfo", "last transaction replayed %1 s ago")
                  .arg(qMax(0.0, *replayAgeSeconds), 0, 'f', 1)
            : QCoreApplication::translate("ServerInfo", "no transaction replayed yet");
    const QString behind =
        unreplayedBytes
            ? QCoreApplication::translate("ServerInfo", "%1 received and not yet replayed")
                  .arg(QLocale().formattedDataSize(*unreplayedBytes))
            : QCoreApplication::translate("ServerInfo", "not streaming from a primary");
    return QStringLiteral("%1, %2").arg(age, behind);
}

QString ReplicationLag::brief() const
{
    const QString age =
        replayAgeSeconds ? QCoreApplication::translate("ServerInfo", "lag %1 s")
                               .arg(qMax(0.0, *replayAgeSeconds), 0, 'f', 1)
                         : QCoreApplication::translate("ServerInfo", "no transaction replayed yet");
    const QString behind = unreplayedBytes
                               ? QCoreApplication::translate("ServerInfo", "%1 to replay")
                                     .arg(QLocale().formattedDataSize(*unreplayedBytes))
                               : QCoreApplication::translate("ServerInfo", "not streaming");
    return QStringLiteral("%1, %2").arg(age, behind);
}

} // namespace dbx::model
