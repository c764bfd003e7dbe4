#include "ui/activity/activitymenu.h"

#include "model/activity/monitorconnection.h"
#include "model/db/database.h"
#include "ui/activity/activitypanel.h"
#include "ui/activity/lockwaitnotice.h"
#include "ui/connection/connectionregistry.h"
#include "ui/shell/mainwindow.h"

#include <QAction>
#include <QMenu>
#include <QStatusBar>

namespace dbx::ui {

ActivityMenu *ActivityMenu::install(MainWindow *window, model::Database *)
{
    return new ActivityMenu(window);
}

ActivityMenu::ActivityMenu(MainWindow *window)
    : QObject(window)
    , m_window(window)
{
    setObjectName(QStringLiteral("activityMenu"));
    ConnectionRegistry *connections = window->connections();
    for (model::Database *database : connections->databases())
        watch(database);
    connect(connections, &ConnectionRegistry::added, this, &ActivityMenu::watch);
    QMenu *view = window->menu(MainWindow::Menu::View);
    QAction *show = view->addAction(tr("&Activity"), this, &ActivityMenu::showActivity);
    show->setObjectName(QStringLiteral("actionActivity"));
}

ActivityPanel *ActivityMenu::panel() const
{
    return m_panels.value(m_window->connections()->current());
}

void ActivityMenu::watch(model::Database *database)
{
    if (m_monitors.contains(database))
        return;
    auto *monitor = new model::MonitorConnection(database, this);
    auto *notice = new LockWaitNotice(monitor, m_window);
    m_monitors.insert(database, monitor);
    m_notices.insert(database, notice);
    m_window->statusBar()->addWidget(notice);
    connect(notice, &LockWaitNotice::activityRequested, this, [this, database](int pid) {
        m_window->connections()->setCurrent(database);
        showActivity()->selectSession(pid);
    });
}

model::MonitorConnection *ActivityMenu::monitorOf(model::Database *database)
{
    watch(database);
    return m_monitors.value(database);
}

LockWaitNotice *ActivityMenu::lockWaitNotice() const
{
    return m_notices.value(m_window->connections()->current());
}

ActivityPanel *ActivityMenu::showActivity()
{
    model::Database *database = m_window->connections()->current();
    if (ActivityPanel *panel = m_panels.value(database)) {
        m_window->showPanel(panel);
        return panel;
    }
    auto *panel = new ActivityPanel(monitorOf(database), m_window);
    m_panels.insert(database, panel);
    m_window->addPanel(panel, QIcon(), tr("Activity"), database);
    return panel;
}

} // namespace dbx::ui
