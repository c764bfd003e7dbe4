// The activity reader against a real server: a session blocked by another shows who blocks it,
// the blocker's locks are listed, terminating the blocker lets the blocked one finish,
// cancelling stops a running statement, and a plain role is told why it may not.

#include "model/activity/activityreader.h"
#include "model/activity/monitorconnection.h"
#include "model/connection/connector.h"
#include "model/db/database.h"
#include "model/db/pgnative.h"
#include "testcluster.h"

#include <QSqlQuery>
#include <QtTest>

#include <libpq-fe.h>

using namespace dbx::model;

namespace {

const QString table = QStringLiteral("activity_t");
const QString plainRole = QStringLiteral("dbx_activity_plain");

// A connection of its own (the cluster's helpers share one per thread), as `user` if given.
QSqlDatabase openSession(const QString &user = {}, const QString &application = {})
{
    ConnectionSpec spec = dbx::test::TestCluster::instance().directSpec();
    if (!user.isEmpty())
        spec.user = user;
    if (!application.isEmpty())
        spec.options.insert(QStringLiteral("application_name"), application);
    auto db = Connector::open(spec, Connector::uniqueName(QStringLiteral("activity")));
    if (!db)
        qWarning("cannot open: %s", qPrintable(db.error().message));
    return db ? db.value() : QSqlDatabase();
}

bool run(QSqlDatabase &db, const QString &sql)
{
    QSqlQuery query(db);
    return query.exec(sql);
}

// Waits (without blocking the event loop for long) until the statement sent on `conn` ends;
// returns its result status, or -1 on timeout.
int waitForResult(PGconn *conn, QString *sqlState = nullptr, int timeoutMs = 20000)
{
    const bool done = QTest::qWaitFor(
        [conn] {
            PQconsumeInput(conn);
            return PQisBusy(conn) == 0;
        },
        timeoutMs);
    if (!done)
        return -1;
    int status = PGRES_COMMAND_OK;
    while (PGresult *result = PQgetResult(conn)) {
        status = PQresultStatus(result);
        if (sqlState && PQresultErrorField(result, PG_DIAG_SQLSTATE))
            *sqlState = QString::fromLatin1(PQresultErrorField(result, PG_DIAG_SQLSTATE));
        PQclear(result);
    }
    return status;
}

} // namespace

class TestActivity : public QObject {
    Q_OBJECT

private:
    QSqlDatabase m_readerDb;

    // Polls the sessions until `match` holds for the one of `pid`.
    std::optional<ActivitySession>
    waitFor(int pid, const std::function<bool(const ActivitySession &)> &match)
    {
        ActivityReader reader(m_readerDb);
        std::optional<ActivitySession> found;
        (void)QTest::qWaitFor(
            [&] {
                auto sessions = reader.sessions();
                if (!sessions)
                    return false;
                for (const ActivitySession &s : sessions.value())
                    if (s.pid == pid && match(s)) {
                        found = s;
                        return true;
                    }
                return false;
            },
            20000);
        return found;
    }

private slots:
    void initTestCase()
    {
        DBX_REQUIRE_CLUSTER();
        auto &cluster = dbx::test::TestCluster::instance();
        QString error;
        QVERIFY2(cluster.exec(QStringLiteral("postgres"),
                              QStringLiteral("DROP TABLE IF EXISTS %1; "
                                             "CREATE TABLE %1 (id int PRIMARY KEY, v int); "
                                             "INSERT INTO %1 VALUES (1, 0); "
                                             "DROP ROLE IF EXISTS %2; CREATE ROLE %2 LOGIN")
                                  .arg(table, plainRole),
                              &error),
                 qPrintable(error));
        m_readerDb = cluster.openDirect();
        QVERIFY(m_readerDb.isOpen());
    }

    void blockedSessionAndTerminatingTheBlocker()
    {
        QSqlDatabase a = openSession();
        QSqlDatabase b = openSession();
        QVERIFY(run(a, QStringLiteral("BEGIN")));
        QVERIFY(run(a, QStringLiteral("UPDATE %1 SET v = 1 WHERE id = 1").arg(table)));
        const int pidA = backendPid(a);
        const int pidB = backendPid(b);
        PGconn *connB = nativeConnection(b);
        QVERIFY(PQsendQuery(
            connB, QStringLiteral("UPDATE %1 SET v = 2 WHERE id = 1").arg(table).toUtf8()));

        const auto blocked =
            waitFor(pidB, [&](const ActivitySession &s) { return s.blockedBy.contains(pidA); });
        QVERIFY2(blocked, "B never showed as blocked by A");
        QCOMPARE(blocked->waitEventType, QStringLiteral("Lock"));
        QVERIFY(blocked->query.contains(QStringLiteral("SET v = 2")));
        QCOMPARE(blocked->state, QStringLiteral("active"));
        QVERIFY(blocked->durationMs >= 0);

        ActivityReader reader(m_readerDb);
        auto locks = reader.locksOf(pidA);
        QVERIFY2(locks, qPrintable(locks.error().message));
        bool relationLock = false;
        for (const ActivityLock &lock : locks.value())
            relationLock |= lock.lockType == QLatin1String("relation") && lock.relation == table &&
                            lock.mode == QLatin1String("RowExclusiveLock") && lock.granted;
        QVERIFY(relationLock);

        const Status terminated = reader.terminateBackend(pidA);
        QVERIFY2(terminated, qPrintable(terminated.error().message));
        QCOMPARE(waitForResult(connB), int(PGRES_COMMAND_OK));
        auto after = reader.sessions();
        QVERIFY(after);
        for (const ActivitySession &s : after.value())
            QVERIFY(s.pid != pidA);
    }

