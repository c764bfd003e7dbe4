#include "revisionfixture.h"
#include "schemacatalog.h"
#include "testcluster.h"

#include "migrations/migrationrunner.h"
#include "migrations/revisionsource.h"

#include <QFile>
#include <QSqlQuery>
#include <QTest>

using namespace dbx::migrations;
using dbx::test::TestCluster;

namespace {

const QString Workers = QStringLiteral("3f2a9c1d7b01");
const QString Head = QStringLiteral("1b6f8d2e4a70");

RevisionGraph demoGraph()
{
    const auto graph = RevisionSource::loadEmbedded();
    if (!graph)
        qFatal("demo revisions do not load: %s", qPrintable(graph.error().message));
    return graph.value();
}

QSqlDatabase freshDatabase(const QString &name)
{
    QString error;
    if (!TestCluster::instance().recreateDatabase(name, &error))
        qWarning("cannot recreate %s: %s", qPrintable(name), qPrintable(error));
    return TestCluster::instance().open(name);
}

QString readDemoSchema()
{
    QFile file(QStringLiteral(DBX_DEMO_SCHEMA_SQL));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", DBX_DEMO_SCHEMA_SQL);
    return QString::fromUtf8(file.readAll());
}

} // namespace

#define RUN_OK(runner, action, target)                                                             \
    do {                                                                                           \
        const auto ran = (runner).run(MigrationPlan::Action::action, QStringLiteral(target));      \
        QVERIFY2(ran, qPrintable(ran.error().message + QLatin1Char('\n') + ran.error().detail));   \
    } while (false)

