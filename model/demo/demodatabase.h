#pragma once

#include "model/connection/connectionspec.h"
#include "model/result.h"

#include <QSqlDatabase>

class QSettings;

#include <functional>

namespace dbx::model {

// Puts the demo database (the job board of the SQLAlchemy notes: workers, resumes, vacancies,
// replies) on a server: creates the database if it is missing, brings its schema up to date
// through the installer it is given (the migrations, wired in by the application), and loads
// the deterministic demo rows when the schema was created just now. An existing demo keeps its
// rows, so the user's edits survive restarts. Blocking: call it from a worker thread.
class DemoDatabase {
public:
    // Brings the schema of the open database up to date; true when it created it from nothing.
    using SchemaInstaller = std::function<Result<bool>(QSqlDatabase &db)>;

    static QString defaultName() { return QStringLiteral("dbexplorer_demo"); }

    // `admin` is a connection to any database of the server as a role that may create
    // databases; the demo database is `name` on the same server.
    static Status ensure(const ConnectionSpec &admin, const QString &name,
                         const SchemaInstaller &installer,
                         const std::function<void(const QString &)> &progress = {});

    // The demo's tables are there but hold no row at all: what downgrading to base and
    // upgrading again leaves (the revisions create the tables, not the demo rows).
    static Result<bool> rowsMissing(const ConnectionSpec &demo);
    // Loads the demo rows into the demo's tables again; refused unless all of them are empty,
    // so nothing the user wrote is mixed with the demo's ids.
    static Status reloadRows(const ConnectionSpec &demo);

    // Saves the seed's conditional relationship, a worker's part-time resumes newest first,
    // once per settings file, so the demo shows one out of the box; a user who changes or
    // removes it keeps their choice.
    static void rememberConditions(QSettings &settings);
};

} // namespace dbx::model
