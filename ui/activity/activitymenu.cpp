#include "ui/activity/activitymenu.h"

#include "ui/activity/activitypanel.h"
#include "ui/connection/connectionregistry.h"
#include "ui/shell/mainwindow.h"

#include <QAction>
#include <QMenu>

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
    QMenu *view = window->menu(MainWindow::Menu::View);
    QAction *show = view->addAction(tr("&Activity"), this, &ActivityMenu::showActivity);
    show->setObjectName(QStringLiteral("actionActivity"));
}

ActivityPanel *ActivityMenu::panel() const
{
    return m_panels.value(m_window->connections()->current());
}

ActivityPanel *ActivityMenu::showActivity()
{
    model::Database *database = m_window->connections()->current();
    if (ActivityPanel *panel = m_panels.value(database)) {
        m_window->showPanel(panel);
        return panel;
    }
    auto *panel = new ActivityPanel(database, m_window);
    m_panels.insert(database, panel);
    m_window->addPanel(panel, QIcon(), tr("Activity"), database);
    return panel;
}

} // namespace dbx::ui
