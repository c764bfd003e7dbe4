#include "ui/shell/mainwindow.h"

#include "model/db/database.h"
#include "ui/common/icons.h"
#include "ui/common/panelguard.h"
#include "ui/connection/connectioncontroller.h"
#include "ui/connection/connectionregistry.h"
#include "ui/connection/connectiontabs.h"
#include "ui/schema/schemadock.h"
#include "ui/shell/connectionstatus.h"
#include "ui/shell/overviewpage.h"
#include "ui/shell/statusstack.h"
#include "ui/translations.h"

#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QSettings>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>

namespace dbx::ui {

using model::Database;

MainWindow::MainWindow(Database *database, ConnectionController *connections, QWidget *parent)
    : QMainWindow(parent)
    , m_registry(new ConnectionRegistry(database, connections, this))
    , m_schemaDock(new SchemaDock(m_registry, this))
    , m_overview(new OverviewPage(this))
    , m_tabs(new QTabWidget(this))
    , m_connectionTabs(new ConnectionTabs(m_tabs, m_registry, this))
    , m_status(new StatusStack(m_registry, statusBar()))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("DB Explorer"));
    setWindowIcon(icon(QStringLiteral("dbexplorer")));
    m_tabs->setObjectName(QStringLiteral("centralTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->setTabsClosable(true);
    m_tabs->addTab(m_overview, icon(QStringLiteral("database")), tr("Overview"));
    m_tabs->tabBar()->setTabButton(0, QTabBar::RightSide, nullptr); // the overview stays
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, &MainWindow::closeTab);
    setCentralWidget(m_tabs);
    addDockWidget(Qt::LeftDockWidgetArea, m_schemaDock);
    buildMenus();
    restoreLayout();

    for (Database *slot : m_registry->databases())
        followConnection(slot);
    connect(m_registry, &ConnectionRegistry::added, this, &MainWindow::followConnection);
    connect(m_registry, &ConnectionRegistry::currentChanged, this, &MainWindow::showCurrent);
    connect(m_schemaDock, &SchemaDock::snapshotLoaded, this,
            [this](const model::SchemaSnapshot &snapshot) {
                m_overview->showDatabase(m_registry->current()->serverInfo(), snapshot);
            });
    connect(connections, &ConnectionController::demoRowsReloaded, this, [this] {
        statusBar()->showMessage(tr("The demo rows are loaded again."), 10000);
        m_schemaDock->reload(); // the row estimates too
    });
    connect(connections, &ConnectionController::demoReloadFailed, this,
            [this](const model::DbError &error) {
                statusBar()->showMessage(
                    tr("The demo rows could not be loaded: %1").arg(error.message), 15000);
            });
    connect(m_overview, &OverviewPage::connectRequested, m_registry,
            &ConnectionRegistry::showDialog);
    connect(m_overview, &OverviewPage::demoRequested, this, [this] { m_registry->openDemo(); });
    connect(m_overview, &OverviewPage::refreshRequested, m_schemaDock, &SchemaDock::reload);
    m_overview->setSchemaEditor(m_schemaDock->editor());
    connect(m_registry, &ConnectionRegistry::currentChanged, this,
            [this] { m_overview->setSchemaEditor(m_schemaDock->editor()); });
    connect(m_overview, &OverviewPage::ddlRequested, this,
            [this](const QString &schema, const QString &table) {
                const model::TableInfo *info = m_schemaDock->snapshot().table(schema, table);
                const bool view = info && info->kind != model::TableInfo::Kind::Table &&
                                  info->kind != model::TableInfo::Kind::PartitionedTable;
                m_schemaDock->showDdl(
                    {view ? model::DdlObject::Kind::View : model::DdlObject::Kind::Table, schema,
                     table});
            });
    m_overview->showDisconnected();
}

// What one connection tells the window: the title and overview only for the current one.
void MainWindow::followConnection(Database *database)
{
    connect(database, &Database::connected, this, [this, database] {
        if (database == m_registry->current())
            showCurrent();
    });
    connect(database, &Database::connectionFailed, this,
            [this, database](const model::DbError &error) {
                if (database == m_registry->current())
                    m_overview->showDisconnected(error.message);
            });
    connect(database, &Database::connectionLost, this,
            [this, database](const model::DbError &error) {
                statusBar()->showMessage(tr("%1: %2 The next action reconnects.")
                                             .arg(m_registry->label(database), error.message),
                                         10000);
            });
    ConnectionController *controller = m_registry->controller(database);
    connect(controller, &ConnectionController::preparing, this,
            [this, database](const QString &text) {
                if (database == m_registry->current() || !m_registry->isOpen(m_registry->current()))
                    onConnectionPrepared(text);
            });
    connect(controller, &ConnectionController::failed, this,
            [this, database](const model::DbError &error) {
                if (ConnectionStatus *status = m_status->status(database))
                    status->setPreparing({});
                if (database == m_registry->current() || !m_registry->isOpen(m_registry->current()))
                    m_overview->showDisconnected(error.message);
            });
}

