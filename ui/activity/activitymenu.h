#pragma once

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
    static ActivityMenu *install(MainWindow *window, model::Database *database);

    // Opens the activity tab, or brings it to the front.
    ActivityPanel *showActivity();
    // Null while the tab is not open.
    ActivityPanel *panel() const;
    LockWaitNotice *lockWaitNotice() const { return m_notice; }

private:
    ActivityMenu(MainWindow *window, model::Database *database);

    MainWindow *m_window;
    model::MonitorConnection *m_monitor;
    LockWaitNotice *m_notice;
    QPointer<ActivityPanel> m_panel;
};

} // namespace dbx::ui
