#pragma once

#include "model/activity/activityreader.h"

#include <QObject>

namespace dbx::model {

class Database;

// A second connection to the database another one is connected to, for watching the server
// (View → Activity, lock waits) while that one is busy: a long statement or a commit waiting
// for a lock must not delay the view that explains why. Opened when first asked for, closed
// when the watched connection closes, and reopened after it connects elsewhere.
class MonitorConnection : public QObject {
    Q_OBJECT
public:
    explicit MonitorConnection(Database *watched, QObject *parent = nullptr);

    // The monitoring connection, connecting it first when needed; null while the watched one
    // is not connected.
    Database *database();
    Database *watched() const { return m_watched; }
    // How the watched connection shows among the server's sessions.
    SessionIdentity watchedIdentity() const;

private:
    void followWatched();

    Database *m_watched;
    Database *m_monitor;
};

} // namespace dbx::model