    // The status bar's question: does this session of ours wait for a lock, and who holds it?
    // Asked by process number, and (as behind a pooler) by application, role and database.
    void lockWaitNamesTheHolder()
    {
        const QString application = QStringLiteral("dbx lock-wait test");
        QSqlDatabase a = openSession();
        QSqlDatabase b = openSession({}, application);
        QVERIFY(run(a, QStringLiteral("BEGIN")));
        QVERIFY(run(a, QStringLiteral("UPDATE %1 SET v = 5 WHERE id = 1").arg(table)));
        const int pidA = backendPid(a);
        const int pidB = backendPid(b);
        ActivityReader reader(m_readerDb);
        auto none = reader.lockWaitOf({pidB, {}, {}, {}});
        QVERIFY2(none, qPrintable(none.error().message));
        QVERIFY(!none.value());

        PGconn *connB = nativeConnection(b);
        QVERIFY(PQsendQuery(
            connB, QStringLiteral("UPDATE %1 SET v = 6 WHERE id = 1").arg(table).toUtf8()));
        QVERIFY(
            waitFor(pidB, [&](const ActivitySession &s) { return s.blockedBy.contains(pidA); }));
        const SessionIdentity byApplication{0, application, QStringLiteral("postgres"),
                                            QStringLiteral("postgres")};
        for (const SessionIdentity &who : {SessionIdentity{pidB, {}, {}, {}}, byApplication}) {
            auto wait = reader.lockWaitOf(who);
            QVERIFY2(wait, qPrintable(wait.error().message));
            QVERIFY(wait.value());
            QCOMPARE(wait.value()->waitingPid, pidB);
            QCOMPARE(wait.value()->waitEvent, QStringLiteral("transactionid"));
            QCOMPARE(wait.value()->holders.size(), 1);
            QCOMPARE(wait.value()->holders.first().pid, pidA);
            QCOMPARE(wait.value()->holders.first().state, QStringLiteral("idle in transaction"));
            QVERIFY(wait.value()->holders.first().query.contains(QStringLiteral("SET v = 5")));
        }
        auto otherApplication =
            reader.lockWaitOf({0, QStringLiteral("someone else"), QStringLiteral("postgres"),
                               QStringLiteral("postgres")});
        QVERIFY(otherApplication && !otherApplication.value());
        QVERIFY(run(a, QStringLiteral("ROLLBACK")));
        QCOMPARE(waitForResult(connB), int(PGRES_COMMAND_OK));
    }

    // Behind pgbouncer the process number libpq reports is the pooler's own: the identity then
    // goes by application, role and database. Direct, it is the server process.
    void monitorIdentityDirectAndPooled()
    {
        auto &cluster = dbx::test::TestCluster::instance();
        for (const bool pooled : {false, true}) {
            Database watched;
            QSignalSpy connected(&watched, &Database::connected);
            watched.connectTo(pooled ? cluster.pooledSpec() : cluster.directSpec());
            QVERIFY(connected.wait(20000));
            QCOMPARE(watched.serverInfo().viaPooler(), pooled);
            MonitorConnection monitor(&watched);
            const SessionIdentity who = monitor.watchedIdentity();
            QCOMPARE(who.pid, pooled ? 0 : watched.serverInfo().serverPid);
            QCOMPARE(who.application, QStringLiteral("DB Explorer"));
            QCOMPARE(who.database, QStringLiteral("postgres"));
            QVERIFY(monitor.database());
            QVERIFY(monitor.database() != &watched);
            watched.disconnectFromServer();
            QVERIFY(!monitor.database());
        }
    }

    void cancelStopsASleep()
    {
        QSqlDatabase c = openSession();
        const int pid = backendPid(c);
        PGconn *conn = nativeConnection(c);
        QVERIFY(PQsendQuery(conn, "SELECT pg_sleep(60)"));
        QVERIFY(waitFor(pid, [](const ActivitySession &s) {
            return s.state == QLatin1String("active") &&
                   s.query.contains(QLatin1String("pg_sleep"));
        }));
        ActivityReader reader(m_readerDb);
        const Status cancelled = reader.cancelBackend(pid);
        QVERIFY2(cancelled, qPrintable(cancelled.error().message));
        QString sqlState;
        QCOMPARE(waitForResult(conn, &sqlState, 10000), int(PGRES_FATAL_ERROR));
        QCOMPARE(sqlState, QStringLiteral("57014"));
    }

    void aProcessThatIsGoneIsReported()
    {
        ActivityReader reader(m_readerDb);
        const Status status = reader.cancelBackend(999999);
        QVERIFY(!status);
        QVERIFY2(status.error().message.contains(QStringLiteral("999999")),
                 qPrintable(status.error().message));
    }

    void aPlainRoleIsToldWhyItMayNot()
    {
        QSqlDatabase plain = openSession(plainRole);
        QVERIFY(plain.isOpen());
        ActivityReader reader(plain);
        const int superPid = backendPid(m_readerDb);
        const Status terminate = reader.terminateBackend(superPid);
        QVERIFY(!terminate);
        QCOMPARE(terminate.error().sqlState, QStringLiteral("42501"));
        QVERIFY(terminate.error().message.contains(QStringLiteral("pg_signal_backend")));
        QVERIFY(terminate.error().message.contains(QStringLiteral("terminate")));
        const Status cancel = reader.cancelBackend(superPid);
        QVERIFY(!cancel);
        QVERIFY(cancel.error().message.contains(QStringLiteral("cancel")));
        QVERIFY(m_readerDb.isOpen());
    }
};

QTEST_GUILESS_MAIN(TestActivity)
#include "tst_activity.moc"