// The title, overview and status bar show the current connection.
void MainWindow::showCurrent()
{
    Database *current = m_registry->current();
    if (!m_registry->isOpen(current) || current->state() == Database::State::Connecting) {
        setWindowTitle(tr("DB Explorer"));
        if (!m_registry->isOpen(current))
            m_overview->showDisconnected(current->lastError().message);
        return;
    }
    const model::ServerInfo &info = current->serverInfo();
    QString name = info.database;
    if (m_registry->look(current).production)
        name = tr("%1 [production]").arg(name);
    // A standby or read-only database says so where every window switcher shows it.
    setWindowTitle(info.isReadOnly() ? tr("%1 (%2) — DB Explorer").arg(name, info.accessBrief())
                                     : tr("%1 — DB Explorer").arg(name));
    if (!m_schemaDock->isLoading())
        m_overview->showDatabase(info, m_schemaDock->snapshot());
}

ConnectionStatus *MainWindow::connectionStatus() const
{
    return m_status->currentStatus();
}

bool MainWindow::closeConnection(Database *database)
{
    if (!m_connectionTabs->closeConnection(database))
        return false;
    showCurrent();
    return true;
}

void MainWindow::closeTab(int index)
{
    QWidget *panel = m_tabs->widget(index);
    auto *guard = dynamic_cast<PanelGuard *>(panel);
    if (index > 0 && (!guard || guard->confirmClose()))
        delete panel;
}

// Ctrl+W closes the tab in front (the overview stays), Ctrl+Tab and Ctrl+Shift+Tab go round
// the tabs: what every tabbed application does.
void MainWindow::buildTabActions(QMenu *view)
{
    view->addSeparator();
    QAction *close =
        view->addAction(tr("&Close Tab"), this, [this] { closeTab(m_tabs->currentIndex()); });
    close->setObjectName(QStringLiteral("actionCloseTab"));
    close->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_W));
    QAction *next = view->addAction(tr("&Next Tab"), this, [this] {
        m_tabs->setCurrentIndex((m_tabs->currentIndex() + 1) % m_tabs->count());
    });
    next->setObjectName(QStringLiteral("actionNextTab"));
    next->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Tab));
    QAction *previous = view->addAction(tr("&Previous Tab"), this, [this] {
        m_tabs->setCurrentIndex((m_tabs->currentIndex() + m_tabs->count() - 1) % m_tabs->count());
    });
    previous->setObjectName(QStringLiteral("actionPreviousTab"));
    // Shift+Tab arrives as Backtab from most keyboards.
    previous->setShortcuts({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Backtab),
                            QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Tab)});
    for (QAction *action : {close, next, previous})
        action->setShortcutContext(Qt::WindowShortcut);
}

void MainWindow::onConnectionPrepared(const QString &text)
{
    connectionStatus()->setPreparing(text);
    m_overview->showConnecting(text);
}

QMenu *MainWindow::menu(Menu which) const
{
    return m_menus.value(which);
}

void MainWindow::addPanel(QWidget *panel, const QIcon &panelIcon, const QString &title,
                          Database *owner)
{
    const int index = m_tabs->addTab(panel, panelIcon, title);
    m_connectionTabs->tag(panel, owner ? owner : m_registry->current(), title, panelIcon);
    m_tabs->setCurrentIndex(index);
}

void MainWindow::showPanel(QWidget *panel)
{
    m_tabs->setCurrentWidget(panel);
}

void MainWindow::buildMenus()
{
    QMenuBar *bar = menuBar();
    const std::pair<Menu, QString> menus[] = {{Menu::File, tr("&File")},
                                              {Menu::Database, tr("&Database")},
                                              {Menu::Migrations, tr("&Migrations")},
                                              {Menu::Query, tr("&Query")},
                                              {Menu::View, tr("&View")},
                                              {Menu::Help, tr("&Help")}};
    for (const auto &[id, title] : menus) {
        QMenu *menu = bar->addMenu(title);
        m_menus.insert(id, menu);
        // An empty menu is noise: it appears as soon as a feature adds an action to it.
        menu->menuAction()->setVisible(false);
        menu->installEventFilter(this);
    }
    QMenu *file = m_menus[Menu::File];
    QAction *connectAction = file->addAction(icon(QStringLiteral("connect")), tr("&Connect…"),
                                             m_registry, &ConnectionRegistry::showDialog);
    connectAction->setShortcut(QKeySequence(tr("Ctrl+Shift+O")));
    connectAction->setObjectName(QStringLiteral("actionConnect"));
    QAction *demo = file->addAction(icon(QStringLiteral("demo")), tr("Open &Demo Database"), this,
                                    [this] { m_registry->openDemo(); });
    demo->setObjectName(QStringLiteral("actionDemo"));
    QAction *disconnect = file->addAction(icon(QStringLiteral("disconnect")), tr("D&isconnect"),
                                          this, [this] { closeConnection(m_registry->current()); });
    disconnect->setObjectName(QStringLiteral("actionDisconnect"));
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    buildDatabaseMenu();

    QMenu *view = m_menus[Menu::View];
    QAction *toggleSchema = m_schemaDock->toggleViewAction();
    toggleSchema->setShortcut(QKeySequence(tr("Ctrl+Shift+S")));
    view->addAction(toggleSchema);
    buildLanguageMenu(view);
    buildTabActions(view);

    QMenu *help = m_menus[Menu::Help];
    help->addAction(tr("&About DB Explorer"), this, &MainWindow::showAbout)
        ->setMenuRole(QAction::AboutRole);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt)
        ->setMenuRole(QAction::AboutQtRole);
}

