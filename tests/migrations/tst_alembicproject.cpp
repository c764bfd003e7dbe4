#include "alembicfixture.h"
#include "revisionfixture.h"
#include "testcluster.h"

#include "migrations/alembicerror.h"
#include "migrations/alembichistory.h"
#include "migrations/alembicprocess.h"
#include "migrations/alembicproject.h"
#include "migrations/alembicsession.h"
#include "migrations/migrationerror.h"
#include "model/db/database.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

using dbx::migrations::AlembicCommand;
using dbx::migrations::AlembicOutcome;
using dbx::migrations::AlembicProcess;
using dbx::migrations::AlembicProject;
using dbx::migrations::AlembicRevision;
using dbx::migrations::AlembicTool;
using dbx::test::AlembicDemoProject;
using dbx::test::TestCluster;

namespace {

const QStringList AllDemo{QStringLiteral("resumes"), QStringLiteral("vacancies"),
                          QStringLiteral("vacancies_replies"), QStringLiteral("workers"),
                          QStringLiteral("workload")};

dbx::model::ConnectionSpec freshDatabase(const QString &name)
{
    QString error;
    if (!TestCluster::instance().recreateDatabase(name, &error))
        qWarning("cannot recreate %s: %s", qPrintable(name), qPrintable(error));
    return TestCluster::instance().directSpec(name);
}

AlembicOutcome alembic(const AlembicDemoProject &project, const dbx::model::ConnectionSpec &spec,
                       const QString &name, const QString &target = {}, bool sql = false,
                       const AlembicTool &tool = {})
{
    const auto command = AlembicCommand::make(name, target, sql);
    if (!command)
        qFatal("bad command in the test: %s", qPrintable(command.error().message));
    return AlembicProcess::runToEnd(AlembicProject::open(project.path()).value(), tool, spec,
                                    command.value(), {});
}

QSqlDatabase db(const QString &name)
{
    return TestCluster::instance().openDirect(name);
}

} // namespace

