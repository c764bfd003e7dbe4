#pragma once

#include "model/connection/connectionspec.h"
#include "model/dberror.h"

#include <QObject>
#include <QPointer>

class QWidget;

namespace dbx::model {
class ConnectionStore;
class Database;
class DemoServer;
} // namespace dbx::model

namespace dbx::ui {

class ConnectionDialog;
class PasswordStore;

// Decides where the application connects: a spec the user typed, a saved one, or the embedded
// demo server (which it starts first). Remembers the last successful choice, and puts a failed
// interactive attempt back in front of the user with the error and the form as it was.
class ConnectionController : public QObject {
    Q_OBJECT
public:
    ConnectionController(model::Database *database, model::DemoServer *demo,
                         model::ConnectionStore *store, QWidget *dialogParent = nullptr);
    // The window the connection dialog belongs to.
    void setDialogParent(QWidget *parent) { m_dialogParent = parent; }

    // Interactive attempts reopen the dialog on failure; others only report it.
    void connectTo(const model::ConnectionSpec &spec, bool interactive = true);
    void openDemo(bool interactive = true);
    void showDialog(const model::DbError &error = {}, const model::ConnectionSpec &prefill = {});
    void disconnectFromServer();
    bool isDemo() const { return m_demo; }
    // A controller for another connection of the same window (same demo server, store and
    // keychain session), owned by the caller.
    ConnectionController *createSibling(model::Database *database) const;
    // The session's keychain of saved passwords, read before a saved connection is opened.
    PasswordStore *passwords() const { return m_passwords; }
    // The connection dialog while it is open.
    ConnectionDialog *dialog() const;

signals:
    // disconnectFromServer() was called: the connection is closed, not lost.
    void disconnected();
    // A step of preparing the connection (starting the demo server, connecting).
    void preparing(const QString &text);
    // The attempt failed; `interactive` says whether the dialog is already showing it.
    void failed(const dbx::model::DbError &error, bool interactive);
    // The demo rows were loaded again into the demo's empty tables (the user accepted the
    // offer made when the demo opened with none), or that failed.
    void demoRowsReloaded();
    void demoReloadFailed(const dbx::model::DbError &error);
    // The password of the saved connection `name` is now in the keychain.
    void passwordSaved(const QString &name);
    // The keychain entry of `name` is gone (the box was unchecked, or the connection deleted).
    void passwordForgotten(const QString &name);
    // The user asked to save a password and no keychain took it; `message` says so plainly.
    void passwordNotSaved(const QString &message);

private:
    // What to do with the keychain entry once a connect succeeds.
    enum class PasswordChoice { Keep, Save, Forget };

    void begin(const model::ConnectionSpec &spec);
    void startConnecting(const model::ConnectionSpec &spec);
    void applyPasswordChoice();
    void reportNotSaved(const QString &reason);
    void forgetPassword(const QString &name);
    void onConnected();
    void onFailed(const model::DbError &error);
    void offerDemoRows();

    model::Database *m_database;
    model::DemoServer *m_demoServer;
    model::ConnectionStore *m_store;
    QWidget *m_dialogParent;
    QPointer<ConnectionDialog> m_dialog;
    model::ConnectionSpec m_attempt;
    bool m_interactive = false;
    bool m_demo = false;
    // Several controllers share the demo server: only the one that asked takes its answer.
    bool m_awaitingDemo = false;
    PasswordStore *m_passwords;
    PasswordChoice m_passwordChoice = PasswordChoice::Keep;
    bool m_passwordFromKeychain = false;
    // Tells a keychain answer for an attempt that was replaced meanwhile from the current one.
    int m_attemptSerial = 0;
};

} // namespace dbx::ui
