// The demo database: created with the seed's schema and deterministic data, and left alone
// (with the user's edits) when it already exists.

#include "migrations/demoschema.h"
#include "migrations/migrationrunner.h"
#include "migrations/revisionsource.h"
#include "model/demo/demodatabase.h"
#include "testcluster.h"

#include <QSqlQuery>
#include <QtTest>

using dbx::model::DemoDatabase;

class TestDemoDatabase : public QObject {
    Q_OBJECT

private:
    QVariant scalar(const QString &sql)
    {
        QSqlQuery query(dbx::test::TestCluster::instance().open(QStringLiteral("demo_test")));
        if (!query.exec(sql) || !query.next()) {
            qWarning("%s", qPrintable(sql));
            return {};
        }
        return query.value(0);
    }

private slots:
    void initTestCase() { DBX_REQUIRE_CLUSTER(); }

    void createsSchemaAndData()
    {
        auto &cluster = dbx::test::TestCluster::instance();
        QVERIFY(cluster.exec(QStringLiteral("postgres"),
                             QStringLiteral("DROP DATABASE IF EXISTS demo_test WITH (FORCE)")));
        QStringList steps;
        const auto status = DemoDatabase::ensure(cluster.spec(), QStringLiteral("demo_test"),
                                                 dbx::migrations::installDemoSchema,
                                                 [&](const QString &line) { steps << line; });
        QVERIFY2(status.ok(), qPrintable(status.error().message));
        QVERIFY(!steps.isEmpty());
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM workers")).toInt(), 10);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM resumes")).toInt(), 18);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM vacancies")).toInt(), 8);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM vacancies_replies")).toInt(), 15);
        QCOMPARE(scalar(QStringLiteral("SELECT string_agg(username, ',' ORDER BY id) FROM "
                                       "workers WHERE id <= 2"))
                     .toString(),
                 QStringLiteral("Bobr,Volk"));
        QVERIFY(scalar(QStringLiteral("SELECT count(*) FROM resumes WHERE compensation IS "
                                      "NULL"))
                    .toInt() > 0);
        QCOMPARE(scalar(QStringLiteral("SELECT count(DISTINCT workload) FROM resumes")).toInt(), 2);
        QCOMPARE(scalar(QStringLiteral("SELECT string_agg(enumlabel, ',' ORDER BY "
                                       "enumsortorder) FROM pg_enum e JOIN pg_type t ON t.oid "
                                       "= e.enumtypid WHERE t.typname = 'workload'"))
                     .toString(),
                 QStringLiteral("parttime,fulltime"));
        // The statistics are fresh, so the browser can show row estimates at once.
        QCOMPARE(scalar(QStringLiteral("SELECT reltuples::int FROM pg_class WHERE relname = "
                                       "'resumes'"))
                     .toInt(),
                 18);
        // New rows get their ids after the seeded ones.
        QCOMPARE(scalar(QStringLiteral("INSERT INTO workers (username) VALUES ('Sokol') "
                                       "RETURNING id"))
                     .toInt(),
                 11);
    }

    void seedQueryHasAnAnswer()
    {
        // The seed's HAVING example keeps one workload and filters out the other.
        QCOMPARE(scalar(QStringLiteral(
                            "SELECT string_agg(workload::text, ',') FROM (SELECT workload FROM "
                            "resumes WHERE title LIKE '%Python%' AND compensation > 40000 "
                            "GROUP BY workload HAVING avg(compensation) > 70000) s"))
                     .toString(),
                 QStringLiteral("fulltime"));
    }

    void databaseKeepsUpdatedAtCurrent()
    {
        const QDateTime before = scalar(QStringLiteral("SELECT updated_at FROM resumes WHERE "
                                                       "id = 1"))
                                     .toDateTime();
        QVERIFY(scalar(QStringLiteral("UPDATE resumes SET compensation = 70000 WHERE id = 1 "
                                      "RETURNING id"))
                    .isValid());
        const QDateTime after =
            scalar(QStringLiteral("SELECT updated_at FROM resumes WHERE id = 1")).toDateTime();
        QVERIFY2(after > before, qPrintable(after.toString(Qt::ISODate)));
    }

    void leavesExistingDemoAlone()
    {
        auto &cluster = dbx::test::TestCluster::instance();
        QVERIFY(
            cluster.exec(QStringLiteral("demo_test"),
                         QStringLiteral("UPDATE workers SET username = 'Edited' WHERE id = 1")));
        const auto status = DemoDatabase::ensure(cluster.spec(), QStringLiteral("demo_test"),
                                                 dbx::migrations::installDemoSchema);
        QVERIFY2(status.ok(), qPrintable(status.error().message));
        QCOMPARE(scalar(QStringLiteral("SELECT username FROM workers WHERE id = 1")).toString(),
                 QStringLiteral("Edited"));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM resumes")).toInt(), 18);
    }

    // Down to base and up again: the tables are back, the rows are not. The demo says so and
    // loads them again on request, only into empty tables.
    void reloadsItsRowsIntoEmptyTables()
    {
        auto &cluster = dbx::test::TestCluster::instance();
        const auto spec = cluster.spec(QStringLiteral("demo_test"));
        const auto before = DemoDatabase::rowsMissing(spec);
        QVERIFY2(before.ok(), qPrintable(before.error().message));
        QVERIFY(!before.value());
        {
            QSqlDatabase db = cluster.open(QStringLiteral("demo_test"));
            const auto graph = dbx::migrations::RevisionSource::loadEmbedded();
            QVERIFY(graph.ok());
            dbx::migrations::MigrationRunner runner(db, graph.value());
            QVERIFY(runner.run(dbx::migrations::MigrationPlan::Action::Downgrade,
                               QStringLiteral("base")));
            QVERIFY(runner.run(dbx::migrations::MigrationPlan::Action::Upgrade,
                               QStringLiteral("head")));
        }
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM workers")).toInt(), 0);
        const auto after = DemoDatabase::rowsMissing(spec);
        QVERIFY(after.ok() && after.value());
        const auto reloaded = DemoDatabase::reloadRows(spec);
        QVERIFY2(reloaded.ok(), qPrintable(reloaded.error().message));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM workers")).toInt(), 10);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM vacancies_replies")).toInt(), 15);
        QVERIFY(!DemoDatabase::rowsMissing(spec).value());
        QVERIFY(!DemoDatabase::reloadRows(spec).ok()); // never over rows that are there
    }

    void reportsUnreachableServer()
    {
        auto spec = dbx::test::TestCluster::instance().spec();
        spec.host = QStringLiteral("/tmp/dbx-nowhere");
        const auto status = DemoDatabase::ensure(spec, QStringLiteral("demo_test"),
                                                 dbx::migrations::installDemoSchema);
        QVERIFY(!status.ok());
        QCOMPARE(status.error().kind, dbx::model::DbError::Kind::ConnectionRefused);
    }
};

QTEST_GUILESS_MAIN(TestDemoDatabase)
#include "tst_demodatabase.moc"
