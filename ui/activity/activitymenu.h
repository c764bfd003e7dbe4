#pragma once

#include <QObject>
#include <QPointer>

namespace dbx::model {
class Database;
}

namespace dbx::ui {

class ActivityPanel;
class MainWindow;

// Puts the server's activity into the main window: View → Activity opens its tab (made when
// first shown, and again after the tab was closed).
class ActivityMenu : public QObject {
    Q_OBJECT
public:
    static ActivityMenu *install(MainWindow *window, model::Database *database);

    // Opens the activity tab, or brings it to the front.
    ActivityPanel *showActivity();
    // Null while the tab is not open.
    ActivityPanel *panel() const;

private:
    ActivityMenu(MainWindow *window, model::Database *database);

    MainWindow *m_window;
    model::Database *m_database;
    QPointer<ActivityPanel> m_panel;
};

} // namespace dbx::ui
