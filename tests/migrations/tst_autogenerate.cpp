#include "printcapture.h"
#include "revisionfixture.h"
#include "schemacatalog.h"
#include "testcluster.h"

#include "app/migratecommand.h"
#include "migrations/autogenerate.h"
#include "migrations/revisionsource.h"
#include "migrations/schemasql.h"
#include "model/catalog/columntype.h"
#include "model/server/localserver.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace dbx::migrations;
using dbx::test::PrintCapture;
using dbx::test::RevisionDir;
using dbx::test::TestCluster;

namespace {

const QString Base = QStringLiteral("a0a0a0a0a0a0");

QStringList excluded()
{
    return {Ledger::defaultSchema()};
}

SchemaModel modelOf(const QString &database)
{
    QSqlDatabase db = TestCluster::instance().open(database);
    auto model = SchemaModel::read(db, excluded());
    if (!model)
        qWarning("cannot read %s: %s", qPrintable(database), qPrintable(model.error().message));
    return model ? model.value() : SchemaModel();
}

QStringList differencesBetween(const QString &source, const QString &target)
{
    QStringList lines;
    for (const SchemaDifference &d :
         SchemaDiff::expressibleDifferences(modelOf(source), modelOf(target)))
        lines << d.describe(target, source);
    return lines;
}

bool upgrade(const QString &database, const RevisionGraph &graph, const QString &target)
{
    QSqlDatabase db = TestCluster::instance().open(database);
    MigrationRunner runner(db, graph);
    const auto report = runner.run(target == QLatin1String("-1") ? MigrationPlan::Action::Downgrade
                                                                 : MigrationPlan::Action::Upgrade,
                                   target);
    if (!report)
        qWarning("run %s on %s: %s", qPrintable(target), qPrintable(database),
                 qPrintable(report.error().oneLine()));
    return bool(report);
}

AutogenerateOptions sameServer(bool renames = false)
{
    AutogenerateOptions options;
    options.shadow.where = ShadowOptions::Where::SameServer;
    options.diff.renames = renames;
    return options;
}

dbx::model::Result<GeneratedRevision> generate(const QString &database, const QString &dir,
                                               const AutogenerateOptions &options,
                                               QString *path = nullptr)
{
    QSqlDatabase db = TestCluster::instance().open(database);
    const auto graph = RevisionSource::loadDirectory(dir);
    if (!graph)
        return graph.error();
    Autogenerate autogenerate(db, TestCluster::instance().directSpec(database), graph.value(),
                              options);
    auto revision = autogenerate.prepare(QStringLiteral("the change"));
    if (!revision)
        return revision;
    const auto saved = autogenerate.save(revision.value(), dir, true);
    if (!saved)
        return saved.error();
    if (path)
        *path = saved.value();
    return revision;
}

QStringList schemaFactsOf(const QString &database)
{
    return dbx::test::schemaFacts(TestCluster::instance().open(database));
}

// The built-in local server the shadow databases go to: this process's own, outside the shared
// test root, so a clean-up of other tests' clusters cannot stop it under a running check.
QString shadowServerDir()
{
    return QDir::tempPath() +
           QStringLiteral("/dbx-shadow-%1").arg(QCoreApplication::applicationPid());
}

int migrate(const QStringList &args)
{
    PrintCapture::clear();
    return dbx::app::runMigrateCommand(QStringList{QStringLiteral("dbexplorer migrate")} + args);
}

QString connection(const QString &database)
{
    return TestCluster::instance().directSpec(database).toKeywordString();
}

} // namespace

// Autogenerate: every difference of every kind becomes a revision whose upgrade gives the
// changed database's schema on a fresh one and whose downgrade gives the original again.
class TestAutogenerate : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        PrintCapture::install();
        DBX_REQUIRE_CLUSTER();
    }

    void cleanupTestCase() { QDir(shadowServerDir()).removeRecursively(); }

    void narrowing_data();
    void narrowing();
    void roundTrip_data();
    void roundTrip();
    void dataLossWarnings();
    void renames();
    void driftFoundAndCleared();
    void commandLine();
    void localServerShadow();
    void doneWhen();
};

