#pragma once

#include "model/connection/connectionspec.h"
#include "model/dberror.h"

#include <QDialog>

#include <memory>

namespace dbx::model {
class ConnectionStore;
}

namespace dbx::ui {

class PasswordStore;

// Asks where to connect: a form (host, port, database, user, password, sslmode), or a pasted
// URL / keyword string (libpq or SQLAlchemy form) that fills the form, plus the list of saved
// connections. It only collects and checks the input; connecting is the caller's job, which
// reports failures back through showError() so the user can correct them in place.
class ConnectionDialog : public QDialog {
    Q_OBJECT
public:
    explicit ConnectionDialog(model::ConnectionStore *store, QWidget *parent = nullptr);
    ~ConnectionDialog() override;

    // The connection described by the form (password included).
    model::ConnectionSpec spec() const;
    void setSpec(const model::ConnectionSpec &spec);
    // Shows a connection failure above the buttons and keeps the form as it is.
    void showError(const QString &message);
    // The same, and moves the focus to the field the error is about (password, host, ...).
    void showError(const model::DbError &error);

    // Where saved passwords are kept; without one the "Save password" box is hidden. A saved
    // connection picked in the list gets its password from there.
    void setPasswordStore(PasswordStore *passwords);
    // Whether the user wants the password kept in the keychain after a successful connect.
    bool savePassword() const;
    void setSavePassword(bool save);

signals:
    // Emitted when the user asks to use the built-in demo server instead.
    void demoRequested();
    // A saved connection was deleted from the list (its keychain entry should go too).
    void savedConnectionRemoved(const QString &name);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace dbx::ui