// Alembic projects run with Debian's alembic against the test cluster: the demo schema's
// project upgraded, listed, downgraded and stamped, its offline SQL, and its failures in plain
// words (a failing revision, no such revision, a missing module, no server), Cancel of a long
// revision, and an env.py that picks its own database.
class TestAlembicProject : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { DBX_REQUIRE_CLUSTER(); }

    void urlCarriesNoPassword()
    {
        dbx::model::ConnectionSpec spec;
        spec.host = QStringLiteral("/tmp/dbx sock");
        spec.port = 5433;
        spec.user = QStringLiteral("ann@x");
        spec.database = QStringLiteral("shop");
        spec.password = QStringLiteral("s3cret%");
        QCOMPARE(dbx::migrations::alembicUrl(spec),
                 QStringLiteral("postgresql+psycopg2://ann%40x@/shop?host=%2Ftmp%2Fdbx%20sock"
                                "&port=5433"));
        spec.host = QStringLiteral("db.example");
        QCOMPARE(dbx::migrations::alembicUrl(spec),
                 QStringLiteral("postgresql+psycopg2://ann%40x@db.example:5433/shop"));
        QProcessEnvironment base;
        base.insert(QStringLiteral("PGHOST"), QStringLiteral("elsewhere"));
        const QProcessEnvironment env =
            dbx::migrations::alembicEnvironment(spec, QStringLiteral("app"), base);
        QCOMPARE(env.value(QStringLiteral("PGPASSWORD")), spec.password);
        QVERIFY(!env.contains(QStringLiteral("PGHOST")));
        QVERIFY(!env.value(QStringLiteral("DBX_ALEMBIC_URL")).contains(QLatin1String("s3cret")));
        QCOMPARE(env.value(QStringLiteral("PGAPPNAME")), QStringLiteral("app"));
    }

    void commandsAreChecked()
    {
        QVERIFY(!AlembicCommand::make(QStringLiteral("revision"), {}, false));
        QVERIFY(!AlembicCommand::make(QStringLiteral("upgrade"), {}, false));
        QVERIFY(!AlembicCommand::make(QStringLiteral("current"), {}, true));
        QVERIFY(!AlembicCommand::make(QStringLiteral("history"), QStringLiteral("head"), false));
        // Offline there is no database to start from: a downgrade names both ends.
        QVERIFY(!AlembicCommand::make(QStringLiteral("downgrade"), QStringLiteral("-1"), true));
        const auto down = AlembicCommand::make(QStringLiteral("downgrade"),
                                               QStringLiteral("1b6f8d2e4a70:base"), true);
        QVERIFY(down);
        QCOMPARE(down->arguments(),
                 (QStringList{QStringLiteral("downgrade"), QStringLiteral("--sql"),
                              QStringLiteral("--"), QStringLiteral("1b6f8d2e4a70:base")}));
        const auto back =
            AlembicCommand::make(QStringLiteral("downgrade"), QStringLiteral("-1"), false);
        QVERIFY(back);
        QCOMPARE(back->arguments().last(), QStringLiteral("-1"));
        QVERIFY(!AlembicProject::open(QStringLiteral("/")));
    }

    void historyWithMergeAndBranchPoints()
    {
        const QString text = QStringLiteral(
            "Rev: cc (head) (mergepoint)\nMerges: aa, bb\nPath: /p/cc.py\n\n    merge them\n"
            "\n    Revision ID: cc\n\nRev: bb\nParent: 00\nPath: /p/bb.py\n\n    b side\n\n"
            "Rev: aa\nParent: 00\nPath: /p/aa.py\n\n    a side\n\n"
            "Rev: 00 (branchpoint)\nParent: <base>\nBranches into: aa, bb\nPath: /p/00.py\n\n"
            "    first\n");
        QList<AlembicRevision> revisions = dbx::migrations::parseAlembicHistory(text);
        QCOMPARE(revisions.size(), 4);
        QCOMPARE(revisions.at(0).parents,
                 (QStringList{QStringLiteral("aa"), QStringLiteral("bb")}));
        QVERIFY(revisions.at(0).isHead && revisions.at(0).isMergePoint);
        QCOMPARE(revisions.at(0).message, QStringLiteral("merge them"));
        QVERIFY(revisions.at(3).parents.isEmpty() && revisions.at(3).isBranchPoint);
        const QStringList unknown = dbx::migrations::applyAlembicVersions(
            &revisions, {QStringLiteral("aa"), QStringLiteral("ff")});
        QCOMPARE(unknown, QStringList{QStringLiteral("ff")});
        QCOMPARE(revisions.at(2).state, AlembicRevision::State::Applied); // aa
        QVERIFY(revisions.at(2).isCurrent);
        QCOMPARE(revisions.at(3).state, AlembicRevision::State::Applied); // 00
        QCOMPARE(revisions.at(1).state, AlembicRevision::State::Pending); // bb
        QCOMPARE(revisions.at(0).state, AlembicRevision::State::Pending); // cc
    }

    void upgradeListDowngradeStamp()
    {
        AlembicDemoProject project;
        QVERIFY(project.isValid());
        const auto spec = freshDatabase(QStringLiteral("alembic_run"));
        AlembicOutcome up =
            alembic(project, spec, QStringLiteral("upgrade"), QStringLiteral("head"));
        QVERIFY2(up.ok, qPrintable(up.error.oneLine() + up.errors));
        QVERIFY(up.errors.contains(QLatin1String("Running upgrade 8c41e07d2a55 -> 1b6f8d2e4a70")));
        QCOMPARE(up.reached.size(), 1);
        QCOMPARE(up.reached.first().database, QStringLiteral("alembic_run"));
        QVERIFY(dbx::migrations::reachedOpenDatabase(up.reached.first(), spec,
                                                     QStringLiteral("alembic_run")));
        QCOMPARE(dbx::test::demoObjects(db(QStringLiteral("alembic_run"))), AllDemo);
        QCOMPARE(dbx::test::alembicVersion(db(QStringLiteral("alembic_run"))),
                 QLatin1String(AlembicDemoProject::Vacancies));

        // The history with the states alembic_version gives, read through the executor.
        const AlembicOutcome history = alembic(project, spec, QStringLiteral("history"));
        QVERIFY(history.ok);
        QList<AlembicRevision> revisions = dbx::migrations::parseAlembicHistory(history.output);
        QCOMPARE(revisions.size(), 3);
        QCOMPARE(revisions.first().id, QLatin1String(AlembicDemoProject::Vacancies));
        QCOMPARE(revisions.first().message, QStringLiteral("add vacancies and replies"));
        QCOMPARE(revisions.at(1).parents, QStringList{QLatin1String(AlembicDemoProject::Workers)});
        QSqlDatabase conn = db(QStringLiteral("alembic_run"));
        const auto table = dbx::migrations::readAlembicVersionTable(conn);
        QCOMPARE(table.table, QStringLiteral("\"public\".\"alembic_version\""));
        dbx::migrations::applyAlembicVersions(&revisions, table.versions);
        for (const AlembicRevision &revision : revisions)
            QCOMPARE(revision.state, AlembicRevision::State::Applied);
        QVERIFY(revisions.first().isCurrent && !revisions.at(1).isCurrent);

        const AlembicOutcome current = alembic(project, spec, QStringLiteral("current"));
        QVERIFY(current.ok);
        QVERIFY(current.output.contains(QLatin1String("1b6f8d2e4a70 (head)")));

        QVERIFY(alembic(project, spec, QStringLiteral("downgrade"), QStringLiteral("-1")).ok);
        QCOMPARE(dbx::test::demoObjects(conn),
                 (QStringList{QStringLiteral("resumes"), QStringLiteral("workers"),
                              QStringLiteral("workload")}));
        QCOMPARE(dbx::test::alembicVersion(conn), QLatin1String(AlembicDemoProject::Resumes));
        QVERIFY(alembic(project, spec, QStringLiteral("downgrade"), QStringLiteral("base")).ok);
        QCOMPARE(dbx::test::demoObjects(conn), QStringList{});
        QCOMPARE(dbx::test::alembicVersion(conn), QStringLiteral("base"));

        QVERIFY(alembic(project, spec, QStringLiteral("stamp"), QStringLiteral("head")).ok);
        QCOMPARE(dbx::test::alembicVersion(conn), QLatin1String(AlembicDemoProject::Vacancies));
        QCOMPARE(dbx::test::demoObjects(conn), QStringList{}); // a stamp runs no migration
    }

    void offlineSqlChangesNothing()
    {
        AlembicDemoProject project;
        const auto spec = freshDatabase(QStringLiteral("alembic_sql"));
        const AlembicOutcome sql =
            alembic(project, spec, QStringLiteral("upgrade"), QStringLiteral("head"), true);
        QVERIFY2(sql.ok, qPrintable(sql.error.oneLine()));
        QVERIFY(sql.output.contains(QLatin1String("CREATE TABLE workers")));
        QVERIFY(sql.output.contains(QLatin1String("CREATE TYPE workload AS ENUM")));
        QVERIFY(sql.output.contains(QLatin1String("INSERT INTO alembic_version")));
        QVERIFY(sql.reached.isEmpty());
        QCOMPARE(dbx::test::alembicVersion(db(QStringLiteral("alembic_sql"))), QString());
    }

    void failingRevisionInPlainWordsDatabaseUnchanged()
    {
        AlembicDemoProject project;
        project.addRevision(QStringLiteral("9f00000000aa"),
                            QLatin1String(AlembicDemoProject::Vacancies),
                            QStringLiteral("add email and break"),
                            {QStringLiteral("ALTER TABLE workers ADD COLUMN email text"),
                             QStringLiteral("INSERT INTO no_such_table VALUES (1)")});
        const auto spec = freshDatabase(QStringLiteral("alembic_fail"));
        QVERIFY(alembic(project, spec, QStringLiteral("upgrade"),
                        QLatin1String(AlembicDemoProject::Vacancies))
                    .ok);
        const AlembicOutcome broken =
            alembic(project, spec, QStringLiteral("upgrade"), QStringLiteral("head"));
        QVERIFY(!broken.ok);
        QCOMPARE(broken.error.message,
                 QStringLiteral("Revision 9f00000000aa failed: relation \"no_such_table\" does "
                                "not exist"));
        QCOMPARE(broken.error.statement, QStringLiteral("INSERT INTO no_such_table VALUES (1)"));
        QVERIFY(!dbx::migrations::isInvalidRequest(broken.error));
        QSqlDatabase conn = db(QStringLiteral("alembic_fail"));
        QCOMPARE(dbx::test::alembicVersion(conn), QLatin1String(AlembicDemoProject::Vacancies));
        QCOMPARE(dbx::test::count(conn, QStringLiteral("SELECT count(*) FROM pg_attribute WHERE "
                                                       "attname = 'email'")),
                 0);
    }

    void otherFailuresInPlainWords()
    {
        AlembicDemoProject project;
        const auto spec = freshDatabase(QStringLiteral("alembic_errors"));
        const AlembicOutcome noRevision =
            alembic(project, spec, QStringLiteral("upgrade"), QStringLiteral("abcdef123456"));
        QCOMPARE(noRevision.error.message,
                 QStringLiteral("No such revision in this Alembic project: abcdef123456"));
        QVERIFY(dbx::migrations::isInvalidRequest(noRevision.error));

        auto nowhere = spec;
        nowhere.database = QStringLiteral("alembic_no_such_database");
        const AlembicOutcome noServer = alembic(project, nowhere, QStringLiteral("current"));
        QVERIFY(noServer.error.message.startsWith(QLatin1String("Alembic cannot connect: ")));
        QVERIFY(noServer.error.message.contains(
            QLatin1String("database \"alembic_no_such_database\" does not exist")));

        AlembicTool missing;
        missing.program = QStringLiteral("/nonexistent/alembic");
        QVERIFY(alembic(project, spec, QStringLiteral("current"), {}, false, missing)
                    .error.message.contains(QLatin1String("/nonexistent/alembic does not exist")));
        missing = {};
        missing.interpreter = QStringLiteral("/nonexistent/python3");
        QVERIFY(
            alembic(project, spec, QStringLiteral("current"), {}, false, missing)
                .error.message.startsWith(QLatin1String("Cannot start the Python interpreter")));

        AlembicDemoProject needsModule;
        QFile env(needsModule.path() + QStringLiteral("/env.py"));
        QVERIFY(env.open(QIODevice::Append));
        env.write("\nimport dbx_no_such_module\n");
        env.close();
        QCOMPARE(alembic(needsModule, spec, QStringLiteral("current")).error.message,
                 QStringLiteral("/usr/bin/python3 has no Python module \"dbx_no_such_module\": "
                                "install the package python3-dbx-no-such-module, or choose an "
                                "interpreter that has it"));
    }

    void ownUrlIsReported()
    {
        AlembicDemoProject project;
        const auto open = freshDatabase(QStringLiteral("alembic_open"));
        const auto other = freshDatabase(QStringLiteral("alembic_other"));
        project.useOwnUrl(dbx::migrations::alembicUrl(other));
        const AlembicOutcome up =
            alembic(project, open, QStringLiteral("upgrade"), QStringLiteral("head"));
        QVERIFY2(up.ok, qPrintable(up.error.oneLine()));
        QCOMPARE(up.reached.size(), 1);
        QCOMPARE(up.reached.first().database, QStringLiteral("alembic_other"));
        QVERIFY(!dbx::migrations::reachedOpenDatabase(up.reached.first(), open,
                                                      QStringLiteral("alembic_open")));
        QVERIFY(
            up.reached.first().describe().startsWith(QLatin1String("database alembic_other on ")));
        QCOMPARE(dbx::test::demoObjects(db(QStringLiteral("alembic_other"))), AllDemo);
        QCOMPARE(dbx::test::demoObjects(db(QStringLiteral("alembic_open"))), QStringList{});
    }

    void cancelOfALongRevisionSaysWhatIsLeft()
    {
        AlembicDemoProject project;
        project.addRevision(QStringLiteral("5100000000ee"),
                            QLatin1String(AlembicDemoProject::Vacancies),
                            QStringLiteral("a long one"), {QStringLiteral("SELECT pg_sleep(60)")});
        const auto spec = freshDatabase(QStringLiteral("alembic_cancel"));
        dbx::model::Database database;
        QSignalSpy connected(&database, &dbx::model::Database::connected);
        database.connectTo(spec);
        QVERIFY(connected.wait(10000));
        dbx::migrations::AlembicSession session(&database);
        QStringList log;
        connect(&session, &dbx::migrations::AlembicSession::logLine, this,
                [&](const dbx::migrations::LogLine &line) {
                    log << line.text;
                    if (line.text.contains(QLatin1String("-> 5100000000ee")))
                        session.cancel();
                });
        QSignalSpy changed(&session, &dbx::migrations::AlembicSession::revisionsChanged);
        QSignalSpy finished(&session, &dbx::migrations::AlembicSession::runFinished);
        session.setProject(AlembicProject::open(project.path()).value());
        QTRY_VERIFY_WITH_TIMEOUT(!session.isRunning(), 20000);
        QCOMPARE(session.revisions().size(), 4);
        QElapsedTimer timer;
        timer.start();
        session.run(
            AlembicCommand::make(QStringLiteral("upgrade"), QStringLiteral("head"), false).value());
        QVERIFY(finished.wait(30000));
        QVERIFY(timer.elapsed() < 30000);
        QCOMPARE(finished.first().first().toBool(), false);
        const QString text = log.join(QLatin1Char('\n'));
        QVERIFY2(text.contains(QLatin1String("Alembic was stopped.")), qPrintable(text));
        // One transaction for the whole run (the project's env.py): nothing stays.
        QVERIFY2(text.contains(QLatin1String("Alembic left the database at base (no "
                                             "alembic_version table yet)")),
                 qPrintable(text));
        QSqlDatabase conn = db(QStringLiteral("alembic_cancel"));
        QCOMPARE(dbx::test::demoObjects(conn), QStringList{});
        QCOMPARE(dbx::test::count(conn, QStringLiteral("SELECT count(*) FROM pg_stat_activity "
                                                       "WHERE application_name LIKE "
                                                       "'DB Explorer (alembic%'")),
                 0);
        for (const AlembicRevision &revision : session.revisions())
            QCOMPARE(revision.state, AlembicRevision::State::Pending);
    }
};

QTEST_GUILESS_MAIN(TestAlembicProject)
#include "tst_alembicproject.moc"
