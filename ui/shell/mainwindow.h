#pragma once

#include <QMainWindow>
#include <QMap>

class QTabWidget;

namespace dbx::model {
class Database;
}

namespace dbx::ui {

class ConnectionController;
class ConnectionRegistry;
class ConnectionStatus;
class ConnectionTabs;
class OverviewPage;
class SchemaDock;
class StatusStack;

// Assembles the window: menus and actions, the schema dock, the central tabs with the overview
// page, and the status bar. Feature panels plug in through addPanel() and menu(); the window
// itself holds no feature logic. Geometry and dock layout persist in the settings. Several
// connections may be open (connections()): `database` is the first; features open their
// panels on connections()->current(), and the title, overview and status bar follow it.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    enum class Menu { File, Database, Migrations, Query, View, Help };

    MainWindow(model::Database *database, ConnectionController *connections,
               QWidget *parent = nullptr);

    SchemaDock *schemaDock() const { return m_schemaDock; }
    OverviewPage *overviewPage() const { return m_overview; }
    // The current connection's status.
    ConnectionStatus *connectionStatus() const;
    ConnectionRegistry *connections() const { return m_registry; }
    ConnectionTabs *connectionTabs() const { return m_connectionTabs; }
    // Asks the panels of `database` about pending edits, then closes them and it; false when
    // the user kept them.
    bool closeConnection(model::Database *database);
    // Menus start hidden while they are empty; adding an action shows them.
    QMenu *menu(Menu which) const;
    // The panel belongs to `owner`, or to the current connection; its tab says which.
    void addPanel(QWidget *panel, const QIcon &icon, const QString &title,
                  model::Database *owner = nullptr);
    // Brings an open panel's tab to the front.
    void showPanel(QWidget *panel);

protected:
    void closeEvent(QCloseEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void buildMenus();
    void buildLanguageMenu(QMenu *view);
    void buildTabActions(QMenu *view);
    void closeTab(int index);
    void showAbout();
    void restoreLayout();
    void onConnectionPrepared(const QString &text);
    void followConnection(model::Database *database);
    void showCurrent();
    void buildDatabaseMenu();

    ConnectionRegistry *m_registry;
    SchemaDock *m_schemaDock;
    OverviewPage *m_overview;
    QTabWidget *m_tabs;
    ConnectionTabs *m_connectionTabs;
    StatusStack *m_status;
    QMap<Menu, QMenu *> m_menus;
};

} // namespace dbx::ui
