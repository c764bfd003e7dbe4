#include "ui/activity/activitymenu.h"

#include "ui/activity/activitypanel.h"
#include "ui/shell/mainwindow.h"

#include <QAction>
#include <QMenu>

namespace dbx::ui {

ActivityMenu *ActivityMenu::install(MainWindow *window, model::Database *database)
{
    return new ActivityMenu(window, database);
}

ActivityMenu::ActivityMenu(MainWindow *window, model::Database *database)
    : QObject(window)
    , m_window(window)
    , m_database(database)
{
    setObjectName(QStringLiteral("activityMenu"));
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
    m_panel = new ActivityPanel(m_database, m_window);
    m_window->addPanel(m_panel, QIcon(), tr("Activity"));
    return m_panel;
}

} // namespace dbx::ui
