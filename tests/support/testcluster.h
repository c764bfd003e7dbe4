#pragma once

#include "connection/connectionspec.h"
#include "server/localserver.h"

#include <QSqlDatabase>
#include <QString>

#include <memory>

namespace dbx::test {

// One private PostgreSQL cluster per test executable, started on first use and stopped when the
// process exits. Lives under /tmp/dbx-tests/<executable>-<pid> so that the test script can stop
// leftovers of a crashed run by their postmaster.pid. A test that cannot get a server fails.
class TestCluster {
public:
    static TestCluster &instance();

    // Empty when the cluster is up; otherwise why it is not.
    QString startError() const { return m_error; }
    model::ConnectionSpec spec(const QString &database = QStringLiteral("postgres")) const;
    // Drops and recreates a database, for a test that needs a fresh schema.
    bool recreateDatabase(const QString &name, QString *error = nullptr);
    // A synchronous connection in the calling thread, for setting up and checking data.
    QSqlDatabase open(const QString &database = QStringLiteral("postgres"));
    // Runs statements on `database` (simple-query protocol, several allowed); QFAIL-friendly.
    bool exec(const QString &database, const QString &sql, QString *error = nullptr);

    static QString testRoot();
    ~TestCluster();

private:
    TestCluster();
    std::unique_ptr<model::LocalServer> m_server;
    QString m_root;
    QString m_error;
};

} // namespace dbx::test

// Fails the current test function when the cluster did not start.
#define DBX_REQUIRE_CLUSTER()                                                                      \
    QVERIFY2(::dbx::test::TestCluster::instance().startError().isEmpty(),                          \
             qPrintable(::dbx::test::TestCluster::instance().startError()))
