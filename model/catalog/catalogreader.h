#pragma once

#include "db/databaseworker.h"
#include "result.h"
#include "schemasnapshot.h"

#include <QSqlDatabase>

namespace dbx::model {

// Reads a SchemaSnapshot from PostgreSQL's catalogs with a handful of set-based queries (one per
// kind of object, not one per table), so a schema of thousands of tables loads in one round of
// queries. The queries live in catalog/sql/*.sql as resources. Runs on the worker thread.
class CatalogReader {
public:
    // Reads every user schema; stops early with a Cancelled error when the job is cancelled.
    static Result<SchemaSnapshot> read(QSqlDatabase &db, const JobContext *context = nullptr);
};

} // namespace dbx::model
