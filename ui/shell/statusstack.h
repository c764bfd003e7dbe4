#pragma once

#include <QHash>
#include <QObject>

class QStackedWidget;
class QStatusBar;

namespace dbx::model {
class Database;
}

namespace dbx::ui {

class ConnectionRegistry;
class ConnectionStatus;

// The status bar follows the current connection: each connection has its own account of the
// connection, the current one's shown, and its own activity indicator, shown while it works
// (so a busy connection keeps its Cancel whichever is current).
class StatusStack : public QObject {
    Q_OBJECT
public:
    StatusStack(ConnectionRegistry *connections, QStatusBar *bar);

    ConnectionStatus *status(model::Database *database) const { return m_status.value(database); }
    ConnectionStatus *currentStatus() const;

private:
    void add(model::Database *database);
    void showCurrent();

    ConnectionRegistry *m_connections;
    QStackedWidget *m_statusPages;
    QStatusBar *m_bar;
    QHash<model::Database *, ConnectionStatus *> m_status;
};

} // namespace dbx::ui
