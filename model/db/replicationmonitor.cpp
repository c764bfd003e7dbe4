#include "model/db/replicationmonitor.h"

#include "model/db/database.h"

namespace dbx::model {

ReplicationMonitor::ReplicationMonitor(Database *database, QObject *parent)
    : QObject(parent)
    , m_database(database)
{
    m_timer.setInterval(5000);
    connect(&m_timer, &QTimer::timeout, this, &ReplicationMonitor::refresh);
    connect(database, &Database::stateChanged, this, &ReplicationMonitor::follow);
    connect(database, &Database::connected, this, &ReplicationMonitor::follow);
    follow();
}

void ReplicationMonitor::follow()
{
    const bool standby =
        m_database->state() == Database::State::Connected && m_database->serverInfo().inRecovery;
    if (standby) {
        if (!m_timer.isActive())
            m_timer.start();
        refresh();
        return;
    }
    if (!m_timer.isActive() && !m_last)
        return;
    m_timer.stop();
    m_last.reset();
    m_pending = 0; // a late answer about the old server is dropped
    emit stopped();
}

void ReplicationMonitor::refresh()
{
    if (!m_timer.isActive() || m_pending)
        return;
    m_pending = m_database->run<ReplicationLag>(
        [](QSqlDatabase &db, const JobContext &) { return readReplicationLag(db); }, this,
        [this](Ticket ticket, const Result<ReplicationLag> &lag) {
            if (ticket != m_pending)
                return;
            m_pending = 0;
            if (lag) {
                m_last = lag.value();
                emit lagChanged(lag.value());
            } else if (lag.error().kind != DbError::Kind::Cancelled) {
                emit lagFailed(lag.error());
            }
        });
}

} // namespace dbx::model
