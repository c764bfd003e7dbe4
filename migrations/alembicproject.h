#pragma once

#include "model/connection/connectionspec.h"
#include "model/result.h"

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace dbx::migrations {

// Which Alembic runs a project: Debian's by default. A `python3` first on PATH may be another
// interpreter without Debian's modules, so both are absolute paths the user may change.
struct AlembicTool {
    QString program = QStringLiteral("/usr/bin/alembic");
    QString interpreter = QStringLiteral("/usr/bin/python3");
};

// One Alembic command as DB Explorer runs it. Only the commands that read or move the database
// are offered; `--sql` (Alembic's offline mode) goes with upgrade, downgrade and stamp.
struct AlembicCommand {
    enum class Kind { Current, History, Heads, Upgrade, Downgrade, Stamp };
    Kind kind = Kind::Current;
    QString target;
    bool sql = false;

    // Checks a command line's words: an unknown command, a missing target or a misplaced --sql
    // is an invalid request (exit status 2 on the command line).
    static model::Result<AlembicCommand> make(const QString &name, const QString &target, bool sql);
    static QStringList names();
    QString name() const;
    bool needsTarget() const;
    // Runs env.py against a database (not --sql, not history or heads).
    bool connects() const;
    bool changesDatabase() const;
    // The words after `alembic -c INI`.
    QStringList arguments() const;
};

// A folder with an alembic.ini: where its scripts are is Alembic's business (script_location);
// DB Explorer only needs the folder and the ini to run Alembic in it.
class AlembicProject {
public:
    static model::Result<AlembicProject> open(const QString &directory);

    QString directory() const { return m_directory; }
    QString iniPath() const { return m_iniPath; }
    QString name() const;

private:
    QString m_directory;
    QString m_iniPath;
};

// The open connection as the SQLAlchemy URL Alembic is handed (psycopg2 driver): host or socket
// directory, port, user and database; never the password, which travels in the environment.
QString alembicUrl(const model::ConnectionSpec &spec);

// The child's environment: the password as PGPASSWORD (libpq under psycopg2 reads it, and no
// other user can read a process's environment), the connection's other libpq settings as PG*
// variables, unbuffered Python output for a live log, and `applicationName` so that a run's
// sessions can be found on the server after a cancel.
QProcessEnvironment
alembicEnvironment(const model::ConnectionSpec &spec, const QString &applicationName,
                   QProcessEnvironment base = QProcessEnvironment::systemEnvironment());

} // namespace dbx::migrations