void TestAutogenerate::narrowing_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<bool>("narrows");
    QTest::newRow("longer") << "character varying(100)"
                            << "character varying(200)" << false;
    QTest::newRow("shorter") << "character varying(100)"
                             << "character varying(20)" << true;
    QTest::newRow("to text") << "character varying(100)"
                             << "text" << false;
    QTest::newRow("text to bounded") << "text"
                                     << "character varying(10)" << true;
    QTest::newRow("unbounded") << "character varying(10)"
                               << "character varying" << false;
    QTest::newRow("int widen") << "integer"
                               << "bigint" << false;
    QTest::newRow("int narrow") << "bigint"
                                << "integer" << true;
    QTest::newRow("int to numeric") << "integer"
                                    << "numeric" << false;
    QTest::newRow("scale down") << "numeric(10,3)"
                                << "numeric(10,2)" << true;
    QTest::newRow("precision up") << "numeric(8,2)"
                                  << "numeric(10,2)" << false;
    QTest::newRow("other type") << "text"
                                << "integer" << true;
    // As typed in the GUI's Alter Column against the catalog's names.
    QTest::newRow("alias longer") << "character varying(256)"
                                  << "varchar(300)" << false;
    QTest::newRow("alias shorter") << "character varying(256)"
                                   << "VARCHAR(80)" << true;
    QTest::newRow("alias widen") << "integer"
                                 << "int8" << false;
    QTest::newRow("alias narrow") << "bigint"
                                  << "int4" << true;
    QTest::newRow("alias same") << "timestamp with time zone"
                                << "timestamptz" << false;
}

void TestAutogenerate::narrowing()
{
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(bool, narrows);
    QCOMPARE(dbx::model::narrowsType(from, to), narrows);
}

