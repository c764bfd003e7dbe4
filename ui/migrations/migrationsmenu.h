#pragma once

#include <QObject>
#include <QPointer>

class QAction;

namespace dbx::migrations {
class MigrationService;
}

namespace dbx::ui {

class MainWindow;
class MigrationActions;
class MigrationsNotice;
class MigrationsPanel;

// Puts migrations into the main window: the Migrations menu, the panel (made when first shown,
// and again after its tab was closed), the status-bar notice, and a schema reload after every
// run. Lives here so that MainWindow stays an assembler and main.cpp needs one line.
class MigrationsMenu : public QObject {
    Q_OBJECT
public:
    static MigrationsMenu *install(MainWindow *window, migrations::MigrationService *service);

    // Opens the panel's tab, or brings it to the front.
    MigrationsPanel *showPanel();
    // Null while the panel is not open.
    MigrationsPanel *panel() const;
    MigrationActions *actions() const { return m_actions; }
    MigrationsNotice *notice() const { return m_notice; }

private:
    MigrationsMenu(MainWindow *window, migrations::MigrationService *service);
    void createMenu();
    void updateActions();

    MainWindow *m_window;
    migrations::MigrationService *m_service;
    MigrationActions *m_actions;
    MigrationsNotice *m_notice;
    QPointer<MigrationsPanel> m_panel;
    QList<QAction *> m_changing; // actions that change the database
    QAction *m_newRevision = nullptr;
};

} // namespace dbx::ui
