#include "ui/connection/connectioncontroller.h"

#include "model/connection/connectionstore.h"
#include "model/db/database.h"
#include "model/server/demoserver.h"
#include "ui/connection/connectiondialog.h"

#include <QMessageBox>
#include <QPushButton>

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
    connect(demo, &model::DemoServer::rowsReloaded, this, &ConnectionController::demoRowsReloaded);
    connect(demo, &model::DemoServer::reloadFailed, this, &ConnectionController::demoReloadFailed);
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
        if (m_demoServer->rowsMissing())
            offerDemoRows();
    } else {
        m_store->setLast(m_attempt);
        m_store->setLastWasDemo(false);
    }
}

// The demo's tables are empty after its revisions were run down and up again: the demo is
// about its rows, so they are offered back (asked, not done: the emptiness may be wanted).
void ConnectionController::offerDemoRows()
{
    auto *box = new QMessageBox(QMessageBox::Question, tr("Demo Database"),
                                tr("The demo's tables are empty: its migrations were run down "
                                   "and up again, which creates the tables but not the demo "
                                   "rows. Load the demo rows again?"),
                                QMessageBox::NoButton, m_dialogParent);
    box->setObjectName(QStringLiteral("demoRowsOffer"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *load = box->addButton(tr("Load Demo Rows"), QMessageBox::AcceptRole);
    load->setObjectName(QStringLiteral("loadDemoRows"));
    box->addButton(tr("Keep Them Empty"), QMessageBox::RejectRole);
    box->setDefaultButton(load);
    connect(box, &QMessageBox::buttonClicked, this, [this, load](QAbstractButton *clicked) {
        if (clicked == load)
            m_demoServer->reloadRows();
    });
    box->open();
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
