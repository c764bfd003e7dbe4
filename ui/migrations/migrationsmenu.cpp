#include "ui/migrations/migrationsmenu.h"

#include "migrations/migrationerror.h"
#include "migrations/migrationservice.h"
#include "model/db/database.h"
#include "ui/common/icons.h"
#include "ui/migrations/autogenerateactions.h"
#include "ui/migrations/migrationactions.h"
#include "ui/migrations/migrationsnotice.h"
#include "ui/migrations/migrationspanel.h"
#include "ui/schema/schemadock.h"
#include "ui/schema/schemaeditor.h"
#include "ui/schema/schemapane.h"
#include "ui/shell/mainwindow.h"

#include <QMenu>
#include <QStatusBar>
#include <QTabWidget>

namespace dbx::ui {

using migrations::MigrationPlan;
using migrations::MigrationService;

MigrationsMenu *MigrationsMenu::install(MainWindow *window, MigrationService *service)
{
    return new MigrationsMenu(window, service);
}

MigrationsMenu::MigrationsMenu(MainWindow *window, MigrationService *service)
    : QObject(window)
    , m_window(window)
    , m_service(service)
    , m_actions(new MigrationActions(service, window))
    , m_notice(new MigrationsNotice(service, window))
{
    setObjectName(QStringLiteral("migrationsMenu"));
    window->statusBar()->addPermanentWidget(m_notice);
    connect(m_notice, &MigrationsNotice::clicked, this, &MigrationsMenu::showPanel);
    createMenu();
    // A run changes tables and types: the schema tree should show what is there now.
    connect(service, &MigrationService::runningChanged, window, [window, service](bool running) {
        if (SchemaPane *schema = window->schemaDock()->pane(service->database());
            schema && !running)
            schema->reload();
    });
    connect(service, &MigrationService::runningChanged, this, &MigrationsMenu::updateActions);
    // A schema change saved as a revision is shown where revisions are run.
    SchemaEditor *editor = window->schemaDock()->pane(service->database())->editor();
    editor->setMigrationService(service);
    connect(editor, &SchemaEditor::revisionSaved, this,
            [this](const QString &, const QString &id) { showPanel()->selectRevision(id); });
    connect(service, &MigrationService::statusChanged, this, &MigrationsMenu::updateActions);
    connect(service, &MigrationService::statusCleared, this, &MigrationsMenu::updateActions);
    connect(service, &MigrationService::graphLoaded, this, &MigrationsMenu::updateActions);
    updateActions();
}

void MigrationsMenu::createMenu()
{
    QMenu *menu = m_window->menu(MainWindow::Menu::Migrations);
    // Every change opens the panel first: its log and errors are where the run reports.
    auto change = [this, menu](const QString &text, const char *name, MigrationPlan::Action action,
                               std::function<QString()> target) {
        QAction *item = menu->addAction(text, this, [this, action, target] {
            showPanel();
            m_actions->request(action, target());
        });
        item->setObjectName(QLatin1String(name));
        m_changing << item;
        return item;
    };
    change(tr("&Upgrade to Head"), "actionMigrateUpgradeHead", MigrationPlan::Action::Upgrade,
           [this] { return m_actions->headTarget(); });
    change(tr("Downgrade &One Step"), "actionMigrateDowngradeStep",
           MigrationPlan::Action::Downgrade, [] { return QStringLiteral("-1"); });
    change(tr("Downgrade to &Base…"), "actionMigrateDowngradeBase",
           MigrationPlan::Action::Downgrade, [] { return QStringLiteral("base"); });
    menu->addSeparator();
    QAction *show = menu->addAction(tr("&Show Migrations"), this, &MigrationsMenu::showPanel);
    show->setObjectName(QStringLiteral("actionShowMigrations"));
    QAction *folder = menu->addAction(icon(QStringLiteral("folder")), tr("Open Revision &Folder…"),
                                      m_actions, &MigrationActions::chooseRevisionFolder);
    folder->setObjectName(QStringLiteral("actionOpenRevisionFolder"));
    QAction *builtIn = menu->addAction(tr("Use &Built-in Demo Revisions"), m_actions,
                                       &MigrationActions::useBuiltInRevisions);
    builtIn->setObjectName(QStringLiteral("actionUseBuiltInRevisions"));
    m_newRevision = menu->addAction(tr("&New Revision…"), this, [this] {
        showPanel();
        m_actions->newRevision();
    });
    m_newRevision->setObjectName(QStringLiteral("actionNewRevision"));
    QAction *generate = menu->addAction(tr("&Generate Revision from Database…"), this, [this] {
        showPanel();
        m_actions->autogenerate()->generateRevision();
    });
    generate->setObjectName(QStringLiteral("actionGenerateRevision"));
    m_changing << generate;
    QAction *drift = menu->addAction(tr("Check for &Drift"), this, [this] {
        showPanel();
        m_actions->autogenerate()->checkDrift();
    });
    drift->setObjectName(QStringLiteral("actionCheckDrift"));
    QAction *alembic =
        menu->addAction(tr("Open &Alembic Project…"), this, [this] { showPanel()->showAlembic(); });
    alembic->setObjectName(QStringLiteral("actionOpenAlembicProject"));
}

void MigrationsMenu::updateActions()
{
    const bool ready = m_service->hasStatus() && !m_service->isRunning() &&
                       m_service->database()->state() == model::Database::State::Connected;
    // The same refusal as the panel's: no run on a hot standby or a read-only database.
    const QString refusal = migrations::readOnlyRefusal(m_service->database()->serverInfo());
    for (QAction *action : std::as_const(m_changing)) {
        action->setEnabled(ready && refusal.isEmpty());
        action->setToolTip(refusal.isEmpty() ? action->text().remove(QLatin1Char('&')) : refusal);
    }
    // Files only: no connection needed, but a folder (the built-in revisions are not files).
    m_newRevision->setEnabled(!m_service->isRunning() && !m_service->revisionDirectory().isEmpty());
}

MigrationsPanel *MigrationsMenu::panel() const
{
    return m_panel;
}

MigrationsPanel *MigrationsMenu::showPanel()
{
    if (!m_panel) {
        m_panel = new MigrationsPanel(m_actions, m_window);
        connect(m_panel, &MigrationsPanel::alembicRunFinished, m_window, [this] {
            if (SchemaPane *schema = m_window->schemaDock()->pane(m_service->database()))
                schema->reload();
        });
        m_window->addPanel(m_panel, icon(QStringLiteral("schema")), tr("Migrations"),
                           m_service->database());
        return m_panel;
    }
    // The panel lives in a tab of the central area; bring that tab to the front.
    for (QWidget *up = m_panel->parentWidget(); up; up = up->parentWidget()) {
        if (auto *tabs = qobject_cast<QTabWidget *>(up)) {
            tabs->setCurrentWidget(m_panel);
            break;
        }
    }
    return m_panel;
}

} // namespace dbx::ui
