#pragma once

#include "model/connection/connectionspec.h"

#include <QList>
#include <QSettings>
#include <QString>

#include <memory>

namespace dbx::model {

// The user's saved connections, kept in QSettings. Passwords are never written here: the dialog
// asks for them, the OS keychain keeps them (ui/connection/passwordstore.h), or libpq finds them
// in ~/.pgpass / a service file.
class ConnectionStore {
public:
    // Uses the application's default QSettings unless a settings object is given (tests).
    explicit ConnectionStore(QSettings *settings = nullptr);

    QList<ConnectionSpec> saved() const;
    // Inserts or replaces the connection with the same name; the password is dropped.
    void save(const ConnectionSpec &spec);
    void remove(const QString &name);

    // The connection used last; its name is empty when none was recorded.
    ConnectionSpec last() const;
    void setLast(const ConnectionSpec &spec);
    // Marks the embedded demo server as the last connection used.
    void setLastWasDemo(bool demo);
    bool lastWasDemo() const;

private:
    QSettings *m_settings;
    std::unique_ptr<QSettings> m_owned;
};

} // namespace dbx::model