// The demo chain against a real server: the schema it builds, what a downgrade leaves, the
// preview, stamping and coexistence with Alembic.
class TestMigrationRunner : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL")));
        DBX_REQUIRE_CLUSTER();
    }

    void baseToHeadBuildsTheDemoSchema()
    {
        QSqlDatabase reference = freshDatabase(QStringLiteral("mig_reference"));
        QString error;
        QVERIFY2(
            TestCluster::instance().exec(QStringLiteral("mig_reference"), readDemoSchema(), &error),
            qPrintable(error));
        QSqlDatabase db = freshDatabase(QStringLiteral("mig_head"));
        QStringList log;
        MigrationRunner runner(db, demoGraph());
        runner.setLogHandler([&](const LogLine &line) { log << line.text; });
        RUN_OK(runner, Upgrade, "head");
        const QStringList expected = dbx::test::schemaFacts(reference);
        QVERIFY(expected.size() > 40);
        QCOMPARE(dbx::test::schemaFacts(db), expected);

        // The facts the notes ask for, spelled out so a reader sees them.
        const QStringList facts = expected;
        auto has = [&](const QString &fact) { return facts.contains(fact); };
        QVERIFY(has(QStringLiteral("enum workload parttime,fulltime")));
        QVERIFY(has(QStringLiteral("constraint resumes check_compensation_positive CHECK "
                                   "((compensation > 0))")));
        QVERIFY(has(QStringLiteral("constraint resumes resumes_worker_id_fkey FOREIGN KEY "
                                   "(worker_id) REFERENCES workers(id) ON DELETE CASCADE")));
        QVERIFY(has(QStringLiteral("constraint vacancies_replies vacancies_replies_pkey PRIMARY "
                                   "KEY (resume_id, vacancy_id)")));
        QVERIFY(has(QStringLiteral("index title_index CREATE INDEX title_index ON "
                                   "public.resumes USING btree (title)")));
        QVERIFY(has(QStringLiteral("column resumes.updated_at #7 timestamp without time zone not "
                                   "null default timezone('utc'::text, now())")));
        QVERIFY(has(QStringLiteral("column resumes.compensation #3 integer null")));
        QVERIFY(has(QStringLiteral("trigger resumes_set_updated_at CREATE TRIGGER "
                                   "resumes_set_updated_at BEFORE UPDATE ON public.resumes FOR "
                                   "EACH ROW EXECUTE FUNCTION set_updated_at()")));

        const auto status = runner.status();
        QVERIFY(status);
        QCOMPARE(status->current, QStringList{Head});
        QCOMPARE(status->idsIn(RevisionState::Applied).size(), 5);
        QCOMPARE(dbx::test::rows(db, QStringLiteral("SELECT count(*), bool_and(applied_by = "
                                                    "current_user), bool_and(duration_ms >= 0) "
                                                    "FROM dbx_migrations.applied_revisions")),
                 QStringList{QStringLiteral("5|true|true")});
        QCOMPARE(dbx::test::count(db, QStringLiteral("SELECT count(*) FROM dbx_migrations.events "
                                                     "WHERE action = 'upgrade' AND outcome = "
                                                     "'succeeded'")),
                 5);
        QVERIFY(log.join(QLatin1Char('\n')).contains(QLatin1String("Upgrade 3f2a9c1d7b01")));

        // Running again is a no-op that says so.
        log.clear();
        const auto again = runner.run(MigrationPlan::Action::Upgrade, QStringLiteral("head"));
        QVERIFY(again);
        QVERIFY(again->completed.isEmpty());
        QVERIFY(log.join(QLatin1Char('\n')).contains(QLatin1String("Nothing to do")));
    }

    void headToBaseLeavesOnlyTheBookkeeping()
    {
        QSqlDatabase db = freshDatabase(QStringLiteral("mig_base"));
        MigrationRunner runner(db, demoGraph());
        RUN_OK(runner, Upgrade, "head");
        RUN_OK(runner, Downgrade, "base");
        QCOMPARE(dbx::test::schemaFacts(db), QStringList());
        QCOMPARE(dbx::test::rows(db, QStringLiteral("SELECT nspname FROM pg_namespace WHERE "
                                                    "nspname NOT LIKE 'pg\\_%' AND nspname <> "
                                                    "'information_schema' ORDER BY 1")),
                 QStringList({QStringLiteral("dbx_migrations"), QStringLiteral("public")}));
        QCOMPARE(dbx::test::count(db, QStringLiteral("SELECT count(*) FROM pg_type WHERE typname "
                                                     "= 'workload'")),
                 0);
        QCOMPARE(dbx::test::count(db, QStringLiteral("SELECT count(*) FROM pg_proc WHERE proname "
                                                     "= 'set_updated_at'")),
                 0);
        QCOMPARE(dbx::test::count(db, QStringLiteral("SELECT count(*) FROM "
                                                     "dbx_migrations.applied_revisions")),
                 0);
        // The history survives the downgrade: 5 up, 5 down.
        QCOMPARE(dbx::test::count(db, QStringLiteral("SELECT count(*) FROM dbx_migrations.events "
                                                     "WHERE outcome = 'succeeded'")),
                 10);
        // Upgrading again works: nothing (like the enum type) was left behind.
        RUN_OK(runner, Upgrade, "head");
    }

    void stairway()
    {
        QSqlDatabase db = freshDatabase(QStringLiteral("mig_stairway"));
        const RevisionGraph graph = demoGraph();
        MigrationRunner runner(db, graph);
        QStringList before = dbx::test::schemaFacts(db);
        for (const Revision &revision : graph.revisions()) {
            RUN_OK(runner, Upgrade, "+1");
            const QStringList after = dbx::test::schemaFacts(db);
            QVERIFY2(after != before, qPrintable(revision.id));
            RUN_OK(runner, Downgrade, "-1");
            QCOMPARE(dbx::test::schemaFacts(db), before);
            RUN_OK(runner, Upgrade, "+1");
            QCOMPARE(dbx::test::schemaFacts(db), after);
            QCOMPARE(runner.status()->current, QStringList{revision.id});
            before = after;
        }
    }

    void previewShowsTheSqlAndAppliesNothing()
    {
        QSqlDatabase db = freshDatabase(QStringLiteral("mig_preview"));
        MigrationRunner runner(db, demoGraph());
        const auto sql = runner.preview(MigrationPlan::Action::Upgrade, QStringLiteral("head"));
        QVERIFY2(sql, qPrintable(sql.error().message));
        const QString &text = sql.value();
        const QStringList inOrder{
            // The lock is held by a transaction of a connection of its own for the whole run.
            QStringLiteral("--   SELECT pg_try_advisory_xact_lock("),
            QStringLiteral("CREATE SCHEMA IF NOT EXISTS \"dbx_migrations\";"),
            QStringLiteral("-- Upgrade 3f2a9c1d7b01"),
            QStringLiteral("BEGIN;"),
            QStringLiteral("SET LOCAL lock_timeout = '5000ms';"),
            QStringLiteral("CREATE TABLE workers ("),
            QStringLiteral("VALUES ('3f2a9c1d7b01', 'create workers', '"),
            QStringLiteral("COMMIT;"),
            QStringLiteral("CREATE TYPE workload AS ENUM ('parttime', 'fulltime');"),
            QStringLiteral("CREATE TRIGGER resumes_set_updated_at"),
            QStringLiteral("CREATE TABLE vacancies_replies ("),
            QStringLiteral("releasing it:\n--   COMMIT;"),
        };
        qsizetype at = 0;
        for (const QString &piece : inOrder) {
            const qsizetype found = text.indexOf(piece, at);
            QVERIFY2(found >= 0, qPrintable(QStringLiteral("missing or out of order: ") + piece));
            at = found;
        }
        QCOMPARE(text.split(QLatin1Char('\n')).count(QStringLiteral("BEGIN;")), 5);
        QCOMPARE(dbx::test::count(db, QStringLiteral("SELECT count(*) FROM pg_namespace WHERE "
                                                     "nspname = 'dbx_migrations'")),
                 0);
        QCOMPARE(dbx::test::schemaFacts(db), QStringList());

        // The preview is real SQL: run through psql-like simple queries it does the upgrade.
        QString error;
        QVERIFY2(TestCluster::instance().exec(QStringLiteral("mig_preview"), text, &error),
                 qPrintable(error));
        QCOMPARE(runner.status()->current, QStringList{Head});
        QVERIFY(runner.status()->idsIn(RevisionState::Applied).size() == 5);
    }

    void stampRecordsWithoutRunning()
    {
        QSqlDatabase db = freshDatabase(QStringLiteral("mig_stamp"));
        MigrationRunner runner(db, demoGraph());
        RUN_OK(runner, Stamp, "head");
        QCOMPARE(dbx::test::schemaFacts(db), QStringList());
        QCOMPARE(runner.status()->idsIn(RevisionState::Applied).size(), 5);
        RUN_OK(runner, Stamp, "3f2a");
        QCOMPARE(runner.status()->current, QStringList{Workers});
        QCOMPARE(dbx::test::rows(db, QStringLiteral("SELECT action, count(*) FROM "
                                                    "dbx_migrations.events GROUP BY action "
                                                    "ORDER BY action")),
                 QStringList({QStringLiteral("stamp|5"), QStringLiteral("unstamp|4")}));
        RUN_OK(runner, Stamp, "base");
        QCOMPARE(runner.status()->current, QStringList());
        QCOMPARE(dbx::test::schemaFacts(db), QStringList());
    }

    void alembicVersionIsReadNeverWritten()
    {
        QSqlDatabase db = freshDatabase(QStringLiteral("mig_alembic"));
        QVERIFY(TestCluster::instance().exec(
            QStringLiteral("mig_alembic"),
            QStringLiteral("CREATE TABLE alembic_version (version_num varchar(32) NOT NULL "
                           "PRIMARY KEY); INSERT INTO alembic_version VALUES ('4a1b2c3d4e5f');")));
        MigrationRunner runner(db, demoGraph());
        const auto status = runner.status();
        QVERIFY(status);
        QCOMPARE(status->alembicTable, QStringLiteral("\"public\".\"alembic_version\""));
        QCOMPARE(status->alembicVersions, QStringList{QStringLiteral("4a1b2c3d4e5f")});
        QStringList warnings;
        runner.setLogHandler([&](const LogLine &line) {
            if (line.level == LogLine::Level::Warning)
                warnings << line.text;
        });
        RUN_OK(runner, Upgrade, "head");
        QVERIFY(warnings.join(QLatin1Char('\n')).contains(QLatin1String("alembic_version")));
        QCOMPARE(dbx::test::rows(db, QStringLiteral("SELECT version_num FROM alembic_version")),
                 QStringList{QStringLiteral("4a1b2c3d4e5f")});
        RUN_OK(runner, Downgrade, "base");
        QCOMPARE(dbx::test::rows(db, QStringLiteral("SELECT version_num FROM alembic_version")),
                 QStringList{QStringLiteral("4a1b2c3d4e5f")});
    }

    void statusOfAnUntouchedDatabaseCreatesNothing()
    {
        QSqlDatabase db = freshDatabase(QStringLiteral("mig_untouched"));
        MigrationRunner runner(db, demoGraph());
        const auto status = runner.status();
        QVERIFY(status);
        QVERIFY(!status->ledgerExists);
        QCOMPARE(status->idsIn(RevisionState::Pending).size(), 5);
        QCOMPARE(status->heads, QStringList{Head});
        QCOMPARE(dbx::test::count(db, QStringLiteral("SELECT count(*) FROM pg_namespace WHERE "
                                                     "nspname = 'dbx_migrations'")),
                 0);
    }
};

QTEST_GUILESS_MAIN(TestMigrationRunner)
#include "tst_migrationrunner.moc"
