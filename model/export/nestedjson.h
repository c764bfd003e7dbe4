#pragma once

#include "model/catalog/schemasnapshot.h"
#include "model/data/tablequery.h"
#include "model/db/database.h"
#include "model/result.h"

#include <QSqlDatabase>

namespace dbx::model {

// One row with the rows that reference it, as nested JSON: the seed's DTOs (a worker with its
// resumes, each resume with its replies). Built by the server with to_jsonb/jsonb_agg, so every
// type keeps its JSON form; `depth` levels of referencing tables are followed (1 = children).
Statement nestedJsonStatement(const SchemaSnapshot &snapshot, const TableInfo &table,
                                 const QVariantList &key, int depth = 2);
// Runs it on the worker's connection: the JSON text, pretty-printed by the server.
Result<QString> readNestedJson(QSqlDatabase &db, const SchemaSnapshot &snapshot,
                               const TableInfo &table, const QVariantList &key, int depth = 2);

// The same on `database`'s worker; `done` gets the JSON in `context`'s thread.
Ticket loadNestedJson(Database &database, const SchemaSnapshot &snapshot, const TableInfo &table,
                      const QVariantList &key, QObject *context,
                      std::function<void(Ticket, const Result<QString> &)> done);

} // namespace dbx::model