void TestAutogenerate::roundTrip_data()
{
    QTest::addColumn<QString>("base");
    QTest::addColumn<QString>("change");
    const QString workers = QStringLiteral(
        "CREATE TYPE workload AS ENUM ('parttime', 'fulltime');\n"
        "CREATE TABLE workers (id serial PRIMARY KEY, name varchar(100) NOT NULL, "
        "  rate numeric(8,2) DEFAULT 10, load workload DEFAULT 'fulltime', note text);\n"
        "CREATE TABLE teams (id integer PRIMARY KEY, title text UNIQUE);\n"
        "CREATE TABLE members (team_id integer REFERENCES teams ON DELETE CASCADE, "
        "  worker_id integer REFERENCES workers, PRIMARY KEY (team_id, worker_id));\n"
        "CREATE INDEX workers_lower_name ON workers (lower(name));\n"
        "CREATE VIEW worker_names AS SELECT id, name FROM workers;\n"
        "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;\n"
        "CREATE TRIGGER workers_touch BEFORE UPDATE ON workers FOR EACH ROW EXECUTE FUNCTION "
        "touch();\n"
        "CREATE SEQUENCE tickets START 100;\n");
    const QList<std::pair<const char *, const char *>> changes{
        {"add table", "CREATE TABLE skills (id serial PRIMARY KEY, title text NOT NULL)"},
        {"drop table", "DROP TABLE members"},
        {"add column", "ALTER TABLE workers ADD COLUMN email varchar(256)"},
        {"drop column", "ALTER TABLE workers DROP COLUMN note"},
        {"alter column type", "ALTER TABLE workers ALTER COLUMN note TYPE varchar(200)"},
        {"alter column precision", "ALTER TABLE workers ALTER COLUMN rate TYPE numeric(10,3)"},
        {"alter nullability", "ALTER TABLE workers ALTER COLUMN note SET NOT NULL"},
        {"alter default", "ALTER TABLE workers ALTER COLUMN rate SET DEFAULT 12.5"},
        {"drop default", "ALTER TABLE workers ALTER COLUMN rate DROP DEFAULT"},
        {"add unique", "ALTER TABLE workers ADD CONSTRAINT workers_name_key UNIQUE (name)"},
        {"drop unique", "ALTER TABLE teams DROP CONSTRAINT teams_title_key"},
        {"alter foreign key",
         "ALTER TABLE members DROP CONSTRAINT members_worker_id_fkey, ADD CONSTRAINT "
         "members_worker_id_fkey FOREIGN KEY (worker_id) REFERENCES workers ON DELETE SET NULL "
         "ON UPDATE CASCADE"},
        {"replace primary key", "ALTER TABLE teams DROP CONSTRAINT teams_pkey CASCADE; "
                                "ALTER TABLE teams ADD PRIMARY KEY (id, title)"},
        {"add check", "ALTER TABLE workers ADD CONSTRAINT rate_positive CHECK (rate > 0)"},
        {"add partial index",
         "CREATE INDEX workers_full ON workers (name) WHERE load = 'fulltime'"},
        {"alter expression index",
         "DROP INDEX workers_lower_name; CREATE INDEX workers_lower_name ON workers "
         "(upper(name))"},
        {"drop index", "DROP INDEX workers_lower_name"},
        {"add enum label", "ALTER TYPE workload ADD VALUE 'workload' AFTER 'fulltime'"},
        {"add enum label first", "ALTER TYPE workload ADD VALUE 'intern' BEFORE 'parttime'"},
        {"remove enum label",
         "ALTER TABLE workers ALTER COLUMN load DROP DEFAULT; ALTER TYPE workload RENAME TO w0; "
         "CREATE TYPE workload AS ENUM ('fulltime'); ALTER TABLE workers ALTER COLUMN load TYPE "
         "workload USING load::text::workload; ALTER TABLE workers ALTER COLUMN load SET "
         "DEFAULT 'fulltime'; DROP TYPE w0"},
        {"add enum", "CREATE TYPE mood AS ENUM ('ok', 'tired'); ALTER TABLE workers ADD COLUMN "
                     "mood mood"},
        {"add owned sequence", "ALTER TABLE teams ADD COLUMN number serial"},
        {"alter sequence", "ALTER SEQUENCE tickets INCREMENT BY 5"},
        {"drop sequence", "DROP SEQUENCE tickets"},
        {"add identity", "ALTER TABLE teams ADD COLUMN code integer GENERATED ALWAYS AS IDENTITY"},
        {"add view", "CREATE VIEW team_titles AS SELECT title FROM teams"},
        {"alter view", "CREATE OR REPLACE VIEW worker_names AS SELECT id, name, rate FROM workers"},
        {"drop view", "DROP VIEW worker_names"},
        {"view on changed column",
         "DROP VIEW worker_names; ALTER TABLE workers ALTER COLUMN name TYPE text; CREATE VIEW "
         "worker_names AS SELECT id, name FROM workers"},
        {"add function", "CREATE FUNCTION twice(i integer) RETURNS integer LANGUAGE sql "
                         "IMMUTABLE AS 'SELECT i * 2'"},
        {"alter function", "CREATE OR REPLACE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS "
                           "$$BEGIN NEW.note = 'x'; RETURN NEW; END$$"},
        {"drop trigger and function",
         "DROP TRIGGER workers_touch ON workers; DROP FUNCTION touch()"},
        {"alter trigger",
         "DROP TRIGGER workers_touch ON workers; CREATE TRIGGER workers_touch BEFORE INSERT OR "
         "UPDATE ON workers FOR EACH ROW EXECUTE FUNCTION touch()"},
        {"add schema", "CREATE SCHEMA hr; CREATE TABLE hr.grades (id integer PRIMARY KEY)"},
        {"add generated column",
         "ALTER TABLE workers ADD COLUMN doubled numeric GENERATED ALWAYS AS (rate * 2) STORED"},
        {"add materialized view", "CREATE MATERIALIZED VIEW rates AS SELECT id, rate FROM workers"},
        {"add procedure", "CREATE PROCEDURE reset_rates() LANGUAGE sql AS "
                          "'UPDATE workers SET rate = 10'"},
        {"drop enum", "ALTER TABLE workers DROP COLUMN load; DROP TYPE workload"},
        {"enum column to text", "ALTER TABLE workers ALTER COLUMN load DROP DEFAULT; ALTER TABLE "
                                "workers ALTER COLUMN load TYPE text"},
        {"new label used by a new default",
         "ALTER TYPE workload ADD VALUE 'shifts'\n--\nALTER TABLE workers ALTER COLUMN load SET "
         "DEFAULT 'shifts'"},
        {"several at once",
         "ALTER TABLE workers ADD COLUMN email varchar(256); CREATE TABLE skills (id serial "
         "PRIMARY KEY, title text NOT NULL UNIQUE); CREATE TABLE worker_skills (worker_id "
         "integer REFERENCES workers ON DELETE CASCADE, skill_id integer REFERENCES skills, "
         "PRIMARY KEY (worker_id, skill_id)); DROP VIEW worker_names; DROP TABLE members"},
    };
    for (const auto &[name, sql] : changes)
        QTest::newRow(name) << workers << QString::fromUtf8(sql);
}

