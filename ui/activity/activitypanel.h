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
struct ActivitySession;
struct DbError;
} // namespace dbx::model

namespace dbx::ui {

class ActivityModel;

// View -> Activity: the server's sessions as a tree of who blocks whom, read on the database
// worker every two seconds, with Cancel Query and Terminate Session (each confirmed first) and
// the locks of the selected session below. The UI thread never waits for the server.
class ActivityPanel : public QWidget {
    Q_OBJECT
public:
    explicit ActivityPanel(model::Database *database, QWidget *parent = nullptr);

    ActivityModel *model() const { return m_model; }
    void setInterval(int ms) { m_timer.setInterval(ms); }
    // Reads the sessions now, unless a read is still outstanding.
    void refresh();

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
    void updateButtons();

    model::Database *m_database;
    ActivityModel *m_model;
    QTreeView *m_tree;
    QTableWidget *m_locks;
    QPushButton *m_cancel;
    QPushButton *m_terminate;
    QLabel *m_status;
    QTimer m_timer;
    model::Ticket m_pending = 0;
    model::Ticket m_locksTicket = 0;
};

} // namespace dbx::ui
