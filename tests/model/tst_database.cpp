// The database worker against a real server: results and bound values, error mapping,
// cancellation, reconnection, transaction state and the guard on session settings.

#include "model/db/database.h"
#include "testcluster.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QtTest>

using namespace dbx::model;

class TestDatabase : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<Database> m_db;

    // Runs one request and waits for its own result (other tickets are ignored).
    SqlResult run(const Statement &request, qint64 maxRows = -1, int timeoutMs = 20000)
    {
        SqlResult result;
        bool done = false;
        Ticket ticket = 0;
        auto c = connect(m_db.get(), &Database::finished, this, [&](Ticket t, const SqlResult &r) {
            if (t == ticket) {
                result = r;
                done = true;
            }
        });
        ticket = m_db->execute(request, maxRows);
        const bool arrived = QTest::qWaitFor([&] { return done; }, timeoutMs);
        disconnect(c);
        if (!arrived)
            result.error.message = QStringLiteral("timed out");
        return result;
    }

    SqlResult run(const QString &sql, const QVariantList &params = {})
    {
        return run(Statement(sql, params));
    }

private slots:
    void initTestCase()
    {
        DBX_REQUIRE_CLUSTER();
        auto &cluster = dbx::test::TestCluster::instance();
        QVERIFY(cluster.recreateDatabase(QStringLiteral("worker")));
        m_db = std::make_unique<Database>();
        QSignalSpy connected(m_db.get(), &Database::connected);
        m_db->connectTo(cluster.spec(QStringLiteral("worker")));
        QVERIFY(connected.wait(10000));
        QCOMPARE(m_db->state(), Database::State::Connected);
        QVERIFY2(m_db->serverInfo().version.startsWith(QLatin1String("15")),
                 qPrintable(m_db->serverInfo().version));
        QCOMPARE(m_db->serverInfo().user, QStringLiteral("postgres"));
        QCOMPARE(m_db->serverInfo().database, QStringLiteral("worker"));
        // Behind a pooler the pid the client is told is the pooler's, not a server's.
        if (!cluster.pooled())
            QVERIFY(m_db->serverInfo().backendPid > 0);
    }

    void cleanupTestCase() { m_db.reset(); }

    void selectsRowsWithColumns()
    {
        const SqlResult r = run(QStringLiteral("SELECT g AS n, 'row ' || g AS label "
                                               "FROM generate_series(1, 3) g ORDER BY g"));
        QVERIFY2(r.ok(), qPrintable(r.error.message));
        QCOMPARE(r.columns, (QStringList{QStringLiteral("n"), QStringLiteral("label")}));
        QCOMPARE(r.rows.size(), 3);
        QCOMPARE(r.rows.at(2).at(0).toInt(), 3);
        QCOMPARE(r.rows.at(2).at(1).toString(), QStringLiteral("row 3"));
        QVERIFY(!r.truncated);
    }

    void numericIsExact()
    {
        const SqlResult r = run(QStringLiteral("SELECT 12345678901234567890.123456789::numeric"));
        QVERIFY(r.ok());
        QCOMPARE(r.rows.at(0).at(0).toString(), QStringLiteral("12345678901234567890.123456789"));
    }

    void boundValuesRoundTripExactly_data()
    {
        QTest::addColumn<QString>("value");
        QTest::newRow("injection") << QStringLiteral("'; DROP TABLE victims; --");
        QTest::newRow("quotes") << QStringLiteral("it's \"quoted\" ''twice''");
        QTest::newRow("backslashes") << QStringLiteral("C:\\path\\to\\file \\' \\\\");
        QTest::newRow("placeholder-like") << QStringLiteral("? :name $1 %s");
        QTest::newRow("unicode") << QStringLiteral("Бобр 🦫 naïve 中文");
        QTest::newRow("empty") << QString(QLatin1String(""));
        QTest::newRow("long") << QString(200000, QLatin1Char('x'));
    }

    void boundValuesRoundTripExactly()
    {
        QFETCH(QString, value);
        SqlResult r = run(QStringLiteral("CREATE TABLE IF NOT EXISTS victims (id serial "
                                         "PRIMARY KEY, v text)"));
        QVERIFY2(r.ok(), qPrintable(r.error.message));
        r = run(QStringLiteral("INSERT INTO victims (v) VALUES ($1) RETURNING v"), {value});
        QVERIFY2(r.ok(), qPrintable(r.error.message));
        QCOMPARE(r.rows.at(0).at(0).toString(), value);
        r = run(QStringLiteral("SELECT count(*) FROM victims WHERE v = $1"), {value});
        QVERIFY(r.ok());
        QVERIFY(r.rows.at(0).at(0).toInt() >= 1);
        r = run(QStringLiteral("SELECT to_regclass('victims') IS NOT NULL"));
        QVERIFY(r.rows.at(0).at(0).toBool()); // still there
    }

    void tooManyValuesAreRefusedInWords()
    {
        QStringList marks;
        QVariantList values;
        for (int i = 1; i <= 70000; ++i) {
            marks << QStringLiteral("$%1").arg(i);
            values << i;
        }
        const SqlResult r =
            run(QStringLiteral("SELECT 1 WHERE 1 IN (%1)").arg(marks.join(QLatin1Char(','))), values);
        QVERIFY(!r.ok());
        QCOMPARE(r.error.kind, DbError::Kind::Statement);
        QVERIFY2(r.error.message.contains(QStringLiteral("65,535")) ||
                     r.error.message.contains(QStringLiteral("65535")),
                 qPrintable(r.error.message));
        QVERIFY(run(QStringLiteral("SELECT 1")).ok()); // the connection is fine
    }

    void nullIsNotEmpty()
    {
        const SqlResult r =
            run(QStringLiteral("SELECT $1::text IS NULL, $2::text IS NULL"),
                {QVariant(QMetaType(QMetaType::QString)), QString(QLatin1String(""))});
        QVERIFY2(r.ok(), qPrintable(r.error.message));
        QCOMPARE(r.rows.at(0).at(0).toBool(), true);
        QCOMPARE(r.rows.at(0).at(1).toBool(), false);
    }

    void mapsErrorsBySqlState_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QString>("state");
        QTest::newRow("syntax") << QStringLiteral("SELEC 1") << QStringLiteral("42601");
        QTest::newRow("division") << QStringLiteral("SELECT 1/0") << QStringLiteral("22012");
        QTest::newRow("undefined table")
            << QStringLiteral("SELECT * FROM no_such_table") << QStringLiteral("42P01");
        QTest::newRow("check") << QStringLiteral(
                                      "CREATE TEMP TABLE c (x int CHECK (x > 0)); INSERT INTO c "
                                      "VALUES (-1)")
                               << QStringLiteral("23514");
    }

    void mapsErrorsBySqlState()
    {
        QFETCH(QString, sql);
        QFETCH(QString, state);
        const SqlResult r = run(sql);
        QVERIFY(!r.ok());
        QCOMPARE(r.error.kind, DbError::Kind::Statement);
        QCOMPARE(r.error.sqlState, state);
        QVERIFY(!r.error.message.isEmpty());
        QVERIFY2(!r.error.message.startsWith(QLatin1String("ERROR")), qPrintable(r.error.message));
        // The failing statement itself, not the whole script.
        QVERIFY(!r.error.statement.isEmpty());
        QVERIFY(sql.endsWith(r.error.statement));
    }

    void cancelsRunningStatementQuickly()
    {
        SqlResult result;
        bool done = false;
        QElapsedTimer sinceCancel;
        auto c = connect(m_db.get(), &Database::finished, this, [&](Ticket, const SqlResult &r) {
            result = r;
            done = true;
        });
        const Ticket ticket = m_db->execute(QStringLiteral("SELECT pg_sleep(10)"));
        QTest::qWait(300); // let it reach the server
        sinceCancel.start();
        m_db->cancel(ticket);
        QVERIFY(QTest::qWaitFor([&] { return done; }, 5000));
        const qint64 ms = sinceCancel.elapsed();
        disconnect(c);
        qInfo("cancel -> result: %lld ms", ms);
        QVERIFY2(ms < 100, qPrintable(QString::number(ms)));
        QCOMPARE(result.error.kind, DbError::Kind::Cancelled);
        QCOMPARE(result.error.sqlState, QStringLiteral("57014"));
        // The connection is usable right after.
        QVERIFY(run(QStringLiteral("SELECT 1")).ok());
    }

    void cancelledQueuedRequestNeverRuns()
    {
        QVERIFY(run(QStringLiteral("CREATE TABLE IF NOT EXISTS marks (n int)")).ok());
        QList<std::pair<Ticket, SqlResult>> results;
        auto c = connect(m_db.get(), &Database::finished, this, [&](Ticket t, const SqlResult &r) {
            results.append({t, r});
        });
        const Ticket slow = m_db->execute(QStringLiteral("SELECT pg_sleep(0.3)"));
        const Ticket queued = m_db->execute(QStringLiteral("INSERT INTO marks VALUES (1)"));
        m_db->cancel(queued);
        QVERIFY(QTest::qWaitFor([&] { return results.size() == 2; }, 5000));
        disconnect(c);
        QCOMPARE(results.at(0).first, slow);
        QVERIFY(results.at(0).second.ok());
        QCOMPARE(results.at(1).first, queued);
        QCOMPARE(results.at(1).second.error.kind, DbError::Kind::Cancelled);
        QCOMPARE(run(QStringLiteral("SELECT count(*) FROM marks")).rows.at(0).at(0).toInt(), 0);
    }

    void stopsReadingAtMaxRows()
    {
        // One millisecond per row: reading all 100,000 rows would take 100 s.
        const Statement request(
            QStringLiteral("SELECT g, pg_sleep(0.001) FROM generate_series(1, 100000) g"));
        QElapsedTimer timer;
        timer.start();
        const SqlResult r = run(request, 1000);
        QVERIFY2(r.ok(), qPrintable(r.error.message));
        QCOMPARE(r.rows.size(), 1000);
        QVERIFY(r.truncated);
        QVERIFY2(timer.elapsed() < 5000, "the rest of the result was drained, not cancelled");
        QVERIFY(run(QStringLiteral("SELECT 1")).ok());
    }

    void runsScriptsStatementByStatement()
    {
        // The error of a later statement must not vanish, and it names the statement.
        const QString script = QStringLiteral("CREATE TEMP TABLE s (x int CHECK (x > 0));\n"
                                              "INSERT INTO s VALUES (1);\n"
                                              "INSERT INTO s VALUES (-1);\n"
                                              "INSERT INTO s VALUES (2)");
        SqlResult r = run(script);
        QVERIFY(!r.ok());
        QCOMPARE(r.error.sqlState, QStringLiteral("23514"));
        QCOMPARE(r.error.statement, QStringLiteral("INSERT INTO s VALUES (-1)"));
        QVERIFY2(r.error.detail.contains(QLatin1String("line 3")), qPrintable(r.error.detail));
        r = run(QStringLiteral("SELECT string_agg(x::text, ',') FROM s"));
        QCOMPARE(r.rows.at(0).at(0).toString(), QStringLiteral("1"));
        // Semicolons inside dollar quotes and strings do not split.
        r = run(QStringLiteral("CREATE FUNCTION pg_temp.f() RETURNS text LANGUAGE sql AS $$ "
                               "SELECT 'a;b' $$; SELECT pg_temp.f() || ';' || E'c\\;d'"));
        QVERIFY2(r.ok(), qPrintable(r.error.message));
        QCOMPARE(r.rows.at(0).at(0).toString(), QStringLiteral("a;b;c;d"));
        // A script the parser rejects reaches the server, which names the syntax error.
        r = run(QStringLiteral("SELECT 1; SELEC 2"));
        QCOMPARE(r.error.sqlState, QStringLiteral("42601"));
    }

    void reportsTransactionState()
    {
        QSignalSpy spy(m_db.get(), &Database::transactionStateChanged);
        QVERIFY(run(QStringLiteral("BEGIN")).ok());
        QCOMPARE(m_db->transactionState(), TransactionState::InTransaction);
        QVERIFY(!run(QStringLiteral("SELECT 1/0")).ok());
        QCOMPARE(m_db->transactionState(), TransactionState::InFailedTransaction);
        QVERIFY(run(QStringLiteral("ROLLBACK")).ok());
        QCOMPARE(m_db->transactionState(), TransactionState::Idle);
        QVERIFY(spy.count() >= 3);
    }

    void reconnectsAfterTermination()
    {
        auto &cluster = dbx::test::TestCluster::instance();
        if (cluster.pooled()) {
            // The pooler hides a dead server connection: it hands the next request a new one.
            QSqlDatabase admin = cluster.openDirect(QStringLiteral("worker"));
            QSqlQuery kill(admin);
            QVERIFY(kill.exec(QStringLiteral("SELECT pg_terminate_backend(pid) FROM "
                                             "pg_stat_activity WHERE datname = 'worker' AND "
                                             "pid <> pg_backend_pid()")));
            QTest::qWait(100);
            const SqlResult ok = run(QStringLiteral("SELECT 1"));
            QVERIFY2(ok.ok(), qPrintable(ok.error.message));
            return;
        }
        const int oldPid = m_db->serverInfo().backendPid;
        QSignalSpy lost(m_db.get(), &Database::connectionLost);
        QSignalSpy reconnected(m_db.get(), &Database::connected);
        QSqlDatabase admin = cluster.openDirect();
        QSqlQuery kill(admin);
        QVERIFY(kill.exec(QStringLiteral("SELECT pg_terminate_backend(%1)").arg(oldPid)));
        QTest::qWait(100);
        // The request that meets the dead connection fails as "connection lost" ...
        const SqlResult failed = run(QStringLiteral("SELECT 1"));
        QVERIFY(!failed.ok());
        QCOMPARE(failed.error.kind, DbError::Kind::ConnectionLost);
        QVERIFY(lost.count() >= 1);
        // ... and the next one reconnects on its own.
        const SqlResult ok = run(QStringLiteral("SELECT pg_backend_pid()"));
        QVERIFY2(ok.ok(), qPrintable(ok.error.message));
        QVERIFY(ok.rows.at(0).at(0).toInt() != oldPid);
        QCOMPARE(reconnected.count(), 1);
        QCOMPARE(m_db->state(), Database::State::Connected);
    }

    // Values are server-side parameters: no session setting changes what they mean, so a
    // session that turns standard_conforming_strings off keeps working (and is kept). Only the
    // encoding the values travel in is put back.
    void sessionSettingsCannotBreakBoundValues()
    {
        QSignalSpy lost(m_db.get(), &Database::connectionLost);
        QVERIFY(run(QStringLiteral("SET standard_conforming_strings = off")).ok());
        const QString hostile = QStringLiteral("\\'; DROP TABLE victims; --");
        const SqlResult echo = run(QStringLiteral("SELECT $1::text"), {hostile});
        QVERIFY2(echo.ok(), qPrintable(echo.error.message));
        QCOMPARE(echo.rows.at(0).at(0).toString(), hostile);
        QCOMPARE(run(QStringLiteral("SHOW standard_conforming_strings")).rows.at(0).at(0).toString(),
                 QStringLiteral("off"));
        QVERIFY(run(QStringLiteral("RESET standard_conforming_strings")).ok());

        QVERIFY(run(QStringLiteral("SET client_encoding = 'LATIN1'")).ok());
        QCOMPARE(run(QStringLiteral("SHOW client_encoding")).rows.at(0).at(0).toString(),
                 QStringLiteral("UTF8"));
        const QString unicode = QStringLiteral("Бобр 🦫");
        QCOMPARE(run(QStringLiteral("SELECT $1::text"), {unicode}).rows.at(0).at(0).toString(),
                 unicode);
        QCOMPARE(lost.count(), 0);
        QCOMPARE(run(QStringLiteral("SELECT to_regclass('victims') IS NOT NULL")).rows.at(0).at(0),
                 QVariant(true));
    }

    void runsJobsAndDropsResultsForDeadReceivers()
    {
        int delivered = -1;
        m_db->run<int>(
            [](QSqlDatabase &db, const JobContext &) -> Result<int> {
                QSqlQuery q(db);
                if (!q.exec(QStringLiteral("SELECT 7 * 6")) || !q.next()) {
                    DbError error;
                    error.kind = DbError::Kind::Statement;
                    error.message = QStringLiteral("failed");
                    return error;
                }
                return q.value(0).toInt();
            },
            this, [&](Ticket, const Result<int> &r) { delivered = r.ok() ? r.value() : -2; });
        QVERIFY(QTest::qWaitFor([&] { return delivered != -1; }, 5000));
        QCOMPARE(delivered, 42);

        auto *receiver = new QObject;
        bool called = false;
        m_db->run<int>([](QSqlDatabase &, const JobContext &) -> Result<int> { return 1; },
                       receiver, [&](Ticket, const Result<int> &) { called = true; });
        delete receiver;
        QTest::qWait(200);
        QVERIFY(!called);
        QVERIFY(!m_db->isBusy());
    }

    void failsClearlyWhenServerIsAbsent()
    {
        Database other;
        QSignalSpy failed(&other, &Database::connectionFailed);
        ConnectionSpec spec = dbx::test::TestCluster::instance().spec();
        spec.host = QStringLiteral("/tmp/dbx-no-such-socket-dir");
        other.connectTo(spec);
        QVERIFY(failed.wait(10000));
        const auto error = failed.at(0).at(0).value<DbError>();
        QCOMPARE(error.kind, DbError::Kind::ConnectionRefused);
        QVERIFY2(error.message.contains(QLatin1String("/tmp/dbx-no-such-socket-dir")),
                 qPrintable(error.message));
        QCOMPARE(other.state(), Database::State::Failed);
    }
};

QTEST_GUILESS_MAIN(TestDatabase)
#include "tst_database.moc"
