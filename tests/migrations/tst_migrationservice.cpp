// The migration service as the GUI uses it: status, preview, runs, cancellation and what a
// downgrade drops, each as a job on a real Database's worker against the private cluster, with
// results arriving as signals.

#include "migrations/migrationservice.h"
#include "migrations/revisionsource.h"
#include "model/db/database.h"
#include "revisionfixture.h"
#include "testcluster.h"

#include <QSignalSpy>
#include <QtTest>

using namespace dbx;
using migrations::DroppedObject;
using migrations::MigrationPlan;
using migrations::MigrationService;
using migrations::MigrationStatus;
using migrations::RevisionState;
using test::TestCluster;

namespace {

const QString First = QStringLiteral("3f2a9c1d7b01");
const QString Head = QStringLiteral("1b6f8d2e4a70");

// A Database connected to a fresh database, with a service on it whose first status is read.
struct Session {
    model::Database database;
    MigrationService service{&database};
    QString name;
};

std::unique_ptr<Session> connectFresh(const QString &name)
{
    QString error;
    if (!TestCluster::instance().recreateDatabase(name, &error)) {
        qWarning("cannot recreate %s: %s", qPrintable(name), qPrintable(error));
        return nullptr;
    }
    auto session = std::make_unique<Session>();
    session->name = name;
    // The service reads the status by itself as soon as the database is connected.
    QSignalSpy status(&session->service, &MigrationService::statusChanged);
    session->database.connectTo(TestCluster::instance().spec(name));
    if (!status.wait(15000))
        return nullptr;
    return session;
}

bool upgradeHead(Session &session)
{
    QSignalSpy finished(&session.service, &MigrationService::runFinished);
    QSignalSpy status(&session.service, &MigrationService::statusChanged);
    return session.service.run(MigrationPlan::Action::Upgrade, QStringLiteral("head")) &&
           finished.wait(20000) && status.wait(10000);
}

int tableExists(const QString &database, const QString &table)
{
    return test::count(TestCluster::instance().open(database),
                       QStringLiteral("SELECT count(*) FROM pg_class WHERE relname = '%1' "
                                      "AND relkind = 'r'")
                           .arg(table));
}

} // namespace

