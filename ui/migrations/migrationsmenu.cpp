#include "ui/migrations/migrationsmenu.h"

#include "migrations/migrationerror.h"
#include "migrations/migrationservice.h"
#include "model/db/database.h"
#include "ui/common/icons.h"
#include "ui/connection/connectionregistry.h"
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
    , m_first(service->database())
{
    setObjectName(QStringLiteral("migrationsMenu"));
    createMenu();
    add(service->database(), service);
    ConnectionRegistry *connections = window->connections();
    for (model::Database *database : connections->databases())
        add(database);
    connect(connections, &ConnectionRegistry::added, this,
            [this](model::Database *database) { add(database); });
    connect(connections, &ConnectionRegistry::currentChanged, this,
            &MigrationsMenu::currentChanged);
    currentChanged();
}

void MigrationsMenu::add(model::Database *database, MigrationService *service)
{
    if (m_connections.contains(database))
        return;
    Migrations &m = m_connections[database];
    m.service = service ? service : new MigrationService(database, this);
    m.actions = new MigrationActions(m.service, m_window);
    m.notice = new MigrationsNotice(m.service, m_window);
    m_window->statusBar()->addPermanentWidget(m.notice);
    connect(m.notice, &MigrationsNotice::clicked, this, [this, database] {
        m_window->connections()->setCurrent(database);
        showPanel();
    });
    // A run changes tables and types: the schema tree should show what is there now.
    connect(m.service, &MigrationService::runningChanged, m_window, [this, database](bool running) {
        if (SchemaPane *schema = m_window->schemaDock()->pane(database); schema && !running)
            schema->reload();
    });
    // A schema change saved as a revision is shown where revisions are run.
    if (SchemaPane *schema = m_window->schemaDock()->pane(database)) {
        schema->editor()->setMigrationService(m.service);
        connect(schema->editor(), &SchemaEditor::revisionSaved, this,
                [this, database](const QString &, const QString &id) {
                    m_window->connections()->setCurrent(database);
                    showPanel()->selectRevision(id);
                });
    }
    watchService(m.service);
}

// The menu shows the current connection's state; any service's change may be that one's.
void MigrationsMenu::watchService(MigrationService *service)
{
    connect(service, &MigrationService::runningChanged, this, &MigrationsMenu::updateActions);
    connect(service, &MigrationService::statusChanged, this, &MigrationsMenu::updateActions);
    connect(service, &MigrationService::statusCleared, this, &MigrationsMenu::updateActions);
    connect(service, &MigrationService::graphLoaded, this, &MigrationsMenu::updateActions);
}

const MigrationsMenu::Migrations &MigrationsMenu::current() const
{
    const auto found = m_connections.constFind(m_window->connections()->current());
    return found != m_connections.constEnd() ? *found : *m_connections.constFind(m_first);
}

void MigrationsMenu::currentChanged()
{
    const Migrations &now = current();
    for (const Migrations &m : std::as_const(m_connections))
        m.notice->setActive(m.notice == now.notice);
    updateActions();
}

MigrationActions *MigrationsMenu::actions() const
{
    return current().actions;
}

MigrationsNotice *MigrationsMenu::notice() const
{
    return current().notice;
}

MigrationService *MigrationsMenu::service() const
{
    return current().service;
}

MigrationService *MigrationsMenu::serviceOf(model::Database *database) const
{
    const auto found = m_connections.constFind(database);
    return found != m_connections.constEnd() ? found->service : nullptr;
}

