#pragma once

#include "connection/connectionspec.h"
#include "result.h"

#include <functional>

namespace dbx::model {

// Puts the demo database (the job board of the SQLAlchemy notes: workers, resumes, vacancies,
// replies) on a server: creates the database if it is missing, then the schema and the
// deterministic demo rows if the schema is missing. Leaves an existing demo alone, so the
// user's edits survive restarts. Blocking: call it from a worker thread.
class DemoDatabase {
public:
    static QString defaultName() { return QStringLiteral("dbexplorer_demo"); }

    // `admin` is a connection to any database of the server as a role that may create
    // databases; the demo database is `name` on the same server.
    static Status ensure(const ConnectionSpec &admin, const QString &name = defaultName(),
                         const std::function<void(const QString &)> &progress = {});
};

} // namespace dbx::model