// Refresh and Cancel act on the current connection, and are enabled by its state.
void MainWindow::buildDatabaseMenu()
{
    QMenu *db = m_menus[Menu::Database];
    QAction *refresh = db->addAction(icon(QStringLiteral("refresh")), tr("&Refresh Schema"),
                                     m_schemaDock, &SchemaDock::reload);
    refresh->setShortcut(QKeySequence::Refresh);
    refresh->setObjectName(QStringLiteral("actionRefreshSchema"));
    QAction *cancel =
        db->addAction(icon(QStringLiteral("cancel")), tr("&Cancel Running Statements"), this,
                      [this] { m_registry->current()->cancelAll(); });
    cancel->setShortcut(QKeySequence(tr("Ctrl+.")));
    cancel->setObjectName(QStringLiteral("actionCancel"));
    QAction *disconnect = findChild<QAction *>(QStringLiteral("actionDisconnect"));
    auto updateEnabled = [this, disconnect, refresh, cancel] {
        Database *current = m_registry->current();
        const bool connected = current->state() == Database::State::Connected;
        disconnect->setEnabled(connected);
        refresh->setEnabled(connected);
        cancel->setEnabled(current->isBusy());
    };
    const auto follow = [this, updateEnabled](Database *database) {
        connect(database, &Database::stateChanged, this, updateEnabled);
        connect(database, &Database::busyChanged, this, updateEnabled);
    };
    for (Database *slot : m_registry->databases())
        follow(slot);
    connect(m_registry, &ConnectionRegistry::added, this, follow);
    connect(m_registry, &ConnectionRegistry::currentChanged, this, updateEnabled);
    updateEnabled();
}

bool MainWindow::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::ActionAdded) {
        if (auto *menu = qobject_cast<QMenu *>(watched))
            menu->menuAction()->setVisible(true);
    }
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::buildLanguageMenu(QMenu *view)
{
    QMenu *languages = view->addMenu(tr("&Language"));
    auto *group = new QActionGroup(languages);
    const QString current = storedLanguage();
    const std::pair<QString, QString> choices[] = {
        {QStringLiteral("system"), tr("System Default")},
        {QStringLiteral("en"), QStringLiteral("English")},
        {QStringLiteral("ru"), QStringLiteral("Русский")}};
    for (const auto &[code, label] : choices) {
        QAction *action = languages->addAction(label);
        action->setCheckable(true);
        action->setChecked(code == current);
        action->setData(code);
        group->addAction(action);
        connect(action, &QAction::triggered, this, [this, code = code] {
            storeLanguage(code);
            QMessageBox::information(this, tr("Language"),
                                     tr("The new language is used from the next start of DB "
                                        "Explorer."));
        });
    }
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About DB Explorer"),
                       tr("<h3>DB Explorer %1</h3><p>A native explorer for PostgreSQL: browse "
                          "and edit data, build queries, inspect relationships and run "
                          "migrations.</p><p>Qt %2</p>")
                           .arg(QStringLiteral(DBX_VERSION), QString::fromLatin1(qVersion())));
}

void MainWindow::restoreLayout()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("ui/geometry")).toByteArray())) {
        // The first start: a comfortable size, but never more than the screen holds.
        QSize size(1180, 740);
        if (const QScreen *shown = screen())
            size = size.boundedTo(shown->availableGeometry().size());
        resize(size);
    }
    restoreState(settings.value(QStringLiteral("ui/state")).toByteArray());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    // Pending edits are never dropped silently: each panel that holds some asks first.
    for (int i = 0; i < m_tabs->count(); ++i) {
        auto *guard = dynamic_cast<PanelGuard *>(m_tabs->widget(i));
        if (guard) {
            m_tabs->setCurrentIndex(i);
            if (!guard->confirmClose()) {
                event->ignore();
                return;
            }
        }
    }
    QSettings settings;
    settings.setValue(QStringLiteral("ui/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("ui/state"), saveState());
    QMainWindow::closeEvent(event);
}

} // namespace dbx::ui
