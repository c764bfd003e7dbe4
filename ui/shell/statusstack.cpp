#include "ui/shell/statusstack.h"

#include "model/db/database.h"
#include "ui/connection/connectionregistry.h"
#include "ui/shell/activityindicator.h"
#include "ui/shell/connectionstatus.h"

#include <QStackedWidget>
#include <QStatusBar>

namespace dbx::ui {

StatusStack::StatusStack(ConnectionRegistry *connections, QStatusBar *bar)
    : QObject(bar)
    , m_connections(connections)
    , m_statusPages(new QStackedWidget(bar))
    , m_bar(bar)
{
    bar->addWidget(m_statusPages, 1);
    for (model::Database *database : connections->databases())
        add(database);
    connect(connections, &ConnectionRegistry::added, this, &StatusStack::add);
    connect(connections, &ConnectionRegistry::currentChanged, this, &StatusStack::showCurrent);
    showCurrent();
}

void StatusStack::add(model::Database *database)
{
    auto *status = new ConnectionStatus(database, m_statusPages);
    m_statusPages->addWidget(status);
    m_status.insert(database, status);
    // Each shows itself only while its connection works: all of them may show at once.
    m_bar->addPermanentWidget(new ActivityIndicator(database, m_bar));
}

ConnectionStatus *StatusStack::currentStatus() const
{
    return m_status.value(m_connections->current());
}

void StatusStack::showCurrent()
{
    model::Database *current = m_connections->current();
    if (ConnectionStatus *status = m_status.value(current))
        m_statusPages->setCurrentWidget(status);
}

} // namespace dbx::ui
