#include "revisionfixture.h"
#include "testcluster.h"

#include "migrations/advisorylock.h"
#include "migrations/migrationrunner.h"
#include "model/connection/connector.h"
#include "model/db/databaseworker.h"
#include "model/db/pgnative.h"

#include <QElapsedTimer>
#include <QSqlQuery>
#include <QTest>

#include <thread>

using namespace dbx::migrations;
using dbx::test::RevisionDir;
using dbx::test::TestCluster;

namespace {

const QString R1 = QStringLiteral("a1a1a1a1a1a1");
const QString R2 = QStringLiteral("b2b2b2b2b2b2");
const QString R3 = QStringLiteral("c3c3c3c3c3c3");

QSqlDatabase freshDatabase(const QString &name)
{
    QString error;
    if (!TestCluster::instance().recreateDatabase(name, &error))
        qWarning("cannot recreate %s: %s", qPrintable(name), qPrintable(error));
    return TestCluster::instance().open(name);
}

// A second session on the same database, for holding locks against the runner.
QSqlDatabase otherSession(const QString &database)
{
    const QString name = QStringLiteral("other-") + database;
    // Straight to the cluster: the pid it reports is the one pg_stat_activity shows.
    const auto db =
        dbx::model::Connector::open(TestCluster::instance().directSpec(database), name);
    if (!db)
        qFatal("cannot open a second session: %s", qPrintable(db.error().message));
    return db.value();
}

int tableCount(QSqlDatabase db, const QString &name)
{
    return dbx::test::count(db, QStringLiteral("SELECT count(*) FROM pg_class WHERE relname = "
                                               "'%1'")
                                    .arg(name));
}

} // namespace

