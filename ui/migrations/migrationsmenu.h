#pragma once

#include <QHash>
#include <QObject>
#include <QPointer>

class QAction;

namespace dbx::migrations {
class MigrationService;
}
namespace dbx::model {
class Database;
}

namespace dbx::ui {

class MainWindow;
class MigrationActions;
class MigrationsNotice;
class MigrationsPanel;

// Puts migrations into the main window: the Migrations menu, the panel (made when first shown,
// and again after its tab was closed), the status-bar notice, and a schema reload after every
// run. Each connection of the window has its own service, actions, notice and panel (its
// revisions folder, status and runs are its own); the menu, the notice shown and the accessors
// below are the current connection's. Lives here so that MainWindow stays an assembler and
// main.cpp needs one line.
class MigrationsMenu : public QObject {
    Q_OBJECT
public:
    // `service`: the first connection's (the others get one made here).
    static MigrationsMenu *install(MainWindow *window, migrations::MigrationService *service);

    // Opens the panel's tab, or brings it to the front.
    MigrationsPanel *showPanel();
    // Null while the panel is not open.
    MigrationsPanel *panel() const;
    MigrationActions *actions() const;
    MigrationsNotice *notice() const;
    migrations::MigrationService *service() const;
    // The service of that connection of the window.
    migrations::MigrationService *serviceOf(model::Database *database) const;

private:
    struct Migrations {
        migrations::MigrationService *service = nullptr;
        MigrationActions *actions = nullptr;
        MigrationsNotice *notice = nullptr;
        QPointer<MigrationsPanel> panel;
    };

    MigrationsMenu(MainWindow *window, migrations::MigrationService *service);
    void add(model::Database *database, migrations::MigrationService *service = nullptr);
    void watchService(migrations::MigrationService *service);
    const Migrations &current() const;
    void currentChanged();
    void createMenu();
    void updateActions();

    MainWindow *m_window;
    model::Database *m_first;
    QHash<model::Database *, Migrations> m_connections;
    QList<QAction *> m_changing; // actions that change the database
    QAction *m_newRevision = nullptr;
};

} // namespace dbx::ui
