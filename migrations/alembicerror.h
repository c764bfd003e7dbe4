#pragma once

#include "migrations/alembicproject.h"
#include "model/dberror.h"

namespace dbx::migrations {

// Alembic's failures in plain words, from what it printed: a revision it cannot find, a server
// it cannot reach, a Python module the interpreter lacks (and the Debian package that has it),
// a migration the server refused (the revision, the server's message, the statement), or
// Alembic's own "FAILED:" line. A revision that does not exist is an invalid request (exit
// status 2 on the command line), the rest are failed runs.
model::DbError explainAlembicFailure(const QString &errors, const AlembicTool &tool, int exitCode);

// The revision a run was at when it stopped: the last "Running upgrade A -> B" line's B (or A
// for a downgrade), empty when none ran.
QString lastRunningRevision(const QString &errors);

} // namespace dbx::migrations
