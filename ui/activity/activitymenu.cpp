#include "ui/activity/activitymenu.h"

#include "model/activity/monitorconnection.h"
#include "ui/activity/activitypanel.h"
#include "ui/activity/lockwaitnotice.h"
#include "ui/shell/mainwindow.h"

#include <QAction>
#include <QMenu>
#include <QStatusBar>

namespace dbx::ui {

ActivityMenu *ActivityMenu::install(MainWindow *window, model::Database *database)
{
    return new ActivityMenu(window, database);
}

ActivityMenu::ActivityMenu(MainWindow *window, model::Database *database)
    : QObject(window)
    , m_window(window)
    , m_monitor(new model::MonitorConnection(database, this))
    , m_notice(new LockWaitNotice(m_monitor, window))
{
    setObjectName(QStringLiteral("activityMenu"));
    window->statusBar()->addWidget(m_notice);
    connect(m_notice, &LockWaitNotice::activityRequested, this,
            [this](int pid) { showActivity()->selectSession(pid); });
    QMenu *view = window->menu(MainWindow::Menu::View);
    QAction *show = view->addAction(tr("&Activity"), this, &ActivityMenu::showActivity);
    show->setObjectName(QStringLiteral("actionActivity"));
}

ActivityPanel *ActivityMenu::panel() const
{
    return m_panel;
}

ActivityPanel *ActivityMenu::showActivity()
{
    if (m_panel) {
        m_window->showPanel(m_panel);
        return m_panel;
    }
    m_panel = new ActivityPanel(m_monitor, m_window);
    m_window->addPanel(m_panel, QIcon(), tr("Activity"));
    return m_panel;
}

} // namespace dbx::ui
