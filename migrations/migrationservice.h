#pragma once

#include "migrations/migrationlog.h"
#include "migrations/migrationplan.h"
#include "migrations/migrationrunner.h"
#include "migrations/migrationstatus.h"
#include "migrations/revisiongraph.h"
#include "model/db/sqlresult.h"

#include <QList>
#include <QObject>

#include <memory>

namespace dbx::model {
class Database;
}

namespace dbx::migrations {

class RunRelay;

// Something a downgrade's SQL drops. The confirmation before a downgrade lists these so nobody
// loses a table full of rows without being told how many.
struct DroppedObject {
    enum class Kind { Table, Type };
    Kind kind = Kind::Table;
    QString schema;   // as the downgrade names it; empty = found through the search_path
    QString name;     // unquoted
    QString revision; // whose downgrade drops it
    bool exists = false;
    qint64 rows = -1; // tables that exist: how many rows they hold now

    // "schema.name" or "name", for people (not quoted).
    QString displayName() const;
};

// The tables and types the downgrade statements of `revision` drop, as PostgreSQL's parser reads
// them (DROP TABLE / DROP TYPE, several names per statement allowed). Pure, no server involved.
QList<DroppedObject> objectsDroppedBy(const Revision &revision);

// The migrations as the GUI uses them: the revision graph in use, and every read or run done as a
// job on the Database's worker with a MigrationRunner made inside the job, so the window never
// waits for the server. Results come back as signals in the service's thread; a newer request of
// the same kind makes an older one's late result stale, and it is dropped.
class MigrationService : public QObject {
    Q_OBJECT
public:
    explicit MigrationService(model::Database *database, QObject *parent = nullptr);
    ~MigrationService() override;

    model::Database *database() const { return m_database; }
    const RevisionGraph &graph() const { return m_graph; }
    // Empty while the demo revisions built into the application are in use.
    const QString &revisionDirectory() const { return m_directory; }
    // Loads every *.sql file of `directory`; on failure the graph in use stays and graphFailed
    // lists each problem. Refused while a run is going.
    bool setRevisionDirectory(const QString &directory);
    bool useEmbeddedRevisions();
    void setRunnerOptions(const RunnerOptions &options) { m_options = options; }

    // The newest status read from the connected database (after statusChanged).
    bool hasStatus() const { return m_hasStatus; }
    const MigrationStatus &status() const { return m_status; }
    // What run(action, target) will do judging by the last status read, for a confirmation; the
    // run itself plans again under the lock. Refuses as the runner would (edited history...).
    model::Result<MigrationPlan> plan(MigrationPlan::Action action, const QString &target) const;

    void refreshStatus();
    void preview(MigrationPlan::Action action, const QString &target);
    // False (and nothing starts) while another run is going.
    bool run(MigrationPlan::Action action, const QString &target);
    // What a downgrade to `target` would drop, with row counts of the tables that exist.
    void downgradeImpact(const QString &target);
    // Stops the run: a running statement is cancelled on the server and its revision rolls back.
    void cancel();
    bool isRunning() const { return m_runTicket != 0; }

signals:
    void statusChanged(const dbx::migrations::MigrationStatus &status);
    void statusFailed(const dbx::model::DbError &error);
    // The database went away or another one is being connected: the last status no longer holds.
    void statusCleared();
    void previewReady(const QString &sql);
    void previewFailed(const dbx::model::DbError &error);
    void logLine(const dbx::migrations::LogLine &line);
    void progress(int done, int total, const QString &revision);
    void runFinished(const dbx::migrations::RunReport &report);
    void runFailed(const dbx::model::DbError &error);
    void impactReady(const QList<dbx::migrations::DroppedObject> &objects);
    void impactFailed(const dbx::model::DbError &error);
    void graphLoaded();
    void graphFailed(const dbx::model::DbError &error);
    void runningChanged(bool running);

private:
    void useGraph(RevisionGraph graph, const QString &directory);
    QString describeStart(MigrationPlan::Action action, const QString &target) const;
    void forgetStatus();

    model::Database *m_database;
    RevisionGraph m_graph;
    QString m_directory;
    RunnerOptions m_options;
    MigrationStatus m_status;
    bool m_hasStatus = false;
    // Carries the runner's log and progress from the worker thread; shared with running jobs so
    // that a job outliving the service still has somewhere to emit to.
    std::shared_ptr<RunRelay> m_relay;
    model::Ticket m_statusTicket = 0;
    model::Ticket m_previewTicket = 0;
    model::Ticket m_impactTicket = 0;
    model::Ticket m_runTicket = 0;
};

} // namespace dbx::migrations