void TestAutogenerate::roundTrip()
{
    QFETCH(QString, base);
    QFETCH(QString, change);
    auto &cluster = TestCluster::instance();
    RevisionDir dir;
    dir.write(Base, {}, base, QStringLiteral("-- downgrade: irreversible the test's base\n"));
    for (const char *name : {"ag_original", "ag_wanted", "ag_fresh"})
        QVERIFY(cluster.recreateDatabase(QString::fromLatin1(name)));
    QVERIFY(upgrade(QStringLiteral("ag_original"), dir.graph(), QStringLiteral("head")));
    QVERIFY(upgrade(QStringLiteral("ag_wanted"), dir.graph(), QStringLiteral("head")));
    QString error;
    // Parts apart where a new enum label must be committed before it is used.
    for (const QString &part : change.split(QStringLiteral("\n--\n")))
        QVERIFY2(cluster.exec(QStringLiteral("ag_wanted"), part, &error), qPrintable(error));

    QString path;
    const auto revision = generate(QStringLiteral("ag_wanted"), dir.path(), sameServer(), &path);
    QVERIFY2(revision,
             qPrintable(revision.error().oneLine() + QLatin1Char('\n') + revision.error().detail));
    QVERIFY(QFile::exists(path));

    // The generated file, run by the runner on a fresh database: up gives the wanted schema,
    // one step down the original one.
    QVERIFY(upgrade(QStringLiteral("ag_fresh"), dir.graph(), QStringLiteral("head")));
    QCOMPARE(differencesBetween(QStringLiteral("ag_fresh"), QStringLiteral("ag_wanted")),
             QStringList());
    QVERIFY(upgrade(QStringLiteral("ag_fresh"), dir.graph(), QStringLiteral("-1")));
    QCOMPARE(differencesBetween(QStringLiteral("ag_fresh"), QStringLiteral("ag_original")),
             QStringList());

    // Stamped: the changed database now equals its revisions.
    QSqlDatabase db = cluster.open(QStringLiteral("ag_wanted"));
    Autogenerate again(db, cluster.directSpec(QStringLiteral("ag_wanted")), dir.graph(),
                       sameServer());
    const auto drift = again.check();
    QVERIFY(drift);
    QVERIFY(drift->isEmpty());
}

void TestAutogenerate::dataLossWarnings()
{
    auto &cluster = TestCluster::instance();
    RevisionDir dir;
    dir.write(Base, {},
              QStringLiteral("CREATE TABLE workers (id integer PRIMARY KEY, name varchar(100), "
                             "note text);\nCREATE TABLE old (id integer);\n"),
              QStringLiteral("-- downgrade: irreversible base\n"));
    QVERIFY(cluster.recreateDatabase(QStringLiteral("ag_loss")));
    QVERIFY(upgrade(QStringLiteral("ag_loss"), dir.graph(), QStringLiteral("head")));
    QVERIFY(cluster.exec(QStringLiteral("ag_loss"),
                         QStringLiteral("ALTER TABLE workers DROP COLUMN note; ALTER TABLE "
                                        "workers ALTER COLUMN name TYPE varchar(20); DROP TABLE "
                                        "old")));
    const auto revision = generate(QStringLiteral("ag_loss"), dir.path(), sameServer());
    QVERIFY2(revision, qPrintable(revision.error().oneLine()));
    const QString warnings = revision->upgrade.warnings.join(QLatin1Char('\n'));
    QVERIFY2(warnings.contains(QLatin1String("column workers.note is dropped")),
             qPrintable(warnings));
    QVERIFY2(warnings.contains(QLatin1String("table old is dropped")), qPrintable(warnings));
    QVERIFY2(warnings.contains(QLatin1String("workers.name changes from character varying(100) "
                                             "to character varying(20)")),
             qPrintable(warnings));
    QVERIFY(revision->text.contains(QLatin1String("-- Data loss on upgrade:")));
    // The downgrade widens the type back: no warning for that.
    QVERIFY(!revision->downgrade.warnings.join(QLatin1Char('\n'))
                 .contains(QLatin1String("changes from")));
}

