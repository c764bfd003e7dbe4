#pragma once

#include <QHash>
#include <QObject>
#include <QPointer>

namespace dbx::model {
class Database;
class MonitorConnection;
} // namespace dbx::model

namespace dbx::ui {

class ActivityPanel;
class LockWaitNotice;
class MainWindow;

// Puts the server's activity into the main window: View → Activity opens its tab (made when
// first shown, and again after the tab was closed), and the status bar names the session
// holding a lock that a request of the window waits for. Both watch from a monitoring
// connection of their own.
class ActivityMenu : public QObject {
    Q_OBJECT
public:
    // `database` is the window's first connection; the tab opens on the current one.
    static ActivityMenu *install(MainWindow *window, model::Database *database);

    // Opens the activity tab, or brings it to the front.
    ActivityPanel *showActivity();
    // The current connection's tab; null while it is not open.
    ActivityPanel *panel() const;
    // The current connection's notice of a lock wait in the status bar.
    LockWaitNotice *lockWaitNotice() const;

private:
    explicit ActivityMenu(MainWindow *window);
    void watch(model::Database *database);
    model::MonitorConnection *monitorOf(model::Database *database);

    MainWindow *m_window;
    QHash<model::Database *, QPointer<ActivityPanel>> m_panels;
    // One monitoring connection and lock-wait notice per connection of the window.
    QHash<model::Database *, model::MonitorConnection *> m_monitors;
    QHash<model::Database *, LockWaitNotice *> m_notices;
};

} // namespace dbx::ui
