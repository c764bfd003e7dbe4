#pragma once

#include <QDockWidget>

class QTreeWidget;
class QTreeWidgetItem;

namespace dbx::model {
class ConnectionStore;
class Database;
struct ConnectionSpec;
} // namespace dbx::model

namespace dbx::ui {

class ConnectionRegistry;
class MainWindow;

// The Connections dock: the saved connections by group, each with its colour and production
// badge, the open ones in bold (and open connections that were never saved, such as the demo,
// in a group of their own). Double-click opens one, or brings it forward; the context menu
// opens, closes, edits and adds connections.
class ConnectionsDock : public QDockWidget {
    Q_OBJECT
public:
    static ConnectionsDock *install(MainWindow *window, model::ConnectionStore *store);

    QTreeWidget *tree() const { return m_tree; }
    // Rebuilds the list from the store and the open connections.
    void refresh();

private:
    ConnectionsDock(MainWindow *window, model::ConnectionStore *store);
    QTreeWidgetItem *groupItem(const QString &group);
    void addEntry(const model::ConnectionSpec &spec, model::Database *open);
    void activate(QTreeWidgetItem *item);
    void showContextMenu(const QPoint &at);
    void edit(const model::ConnectionSpec &spec);

    MainWindow *m_window;
    ConnectionRegistry *m_connections;
    model::ConnectionStore *m_store;
    QTreeWidget *m_tree;
};

} // namespace dbx::ui
