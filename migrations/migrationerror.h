#pragma once

#include "model/db/serverinfo.h"
#include "model/dberror.h"

namespace dbx::migrations {

// The two ways a migration request fails before any server error: it cannot be understood or
// planned (bad revision files, unknown target, irreversible step), or the database forbids it
// (edited history, a revision the files do not know, another runner holding the lock). The
// command line maps the first to exit status 2 and the second to 1, so they need distinct kinds.
model::DbError invalidRequest(const QString &message, const QString &detail = {});
model::DbError refusedRun(const QString &message, const QString &detail = {});
bool isInvalidRequest(const model::DbError &error);

// Why no migration may run on this server (a hot standby, a read-only database), or empty.
// Runs, stamps included, are refused up front with this rather than failing half-way with
// "cannot execute ... in a read-only transaction"; status and history still work there.
QString readOnlyRefusal(const model::ServerInfo &server);

// "file:line: message", the form compilers use, so editors can jump to the place.
QString fileLine(const QString &fileName, int line, const QString &message);

} // namespace dbx::migrations
