#pragma once

#include "model/dberror.h"

#include <QList>
#include <QMetaType>
#include <QSqlDatabase>
#include <QStringList>
#include <QVariant>

namespace dbx::model {

// Identifies one request to a Database; also the staleness token: a consumer keeps the ticket it
// waits for and drops results carrying any other.
using Ticket = quint64;

// What Database::execute() hands back: the last statement's rows (up to the cap asked for),
// what it did, how long it took, or why it failed.
struct SqlResult {
    QStringList columns;
    QList<QVariantList> rows;
    QList<quint32> types; // column type OIDs
    qint64 rowsAffected = -1;
    QString command; // the command tag: "SELECT 3", "UPDATE 1"
    qint64 elapsedMs = 0;
    bool truncated = false;
    DbError error;

    bool ok() const { return !error.isError(); }
};

// What the worker learnt about the server when it connected.
struct ServerInfo {
    QString version; // "15.18"
    QString user;
    QString database;
    QString displayName;
    int backendPid = 0;
};

// Reads ServerInfo from an open connection (startup parameters, one query at most).
ServerInfo describeServer(const QSqlDatabase &db, const QString &displayName);

} // namespace dbx::model

Q_DECLARE_METATYPE(dbx::model::SqlResult)
Q_DECLARE_METATYPE(dbx::model::ServerInfo)
