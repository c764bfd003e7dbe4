#pragma once

#include "model/catalog/schemasnapshot.h"
#include "model/data/tablequery.h"

namespace dbx::model {

// The column that names a row for people: what a foreign key shows beside the raw id (a
// worker's username next to resumes.worker_id). Prefers a text column with a telling name
// (username, name, title, ...), then a unique text column, then the first text column that is
// not part of the key. Empty when the table has no such column.
QString labelColumn(const TableInfo &table);

// The labels a grid over `table` can show: one per single-column foreign key whose referenced
// table is in the snapshot and has a label column.
QList<ForeignLabel> foreignLabels(const TableInfo &table, const SchemaSnapshot &snapshot);

} // namespace dbx::model
