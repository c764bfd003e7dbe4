#pragma once

#include "migrations/alembichistory.h"
#include "migrations/alembicprocess.h"
#include "migrations/alembicproject.h"

#include <QObject>
#include <QPointer>

#include <optional>

namespace dbx::model {
class Database;
}

namespace dbx::migrations {

// An Alembic project opened against the application's connection: its revisions (from
// `alembic history --verbose`) with their state (from alembic_version, read through the
// executor on the connection's worker), and one Alembic command at a time with a live log.
// After a run the state is read again; after a cancel the sessions the killed Alembic left on
// the server are ended first, so what is read back is what Alembic really left. When env.py
// reached another database than the open one, that is reported and the state read here is
// not that database's. The panel shows this; nothing here shows UI.
class AlembicSession : public QObject {
    Q_OBJECT
public:
    explicit AlembicSession(model::Database *database, QObject *parent = nullptr);

    void setProject(const AlembicProject &project);
    bool hasProject() const { return m_project.has_value(); }
    const AlembicProject &project() const { return *m_project; }
    void setTool(const AlembicTool &tool) { m_tool = tool; }
    const AlembicTool &tool() const { return m_tool; }
    model::Database *database() const { return m_database; }

    const QList<AlembicRevision> &revisions() const { return m_revisions; }
    const AlembicVersionTable &versions() const { return m_versions; }
    // Set after a run whose env.py connected elsewhere: which database that was.
    const std::optional<AlembicReach> &otherDatabase() const { return m_other; }
    bool isRunning() const { return m_process->isRunning() || m_reading; }

    // Reads the history and the state again.
    void refresh();
    // Runs a command (upgrade, downgrade, stamp, current; --sql too); refused while another runs.
    void run(const AlembicCommand &command);
    void cancel();

signals:
    void logLine(const dbx::migrations::LogLine &line);
    void revisionsChanged();
    void runningChanged(bool running);
    void failed(const dbx::model::DbError &error);
    // The database env.py reached is not the open connection's.
    void reachedOtherDatabase(const dbx::migrations::AlembicReach &reach);
    // A run ended (successfully or not) and the state has been read again.
    void runFinished(bool ok);

private:
    void startProcess(const AlembicCommand &command);
    void processFinished(const AlembicOutcome &outcome);
    void historyRead(const AlembicOutcome &outcome);
    void readState(const QString &orphans);
    void checkReached(const AlembicOutcome &outcome);
    void log(LogLine::Level level, const QString &text);
    void setBusy(bool reading);

    model::Database *m_database;
    AlembicProcess *m_process;
    std::optional<AlembicProject> m_project;
    AlembicTool m_tool;
    AlembicCommand m_running;
    QList<AlembicRevision> m_revisions;
    AlembicVersionTable m_versions;
    std::optional<AlembicReach> m_other;
    bool m_reading = false;
    bool m_lastOk = true;
    bool m_reportRun = false;
};

} // namespace dbx::migrations
