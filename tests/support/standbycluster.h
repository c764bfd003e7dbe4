#pragma once

#include "model/connection/connectionspec.h"
#include "model/server/localserver.h"

#include <QSqlDatabase>
#include <QString>

#include <memory>

namespace dbx::test {

// A hot standby of the test's own private cluster (TestCluster): a copy made by
// `pg_basebackup -R -X stream` that the test starts on a socket directory of its own and that
// streams from the primary. Lives beside the primary under /tmp/dbx-tests (so the script that
// stops leftovers finds its postmaster.pid) and stops when the process exits. A test that
// cannot get one fails.
class StandbyCluster {
public:
    static StandbyCluster &instance();

    // Empty when the standby is up; otherwise why it is not.
    QString startError() const { return m_error; }
    model::ConnectionSpec spec(const QString &database = QStringLiteral("postgres")) const;
    // A synchronous connection in the calling thread, for checking.
    QSqlDatabase open(const QString &database = QStringLiteral("postgres"));
    // Waits until the standby has replayed everything the primary wrote so far (a database
    // created there after the copy, for instance). False on timeout.
    bool waitForReplay(int timeoutMs = 20000);
    QString dataDir() const;

    ~StandbyCluster();

private:
    StandbyCluster();
    QString baseBackup(const QString &binDir);

    std::unique_ptr<model::LocalServer> m_server;
    QString m_root;
    QString m_error;
};

} // namespace dbx::test

// Fails the current test function when the primary or its standby did not start.
#define DBX_REQUIRE_STANDBY()                                                                      \
    QVERIFY2(::dbx::test::StandbyCluster::instance().startError().isEmpty(),                       \
             qPrintable(::dbx::test::StandbyCluster::instance().startError()))