void TestAutogenerate::renames()
{
    auto &cluster = TestCluster::instance();
    RevisionDir dir;
    dir.write(Base, {},
              QStringLiteral("CREATE TABLE workers (id integer PRIMARY KEY, mail text);\n"),
              QStringLiteral("-- downgrade: irreversible base\n"));
    QVERIFY(cluster.recreateDatabase(QStringLiteral("ag_rename")));
    QVERIFY(upgrade(QStringLiteral("ag_rename"), dir.graph(), QStringLiteral("head")));
    QVERIFY(cluster.exec(QStringLiteral("ag_rename"),
                         QStringLiteral("INSERT INTO workers VALUES (1, 'a@b'); ALTER TABLE "
                                        "workers RENAME COLUMN mail TO email")));
    // Without the option: a drop and an add, with the rename offered.
    {
        QSqlDatabase db = cluster.open(QStringLiteral("ag_rename"));
        Autogenerate autogenerate(db, cluster.directSpec(QStringLiteral("ag_rename")), dir.graph(),
                                  sameServer(false));
        const auto plain = autogenerate.prepare(QStringLiteral("rename"));
        QVERIFY2(plain, qPrintable(plain.error().oneLine()));
        QCOMPARE(plain->upgrade.renameCandidates.size(), 1);
        QVERIFY(plain->upgrade.statements.join(QLatin1Char(' '))
                    .contains(QLatin1String("DROP COLUMN")));
    }
    const auto renamed = generate(QStringLiteral("ag_rename"), dir.path(), sameServer(true));
    QVERIFY2(renamed, qPrintable(renamed.error().oneLine()));
    QCOMPARE(renamed->upgrade.statements,
             QStringList{QStringLiteral("ALTER TABLE \"public\".\"workers\" RENAME COLUMN "
                                        "\"mail\" TO \"email\";")});
    QVERIFY(renamed->upgrade.warnings.isEmpty());
}

void TestAutogenerate::driftFoundAndCleared()
{
    auto &cluster = TestCluster::instance();
    RevisionDir dir;
    dir.write(Base, {}, QStringLiteral("CREATE TABLE workers (id integer PRIMARY KEY);\n"),
              QStringLiteral("-- downgrade: irreversible base\n"));
    QVERIFY(cluster.recreateDatabase(QStringLiteral("ag_drift")));
    QVERIFY(upgrade(QStringLiteral("ag_drift"), dir.graph(), QStringLiteral("head")));
    QVERIFY(cluster.exec(QStringLiteral("ag_drift"),
                         QStringLiteral("ALTER TABLE workers ADD COLUMN email text; COMMENT ON "
                                        "TABLE workers IS 'people'")));
    QSqlDatabase db = cluster.open(QStringLiteral("ag_drift"));
    Autogenerate autogenerate(db, cluster.directSpec(QStringLiteral("ag_drift")), dir.graph(),
                              sameServer());
    const auto drift = autogenerate.check();
    QVERIFY(drift);
    QStringList lines;
    for (const SchemaDifference &d : drift.value())
        lines << d.describe(Autogenerate::databaseSide(), Autogenerate::revisionsSide());
    QCOMPARE(
        lines,
        (QStringList{QStringLiteral("column workers.email: in the database, not in the revisions"),
                     QStringLiteral("comment workers: in the database, not in the revisions")}));
    // What autogenerate cannot write is named in the file, never skipped.
    const auto revision = generate(QStringLiteral("ag_drift"), dir.path(), sameServer());
    QVERIFY2(revision, qPrintable(revision.error().oneLine()));
    QVERIFY(revision->text.contains(
        QLatin1String("--   comment workers: in the database, not in the revisions")));
    // The column is cleared by the revision; the comment stays as drift.
    Autogenerate after(db, cluster.directSpec(QStringLiteral("ag_drift")),
                       RevisionSource::loadDirectory(dir.path()).value(), sameServer());
    const auto left = after.check();
    QVERIFY(left);
    QCOMPARE(left->size(), 1);
    QCOMPARE(left->first().kind, QStringLiteral("comment"));
}

