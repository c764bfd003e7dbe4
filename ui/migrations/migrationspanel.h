#pragma once

#include "migrations/migrationplan.h"

#include <QWidget>

class QAction;
class QLabel;
class QProgressBar;
class QStackedWidget;
class QTableView;

namespace dbx::migrations {
class MigrationService;
struct MigrationStatus;
struct RevisionStatus;
} // namespace dbx::migrations

namespace dbx::model {
struct DbError;
}

namespace dbx::ui {

class AlembicView;
class MigrationActions;
class MigrationLogView;
class RevisionListModel;

// The migrations panel: where the database stands (current revisions, heads, Alembic's table if
// any), every revision with its state, the actions to move between them, a live log of runs
// and the last error with its revision, statement and server message. Everything goes through
// the MigrationService, so the window keeps working while a run goes; only Cancel stays
// enabled then.
class MigrationsPanel : public QWidget {
    Q_OBJECT
public:
    explicit MigrationsPanel(MigrationActions *actions, QWidget *parent = nullptr);

    RevisionListModel *model() const { return m_model; }
    // The id of the selected revision, empty without a selection.
    QString selectedRevision() const;
    void selectRevision(const QString &id);

    // The page of an Alembic project in place of the revisions (made on first use); with a
    // folder, that project is opened. Null when the folder is no Alembic project.
    AlembicView *showAlembic(const QString &directory = {});
    AlembicView *alembicView() const { return m_alembic; }

signals:
    // An Alembic run ended: it may have changed tables and types.
    void alembicRunFinished();

private:
    void createActions();
    QWidget *createActionBar();
    void connectService();

    void showStatus(const migrations::MigrationStatus &status);
    void showGraph();
    void updateActions();
    void disableRunsOnReadOnlyServer();
    void showError(const model::DbError &error);
    void clearError();
    void setRunning(bool running);
    void showContextMenu(const QPoint &pos);
    void previewSelection();
    void request(migrations::MigrationPlan::Action action, const QString &target);
    const migrations::RevisionStatus *selected() const;
    bool hasAppliedDescendant(const QString &id) const;

    MigrationActions *m_actions;
    migrations::MigrationService *m_service;
    RevisionListModel *m_model;
    QLabel *m_error = nullptr;
    QTableView *m_table = nullptr;
    MigrationLogView *m_log = nullptr;
    QProgressBar *m_progress = nullptr;
    QAction *m_upgradeHead = nullptr;
    QAction *m_upgradeHere = nullptr;
    QAction *m_downgradeHere = nullptr;
    QAction *m_downgradeBase = nullptr;
    QAction *m_stepUp = nullptr;
    QAction *m_stepDown = nullptr;
    QAction *m_preview = nullptr;
    QAction *m_stamp = nullptr;
    QAction *m_cancel = nullptr;
    QAction *m_newRevision = nullptr;
    QAction *m_alembicAction = nullptr;
    QStackedWidget *m_pages = nullptr;
    AlembicView *m_alembic = nullptr;
    QList<QAction *> m_previewChoices;
};

} // namespace dbx::ui
