#pragma once

#include "model/result.h"

#include <QSqlDatabase>

namespace dbx::migrations {

// Builds the demo database's schema through the embedded demo revisions, so the demo is what
// `dbexplorer migrate upgrade head` makes. Returns true when the schema was created from
// nothing (then the caller loads the demo rows). A demo made by an earlier build without
// bookkeeping holds the same schema as head: it is stamped rather than rebuilt.
model::Result<bool> installDemoSchema(QSqlDatabase &db);

} // namespace dbx::migrations