void TestAutogenerate::commandLine()
{
    auto &cluster = TestCluster::instance();
    RevisionDir dir;
    dir.write(Base, {}, QStringLiteral("CREATE TABLE workers (id integer PRIMARY KEY);\n"),
              QStringLiteral("-- downgrade: irreversible base\n"));
    QVERIFY(cluster.recreateDatabase(QStringLiteral("ag_cli")));
    const QString conn = connection(QStringLiteral("ag_cli"));
    const QStringList where{QStringLiteral("--migrations"), dir.path()};
    QCOMPARE(migrate(QStringList{QStringLiteral("upgrade"), QStringLiteral("head")} + where +
                     QStringList{conn}),
             0);
    QCOMPARE(migrate(QStringList{QStringLiteral("check"), QStringLiteral("--shadow-same-server")} +
                     where + QStringList{conn}),
             0);
    QVERIFY(cluster.exec(QStringLiteral("ag_cli"),
                         QStringLiteral("ALTER TABLE workers ADD COLUMN email text")));
    QCOMPARE(migrate(QStringList{QStringLiteral("check"), QStringLiteral("--shadow-same-server")} +
                     where + QStringList{conn}),
             1);
    QCOMPARE(PrintCapture::out().trimmed(),
             QStringLiteral("column workers.email: in the database, not in the revisions"));
    // Usage errors: no connection, --no-stamp without --autogenerate.
    QCOMPARE(migrate(QStringList{QStringLiteral("check")} + where), 2);
    QCOMPARE(migrate(QStringList{QStringLiteral("revision"), QStringLiteral("-m"),
                                 QStringLiteral("x"), QStringLiteral("--no-stamp")} +
                     where),
             2);
    QCOMPARE(
        migrate(QStringList{QStringLiteral("revision"), QStringLiteral("-m"),
                            QStringLiteral("add email"), QStringLiteral("--autogenerate"),
                            QStringLiteral("--shadow-same-server"), QStringLiteral("--no-stamp")} +
                where + QStringList{conn}),
        0);
    const QString path = PrintCapture::out().trimmed();
    QVERIFY2(path.endsWith(QLatin1String("_add_email.sql")), qPrintable(path));
    QVERIFY(QFile::exists(path));
    // Not stamped: the database is not at the new head, so a second autogenerate is refused.
    QCOMPARE(migrate(QStringList{QStringLiteral("revision"), QStringLiteral("-m"),
                                 QStringLiteral("again"), QStringLiteral("--autogenerate"),
                                 QStringLiteral("--shadow-same-server")} +
                     where + QStringList{conn}),
             1);
    QVERIFY2(PrintCapture::err().contains(QLatin1String("upgrade it first")),
             qPrintable(PrintCapture::err()));
    QCOMPARE(migrate(QStringList{QStringLiteral("stamp"), QStringLiteral("head")} + where +
                     QStringList{conn}),
             0);
    QCOMPARE(migrate(QStringList{QStringLiteral("check"), QStringLiteral("--shadow-same-server")} +
                     where + QStringList{conn}),
             0);
}

