#include "printcapture.h"
#include "revisionfixture.h"
#include "testcluster.h"

#include "app/migratecommand.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSqlDatabase>
#include <QTemporaryDir>
#include <QTest>

using dbx::test::PrintCapture;
using dbx::test::RevisionDir;
using dbx::test::TestCluster;

namespace {

const QString R1 = QStringLiteral("a1a1a1a1a1a1");
const QString R2 = QStringLiteral("b2b2b2b2b2b2");
const QString R3 = QStringLiteral("c3c3c3c3c3c3");
const QString DemoHead = QStringLiteral("1b6f8d2e4a70");

QString connectionTo(const QString &database)
{
    QString error;
    if (!TestCluster::instance().recreateDatabase(database, &error))
        qWarning("cannot recreate %s: %s", qPrintable(database), qPrintable(error));
    return TestCluster::instance().spec(database).toKeywordString();
}

int migrate(const QStringList &args)
{
    PrintCapture::clear();
    return dbx::app::runMigrateCommand(QStringList{QStringLiteral("dbexplorer migrate")} + args);
}

QString both()
{
    return PrintCapture::out() + PrintCapture::err();
}

// Advisory locks left anywhere on the server (a pooled backend keeps what its last client took).
qint64 advisoryLocks()
{
    QSqlDatabase direct = TestCluster::instance().openDirect();
    return dbx::test::count(
        direct, QStringLiteral("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"));
}

QProcess *startHelper(const QStringList &args, QObject *parent)
{
    auto *process = new QProcess(parent);
    process->start(QStringLiteral(DBX_MIGRATE_HELPER), args);
    return process;
}

} // namespace

