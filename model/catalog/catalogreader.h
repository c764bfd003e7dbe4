#pragma once

#include "model/catalog/schemasnapshot.h"
#include "model/db/database.h"
#include "model/result.h"

#include <QSqlDatabase>

namespace dbx::model {

// Reads a SchemaSnapshot from PostgreSQL's catalogs with a handful of set-based queries (one per
// kind of object, not one per table), so a schema of thousands of tables loads in one round of
// queries. The queries live in catalog/sql/*.sql as resources. Runs on the worker thread.
class CatalogReader {
public:
    // Reads every user schema; stops early with a Cancelled error when the job is cancelled.
    static Result<SchemaSnapshot> read(QSqlDatabase &db, const JobContext *context = nullptr);

    // Reads the snapshot on `database`'s worker and hands it to `done` in `context`'s thread.
    static Ticket load(Database &database, QObject *context,
                       std::function<void(Ticket, const Result<SchemaSnapshot> &)> done)
    {
        return database.run<SchemaSnapshot>(
            [](QSqlDatabase &db, const JobContext &job) { return read(db, &job); }, context,
            std::move(done));
    }
};

} // namespace dbx::model