// The default shadow: a database on the built-in local server, which is started for it.
void TestAutogenerate::localServerShadow()
{
    auto &cluster = TestCluster::instance();
    const QString serverDir = shadowServerDir();
    qputenv("DBX_SERVER_DIR", serverDir.toUtf8());
    RevisionDir dir;
    dir.write(Base, {}, QStringLiteral("CREATE TABLE workers (id integer PRIMARY KEY);\n"),
              QStringLiteral("-- downgrade: irreversible base\n"));
    QVERIFY(cluster.recreateDatabase(QStringLiteral("ag_local")));
    QVERIFY(upgrade(QStringLiteral("ag_local"), dir.graph(), QStringLiteral("head")));
    QVERIFY(cluster.exec(QStringLiteral("ag_local"),
                         QStringLiteral("CREATE INDEX w ON workers (id DESC)")));
    const auto revision = generate(QStringLiteral("ag_local"), dir.path(), AutogenerateOptions());
    QVERIFY2(revision, qPrintable(revision.error().oneLine() + revision.error().detail));
    QVERIFY2(revision->shadow.contains(QLatin1String("built-in local server")),
             qPrintable(revision->shadow));
    dbx::model::LocalServer server({serverDir, 5432, {}, true, {}});
    QVERIFY2(!server.isRunning(), "the shadow's server was stopped again");
}

// The scenario on the demo schema: workers.email, a skills table many-to-many to
// workers, a new workload label; upgrade head on an empty database gives exactly that schema,
// one step down exactly the old one.
void TestAutogenerate::doneWhen()
{
    auto &cluster = TestCluster::instance();
    qputenv("DBX_SERVER_DIR", shadowServerDir().toUtf8());
    QTemporaryDir dir;
    const QString versions = QStringLiteral(DBX_DEMO_VERSIONS);
    for (const QString &name : QDir(versions).entryList({QStringLiteral("*.sql")}))
        QVERIFY(
            QFile::copy(versions + QLatin1Char('/') + name, dir.path() + QLatin1Char('/') + name));
    for (const char *name : {"ag_demo", "ag_demo_old", "ag_empty"})
        QVERIFY(cluster.recreateDatabase(QString::fromLatin1(name)));
    const QStringList where{QStringLiteral("--migrations"), dir.path()};
    for (const char *name : {"ag_demo", "ag_demo_old"})
        QCOMPARE(migrate(QStringList{QStringLiteral("upgrade"), QStringLiteral("head")} + where +
                         QStringList{connection(QString::fromLatin1(name))}),
                 0);
    QString error;
    QVERIFY2(cluster.exec(
                 QStringLiteral("ag_demo"),
                 QStringLiteral(
                     "ALTER TABLE workers ADD COLUMN email varchar(256);\n"
                     "CREATE TABLE skills (id serial PRIMARY KEY, title text NOT NULL UNIQUE);\n"
                     "CREATE TABLE worker_skills (worker_id integer NOT NULL REFERENCES "
                     "workers ON DELETE CASCADE, skill_id integer NOT NULL REFERENCES skills "
                     "ON DELETE CASCADE, PRIMARY KEY (worker_id, skill_id));\n"
                     "ALTER TYPE workload ADD VALUE 'shifts';\n"),
                 &error),
             qPrintable(error));
    QCOMPARE(migrate(QStringList{QStringLiteral("revision"), QStringLiteral("-m"),
                                 QStringLiteral("email, skills, shifts"),
                                 QStringLiteral("--autogenerate")} +
                     where + QStringList{connection(QStringLiteral("ag_demo"))}),
             0);
    QCOMPARE(migrate(QStringList{QStringLiteral("upgrade"), QStringLiteral("head")} + where +
                     QStringList{connection(QStringLiteral("ag_empty"))}),
             0);
    QCOMPARE(differencesBetween(QStringLiteral("ag_empty"), QStringLiteral("ag_demo")),
             QStringList());
    QCOMPARE(schemaFactsOf(QStringLiteral("ag_empty")), schemaFactsOf(QStringLiteral("ag_demo")));
    QCOMPARE(migrate(QStringList{QStringLiteral("downgrade"), QStringLiteral("-1")} + where +
                     QStringList{connection(QStringLiteral("ag_empty"))}),
             0);
    QCOMPARE(schemaFactsOf(QStringLiteral("ag_empty")),
             schemaFactsOf(QStringLiteral("ag_demo_old")));
    // The compared database was stamped: no drift left.
    QCOMPARE(migrate(QStringList{QStringLiteral("check")} + where +
                     QStringList{connection(QStringLiteral("ag_demo"))}),
             0);
}

QTEST_GUILESS_MAIN(TestAutogenerate)
#include "tst_autogenerate.moc"
