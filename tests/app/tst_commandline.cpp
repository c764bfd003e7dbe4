// The dbexplorer executable as a user runs it: help, version, usage errors, one-line connection
// errors with their exit codes, the headless subcommands, and a GUI start on a real database.

#include "childprocess.h"
#include "demofixture.h"
#include "model/connection/connectionstore.h"
#include "testcluster.h"

#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

class TestCommandLine : public QObject {
    Q_OBJECT

private:
    using Run = dbx::test::ChildRun;

    QTemporaryDir m_home;

    Run run(const QStringList &args, int timeoutMs = 60000, bool display = true)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        if (!display) {
            for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
                env.remove(QString::fromLatin1(name));
        }
        env.insert(QStringLiteral("HOME"), m_home.path());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.path() + QStringLiteral("/config"));
        if (display)
            env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("DBX_SERVER_DIR"), serverDir());
        env.insert(QStringLiteral("LANG"), QStringLiteral("C.UTF-8"));
        return dbx::test::runChild(QStringLiteral(DBX_APP_PATH), args, env, {}, timeoutMs);
    }

    QString serverDir() const
    {
        return QStringLiteral("%1/cli-%2")
            .arg(dbx::test::TestCluster::testRoot())
            .arg(QCoreApplication::applicationPid());
    }

    // Errors are one line on stderr, prefixed with the program name; Qt's own warnings (about
    // the runtime directory, for instance) are not ours.
    static QStringList ownLines(const QString &err)
    {
        QStringList lines;
        for (const QString &line : err.split(u'\n', Qt::SkipEmptyParts)) {
            if (line.startsWith(QLatin1String("dbexplorer:")))
                lines << line;
        }
        return lines;
    }

    QString clusterKeywords(const QString &database) const
    {
        return dbx::test::TestCluster::instance().spec(database).toKeywordString();
    }

    static QString exampleQuery(const char *name)
    {
        return QStringLiteral(DBX_SOURCE_DIR "/examples/queries/") + QLatin1String(name);
    }

