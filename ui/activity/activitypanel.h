#pragma once

#include "model/db/sqlresult.h"

#include <QTimer>
#include <QWidget>

class QLabel;
class QPushButton;
class QTableWidget;
class QTreeView;

namespace dbx::model {
class Database;
class MonitorConnection;
struct ActivitySession;
struct DbError;
} // namespace dbx::model

namespace dbx::ui {

class ActivityModel;

// View -> Activity: the server's sessions as a tree of who blocks whom, read every two seconds
// on a monitoring connection of its own (so a long statement elsewhere never delays it), with
// Cancel Query and Terminate Session (each confirmed first) and the locks of the selected session
// below. The UI thread never waits for the server.
class ActivityPanel : public QWidget {
    Q_OBJECT
public:
    explicit ActivityPanel(model::MonitorConnection *monitor, QWidget *parent = nullptr);

    ActivityModel *model() const { return m_model; }
    void setInterval(int ms) { m_timer.setInterval(ms); }
    // Reads the sessions now, unless a read is still outstanding.
    void refresh();
    // Selects the session with this process number once it is shown (now, or after the next
    // read).
    void selectSession(int pid);

signals:
    // The tree (or the locks table) shows a fresh answer from the server.
    void refreshed();
    void locksShown();

private:
    void buildLayout();
    void showSessions(const QList<model::ActivitySession> &sessions);
    void showError(const model::DbError &error);
    void loadLocks();
    void signalSelected(bool terminate);
    int selectedPid() const;
    // The monitoring connection, or null (with the reason shown) while not connected.
    model::Database *database();
    void updateButtons();

    model::MonitorConnection *m_monitor;
    ActivityModel *m_model;
    QTreeView *m_tree;
    QTableWidget *m_locks;
    QPushButton *m_cancel;
    QPushButton *m_terminate;
    QLabel *m_status;
    QTimer m_timer;
    model::Ticket m_pending = 0;
    model::Ticket m_locksTicket = 0;
    int m_wantedPid = 0;
};

} // namespace dbx::ui
