#include "model/activity/monitorconnection.h"

#include "model/connection/connector.h"
#include "model/db/database.h"

namespace dbx::model {

MonitorConnection::MonitorConnection(Database *watched, QObject *parent)
    : QObject(parent)
    , m_watched(watched)
    , m_monitor(new Database(this))
{
    connect(watched, &Database::stateChanged, this, &MonitorConnection::followWatched);
}

Database *MonitorConnection::database()
{
    if (m_watched->state() != Database::State::Connected)
        return nullptr;
    const bool sameTarget =
        m_monitor->spec().toKeywordString(true) == m_watched->spec().toKeywordString(true);
    if (m_monitor->state() == Database::State::Disconnected || !sameTarget ||
        m_monitor->state() == Database::State::Failed)
        m_monitor->connectTo(m_watched->spec());
    // Requests made while it connects wait for it on its worker.
    return m_monitor;
}

SessionIdentity MonitorConnection::watchedIdentity() const
{
    const ServerInfo &info = m_watched->serverInfo();
    SessionIdentity who;
    who.pid = info.viaPooler() ? 0 : info.serverPid;
    who.application = m_watched->spec().options.value(QStringLiteral("application_name"),
                                                      QLatin1String(Connector::applicationName));
    who.user = info.user;
    who.database = info.database;
    return who;
}

void MonitorConnection::followWatched()
{
    if (m_watched->state() != Database::State::Connected &&
        m_monitor->state() != Database::State::Disconnected)
        m_monitor->disconnectFromServer();
}

} // namespace dbx::model
