#pragma once

#include "model/db/database.h"
#include "model/query/querydef.h"
#include "model/result.h"

#include <QList>
#include <QObject>
#include <QStringList>
#include <QVariantList>

#include <functional>

namespace dbx::model::query {

struct QueryRows {
    QStringList columns;
    QList<quint32> types; // column type OIDs
    QList<QVariantList> rows; // values through the one converter (pgvalue.h)
    bool truncated = false; // more rows exist than were read (maxRows)
    qint64 elapsedMs = 0;
};

// Runs the generated statement, values bound, on the database's worker connection, reading at
// most `maxRows` rows (-1: all). Cancellable through Database::cancel(ticket); the result or the
// error arrives in `done` in `context`'s thread.
Ticket runQuery(Database &database, const Query &query, qint64 maxRows, QObject *context,
                std::function<void(Ticket, const Result<QueryRows> &)> done);

// The same, synchronously on an open connection: for the command line and tests.
Result<QueryRows> runQueryNow(QSqlDatabase &db, const Query &query, qint64 maxRows = -1);

} // namespace dbx::model::query
