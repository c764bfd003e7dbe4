#pragma once

#include "model/connection/connectionspec.h"
#include "model/server/localserver.h"

#include <QSqlDatabase>
#include <QString>

#include <memory>

namespace dbx::test {

class PgBouncer;

// One private PostgreSQL cluster per test executable, started on first use and stopped when the
// process exits. Lives under /tmp/dbx-tests/<executable>-<pid> so that the test script can stop
// leftovers of a crashed run by their postmaster.pid. A test that cannot get a server fails.
class TestCluster {
public:
    static TestCluster &instance();

    // Empty when the cluster is up; otherwise why it is not.
    QString startError() const { return m_error; }
    // How the code under test reaches `database`: straight to the cluster, or through pgbouncer
    // in transaction pooling when the test runs as its pooled variant (DBX_TEST_POOLER).
    model::ConnectionSpec spec(const QString &database = QStringLiteral("postgres")) const;
    // Straight to the cluster, whatever the variant: for setting up and checking.
    model::ConnectionSpec directSpec(const QString &database = QStringLiteral("postgres")) const;
    // Through pgbouncer, started on first use; empty port (and a failed test) if it cannot run.
    model::ConnectionSpec pooledSpec(const QString &database = QStringLiteral("postgres"));
    bool pooled() const;
    QString socketDir() const;
    int port() const;
    // Drops and recreates a database, for a test that needs a fresh schema.
    bool recreateDatabase(const QString &name, QString *error = nullptr);
    // A synchronous connection in the calling thread, for setting up and checking data (and for
    // code under test that takes a connection): through pgbouncer in the pooled variant.
    QSqlDatabase open(const QString &database = QStringLiteral("postgres"));
    // Straight to the cluster whatever the variant: another user's session, a backend to kill.
    QSqlDatabase openDirect(const QString &database = QStringLiteral("postgres"));
    // Runs statements on `database` (simple-query protocol, several allowed); QFAIL-friendly.
    bool exec(const QString &database, const QString &sql, QString *error = nullptr);

    static QString testRoot();
    ~TestCluster();

private:
    TestCluster();
    QSqlDatabase openAs(const model::ConnectionSpec &spec, const QString &prefix);
    std::unique_ptr<model::LocalServer> m_server;
    std::unique_ptr<PgBouncer> m_bouncer;
    QString m_root;
    QString m_error;
};

} // namespace dbx::test

// Fails the current test function when the cluster did not start.
#define DBX_REQUIRE_CLUSTER()                                                                      \
    QVERIFY2(::dbx::test::TestCluster::instance().startError().isEmpty(),                          \
             qPrintable(::dbx::test::TestCluster::instance().startError()))
