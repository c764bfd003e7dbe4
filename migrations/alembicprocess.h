#pragma once

#include "migrations/alembicproject.h"
#include "migrations/migrationlog.h"
#include "model/dberror.h"

#include <QList>
#include <QMetaType>
#include <QObject>
#include <QProcess>
#include <QTimer>

namespace dbx::migrations {

// A database an Alembic run connected to, as psycopg2 reported it (host is the socket directory
// for a local socket).
struct AlembicReach {
    QString host;
    int port = 0;
    QString user;
    QString database;
    QString describe() const;
};

// How a run of Alembic ended: the exit, what it printed, which databases its env.py reached,
// and the failure in plain words.
struct AlembicOutcome {
    bool ok = false;
    bool cancelled = false;
    int exitCode = -1;
    QString output; // stdout: history, offline SQL, "current" lines
    QString errors; // stderr: Alembic's log and any traceback
    QList<AlembicReach> reached;
    model::DbError error;
};

// Runs one Alembic command of a project as a child process: `interpreter -c BOOTSTRAP program
// -c alembic.ini ...`, where the bootstrap hands the connection over as sqlalchemy.url (the
// project's alembic.ini is never written), reports each database SQLAlchemy connects to, and
// then runs the program as Alembic's own entry point would. Lines arrive as they are printed;
// Cancel terminates the process (killed if it lingers). Never blocks: everything is signals.
class AlembicProcess : public QObject {
    Q_OBJECT
public:
    explicit AlembicProcess(QObject *parent = nullptr);
    ~AlembicProcess() override;

    void start(const AlembicProject &project, const AlembicTool &tool,
               const model::ConnectionSpec &spec, const AlembicCommand &command);
    // SIGTERM, then SIGKILL after a grace period. finished() follows with `cancelled` set.
    void cancel();
    bool isRunning() const;
    // What the run's sessions call themselves on the server (application_name).
    QString applicationName() const { return m_applicationName; }

    // The command line's way: starts, forwards lines to `log`, and returns when it has ended.
    static AlembicOutcome runToEnd(const AlembicProject &project, const AlembicTool &tool,
                                   const model::ConnectionSpec &spec, const AlembicCommand &command,
                                   const std::function<void(bool, const QString &)> &print);

signals:
    void logLine(const dbx::migrations::LogLine &line);
    // Each line exactly as Alembic printed it, and where (for the command line).
    void outputLine(bool standardOutput, const QString &text);
    void finished(const dbx::migrations::AlembicOutcome &outcome);

private:
    void readChannel(QProcess::ProcessChannel channel);
    void emitLine(QProcess::ProcessChannel channel, const QString &line);
    void finish(int exitCode, QProcess::ExitStatus status);
    void failToStart(QProcess::ProcessError error);

    QProcess *m_process = nullptr;
    QTimer m_killTimer;
    AlembicCommand m_command;
    AlembicTool m_tool;
    AlembicOutcome m_outcome;
    QByteArray m_pending[2];
    QString m_applicationName;
    bool m_cancelRequested = false;
    bool m_done = true;
};

} // namespace dbx::migrations

Q_DECLARE_METATYPE(dbx::migrations::AlembicOutcome)

namespace dbx::migrations {
// Whether a run reached the open connection's database (`database` is its current_database),
// or another one its env.py chose.
bool reachedOpenDatabase(const AlembicReach &reach, const model::ConnectionSpec &spec,
                         const QString &database);
} // namespace dbx::migrations
