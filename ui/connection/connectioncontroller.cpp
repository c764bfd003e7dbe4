#include "ui/connection/connectioncontroller.h"

#include "model/connection/connectionstore.h"
#include "model/db/database.h"
#include "model/server/demoserver.h"
#include "ui/connection/connectiondialog.h"

namespace dbx::ui {

using model::ConnectionSpec;
using model::DbError;

ConnectionController::ConnectionController(model::Database *database, model::DemoServer *demo,
                                           model::ConnectionStore *store, QWidget *dialogParent)
    : m_database(database)
    , m_demoServer(demo)
    , m_store(store)
    , m_dialogParent(dialogParent)
{
    connect(database, &model::Database::connected, this, &ConnectionController::onConnected);
    connect(database, &model::Database::connectionFailed, this, &ConnectionController::onFailed);
    connect(demo, &model::DemoServer::progress, this, &ConnectionController::preparing);
    connect(demo, &model::DemoServer::ready, this, [this](const ConnectionSpec &spec) {
        if (m_demo)
            startConnecting(spec);
    });
    connect(demo, &model::DemoServer::failed, this, &ConnectionController::onFailed);
}

void ConnectionController::connectTo(const ConnectionSpec &spec, bool interactive)
{
    m_demo = false;
    m_interactive = interactive;
    startConnecting(spec);
}

void ConnectionController::startConnecting(const ConnectionSpec &spec)
{
    m_attempt = spec;
    emit preparing(tr("Connecting to %1…").arg(spec.displayName()));
    m_database->connectTo(spec);
}

void ConnectionController::openDemo(bool interactive)
{
    m_demo = true;
    m_interactive = interactive;
    emit preparing(tr("Starting the local demo server…"));
    m_demoServer->start();
}

void ConnectionController::disconnectFromServer()
{
    m_database->disconnectFromServer();
}

void ConnectionController::onConnected()
{
    if (m_demo) {
        m_store->setLastWasDemo(true);
    } else {
        m_store->setLast(m_attempt);
        m_store->setLastWasDemo(false);
    }
}

void ConnectionController::onFailed(const DbError &error)
{
    emit failed(error, m_interactive);
    if (m_interactive)
        showDialog(error, m_demo ? ConnectionSpec() : m_attempt);
}

void ConnectionController::showDialog(const DbError &error, const ConnectionSpec &prefill)
{
    if (!m_dialog) {
        m_dialog = new ConnectionDialog(m_store, m_dialogParent);
        m_dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_dialog, &ConnectionDialog::accepted, this,
                [this] { connectTo(m_dialog->spec(), true); });
        connect(m_dialog, &ConnectionDialog::demoRequested, this, [this] { openDemo(true); });
    }
    // Any attempt is put back, including one made only of a service name or other options.
    if (prefill != ConnectionSpec())
        m_dialog->setSpec(prefill);
    if (error.isError())
        m_dialog->showError(error);
    m_dialog->open();
}

} // namespace dbx::ui
