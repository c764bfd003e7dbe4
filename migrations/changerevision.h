#pragma once

#include "migrations/revisionwriter.h"

namespace dbx::migrations {

// A new revision (on top of the folder's heads, as RevisionWriter writes it) whose upgrade and
// downgrade sections already hold the given SQL: a schema change saved instead of run. The
// file is validated as a revision before it stays; on any failure nothing is left behind.
model::Result<RevisionWriter::Written> writeChangeRevision(const QString &directory,
                                                           const QString &message,
                                                           const QString &upgradeSql,
                                                           const QString &downgradeSql);

} // namespace dbx::migrations