private slots:
    void initTestCase() { DBX_REQUIRE_CLUSTER(); }

    void cleanupTestCase()
    {
        run({QStringLiteral("server"), QStringLiteral("stop")});
        QDir(serverDir()).removeRecursively();
    }

    void helpDocumentsTheCommandLine()
    {
        const Run r = run({QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        for (const char *needle : {"Usage:", "--demo", "--lang", "connection", "postgresql://",
                                   "postgresql+asyncpg://", "ping", "server", "Exit status"})
            QVERIFY2(r.out.contains(QLatin1String(needle)), needle);
    }

    void helpWorksWithoutDisplay()
    {
        const Run r = run({QStringLiteral("--help")}, 60000, false);
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QLatin1String("--demo")));
        QCOMPARE(run({QStringLiteral("mysql://x")}, 60000, false).exitCode, 2);
        // The usage line names the command as a user types it, not the binary's path.
        QVERIFY2(r.out.startsWith(QLatin1String("Usage: dbexplorer [options]")), qPrintable(r.out));
        for (const char *command : {"query", "sql", "migrate", "ping", "schema"}) {
            const QString name = QString::fromLatin1(command);
            const Run sub = run({name, QStringLiteral("--help")}, 60000, false);
            QCOMPARE(sub.exitCode, 0);
            QVERIFY2(sub.out.startsWith(QStringLiteral("Usage: dbexplorer %1 [options]").arg(name)),
                     qPrintable(sub.out));
        }
    }

    void windowWithoutDisplayExplains()
    {
        const Run r = run({QStringLiteral("--demo")}, 60000, false);
        QCOMPARE(r.exitCode, 1);
        const QStringList lines = ownLines(r.err);
        QCOMPARE(lines.size(), 1);
        QVERIFY2(lines.first().contains(QLatin1String("xvfb-run")), qPrintable(lines.first()));
    }

    void printsVersion()
    {
        const Run r = run({QStringLiteral("--version")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith(QLatin1String("dbexplorer 0.")));
    }

    void usageErrorsExitWithTwo_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("unknown option")
            << QStringList{QStringLiteral("--bogus")} << QStringLiteral("bogus");
        QTest::newRow("wrong scheme")
            << QStringList{QStringLiteral("mysql://root@db/x")} << QStringLiteral("mysql");
        QTest::newRow("bad port") << QStringList{QStringLiteral("postgresql://h:99999/db")}
                                  << QStringLiteral("99999");
        QTest::newRow("second connection broken")
            << QStringList{QStringLiteral("host=a"), QStringLiteral("mysql://root@db/x")}
            << QStringLiteral("mysql");
        QTest::newRow("bad language")
            << QStringList{QStringLiteral("--lang"), QStringLiteral("xx")} << QStringLiteral("xx");
        QTest::newRow("ping without connection")
            << QStringList{QStringLiteral("ping")} << QStringLiteral("ping");
        QTest::newRow("server without action")
            << QStringList{QStringLiteral("server")} << QStringLiteral("start");
        // An empty connection is a mistake, as it is for ping, schema and migrate: not a
        // request for the SQL only.
        QTest::newRow("query with an empty connection")
            << QStringList{QStringLiteral("query"), exampleQuery("avg-compensation.json"),
                           QString()}
            << QStringLiteral("empty");
        QTest::newRow("query of a device")
            << QStringList{QStringLiteral("query"), QStringLiteral("/dev/zero"),
                           QStringLiteral("--sql")}
            << QStringLiteral("/dev/zero: not a regular file");
        QTest::newRow("password not echoed")
            << QStringList{QStringLiteral("ping"),
                           QStringLiteral("postgresql://u:secret%ff@127.0.0.1:5434/db")}
            << QStringLiteral("in the password");
    }

    void usageErrorsExitWithTwo()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, mentions);
        const Run r = run(args);
        QCOMPARE(r.exitCode, 2);
        const QStringList lines = ownLines(r.err);
        QCOMPARE(lines.size(), 1);
        QVERIFY2(lines.first().contains(mentions), qPrintable(lines.first()));
        QVERIFY2(!r.err.contains(QLatin1String("secret")), qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
    }

    void serverThatIsNotRunningExitsWithOne()
    {
        // The window never opens: the named connection fails first, in one line.
        const Run r = run({QStringLiteral("host=/tmp/dbx-nowhere port=5999 dbname=shop")});
        QCOMPARE(r.exitCode, 1);
        const QStringList lines = ownLines(r.err);
        QCOMPARE(lines.size(), 1);
        QVERIFY2(lines.first().contains(QLatin1String("No PostgreSQL server is running")),
                 qPrintable(lines.first()));
    }

    void missingDatabaseIsNamed()
    {
        const Run r = run({clusterKeywords(QStringLiteral("no_such_db"))});
        QCOMPARE(r.exitCode, 1);
        const QStringList lines = ownLines(r.err);
        QCOMPARE(lines.size(), 1);
        QVERIFY2(lines.first().contains(QLatin1String("\"no_such_db\" does not exist")),
                 qPrintable(lines.first()));
    }

    void schemaPrintsRelationshipsAsJsonAndDot()
    {
        QVERIFY(dbx::test::TestCluster::instance().recreateDatabase(QStringLiteral("cli_schema")));
        QVERIFY(dbx::test::TestCluster::instance().exec(
            QStringLiteral("cli_schema"),
            QStringLiteral("CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE b (id int PRIMARY "
                           "KEY); CREATE TABLE ab (a_id int REFERENCES a, b_id int REFERENCES "
                           "b, note text, PRIMARY KEY (a_id, b_id));")));
        const QString db = clusterKeywords(QStringLiteral("cli_schema"));
        const Run json = run({QStringLiteral("schema"), db});
        QCOMPARE(json.exitCode, 0);
        const QJsonObject root = QJsonDocument::fromJson(json.out.toUtf8()).object();
        QCOMPARE(root.value(QStringLiteral("tables")).toArray().size(), 3);
        int manyToMany = 0;
        for (const QJsonValue &r : root.value(QStringLiteral("relationships")).toArray())
            manyToMany += r.toObject().value(QStringLiteral("kind")).toString() ==
                          QLatin1String("many-to-many");
        QCOMPARE(manyToMany, 2);
        const Run dot =
            run({QStringLiteral("schema"), db, QStringLiteral("--format"), QStringLiteral("dot")});
        QCOMPARE(dot.exitCode, 0);
        QVERIFY2(dot.out.contains(QLatin1String("\"public.ab\" -> \"public.a\"")),
                 qPrintable(dot.out));
        QCOMPARE(
            run({QStringLiteral("schema"), db, QStringLiteral("--format"), QStringLiteral("xml")})
                .exitCode,
            2);
    }

    // The real binary writes the file and prints its path; usage and folder errors differ.
    void migrateRevisionWritesAFile()
    {
        QTemporaryDir dir;
        const Run made =
            run({QStringLiteral("migrate"), QStringLiteral("revision"), QStringLiteral("-m"),
                 QStringLiteral("Первая таблица"), QStringLiteral("--migrations"), dir.path()});
        QCOMPARE(made.exitCode, 0);
        const QString path = made.out.trimmed();
        QVERIFY2(path.endsWith(QLatin1String("_pervaya_tablitsa.sql")) && QFile::exists(path),
                 qPrintable(made.out + made.err));
        QCOMPARE(run({QStringLiteral("migrate"), QStringLiteral("revision"),
                      QStringLiteral("--migrations"), dir.path()})
                     .exitCode,
                 2);
        const Run missing =
            run({QStringLiteral("migrate"), QStringLiteral("revision"), QStringLiteral("-m"),
                 QStringLiteral("x"), QStringLiteral("--migrations"),
                 dir.filePath(QStringLiteral("none"))});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY(missing.err.contains(QLatin1String("does not exist")));
    }

    // One object's DDL: pg_dump for a relation, the catalog for a function and an enum.
    void schemaDdlPrintsOneObject()
    {
        QVERIFY(dbx::test::TestCluster::instance().recreateDatabase(QStringLiteral("cli_ddl")));
        QVERIFY(dbx::test::TestCluster::instance().exec(
            QStringLiteral("cli_ddl"),
            QStringLiteral("CREATE SCHEMA shop; CREATE TYPE shop.size AS ENUM ('s', 'm'); "
                           "CREATE TABLE shop.items (id int PRIMARY KEY, size shop.size); "
                           "CREATE FUNCTION twice(i int) RETURNS int LANGUAGE sql "
                           "AS 'SELECT i * 2'; CREATE SEQUENCE counter;")));
        const QString db = clusterKeywords(QStringLiteral("cli_ddl"));
        const auto ddl = [&](const QString &object) {
            return run({QStringLiteral("schema"), QStringLiteral("--ddl"), object, db});
        };
        const Run table = ddl(QStringLiteral("shop.items"));
        QCOMPARE(table.exitCode, 0);
        QVERIFY2(table.out.contains(QLatin1String("CREATE TABLE shop.items (")) &&
                     table.out.contains(QLatin1String("PRIMARY KEY (id)")),
                 qPrintable(table.out + table.err));
        QVERIFY(ddl(QStringLiteral("twice"))
                    .out.startsWith(QLatin1String("CREATE OR REPLACE FUNCTION public.twice")));
        QVERIFY(ddl(QStringLiteral("shop.size"))
                    .out.startsWith(QLatin1String("CREATE TYPE shop.size AS ENUM (")));
        QVERIFY(ddl(QStringLiteral("counter"))
                    .out.contains(QLatin1String("CREATE SEQUENCE public.counter")));
        const Run missing = ddl(QStringLiteral("nothing_here"));
        QCOMPARE(missing.exitCode, 1);
        QVERIFY(missing.err.contains(QLatin1String("nothing_here")));
        QCOMPARE(
            run({QStringLiteral("schema"), QStringLiteral("--ddl"), QStringLiteral("x")}).exitCode,
            2);
    }

    void pingReportsTheServer()
    {
        const Run r = run({QStringLiteral("ping"), clusterKeywords(QStringLiteral("postgres"))});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith(QLatin1String("PostgreSQL 15")), qPrintable(r.out));
        QVERIFY(r.out.contains(QLatin1String("database postgres")));
    }

    void embeddedServerLifecycle()
    {
        Run r = run({QStringLiteral("server"), QStringLiteral("status")});
        QCOMPARE(r.exitCode, 3);
        r = run({QStringLiteral("server"), QStringLiteral("start")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QString uri = r.out.trimmed().split(u'\n').last();
        QVERIFY2(uri.startsWith(QLatin1String("postgresql://postgres@/dbexplorer_demo")),
                 qPrintable(uri));
        QCOMPARE(run({QStringLiteral("server"), QStringLiteral("status")}).exitCode, 0);
        r = run({QStringLiteral("ping"), uri});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QLatin1String("database dbexplorer_demo")));
        QCOMPARE(run({QStringLiteral("server"), QStringLiteral("stop")}).exitCode, 0);
        QCOMPARE(run({QStringLiteral("server"), QStringLiteral("status")}).exitCode, 3);

        // Without the demo, the printed connection is one that exists: the postgres database.
        r = run({QStringLiteral("server"), QStringLiteral("start"), QStringLiteral("--no-demo")});
        QCOMPARE(r.exitCode, 0);
        const QString plain = r.out.trimmed().split(u'\n').last();
        QVERIFY2(plain.startsWith(QLatin1String("postgresql://postgres@/postgres?")),
                 qPrintable(plain));
        QCOMPARE(run({QStringLiteral("ping"), plain}).exitCode, 0);
        QCOMPARE(run({QStringLiteral("server"), QStringLiteral("stop")}).exitCode, 0);
    }

    void windowOpensOnANamedDatabase()
    {
        QVERIFY(dbx::test::TestCluster::instance().exec(
            QStringLiteral("postgres"),
            QStringLiteral("CREATE TABLE IF NOT EXISTS cli_probe (id int PRIMARY KEY)")));
        const QString shot = m_home.path() + QStringLiteral("/window.png");
        const Run r = run(
            {clusterKeywords(QStringLiteral("postgres")), QStringLiteral("--screenshot"), shot});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QImage image(shot);
        QVERIFY(!image.isNull());
        QVERIFY(image.width() >= 800 && image.height() >= 500);
    }

    // `dbexplorer CONN1 CONN2` opens each, a saved connection by its name: the window shows
    // (and the screenshot is taken) only once both are connected; one that fails ends the
    // program in one line naming it.
    void windowOpensSeveralDatabases()
    {
        auto &cluster = dbx::test::TestCluster::instance();
        QVERIFY(cluster.exec(QStringLiteral("postgres"),
                             QStringLiteral("DROP DATABASE IF EXISTS cli_second")));
        QVERIFY(
            cluster.exec(QStringLiteral("postgres"), QStringLiteral("CREATE DATABASE cli_second")));
        {
            QSettings settings(m_home.path() + QStringLiteral("/config/dbexplorer/dbexplorer.conf"),
                               QSettings::IniFormat);
            dbx::model::ConnectionSpec saved = cluster.spec(QStringLiteral("cli_second"));
            saved.name = QStringLiteral("Second one");
            saved.color = QStringLiteral("#8e24aa");
            dbx::model::ConnectionStore(&settings).save(saved);
        }
        const QString shot = m_home.path() + QStringLiteral("/two.png");
        Run r = run({clusterKeywords(QStringLiteral("postgres")), QStringLiteral("Second one"),
                     QStringLiteral("--screenshot"), shot});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(!QImage(shot).isNull());

        r = run({QStringLiteral("Second one"), clusterKeywords(QStringLiteral("no_such_db")),
                 QStringLiteral("--screenshot"), shot});
        QCOMPARE(r.exitCode, 1);
        const QStringList lines = ownLines(r.err);
        QCOMPARE(lines.size(), 1);
        QVERIFY2(lines.first().contains(QLatin1String("\"no_such_db\" does not exist")),
                 qPrintable(lines.first()));
        // A bare word that names no saved connection is a usage error naming it.
        r = run({QStringLiteral("Second one"), QStringLiteral("nosuchname")});
        QCOMPARE(r.exitCode, 2);
    }

    void demoOpensInTheWindow()
    {
        const QString shot = m_home.path() + QStringLiteral("/demo.png");
        const Run r = run({QStringLiteral("--demo"), QStringLiteral("--screenshot"), shot});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(!QImage(shot).isNull());
        // The window stopped the server it started when it closed.
        QCOMPARE(run({QStringLiteral("server"), QStringLiteral("status")}).exitCode, 3);
    }

    // --query opens a saved query in the builder (and --run runs it); a file it cannot read is
    // named on stderr while the window carries on.
    void windowOpensASavedQueryInTheBuilder()
    {
        const QString shot = m_home.path() + QStringLiteral("/query.png");
        Run r = run({QStringLiteral("--demo"), QStringLiteral("--query"),
                     exampleQuery("compensation-diff.json"), QStringLiteral("--run"),
                     QStringLiteral("--screenshot"), shot});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(!QImage(shot).isNull());
        const QString missing = m_home.path() + QStringLiteral("/missing.json");
        r = run({QStringLiteral("--demo"), QStringLiteral("--query"), missing,
                 QStringLiteral("--screenshot"), shot});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.contains(QStringLiteral("missing.json")), qPrintable(r.err));
    }

    void queryRunsSavedFiles()
    {
        const QString fixture = dbx::test::freshDemoDatabase(QStringLiteral("cli_query"));
        QVERIFY2(fixture.isEmpty(), qPrintable(fixture));
        const QString db = clusterKeywords(QStringLiteral("cli_query"));
        const QString avg = exampleQuery("avg-compensation.json");

        Run r = run({QStringLiteral("query"), avg, db});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(r.out, QStringLiteral("workload,avg_compensation\nfulltime,131250\n"));

        r = run({QStringLiteral("query"), avg, db, QStringLiteral("--format"),
                 QStringLiteral("table")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(r.out, QStringLiteral(" workload | avg_compensation\n"
                                       "----------+------------------\n"
                                       " fulltime |           131250\n"
                                       "(1 row)\n"));

        // Part-time resumes or resumes without compensation that replied to a vacancy: 3, 6, 9,
        // 10, 12 and 15, one reply each.
        r = run({QStringLiteral("query"), exampleQuery("parttime-replies.json"), db,
                 QStringLiteral("--format"), QStringLiteral("json")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QJsonParseError error;
        const QJsonArray rows = QJsonDocument::fromJson(r.out.toUtf8(), &error).array();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(r.out));
        QCOMPARE(rows.size(), 6);
        int withoutCompensation = 0;
        for (const QJsonValue &row : rows) {
            const QJsonValue compensation = row.toObject().value(QStringLiteral("compensation"));
            QVERIFY2(compensation.isNull() || compensation.isDouble(), qPrintable(r.out));
            withoutCompensation += compensation.isNull();
            QVERIFY(row.toObject().value(QStringLiteral("username")).isString());
        }
        QCOMPARE(withoutCompensation, 2);

        // RFC 4180: a field with a comma is quoted; NULL is an empty field.
        r = run({QStringLiteral("query"), exampleQuery("parttime-replies.json"), db});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.startsWith(QLatin1String("username,title,workload,compensation,title\n")),
                 qPrintable(r.out));
        QVERIFY2(r.out.contains(QLatin1String(
                     "\nVolk,\"Data Engineer (Scala, Spark)\",parttime,250000,Data engineer\n")),
                 qPrintable(r.out));
        QVERIFY2(r.out.contains(QLatin1String(
                     "\nMisha,Python backend developer,parttime,,Python developer\n")),
                 qPrintable(r.out));

        // One row per resume (every resume has a worker), biggest difference first.
        r = run({QStringLiteral("query"), exampleQuery("compensation-diff.json"), db});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QStringList lines = r.out.trimmed().split(u'\n');
        QCOMPARE(lines.size(), 19);
        QCOMPARE(lines.first(), QStringLiteral("id,username,compensation,workload,"
                                               "avg_workload_compensation,compensation_diff"));
    }

    void queryPrintsSqlWithoutAConnection()
    {
        const QString avg = exampleQuery("avg-compensation.json");
        Run r = run({QStringLiteral("query"), avg, QStringLiteral("--sql")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QLatin1String("LIKE $1")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QLatin1String("\n-- $1 = '%Python%'\n")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QLatin1String("\n-- $2 = 40000\n")), qPrintable(r.out));

        r = run({QStringLiteral("query"), avg, QStringLiteral("--literal")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QLatin1String("LIKE '%Python%'")), qPrintable(r.out));
        QVERIFY2(!r.out.contains(QLatin1String("$1")), qPrintable(r.out));
    }

    void queryFileErrorsExitWithTwo()
    {
        const QString path = m_home.filePath(QStringLiteral("mistake.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(R"json({"format": 1, "query": {"from": "resumes", "where": {"and": [
            {"left": "title", "op": "like_any", "value": "x"}]}}})json");
        file.close();
        Run r = run({QStringLiteral("query"), path, QStringLiteral("--sql")});
        QCOMPARE(r.exitCode, 2);
        QStringList lines = ownLines(r.err);
        QCOMPARE(lines.size(), 1);
        QVERIFY2(lines.first().contains(path + QStringLiteral(": query.where.and[0].op: unknown "
                                                              "operator \"like_any\"")),
                 qPrintable(lines.first()));
        QVERIFY(r.out.isEmpty());

        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("{\"format\": 1,\n \"query\": {\"from\": }}\n");
        file.close();
        r = run({QStringLiteral("query"), path, clusterKeywords(QStringLiteral("postgres"))});
        QCOMPARE(r.exitCode, 2);
        lines = ownLines(r.err);
        QCOMPARE(lines.size(), 1);
        QVERIFY2(lines.first().contains(path + QStringLiteral(":2:")), qPrintable(lines.first()));

        // A connection is needed to run; --format takes one of three words.
        QCOMPARE(run({QStringLiteral("query"), exampleQuery("avg-compensation.json")}).exitCode, 2);
        QCOMPARE(run({QStringLiteral("query"), exampleQuery("avg-compensation.json"),
                      clusterKeywords(QStringLiteral("postgres")), QStringLiteral("--format"),
                      QStringLiteral("xml")})
                     .exitCode,
                 2);
    }

    void queryThatDoesNotFitTheDatabaseExitsWithOne()
    {
        const QString fixture = dbx::test::freshDemoDatabase(QStringLiteral("cli_query_bad"));
        QVERIFY2(fixture.isEmpty(), qPrintable(fixture));
        const QString path = m_home.filePath(QStringLiteral("salary.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(R"json({"format": 1, "query": {"from": "public.resumes",
            "select": ["resumes.salary"]}})json");
        file.close();
        const Run r =
            run({QStringLiteral("query"), path, clusterKeywords(QStringLiteral("cli_query_bad"))});
        QCOMPARE(r.exitCode, 1);
        const QStringList lines = ownLines(r.err);
        QVERIFY(!lines.isEmpty());
        QVERIFY2(lines.first().contains(QLatin1String("salary")), qPrintable(r.err));
        QVERIFY(r.out.isEmpty());

        // Valid for the schema, refused by the server: its message, exit status 1.
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(R"json({"format": 1, "query": {"from": "public.resumes", "select": [
            {"left": "resumes.id", "op": "/", "right": {"value": 0}, "as": "x"}]}})json");
        file.close();
        const Run refused =
            run({QStringLiteral("query"), path, clusterKeywords(QStringLiteral("cli_query_bad"))});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(ownLines(refused.err).join(u'\n').contains(QLatin1String("division by zero")),
                 qPrintable(refused.err));
        QVERIFY(refused.out.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
