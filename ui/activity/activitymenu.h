#pragma once

#include <QHash>
#include <QObject>
#include <QPointer>

namespace dbx::model {
class Database;
}

namespace dbx::ui {

class ActivityPanel;
class MainWindow;

// Puts the server's activity into the main window: View → Activity opens the current
// connection's tab (made when first shown, and again after the tab was closed).
class ActivityMenu : public QObject {
    Q_OBJECT
public:
    // `database` is the window's first connection; the tab opens on the current one.
    static ActivityMenu *install(MainWindow *window, model::Database *database);

    // Opens the activity tab, or brings it to the front.
    ActivityPanel *showActivity();
    // The current connection's tab; null while it is not open.
    ActivityPanel *panel() const;

private:
    explicit ActivityMenu(MainWindow *window);

    MainWindow *m_window;
    QHash<model::Database *, QPointer<ActivityPanel>> m_panels;
};

} // namespace dbx::ui