// What keeps a run safe: atomic revisions, precise errors, refused edited or unknown history,
// lock timeouts, the advisory lock and cancellation.
class TestMigrationSafety : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { DBX_REQUIRE_CLUSTER(); }

    void failingRevisionLeavesNoTrace()
    {
        QSqlDatabase db = freshDatabase(QStringLiteral("mig_fail"));
        RevisionDir dir;
        dir.write(R1, {}, QStringLiteral("CREATE TABLE kept (id int);"),
                  QStringLiteral("-- downgrade\nDROP TABLE kept;\n"));
        // Line numbers: header 3 lines, a blank one, "-- upgrade" on 5, statements from 6.
        dir.write(R2, {R1},
                  QStringLiteral("CREATE TABLE doomed (id int);\n"
                                 "INSERT INTO doomed VALUES (1);\n"
                                 "SELECT 1 / 0;\n"
                                 "CREATE TABLE never (id int);"),
                  QStringLiteral("-- downgrade\nDROP TABLE never;\nDROP TABLE doomed;\n"));
        MigrationRunner runner(db, dir.graph());
        const auto ran = runner.run(MigrationPlan::Action::Upgrade, QStringLiteral("head"));
        QVERIFY(!ran);
        const dbx::model::DbError &error = ran.error();
        QCOMPARE(error.sqlState, QStringLiteral("22012"));
        QCOMPARE(error.statement, QStringLiteral("SELECT 1 / 0"));
        QVERIFY2(error.message.startsWith(QStringLiteral("Revision %1 (\"test %1\") failed at "
                                                         "statement 3 (%1.sql, line 8): "
                                                         "division by zero")
                                              .arg(R2)),
                 qPrintable(error.message));
        QVERIFY(error.message.contains(QLatin1String("Rolled back")));
        QCOMPARE(tableCount(db, QStringLiteral("kept")), 1);
        QCOMPARE(tableCount(db, QStringLiteral("doomed")), 0);
        QCOMPARE(dbx::test::rows(db, QStringLiteral("SELECT revision FROM "
                                                    "dbx_migrations.applied_revisions")),
                 QStringList{R1});
        QCOMPARE(dbx::test::rows(db, QStringLiteral("SELECT revision, action, outcome, sqlstate, "
                                                    "statement FROM dbx_migrations.events WHERE "
                                                    "outcome <> 'succeeded'")),
                 QStringList{R2 + QStringLiteral("|upgrade|failed|22012|SELECT 1 / 0")});
        const auto status = runner.status();
        QCOMPARE(status->revisions.at(1).state, RevisionState::Failed);
        QVERIFY(status->revisions.at(1).lastError.contains(QLatin1String("division by zero")));
    }

    void editedAppliedRevisionBlocks()
    {
        QSqlDatabase db = freshDatabase(QStringLiteral("mig_edited"));
        RevisionDir dir;
        dir.write(R1, {}, QStringLiteral("CREATE TABLE t1 (id int);"));
        MigrationRunner first(db, dir.graph());
        QVERIFY(first.run(MigrationPlan::Action::Upgrade, QStringLiteral("head")));
        const QString recorded = first.graph().find(R1)->checksum;

        // Trailing spaces and CRLF do not count as an edit.
        dir.write(R1, {}, QStringLiteral("CREATE TABLE t1 (id int);   \r\n"));
        dir.write(R2, {R1}, QStringLiteral("CREATE TABLE t2 (id int);"));
        QVERIFY(MigrationRunner(db, dir.graph()).run(MigrationPlan::Action::Upgrade, R1));

        dir.write(R1, {}, QStringLiteral("CREATE TABLE t1 (id bigint);"));
        MigrationRunner edited(db, dir.graph());
        const auto ran = edited.run(MigrationPlan::Action::Upgrade, QStringLiteral("head"));
        QVERIFY(!ran);
        QVERIFY2(ran.error().message.contains(QLatin1String("modified")),
                 qPrintable(ran.error().message));
        QVERIFY(ran.error().message.contains(recorded));
        QVERIFY(ran.error().message.contains(edited.graph().find(R1)->checksum));
        QCOMPARE(tableCount(db, QStringLiteral("t2")), 0);
        QCOMPARE(edited.status()->revisions.at(0).state, RevisionState::Modified);
        QCOMPARE(dbx::test::count(db, QStringLiteral("SELECT count(*) FROM dbx_migrations.events "
                                                     "WHERE revision IS NULL AND outcome = "
                                                     "'failed' AND error LIKE '%modified%'")),
                 1);
        QVERIFY(!edited.preview(MigrationPlan::Action::Upgrade, QStringLiteral("head")));

        // Stamping accepts the edit; then the run goes on.
        QVERIFY(edited.run(MigrationPlan::Action::Stamp, R1));
        QCOMPARE(edited.status()->revisions.at(0).state, RevisionState::Applied);
        QVERIFY(edited.run(MigrationPlan::Action::Upgrade, QStringLiteral("head")));
        QCOMPARE(tableCount(db, QStringLiteral("t2")), 1);
    }

    void unknownAppliedRevisionBlocks()
    {
        QSqlDatabase db = freshDatabase(QStringLiteral("mig_ahead"));
        RevisionDir dir;
        dir.write(R1, {}, QStringLiteral("CREATE TABLE t1 (id int);"));
        dir.write(R2, {R1}, QStringLiteral("CREATE TABLE t2 (id int);"));
        QVERIFY(MigrationRunner(db, dir.graph())
                    .run(MigrationPlan::Action::Upgrade, QStringLiteral("head")));
        dir.remove(R2);
        dir.write(R3, {R1}, QStringLiteral("CREATE TABLE t3 (id int);"));
        MigrationRunner behind(db, dir.graph());
        for (const MigrationPlan::Action action :
             {MigrationPlan::Action::Upgrade, MigrationPlan::Action::Downgrade,
              MigrationPlan::Action::Stamp}) {
            const auto ran = behind.run(action, action == MigrationPlan::Action::Upgrade
                                                    ? QStringLiteral("head")
                                                    : QStringLiteral("base"));
            QVERIFY(!ran);
            QVERIFY2(ran.error().message.contains(QLatin1String("database is ahead")),
                     qPrintable(ran.error().message));
            QVERIFY(ran.error().message.contains(R2));
        }
        QCOMPARE(tableCount(db, QStringLiteral("t3")), 0);
        QCOMPARE(tableCount(db, QStringLiteral("t1")), 1);
        QCOMPARE(behind.status()->idsIn(RevisionState::Unknown), QStringList{R2});
    }

    void lockTimeoutNamesTheBlockers()
    {
        QSqlDatabase db = freshDatabase(QStringLiteral("mig_locked"));
        QVERIFY(TestCluster::instance().exec(QStringLiteral("mig_locked"),
                                             QStringLiteral("CREATE TABLE busy (id int)")));
        QSqlDatabase other = otherSession(QStringLiteral("mig_locked"));
        QSqlQuery hold(other);
        QVERIFY(hold.exec(QStringLiteral("BEGIN")));
        QVERIFY(hold.exec(QStringLiteral("LOCK TABLE busy IN ACCESS SHARE MODE")));
        RevisionDir dir;
        dir.write(R1, {}, QStringLiteral("ALTER TABLE busy ADD COLUMN note text;"));
        RunnerOptions options;
        options.lockTimeoutMs = 300;
        MigrationRunner runner(db, dir.graph(), options);
        const auto ran = runner.run(MigrationPlan::Action::Upgrade, QStringLiteral("head"));
        hold.exec(QStringLiteral("ROLLBACK"));
        QVERIFY(!ran);
        QCOMPARE(ran.error().sqlState, QStringLiteral("55P03"));
        QVERIFY2(ran.error().detail.contains(
                     QStringLiteral("pid %1").arg(dbx::model::backendPid(other))),
                 qPrintable(ran.error().detail));
        QVERIFY(ran.error().detail.contains(QLatin1String("LOCK TABLE busy")));
        QVERIFY(runner.run(MigrationPlan::Action::Upgrade, QStringLiteral("head")));
    }

    void advisoryLockWaitReportsHolderAndGivesUp()
    {
        QSqlDatabase db = freshDatabase(QStringLiteral("mig_advisory"));
        QSqlDatabase other = otherSession(QStringLiteral("mig_advisory"));
        const qint64 key = AdvisoryLock::keyFor(Ledger::defaultSchema());
        QCOMPARE(key, AdvisoryLock::keyFor(QStringLiteral("dbx_migrations")));
        QSqlQuery hold(other);
        QVERIFY(hold.exec(QStringLiteral("SELECT pg_advisory_lock(%1)").arg(key)));
        RevisionDir dir;
        dir.write(R1, {}, QStringLiteral("CREATE TABLE t1 (id int);"));
        RunnerOptions options;
        options.lockWaitMs = 700;
        options.lockPollMs = 100;
        MigrationRunner runner(db, dir.graph(), options);
        QStringList warnings;
        runner.setLogHandler([&](const LogLine &line) {
            if (line.level == LogLine::Level::Warning)
                warnings << line.text;
        });
        const auto ran = runner.run(MigrationPlan::Action::Upgrade, QStringLiteral("head"));
        QVERIFY(!ran);
        const QString holder = QStringLiteral("pid %1").arg(dbx::model::backendPid(other));
        QVERIFY2(ran.error().message.contains(holder), qPrintable(ran.error().message));
        QCOMPARE(warnings.size(), 1);
        QVERIFY(warnings.first().contains(holder));
        QCOMPARE(tableCount(db, QStringLiteral("t1")), 0);
        QVERIFY(hold.exec(QStringLiteral("SELECT pg_advisory_unlock(%1)").arg(key)));
        QVERIFY(runner.run(MigrationPlan::Action::Upgrade, QStringLiteral("head")));
        // The runner gives its lock back: the other session can take it at once.
        QVERIFY(hold.exec(QStringLiteral("SELECT pg_try_advisory_lock(%1)").arg(key)));
        QVERIFY(hold.next() && hold.value(0).toBool());
    }

    void cancelBetweenStatements()
    {
        QSqlDatabase db = freshDatabase(QStringLiteral("mig_cancel"));
        RevisionDir dir;
        dir.write(R1, {}, QStringLiteral("CREATE TABLE t1 (id int);\nCREATE TABLE t2 (id int);"));
        MigrationRunner runner(db, dir.graph());
        int statements = 0;
        runner.setLogHandler([&](const LogLine &line) {
            if (line.level == LogLine::Level::Sql)
                ++statements;
        });
        runner.setCancelCheck([&] { return statements >= 1; });
        const auto ran = runner.run(MigrationPlan::Action::Upgrade, QStringLiteral("head"));
        QVERIFY(!ran);
        QVERIFY(ran.error().isCancelled());
        QVERIFY2(ran.error().message.contains(R1), qPrintable(ran.error().message));
        QCOMPARE(tableCount(db, QStringLiteral("t1")), 0);
        QCOMPARE(dbx::test::rows(db, QStringLiteral("SELECT outcome FROM dbx_migrations.events")),
                 QStringList{QStringLiteral("cancelled")});
    }

    void cancelRunningStatementThroughJobContext()
    {
        QSqlDatabase db = freshDatabase(QStringLiteral("mig_cancel_running"));
        RevisionDir dir;
        dir.write(R1, {}, QStringLiteral("CREATE TABLE t1 (id int);\nSELECT pg_sleep(30);"));
        auto control = std::make_shared<dbx::model::WorkerControl>();
        control->setCancelHandle(std::make_unique<dbx::model::CancelHandle>(db));
        const dbx::model::Ticket ticket = 7;
        control->setRunning(ticket);
        const dbx::model::JobContext context(ticket, control.get(), [](qint64) {});
        MigrationRunner runner(db, dir.graph());
        runner.setJobContext(&context);
        runner.setLogHandler([&](const LogLine &line) {
            if (line.level == LogLine::Level::Sql && line.text.contains(QLatin1String("pg_sleep")))
                std::thread([control, ticket] {
                    std::this_thread::sleep_for(std::chrono::milliseconds(300));
                    control->cancel(ticket);
                }).detach();
        });
        QElapsedTimer timer;
        timer.start();
        const auto ran = runner.run(MigrationPlan::Action::Upgrade, QStringLiteral("head"));
        QVERIFY(timer.elapsed() < 10000);
        QVERIFY(!ran);
        QVERIFY(ran.error().isCancelled());
        QCOMPARE(ran.error().sqlState, QStringLiteral("57014"));
        QVERIFY2(ran.error().message.contains(QLatin1String("cancelled at statement 2")),
                 qPrintable(ran.error().message));
        QCOMPARE(tableCount(db, QStringLiteral("t1")), 0);
        QCOMPARE(dbx::test::rows(db, QStringLiteral("SELECT outcome, sqlstate FROM "
                                                    "dbx_migrations.events")),
                 QStringList{QStringLiteral("cancelled|57014")});
    }

    void revisionWithoutTransaction()
    {
        QSqlDatabase db = freshDatabase(QStringLiteral("mig_notx"));
        RevisionDir dir;
        dir.write(R1, {}, QStringLiteral("CREATE TABLE t1 (id int);"),
                  QStringLiteral("-- downgrade\nDROP TABLE t1;\n"));
        dir.write(R2, {R1}, QStringLiteral("CREATE INDEX CONCURRENTLY t1_id ON t1 (id);"),
                  QStringLiteral("-- downgrade\nDROP INDEX CONCURRENTLY t1_id;\n"),
                  QStringLiteral("-- transaction: none\n"));
        MigrationRunner runner(db, dir.graph());
        QVERIFY(runner.run(MigrationPlan::Action::Upgrade, QStringLiteral("head")));
        QCOMPARE(tableCount(db, QStringLiteral("t1_id")), 1);
        QCOMPARE(runner.status()->current, QStringList{R2});
        QCOMPARE(dbx::test::rows(db, QStringLiteral("SELECT current_setting('lock_timeout')")),
                 QStringList{QStringLiteral("0")});
        QVERIFY(runner.run(MigrationPlan::Action::Downgrade, QStringLiteral("-1")));
        QCOMPARE(tableCount(db, QStringLiteral("t1_id")), 0);
    }

    void refusesAConnectionInsideATransaction()
    {
        QSqlDatabase db = freshDatabase(QStringLiteral("mig_intx"));
        RevisionDir dir;
        dir.write(R1, {}, QStringLiteral("CREATE TABLE t1 (id int);"));
        QSqlQuery begin(db);
        QVERIFY(begin.exec(QStringLiteral("BEGIN")));
        MigrationRunner runner(db, dir.graph());
        const auto ran = runner.run(MigrationPlan::Action::Upgrade, QStringLiteral("head"));
        begin.exec(QStringLiteral("ROLLBACK"));
        QVERIFY(!ran);
        QVERIFY(ran.error().message.contains(QLatin1String("open transaction")));
    }
};

QTEST_GUILESS_MAIN(TestMigrationSafety)
#include "tst_migrationsafety.moc"
