#pragma once

#include "model/connection/connectionspec.h"

#include <QString>

namespace dbx::test {

// Debian's pgbouncer in transaction pooling in front of a test cluster, the way most hosted
// PostgreSQL is reached: every transaction may run on another server connection, so session
// state (SET, session advisory locks, SQL-level PREPARE) does not survive between them. Listens
// on 127.0.0.1 on a free port and reaches the cluster through its Unix socket. Started as the
// cluster's user when running as root; stopped by the pid in its own pidfile.
class PgBouncer {
public:
    // `socketDir` and `port`: where the cluster listens. `root`: a directory of its own.
    PgBouncer(const QString &root, const QString &socketDir, int port);
    ~PgBouncer();
    PgBouncer(const PgBouncer &) = delete;
    PgBouncer &operator=(const PgBouncer &) = delete;

    // Empty on success, else why it did not start (pgbouncer missing, no free port, ...).
    QString start();
    void stop();
    bool isRunning() const { return m_port > 0; }
    int port() const { return m_port; }
    // The same database as the cluster's spec, through the pooler.
    model::ConnectionSpec spec(const QString &database) const;

    // True when tests should reach the cluster through pgbouncer (DBX_TEST_POOLER=pgbouncer):
    // CTest registers the pooled variants of the database tests with it.
    static bool requested();

private:
    QString writeConfig(int port) const;
    int pidFromFile() const;

    QString m_root;
    QString m_socketDir;
    int m_clusterPort;
    int m_port = 0;
};

} // namespace dbx::test
