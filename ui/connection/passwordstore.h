#pragma once

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>
#include <optional>

namespace dbx::ui {

// Passwords of saved connections in the OS keychain (Secret Service on Linux, through
// QtKeychain): one entry per connection, keyed by its name. Every call is asynchronous, because
// a keychain may first ask the user to unlock it; the answer arrives on the UI thread. Each
// entry is read from the keychain once per session and then answered from memory. When no
// keychain answers, nothing is stored anywhere else: a file would be a plain-text secret.
class PasswordStore : public QObject {
    Q_OBJECT
public:
    struct Answer {
        bool ok = false;                 // the keychain answered (a missing entry is an answer too)
        std::optional<QString> password; // set when an entry was found (read) or written
        QString error;                   // why the keychain did not answer, in plain words
    };
    using Callback = std::function<void(const Answer &)>;

    static constexpr const char *defaultService = "DB Explorer";

    explicit PasswordStore(QObject *parent = nullptr,
                           const QString &service = QLatin1String(defaultService));

    // The callbacks run only while `context` lives.
    void read(const QString &name, QObject *context, Callback done);
    void write(const QString &name, const QString &password, QObject *context, Callback done);
    void remove(const QString &name, QObject *context, Callback done);
    // True when this session knows an entry exists for `name` (read or written before).
    bool knownSaved(const QString &name) const;

private:
    void finish(QObject *context, const Callback &done, const Answer &answer);

    QString m_service;
    // What the keychain said per name: a password, or none (no entry). Absent = not asked yet.
    QHash<QString, std::optional<QString>> m_cache;
};

} // namespace dbx::ui
