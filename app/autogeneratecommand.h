#pragma once

#include "migrations/autogenerate.h"

#include <QString>

namespace dbx::app {

// `migrate revision --autogenerate` and `migrate check`: the parsed request, run on the
// connection string given.
struct AutogenerateRequest {
    QString connection;
    QString directory; // revision --autogenerate: where the file goes (and the revisions are)
    QString message;
    bool stamp = true;
    migrations::AutogenerateOptions options;
};

// Prints the new file's path; 0 written, 1 failed (verification included), 2 usage.
int runAutogenerate(const AutogenerateRequest &request, const migrations::RevisionGraph &graph);
// 0 when the database equals what its revisions produce, 1 with the differences listed.
int runCheck(const AutogenerateRequest &request, const migrations::RevisionGraph &graph);

} // namespace dbx::app
