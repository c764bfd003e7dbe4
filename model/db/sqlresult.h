#pragma once

#include "model/db/serverinfo.h"
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

} // namespace dbx::model

Q_DECLARE_METATYPE(dbx::model::SqlResult)
