#pragma once

#include "model/db/sqlresult.h"

#include <QLabel>
#include <QTimer>

namespace dbx::model {
class Database;
class MonitorConnection;
struct LockWait;
} // namespace dbx::model

namespace dbx::ui {

// The status bar's word on a commit, an export, a migration or any other request that has
// been waiting for the server a while: when the server says it waits for a lock, this names
// the session holding it and links to View → Activity. Asked on the monitoring connection,
// since the waiting one cannot answer.
class LockWaitNotice : public QLabel {
    Q_OBJECT
public:
    LockWaitNotice(model::MonitorConnection *monitor, QWidget *parent = nullptr);

    // How long a request runs before the server is asked, and then how often.
    void setInterval(int ms) { m_timer.setInterval(ms); }
    // The session named now, 0 when none.
    int holderPid() const { return m_holderPid; }

signals:
    // Show in Activity was clicked, for the session holding the lock.
    void activityRequested(int pid);
    // The notice changed: a holder named, or the wait over.
    void changed();

private:
    void onBusyChanged(bool busy);
    void ask();
    void showWait(const model::LockWait &wait);
    void clear();

    model::MonitorConnection *m_monitor;
    QTimer m_timer;
    model::Ticket m_pending = 0;
    int m_holderPid = 0;
};

} // namespace dbx::ui
