#pragma once

#include "model/db/serverinfo.h"
#include "model/db/sqlresult.h"

#include <QObject>
#include <QTimer>

#include <optional>

namespace dbx::model {

class Database;

// Follows the replication lag of the connected server while it is a hot standby: reads it on
// the Database's worker when the connection opens and then every few seconds, and reports it
// by signal, so the status bar shows it without the window ever waiting for the server. A read
// still outstanding (behind a long query) is not queued again.
class ReplicationMonitor : public QObject {
    Q_OBJECT
public:
    explicit ReplicationMonitor(Database *database, QObject *parent = nullptr);

    void setInterval(int ms) { m_timer.setInterval(ms); }
    // True while connected to a hot standby.
    bool isWatching() const { return m_timer.isActive(); }
    const std::optional<ReplicationLag> &lastLag() const { return m_last; }
    // Reads the lag now (when watching and no read is outstanding).
    void refresh();

signals:
    void lagChanged(const dbx::model::ReplicationLag &lag);
    void lagFailed(const dbx::model::DbError &error);
    // The server is no standby (any more), or the connection went: there is no lag to show.
    void stopped();

private:
    void follow();

    Database *m_database;
    QTimer m_timer;
    Ticket m_pending = 0;
    std::optional<ReplicationLag> m_last;
};

} // namespace dbx::model