void MigrationsMenu::createMenu()
{
    QMenu *menu = m_window->menu(MainWindow::Menu::Migrations);
    // Every change opens the panel first: its log and errors are where the run reports.
    auto change = [this, menu](const QString &text, const char *name, MigrationPlan::Action action,
                               std::function<QString()> target) {
        QAction *item = menu->addAction(text, this, [this, action, target] {
            showPanel();
            actions()->request(action, target());
        });
        item->setObjectName(QLatin1String(name));
        m_changing << item;
        return item;
    };
    change(tr("&Upgrade to Head"), "actionMigrateUpgradeHead", MigrationPlan::Action::Upgrade,
           [this] { return actions()->headTarget(); });
    change(tr("Downgrade &One Step"), "actionMigrateDowngradeStep",
           MigrationPlan::Action::Downgrade, [] { return QStringLiteral("-1"); });
    change(tr("Downgrade to &Base…"), "actionMigrateDowngradeBase",
           MigrationPlan::Action::Downgrade, [] { return QStringLiteral("base"); });
    menu->addSeparator();
    QAction *show = menu->addAction(tr("&Show Migrations"), this, &MigrationsMenu::showPanel);
    show->setObjectName(QStringLiteral("actionShowMigrations"));
    QAction *folder = menu->addAction(icon(QStringLiteral("folder")), tr("Open Revision &Folder…"),
                                      this, [this] { actions()->chooseRevisionFolder(); });
    folder->setObjectName(QStringLiteral("actionOpenRevisionFolder"));
    QAction *builtIn = menu->addAction(tr("Use &Built-in Demo Revisions"), this,
                                       [this] { actions()->useBuiltInRevisions(); });
    builtIn->setObjectName(QStringLiteral("actionUseBuiltInRevisions"));
    m_newRevision = menu->addAction(tr("&New Revision…"), this, [this] {
        showPanel();
        actions()->newRevision();
    });
    m_newRevision->setObjectName(QStringLiteral("actionNewRevision"));
    QAction *generate = menu->addAction(tr("&Generate Revision from Database…"), this, [this] {
        showPanel();
        actions()->autogenerate()->generateRevision();
    });
    generate->setObjectName(QStringLiteral("actionGenerateRevision"));
    m_changing << generate;
    QAction *drift = menu->addAction(tr("Check for &Drift"), this, [this] {
        showPanel();
        actions()->autogenerate()->checkDrift();
    });
    drift->setObjectName(QStringLiteral("actionCheckDrift"));
    QAction *alembic =
        menu->addAction(tr("Open &Alembic Project…"), this, [this] { showPanel()->showAlembic(); });
    alembic->setObjectName(QStringLiteral("actionOpenAlembicProject"));
}

void MigrationsMenu::updateActions()
{
    if (!m_newRevision || m_connections.isEmpty())
        return; // still being made
    const MigrationService *service = current().service;
    const bool ready = service->hasStatus() && !service->isRunning() &&
                       service->database()->state() == model::Database::State::Connected;
    // The same refusal as the panel's: no run on a hot standby or a read-only database.
    const QString refusal = migrations::readOnlyRefusal(service->database()->serverInfo());
    for (QAction *action : std::as_const(m_changing)) {
        action->setEnabled(ready && refusal.isEmpty());
        action->setToolTip(refusal.isEmpty() ? action->text().remove(QLatin1Char('&')) : refusal);
    }
    // Files only: no connection needed, but a folder (the built-in revisions are not files).
    m_newRevision->setEnabled(!service->isRunning() && !service->revisionDirectory().isEmpty());
}

MigrationsPanel *MigrationsMenu::panel() const
{
    return current().panel;
}

MigrationsPanel *MigrationsMenu::showPanel()
{
    model::Database *database = current().service->database();
    Migrations &m = m_connections[database];
    if (m.panel) {
        m_window->showPanel(m.panel);
        return m.panel;
    }
    m.panel = new MigrationsPanel(m.actions, m_window);
    connect(m.panel, &MigrationsPanel::alembicRunFinished, m_window, [this, database] {
        if (SchemaPane *schema = m_window->schemaDock()->pane(database))
            schema->reload();
    });
    m_window->addPanel(m.panel, icon(QStringLiteral("schema")), tr("Migrations"), database);
    return m.panel;
}

} // namespace dbx::ui
