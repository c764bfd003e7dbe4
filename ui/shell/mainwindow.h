#pragma once

#include <QMainWindow>
#include <QMap>

class QTabWidget;

namespace dbx::model {
class Database;
}

namespace dbx::ui {

class ActivityIndicator;
class ConnectionController;
class ConnectionStatus;
class OverviewPage;
class SchemaDock;

// Assembles the window: menus and actions, the schema dock, the central tabs with the overview
// page, and the status bar. Feature panels plug in through addPanel() and menu(); the window
// itself holds no feature logic. Geometry and dock layout persist in the settings.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    enum class Menu { File, Database, Migrations, Query, View, Help };

    MainWindow(model::Database *database, ConnectionController *connections,
               QWidget *parent = nullptr);

    SchemaDock *schemaDock() const { return m_schemaDock; }
    OverviewPage *overviewPage() const { return m_overview; }
    ConnectionStatus *connectionStatus() const { return m_status; }
    // Menus start hidden while they are empty; adding an action shows them.
    QMenu *menu(Menu which) const;
    void addPanel(QWidget *panel, const QIcon &icon, const QString &title);
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

    model::Database *m_database;
    ConnectionController *m_connections;
    SchemaDock *m_schemaDock;
    OverviewPage *m_overview;
    QTabWidget *m_tabs;
    ConnectionStatus *m_status;
    ActivityIndicator *m_activity;
    QMap<Menu, QMenu *> m_menus;
};

} // namespace dbx::ui
