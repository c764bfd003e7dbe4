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

// A statement with its bound values. Values are always bound, never spliced into the text.
struct SqlRequest {
    QString sql;
    QVariantList params;
    // Stop reading after this many rows (the result says it was truncated); -1 = all.
    qint64 maxRows = -1;
};

struct SqlResult {
    QStringList columns;
    QList<QVariantList> rows;
    qint64 rowsAffected = -1;
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

Q_DECLARE_METATYPE(dbx::model::SqlRequest)
Q_DECLARE_METATYPE(dbx::model::SqlResult)
Q_DECLARE_METATYPE(dbx::model::ServerInfo)