// `dbexplorer migrate` through runMigrateCommand: exit codes, output, and real processes
// competing for the same database.
class TestMigrateCommand : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { DBX_REQUIRE_CLUSTER(); }

    void usageErrorsExitTwo_data()
    {
        QTest::addColumn<QStringList>("args");
        const QString conn = QStringLiteral("host=/nonexistent dbname=x");
        QTest::newRow("nothing") << QStringList{};
        QTest::newRow("unknown command") << QStringList{QStringLiteral("migrate"), conn};
        QTest::newRow("no target") << QStringList{QStringLiteral("upgrade"), conn};
        QTest::newRow("no connection") << QStringList{QStringLiteral("current")};
        QTest::newRow("extra argument")
            << QStringList{QStringLiteral("current"), conn, QStringLiteral("more")};
        QTest::newRow("bad lock timeout")
            << QStringList{QStringLiteral("upgrade"), QStringLiteral("head"),
                           QStringLiteral("--lock-timeout"), QStringLiteral("soon"), conn};
        QTest::newRow("sql without action")
            << QStringList{QStringLiteral("history"), QStringLiteral("--sql"), conn};
        QTest::newRow("unknown option") << QStringList{QStringLiteral("--frobnicate")};
        QTest::newRow("bad target")
            << QStringList{QStringLiteral("upgrade"), QStringLiteral("latest"), conn};
        QTest::newRow("unknown revision")
            << QStringList{QStringLiteral("upgrade"), QStringLiteral("abcdef"), conn};
        QTest::newRow("bad connection")
            << QStringList{QStringLiteral("current"), QStringLiteral("postgresql://[broken")};
        QTest::newRow("missing directory")
            << QStringList{QStringLiteral("heads"), QStringLiteral("--migrations"),
                           QStringLiteral("/nonexistent/dir")};
    }

    void usageErrorsExitTwo()
    {
        QFETCH(QStringList, args);
        QCOMPARE(migrate(args), 2);
        QVERIFY(!PrintCapture::err().isEmpty());
    }

    void helpExitsZero()
    {
        QCOMPARE(migrate({QStringLiteral("--help")}), 0);
        QVERIFY(PrintCapture::out().contains(QLatin1String("downgrade TARGET")));
    }

    void invalidRevisionFilesExitTwoWithFileAndLine()
    {
        RevisionDir dir;
        dir.write(R1, {R2}, QStringLiteral("SELECT 1;"));
        QCOMPARE(migrate({QStringLiteral("heads"), QStringLiteral("--migrations"), dir.path()}), 2);
        // Once: the message and its detail do not both carry it.
        QVERIFY2(PrintCapture::err().count(R1 + QStringLiteral(".sql:2: unknown parent")) == 1,
                 qPrintable(PrintCapture::err()));
    }

    void headsOfAnEmptyDirectorySaySo()
    {
        QTemporaryDir empty;
        QCOMPARE(migrate({QStringLiteral("heads"), QStringLiteral("--migrations"), empty.path()}),
                 0);
        QCOMPARE(PrintCapture::err().trimmed(), QStringLiteral("no revisions in ") + empty.path());
    }

    // A NUL would end the SQL the parser sees: "b" would silently never be created, and the
    // revision recorded as applied all the same.
    void nulInARevisionFileIsRefusedAndNothingRuns()
    {
        const QString conn = connectionTo(QStringLiteral("cmd_nul"));
        RevisionDir dir;
        dir.write(R1, {},
                  QStringLiteral("CREATE TABLE a (i int);") + QChar(0) +
                      QStringLiteral(" CREATE TABLE b (i int);"));
        QCOMPARE(migrate({QStringLiteral("upgrade"), QStringLiteral("head"),
                          QStringLiteral("--migrations"), dir.path(), conn}),
                 2);
        QVERIFY2(PrintCapture::err().contains(R1 + QStringLiteral(".sql:6: ")) &&
                     PrintCapture::err().contains(QLatin1String("NUL")),
                 qPrintable(PrintCapture::err()));
        QSqlDatabase db = TestCluster::instance().open(QStringLiteral("cmd_nul"));
        QCOMPARE(dbx::test::count(db, QStringLiteral("SELECT count(*) FROM pg_class WHERE "
                                                     "relname IN ('a', 'b')")),
                 0);
    }

    void revisionLinkedToADeviceIsRefused()
    {
        RevisionDir dir;
        QVERIFY(QFile::link(QStringLiteral("/dev/zero"), dir.path() + QStringLiteral("/z.sql")));
        QCOMPARE(migrate({QStringLiteral("heads"), QStringLiteral("--migrations"), dir.path()}), 2);
        QVERIFY2(PrintCapture::err().contains(QLatin1String("z.sql: not a regular file")),
                 qPrintable(PrintCapture::err()));
    }

    // A failing statement of megabytes is named by its line and its beginning, never echoed
    // whole, neither in the log nor in the error.
    void longStatementsAreShortenedInMessages()
    {
        const QString conn = connectionTo(QStringLiteral("cmd_long"));
        RevisionDir dir;
        const QString huge(2 * 1024 * 1024, QLatin1Char('x'));
        dir.write(R1, {}, QStringLiteral("SELECT 1 / 0, '%1';").arg(huge));
        QCOMPARE(migrate({QStringLiteral("upgrade"), QStringLiteral("head"),
                          QStringLiteral("--migrations"), dir.path(), conn}),
                 1);
        const QString printed = both();
        QVERIFY2(printed.size() < 20000, qPrintable(printed.left(300)));
        QVERIFY2(printed.contains(QLatin1String("line 6")), qPrintable(printed.left(3000)));
        QVERIFY2(printed.contains(QLatin1String("division by zero")),
                 qPrintable(printed.left(3000)));
        QVERIFY2(printed.contains(QLatin1String("more characters")),
                 qPrintable(printed.left(3000)));
    }

    void headsNeedsNoConnection()
    {
        QCOMPARE(migrate({QStringLiteral("heads")}), 0);
        QVERIFY(PrintCapture::out().startsWith(DemoHead + QStringLiteral(" (head)")));
    }

    void upgradeCurrentHistoryDowngrade()
    {
        const QString conn = connectionTo(QStringLiteral("cmd_demo"));
        QCOMPARE(migrate({QStringLiteral("current"), conn}), 0);
        QVERIFY(PrintCapture::out().contains(QLatin1String("base")));
        QCOMPARE(migrate({QStringLiteral("upgrade"), QStringLiteral("head"), conn}), 0);
        QVERIFY(
            PrintCapture::out().contains(QLatin1String("Upgrade 3f2a9c1d7b01: create workers")));
        QVERIFY(PrintCapture::out().contains(QLatin1String("CREATE TABLE workers")));
        QCOMPARE(migrate({QStringLiteral("current"), conn}), 0);
        QVERIFY2(PrintCapture::out().contains(DemoHead + QStringLiteral(" (head, current)")),
                 qPrintable(both()));
        QCOMPARE(migrate({QStringLiteral("history"), conn}), 0);
        QCOMPARE(PrintCapture::out().count(QLatin1String("[applied]")), 5);
        QVERIFY(PrintCapture::out().contains(QLatin1String("base -> 3f2a9c1d7b01")));
        QCOMPARE(migrate({QStringLiteral("downgrade"), QStringLiteral("-2"), conn}), 0);
        QCOMPARE(migrate({QStringLiteral("history"), conn}), 0);
        QCOMPARE(PrintCapture::out().count(QLatin1String("[pending]")), 2);
        QCOMPARE(migrate({QStringLiteral("stamp"), QStringLiteral("head"), conn}), 0);
        QCOMPARE(migrate({QStringLiteral("history"), conn}), 0);
        QCOMPARE(PrintCapture::out().count(QLatin1String("[applied]")), 5);
    }

    void sqlPrintsAndAppliesNothing()
    {
        const QString conn = connectionTo(QStringLiteral("cmd_sql"));
        QCOMPARE(migrate({QStringLiteral("upgrade"), QStringLiteral("head"),
                          QStringLiteral("--sql"), conn}),
                 0);
        QVERIFY(PrintCapture::out().contains(QLatin1String("CREATE TABLE vacancies_replies (")));
        QVERIFY(PrintCapture::out().contains(QLatin1String("COMMIT;")));
        QCOMPARE(migrate({QStringLiteral("current"), conn}), 0);
        QVERIFY(PrintCapture::out().contains(QLatin1String("base (no revision applied)")));
    }

    void failedRunExitsOneNamingRevisionStatementAndServerError()
    {
        const QString conn = connectionTo(QStringLiteral("cmd_fail"));
        RevisionDir dir;
        dir.write(R1, {},
                  QStringLiteral("CREATE TABLE t1 (id int);\nINSERT INTO t1 VALUES (1);\n"
                                 "INSERT INTO t1 VALUES (1 / 0);"));
        QCOMPARE(migrate({QStringLiteral("upgrade"), QStringLiteral("head"),
                          QStringLiteral("--migrations"), dir.path(), conn}),
                 1);
        const QString err = PrintCapture::err();
        QVERIFY2(err.contains(R1) && err.contains(QLatin1String("statement 3")) &&
                     err.contains(QLatin1String("line 8")) &&
                     err.contains(QLatin1String("division by zero")) &&
                     err.contains(QLatin1String("[22012]")) &&
                     err.contains(QLatin1String("INSERT INTO t1 VALUES (1 / 0)")),
                 qPrintable(err));
    }

    void unreachableServerExitsOne()
    {
        QCOMPARE(migrate({QStringLiteral("current"),
                          QStringLiteral("host=/nonexistent-socket-dir port=1 dbname=x")}),
                 1);
    }

    void irreversibleDowngradeExitsTwo()
    {
        const QString conn = connectionTo(QStringLiteral("cmd_irreversible"));
        RevisionDir dir;
        dir.write(R1, {}, QStringLiteral("CREATE TABLE t1 (id int);"),
                  QStringLiteral("-- downgrade: irreversible t1 holds imported history\n"));
        const QStringList withDir{QStringLiteral("--migrations"), dir.path(), conn};
        QCOMPARE(migrate(QStringList{QStringLiteral("upgrade"), QStringLiteral("head")} + withDir),
                 0);
        QCOMPARE(
            migrate(QStringList{QStringLiteral("downgrade"), QStringLiteral("base")} + withDir), 2);
        QVERIFY(PrintCapture::err().contains(QLatin1String("t1 holds imported history")));
    }

    void editedRevisionExitsOne()
    {
        const QString conn = connectionTo(QStringLiteral("cmd_edited"));
        RevisionDir dir;
        dir.write(R1, {}, QStringLiteral("CREATE TABLE t1 (id int);"));
        const QStringList withDir{QStringLiteral("--migrations"), dir.path(), conn};
        QCOMPARE(migrate(QStringList{QStringLiteral("upgrade"), QStringLiteral("head")} + withDir),
                 0);
        dir.write(R1, {}, QStringLiteral("CREATE TABLE t1 (id int, note text);"));
        QCOMPARE(migrate(QStringList{QStringLiteral("upgrade"), QStringLiteral("head")} + withDir),
                 1);
        QVERIFY(PrintCapture::err().contains(QLatin1String("modified")));
        QCOMPARE(PrintCapture::err().count(QLatin1String("is modified")), 1);
    }

    void twoProcessesApplyEachRevisionOnce()
    {
        const QString conn = connectionTo(QStringLiteral("cmd_race"));
        RevisionDir dir;
        dir.write(R1, {}, QStringLiteral("CREATE TABLE slow (id int);\nSELECT pg_sleep(1);"));
        dir.write(R2, {R1}, QStringLiteral("CREATE TABLE second (id int);"));
        const QStringList args{QStringLiteral("upgrade"), QStringLiteral("head"),
                               QStringLiteral("--migrations"), dir.path(), conn};
        QProcess *a = startHelper(args, this);
        QProcess *b = startHelper(args, this);
        QVERIFY(a->waitForFinished(30000));
        QVERIFY(b->waitForFinished(30000));
        const QString outA =
            QString::fromLocal8Bit(a->readAllStandardOutput() + a->readAllStandardError());
        const QString outB =
            QString::fromLocal8Bit(b->readAllStandardOutput() + b->readAllStandardError());
        QCOMPARE(a->exitCode(), 0);
        QCOMPARE(b->exitCode(), 0);
        const QString applied = QStringLiteral("Upgrade %1").arg(R1);
        QVERIFY2(outA.contains(applied) != outB.contains(applied), qPrintable(outA + outB));
        const QString &waiter = outA.contains(applied) ? outB : outA;
        QVERIFY2(waiter.contains(QLatin1String("Waiting for another migration run")),
                 qPrintable(waiter));
        QVERIFY(waiter.contains(QLatin1String("Nothing to do")));
        QSqlDatabase db = TestCluster::instance().open(QStringLiteral("cmd_race"));
        QCOMPARE(dbx::test::rows(db, QStringLiteral("SELECT revision FROM "
                                                    "dbx_migrations.applied_revisions ORDER BY "
                                                    "applied_at")),
                 QStringList({R1, R2}));
        QCOMPARE(dbx::test::rows(db, QStringLiteral("SELECT revision, count(*) FROM "
                                                    "dbx_migrations.events GROUP BY revision "
                                                    "ORDER BY 1")),
                 QStringList({R1 + QStringLiteral("|1"), R2 + QStringLiteral("|1")}));
        QCOMPARE(advisoryLocks(), 0);
    }

    // Three runners, one of them straight to the server and the others through whatever the
    // variant uses (pgbouncer in the pooled one): each revision is applied exactly once, and
    // no lock is left anywhere afterwards.
    void threeRunnersDirectAndPooledApplyEachRevisionOnce()
    {
        const QString database = QStringLiteral("cmd_race3");
        const QString conn = connectionTo(database);
        const QString direct = TestCluster::instance().directSpec(database).toKeywordString();
        RevisionDir dir;
        dir.write(R1, {}, QStringLiteral("CREATE TABLE slow (id int);\nSELECT pg_sleep(0.5);"));
        dir.write(R2, {R1}, QStringLiteral("CREATE TABLE second (id int);\nSELECT pg_sleep(0.5);"));
        dir.write(R3, {R2}, QStringLiteral("CREATE TABLE third (id int);"));
        QList<QProcess *> runners;
        for (const QString &target : {direct, conn, conn}) {
            runners << startHelper({QStringLiteral("upgrade"), QStringLiteral("head"),
                                    QStringLiteral("--migrations"), dir.path(), target},
                                   this);
        }
        QString output;
        for (QProcess *p : runners) {
            QVERIFY(p->waitForFinished(60000));
            output +=
                QString::fromLocal8Bit(p->readAllStandardOutput() + p->readAllStandardError());
            QCOMPARE(p->exitCode(), 0);
        }
        for (const QString &id : {R1, R2, R3})
            QCOMPARE(output.count(QStringLiteral("Upgrade %1").arg(id)), 1);
        QSqlDatabase db = TestCluster::instance().open(database);
        QCOMPARE(dbx::test::rows(db, QStringLiteral("SELECT revision, count(*) FROM "
                                                    "dbx_migrations.events GROUP BY revision "
                                                    "ORDER BY 1")),
                 QStringList({R1 + QStringLiteral("|1"), R2 + QStringLiteral("|1"),
                              R3 + QStringLiteral("|1")}));
        QCOMPARE(advisoryLocks(), 0);
    }

    void killedRunnerLeavesTheDatabaseConsistent()
    {
        const QString conn = connectionTo(QStringLiteral("cmd_killed"));
        RevisionDir dir;
        dir.write(R1, {}, QStringLiteral("CREATE TABLE half (id int);\nSELECT pg_sleep(2);"));
        const QStringList args{QStringLiteral("upgrade"), QStringLiteral("head"),
                               QStringLiteral("--migrations"), dir.path(), conn};
        QProcess *victim = startHelper(args, this);
        const QDeadlineTimer deadline(20000);
        QByteArray seen;
        while (!seen.contains("pg_sleep") && !deadline.hasExpired() &&
               victim->state() != QProcess::NotRunning) {
            victim->waitForReadyRead(100);
            seen += victim->readAllStandardOutput();
        }
        QVERIFY2(seen.contains("pg_sleep"), seen.constData());
        victim->kill();
        QVERIFY(victim->waitForFinished(5000));
        QSqlDatabase db = TestCluster::instance().open(QStringLiteral("cmd_killed"));
        QCOMPARE(dbx::test::count(db, QStringLiteral("SELECT count(*) FROM pg_class WHERE "
                                                     "relname = 'half'")),
                 0);
        // The lock went with the killed process's session: the next run applies at once.
        QElapsedTimer timer;
        timer.start();
        QCOMPARE(migrate(args), 0);
        QVERIFY2(timer.elapsed() < 15000, qPrintable(QString::number(timer.elapsed())));
        QCOMPARE(dbx::test::rows(db, QStringLiteral("SELECT revision FROM "
                                                    "dbx_migrations.applied_revisions")),
                 QStringList{R1});
        QCOMPARE(dbx::test::count(db, QStringLiteral("SELECT count(*) FROM pg_class WHERE "
                                                     "relname = 'half'")),
                 1);
        QCOMPARE(advisoryLocks(), 0);
    }
};

QTEST_GUILESS_MAIN(TestMigrateCommand)
#include "tst_migratecommand.moc"
