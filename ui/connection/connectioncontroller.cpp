#include "ui/connection/connectioncontroller.h"

#include "model/connection/connectionstore.h"
#include "model/db/database.h"
#include "model/server/demoserver.h"
#include "ui/connection/connectiondialog.h"
#include "ui/connection/passwordstore.h"

#include <QMessageBox>
#include <QPushButton>

#include <utility>

namespace dbx::ui {

using model::ConnectionSpec;
using model::DbError;

ConnectionController::ConnectionController(model::Database *database, model::DemoServer *demo,
                                           model::ConnectionStore *store, QWidget *dialogParent)
    : m_database(database)
    , m_demoServer(demo)
    , m_store(store)
    , m_dialogParent(dialogParent)
    , m_passwords(new PasswordStore(this))
{
    connect(database, &model::Database::connected, this, &ConnectionController::onConnected);
    connect(database, &model::Database::connectionFailed, this, &ConnectionController::onFailed);
    connect(demo, &model::DemoServer::progress, this, &ConnectionController::preparing);
    connect(demo, &model::DemoServer::ready, this, [this](const ConnectionSpec &spec) {
        if (m_demo && std::exchange(m_awaitingDemo, false))
            startConnecting(spec);
    });
    connect(demo, &model::DemoServer::failed, this, [this](const DbError &error) {
        if (m_demo && std::exchange(m_awaitingDemo, false))
            onFailed(error);
    });
    connect(demo, &model::DemoServer::rowsReloaded, this, &ConnectionController::demoRowsReloaded);
    connect(demo, &model::DemoServer::reloadFailed, this, &ConnectionController::demoReloadFailed);
}

void ConnectionController::connectTo(const ConnectionSpec &spec, bool interactive)
{
    m_demo = false;
    m_interactive = interactive;
    m_passwordChoice = PasswordChoice::Keep;
    begin(spec);
}

// A saved connection without a password in hand gets the one kept in the keychain, if any;
// without an answer it is opened as it is (libpq may still find ~/.pgpass or a service file).
void ConnectionController::begin(const ConnectionSpec &spec)
{
    const int serial = ++m_attemptSerial;
    m_passwordFromKeychain = false;
    if (!spec.password.isEmpty() || spec.name.isEmpty()) {
        startConnecting(spec);
        return;
    }
    // A locked keychain may first ask the user to unlock it: say what is being waited for.
    emit preparing(tr("Reading the password of %1 from the keychain…").arg(spec.name));
    m_passwords->read(spec.name, this, [this, spec, serial](const PasswordStore::Answer &answer) {
        if (serial != m_attemptSerial)
            return;
        ConnectionSpec withPassword = spec;
        if (answer.password) {
            withPassword.password = *answer.password;
            m_passwordFromKeychain = true;
        }
        startConnecting(withPassword);
    });
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
    m_awaitingDemo = true;
    m_interactive = interactive;
    emit preparing(tr("Starting the local demo server…"));
    m_demoServer->start();
}

ConnectionDialog *ConnectionController::dialog() const
{
    return m_dialog;
}

ConnectionController *ConnectionController::createSibling(model::Database *database) const
{
    auto *sibling = new ConnectionController(database, m_demoServer, m_store, m_dialogParent);
    // One keychain session per window: a password read once is not asked for again.
    delete sibling->m_passwords;
    sibling->m_passwords = m_passwords;
    return sibling;
}

void ConnectionController::disconnectFromServer()
{
    m_database->disconnectFromServer();
    emit disconnected();
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
        applyPasswordChoice();
    }
}

// Only a password that just worked is kept; the dialog's unchecked box forgets an old one.
void ConnectionController::applyPasswordChoice()
{
    const QString name = m_attempt.name;
    const PasswordChoice choice = std::exchange(m_passwordChoice, PasswordChoice::Keep);
    if (name.isEmpty() || choice == PasswordChoice::Keep)
        return;
    if (choice == PasswordChoice::Forget) {
        if (m_passwords->knownSaved(name))
            forgetPassword(name);
        return;
    }
    if (m_attempt.password.isEmpty())
        return;
    m_passwords->write(name, m_attempt.password, this,
                       [this, name](const PasswordStore::Answer &answer) {
                           if (answer.ok)
                               emit passwordSaved(name);
                           else
                               reportNotSaved(answer.error);
                       });
}

void ConnectionController::forgetPassword(const QString &name)
{
    m_passwords->remove(name, this, [this, name](const PasswordStore::Answer &answer) {
        if (answer.ok)
            emit passwordForgotten(name);
    });
}

void ConnectionController::reportNotSaved(const QString &reason)
{
    const QString message =
        tr("No keychain answered (%1): the password was not saved.").arg(reason);
    emit passwordNotSaved(message);
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Password Not Saved"), message,
                                QMessageBox::Ok, m_dialogParent);
    box->setObjectName(QStringLiteral("keychainNotice"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
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
    m_passwordChoice = PasswordChoice::Keep;
    emit failed(error, m_interactive);
    if (!m_interactive)
        return;
    if (!m_demo && m_passwordFromKeychain && error.kind == DbError::Kind::AuthFailed) {
        // The keychain's password is stale: ask for the new one, offered to replace it.
        ConnectionSpec prefill = m_attempt;
        prefill.password.clear();
        DbError stale = error;
        stale.message += QLatin1Char(' ') +
                         tr("The password saved in the keychain was refused. Type the current "
                            "one; with \u201cSave password in the keychain\u201d checked it "
                            "replaces the saved one.");
        showDialog(stale, prefill);
        m_dialog->setSavePassword(true);
        return;
    }
    showDialog(error, m_demo ? ConnectionSpec() : m_attempt);
    // The form holds the keychain's password again: connecting must not forget it.
    if (!m_demo && m_passwordFromKeychain)
        m_dialog->setSavePassword(true);
}

void ConnectionController::showDialog(const DbError &error, const ConnectionSpec &prefill)
{
    if (!m_dialog) {
        m_dialog = new ConnectionDialog(m_store, m_dialogParent);
        m_dialog->setAttribute(Qt::WA_DeleteOnClose);
        m_dialog->setPasswordStore(m_passwords);
        connect(m_dialog, &ConnectionDialog::accepted, this, [this] {
            const bool save = m_dialog->savePassword();
            connectTo(m_dialog->spec(), true);
            m_passwordChoice = save ? PasswordChoice::Save : PasswordChoice::Forget;
        });
        connect(m_dialog, &ConnectionDialog::savedConnectionRemoved, this,
                [this](const QString &name) { forgetPassword(name); });
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
