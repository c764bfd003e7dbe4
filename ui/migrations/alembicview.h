#pragma once

#include "migrations/alembicproject.h"

#include <QWidget>

class QAction;
class QLabel;
class QMenu;
class QProgressBar;
class QTableView;

namespace dbx::migrations {
class AlembicSession;
struct AlembicReach;
struct AlembicRevision;
struct AlembicCommand;
} // namespace dbx::migrations

namespace dbx::model {
class Database;
struct DbError;
} // namespace dbx::model

namespace dbx::ui {

class AlembicRevisionModel;
class MigrationLogView;

// The Migrations panel's page for an Alembic project: which project and database, the
// project's revisions with their state, the runs (upgrade to head or to the selected revision,
// downgrade to it, one step down or to base, stamp, the offline SQL) with a live log of
// Alembic's own lines and Cancel, and the interpreter and program in a small settings dialog.
// Runs like the panel's own revisions: a downgrade is confirmed first, one run at a time, only
// Cancel while it goes.
class AlembicView : public QWidget {
    Q_OBJECT
public:
    explicit AlembicView(model::Database *database, QWidget *parent = nullptr);

    // Opens the folder as an Alembic project (remembered among the recent ones); false and the
    // reason shown when it is none.
    bool openProject(const QString &directory);
    migrations::AlembicSession *session() const { return m_session; }
    AlembicRevisionModel *model() const { return m_model; }
    MigrationLogView *log() const { return m_log; }
    QString selectedRevision() const;
    void selectRevision(const QString &id);
    static QStringList recentProjects();

signals:
    // "Back to Revisions": the panel shows its own revisions again.
    void closeRequested();

private:
    void createActions();
    QWidget *createToolBars();
    void connectSession();
    void chooseProject();
    void fillRecentMenu();
    void editSettings();
    void run(const QString &command, const QString &target, bool sql = false);
    void confirmDowngrade(const QString &target);
    void showRevisions();
    void updateActions();
    void updateHeader();
    void showError(const model::DbError &error);
    void showOtherDatabase(const migrations::AlembicReach &reach);
    void setRunning(bool running);
    const migrations::AlembicRevision *selected() const;

    model::Database *m_database;
    migrations::AlembicSession *m_session;
    AlembicRevisionModel *m_model;
    QLabel *m_header = nullptr;
    QLabel *m_other = nullptr;
    QLabel *m_error = nullptr;
    QTableView *m_table = nullptr;
    MigrationLogView *m_log = nullptr;
    QProgressBar *m_progress = nullptr;
    QMenu *m_recent = nullptr;
    QAction *m_open = nullptr;
    QAction *m_refresh = nullptr;
    QAction *m_settings = nullptr;
    QAction *m_back = nullptr;
    QAction *m_upgradeHead = nullptr;
    QAction *m_upgradeHere = nullptr;
    QAction *m_downgradeHere = nullptr;
    QAction *m_stepDown = nullptr;
    QAction *m_downgradeBase = nullptr;
    QAction *m_stamp = nullptr;
    QAction *m_sql = nullptr;
    QAction *m_cancel = nullptr;
};

} // namespace dbx::ui