class TestMigrationService : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { DBX_REQUIRE_CLUSTER(); }

    void droppedObjectsComeFromTheParser()
    {
        const auto graph = migrations::RevisionSource::loadFiles(
            {{QStringLiteral("a.sql"),
              QStringLiteral("-- revision: aaaaaaaaaaaa\n-- parents:\n-- message: m\n\n"
                             "-- upgrade\nCREATE TABLE a (id int);\n\n-- downgrade\n"
                             "DROP TABLE IF EXISTS a, s.\"Odd;Name\";\n"
                             "DROP INDEX i;\nDROP TYPE workload;\n")}});
        QVERIFY2(graph.ok(), qPrintable(graph.error().message));
        const QList<DroppedObject> objects =
            migrations::objectsDroppedBy(graph->revisions().first());
        QCOMPARE(objects.size(), 3);
        QCOMPARE(objects.at(0).displayName(), QStringLiteral("a"));
        QCOMPARE(objects.at(1).schema, QStringLiteral("s"));
        QCOMPARE(objects.at(1).name, QStringLiteral("Odd;Name"));
        QCOMPARE(objects.at(2).kind, DroppedObject::Kind::Type);
        QCOMPARE(objects.at(2).name, QStringLiteral("workload"));
        QCOMPARE(objects.at(2).revision, QStringLiteral("aaaaaaaaaaaa"));
    }

    void statusOfFreshDatabase()
    {
        auto session = connectFresh(QStringLiteral("svc_status"));
        QVERIFY(session);
        QVERIFY(session->service.hasStatus());
        const MigrationStatus &status = session->service.status();
        QCOMPARE(status.revisions.size(), 5);
        QCOMPARE(status.idsIn(RevisionState::Pending).size(), 5);
        QVERIFY(!status.ledgerExists);
        QVERIFY(status.current.isEmpty());
        QCOMPARE(status.heads, QStringList{Head});

        // Read again on request; a disconnect forgets it.
        QSignalSpy again(&session->service, &MigrationService::statusChanged);
        session->service.refreshStatus();
        QVERIFY(again.wait(10000));
        QSignalSpy cleared(&session->service, &MigrationService::statusCleared);
        session->database.disconnectFromServer();
        QTRY_VERIFY(!cleared.isEmpty());
        QVERIFY(!session->service.hasStatus());
    }

    void statusFailsWithoutConnection()
    {
        model::Database database;
        MigrationService service(&database);
        QSignalSpy failed(&service, &MigrationService::statusFailed);
        service.refreshStatus();
        QVERIFY(failed.wait(5000));
        QVERIFY(failed.first().first().value<model::DbError>().isError());
    }

    void previewChangesNothing()
    {
        auto session = connectFresh(QStringLiteral("svc_preview"));
        QVERIFY(session);
        QSignalSpy ready(&session->service, &MigrationService::previewReady);
        session->service.preview(MigrationPlan::Action::Upgrade, QStringLiteral("head"));
        QVERIFY(ready.wait(10000));
        const QString sql = ready.first().first().toString();
        QVERIFY2(sql.contains(QLatin1String("CREATE TABLE workers")), qPrintable(sql));
        QVERIFY(
            sql.contains(QRegularExpression(QStringLiteral("INSERT INTO \\S*applied_revisions"))));
        QCOMPARE(tableExists(session->name, QStringLiteral("workers")), 0);
        QCOMPARE(tableExists(session->name, QStringLiteral("applied_revisions")), 0);

        QSignalSpy failed(&session->service, &MigrationService::previewFailed);
        session->service.preview(MigrationPlan::Action::Upgrade, QStringLiteral("nonsense"));
        QVERIFY(failed.wait(10000));
    }

    void runReportsLogAndStatus()
    {
        auto session = connectFresh(QStringLiteral("svc_run"));
        QVERIFY(session);
        MigrationService &service = session->service;
        QSignalSpy running(&service, &MigrationService::runningChanged);
        QSignalSpy lines(&service, &MigrationService::logLine);
        QSignalSpy progress(&service, &MigrationService::progress);
        QSignalSpy finished(&service, &MigrationService::runFinished);
        QSignalSpy status(&service, &MigrationService::statusChanged);
        QVERIFY(service.run(MigrationPlan::Action::Upgrade, QStringLiteral("head")));
        QVERIFY(service.isRunning());
        // One run at a time.
        QVERIFY(!service.run(MigrationPlan::Action::Downgrade, QStringLiteral("base")));
        QVERIFY(finished.wait(20000));
        QVERIFY(!service.isRunning());
        QCOMPARE(running.size(), 2);
        QCOMPARE(running.at(0).first().toBool(), true);
        QCOMPARE(running.at(1).first().toBool(), false);
        const auto report = finished.first().first().value<migrations::RunReport>();
        QCOMPARE(report.completed.size(), 5);
        QVERIFY(lines.size() > 5);
        QCOMPARE(progress.last().at(0).toInt(), progress.last().at(1).toInt());
        // Every line arrived before the run was reported finished.
        QVERIFY(std::any_of(lines.cbegin(), lines.cend(), [](const QList<QVariant> &args) {
            return args.first().value<migrations::LogLine>().text.contains(
                QLatin1String("CREATE TABLE resumes"));
        }));

        QVERIFY(status.wait(10000)); // refreshed after the run
        QCOMPARE(service.status().idsIn(RevisionState::Applied).size(), 5);
        QCOMPARE(service.status().current, QStringList{Head});
        QCOMPARE(tableExists(session->name, QStringLiteral("vacancies_replies")), 1);
    }

    void downgradeImpactCountsRows()
    {
        auto session = connectFresh(QStringLiteral("svc_impact"));
        QVERIFY(session);
        QVERIFY(upgradeHead(*session));
        QVERIFY(TestCluster::instance().exec(
            session->name,
            QStringLiteral(
                "INSERT INTO workers (username) VALUES ('a'), ('b');"
                "INSERT INTO resumes (title, compensation, workload, worker_id) VALUES "
                "('r1', 1, 'fulltime', 1), ('r2', 2, 'parttime', 1), ('r3', 3, 'parttime', 2);"
                "INSERT INTO vacancies (title) VALUES ('v1'), ('v2');"
                "INSERT INTO vacancies_replies (resume_id, vacancy_id) VALUES (1, 1);")));

        QSignalSpy ready(&session->service, &MigrationService::impactReady);
        session->service.downgradeImpact(First);
        QVERIFY(ready.wait(10000));
        const auto objects = ready.first().first().value<QList<DroppedObject>>();
        QStringList seen;
        for (const DroppedObject &object : objects)
            seen << QStringLiteral("%1:%2:%3")
                        .arg(object.displayName())
                        .arg(object.kind == DroppedObject::Kind::Table ? 't' : 'y')
                        .arg(object.rows);
        QCOMPARE(seen, (QStringList{QStringLiteral("vacancies_replies:t:1"),
                                    QStringLiteral("vacancies:t:2"), QStringLiteral("resumes:t:3"),
                                    QStringLiteral("workload:y:-1")}));
        QVERIFY(std::all_of(objects.cbegin(), objects.cend(),
                            [](const DroppedObject &object) { return object.exists; }));
        // Only counted: everything is still there.
        QCOMPARE(tableExists(session->name, QStringLiteral("resumes")), 1);

        QSignalSpy empty(&session->service, &MigrationService::impactReady);
        session->service.downgradeImpact(Head); // at head already: nothing to revert
        QVERIFY(empty.wait(10000));
        QVERIFY(empty.first().first().value<QList<DroppedObject>>().isEmpty());

        QSignalSpy failed(&session->service, &MigrationService::impactFailed);
        session->service.downgradeImpact(QStringLiteral("abcdef"));
        QVERIFY(failed.wait(10000));
    }

    void failedRunNamesRevisionAndStatement()
    {
        auto session = connectFresh(QStringLiteral("svc_fail"));
        QVERIFY(session);
        test::RevisionDir dir;
        dir.write(
            QStringLiteral("aaaaaaaaaaaa"), {},
            QStringLiteral("CREATE TABLE ok_table (id int);\nINSERT INTO missing VALUES (1);"),
            QStringLiteral("-- downgrade\nDROP TABLE ok_table;\n"));
        QSignalSpy loaded(&session->service, &MigrationService::graphLoaded);
        QSignalSpy status(&session->service, &MigrationService::statusChanged);
        QVERIFY(session->service.setRevisionDirectory(dir.path()));
        QCOMPARE(loaded.size(), 1);
        QVERIFY(status.wait(10000)); // read again against the new graph
        QCOMPARE(session->service.status().revisions.size(), 1);

        QSignalSpy failed(&session->service, &MigrationService::runFailed);
        QSignalSpy after(&session->service, &MigrationService::statusChanged);
        QVERIFY(session->service.run(MigrationPlan::Action::Upgrade, QStringLiteral("head")));
        QVERIFY(failed.wait(20000));
        const auto error = failed.first().first().value<model::DbError>();
        QVERIFY2(error.message.contains(QLatin1String("aaaaaaaaaaaa")), qPrintable(error.message));
        QVERIFY2(error.message.contains(QLatin1String("statement 2")), qPrintable(error.message));
        QCOMPARE(error.sqlState, QStringLiteral("42P01"));
        QVERIFY(after.wait(10000));
        QCOMPARE(session->service.status().revisions.first().state, RevisionState::Failed);
        QCOMPARE(tableExists(session->name, QStringLiteral("ok_table")), 0);
    }

    void cancelStopsRunningStatement()
    {
        auto session = connectFresh(QStringLiteral("svc_cancel"));
        QVERIFY(session);
        test::RevisionDir dir;
        dir.write(QStringLiteral("bbbbbbbbbbbb"), {},
                  QStringLiteral("CREATE TABLE t1 (id int);\nSELECT pg_sleep(30);"),
                  QStringLiteral("-- downgrade\nDROP TABLE t1;\n"));
        QVERIFY(session->service.setRevisionDirectory(dir.path()));
        QSignalSpy lines(&session->service, &MigrationService::logLine);
        QSignalSpy failed(&session->service, &MigrationService::runFailed);
        QElapsedTimer clock;
        clock.start();
        QVERIFY(session->service.run(MigrationPlan::Action::Upgrade, QStringLiteral("head")));
        QTRY_VERIFY_WITH_TIMEOUT(
            std::any_of(lines.cbegin(), lines.cend(),
                        [](const QList<QVariant> &args) {
                            return args.first().value<migrations::LogLine>().text.contains(
                                QLatin1String("pg_sleep"));
                        }),
            10000);
        session->service.cancel();
        QVERIFY(failed.wait(10000));
        QVERIFY(clock.elapsed() < 20000);
        QVERIFY(failed.first().first().value<model::DbError>().isCancelled());
        QVERIFY(!session->service.isRunning());
        QCOMPARE(tableExists(session->name, QStringLiteral("t1")), 0);
    }

    void brokenFolderKeepsTheGraph()
    {
        model::Database database;
        MigrationService service(&database);
        test::RevisionDir dir;
        dir.write(QStringLiteral("cccccccccccc"), {QStringLiteral("dddddddddddd")},
                  QStringLiteral("SELECT 1;"));
        QSignalSpy failed(&service, &MigrationService::graphFailed);
        QVERIFY(!service.setRevisionDirectory(dir.path()));
        QCOMPARE(failed.size(), 1);
        const auto error = failed.first().first().value<model::DbError>();
        QVERIFY2(error.message.contains(QLatin1String("dddddddddddd")), qPrintable(error.message));
        QCOMPARE(service.graph().revisions().size(), 5);
        QVERIFY(service.revisionDirectory().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestMigrationService)
#include "tst_migrationservice.moc"
