// `dbexplorer sql` as a user runs it: scripts from a file, standard input or --command with
// :name parameters bound on the server; tables, CSV and JSON on stdout with the command tags
// and notices where they keep the data clean; errors with their line and column; exit status
// 0, 1 and 2; --continue-on-error and --single-transaction; a million rows in flat memory.
// As tst_sqlcommand_pgbouncer the program reaches the cluster through pgbouncer.

#include "childprocess.h"
#include "demofixture.h"
#include "testcluster.h"

#include "model/db/executor.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace {

const QString kDb = QStringLiteral("cli_sql");

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

} // namespace

class TestSqlCommand : public QObject {
    Q_OBJECT

private:
    using Run = dbx::test::ChildRun;

    QTemporaryDir m_dir;

    Run run(const QStringList &args, const QByteArray &input = {})
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), m_dir.path());
        env.insert(QStringLiteral("LANG"), QStringLiteral("C.UTF-8"));
        return dbx::test::runChild(QStringLiteral(DBX_APP_PATH),
                                   QStringList{QStringLiteral("sql")} + args, env, input);
    }

    QString connection() const
    {
        return dbx::test::TestCluster::instance().spec(kDb).toKeywordString();
    }

    QString writeScript(const QString &name, const QString &sql)
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return {};
        file.write(sql.toUtf8());
        return path;
    }

    qint64 scalar(const QString &sql)
    {
        QSqlDatabase db = dbx::test::TestCluster::instance().openDirect(kDb);
        const auto value = dbx::model::execScalar(db, dbx::model::Statement(sql));
        return value ? value->toLongLong() : -1;
    }

private slots:
    void initTestCase()
    {
        DBX_REQUIRE_CLUSTER();
        QVERIFY(m_dir.isValid());
        const QString fixture = dbx::test::freshDemoDatabase(kDb);
        QVERIFY2(fixture.isEmpty(), qPrintable(fixture));
    }

    // The README's example, on the demo tables.
    void runsTheExampleWithParameters()
    {
        const QString example = QStringLiteral(DBX_SOURCE_DIR "/examples/sql/python-resumes.sql");
        Run r = run({example, connection(), s("--param"), s("skill=Python"), s("--param"),
                     s("min=60000"), s("--single-transaction")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(r.out,
                 s(" username |               title                | compensation | workload\n"
                   "----------+------------------------------------+--------------+----------\n"
                   " Enot     | Machine learning engineer (Python) |       230000 | fulltime\n"
                   " Misha    | Senior Python engineer             |       180000 | fulltime\n"
                   " Bobr     | Python developer                   |        65000 | fulltime\n"
                   " Yozh     | QA automation engineer (Python)    |        60000 | parttime\n"
                   "(4 rows)\n"
                   "\n"
                   "UPDATE 4\n"));
        QCOMPARE(r.err, QString());
        QCOMPARE(scalar(s("SELECT compensation FROM resumes WHERE id = 1")), 70000);
    }

    void csvAndJsonKeepTagsAndNoticesOnStderr()
    {
        const QString script = s("CREATE TEMP TABLE t AS SELECT 1 AS a;\n"
                                 "DO $$ BEGIN RAISE NOTICE 'working on %', 't'; END $$;\n"
                                 "SELECT a, :label AS label FROM t;\n");
        Run r = run({s("-"), connection(), s("--format"), s("csv"), s("--param"), s("label=a,b")},
                    script.toUtf8());
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(r.out, s("a,label\n1,\"a,b\"\n"));
        QCOMPARE(r.err, s("SELECT 1\nNOTICE:  working on t\nDO\n"));

        r = run({s("--command"), s("SELECT 1 AS n, NULL::text AS t; SELECT 'x' AS s"), connection(),
                 s("--format"), s("json")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QStringList documents = r.out.split(s("]\n"), Qt::SkipEmptyParts);
        QCOMPARE(documents.size(), 2);
        const QJsonDocument first = QJsonDocument::fromJson((documents[0] + s("]")).toUtf8());
        QCOMPARE(first.array().at(0).toObject().value(s("n")).toInt(), 1);
        QVERIFY(first.array().at(0).toObject().value(s("t")).isNull());
    }

    // A result cut short by an error is still a valid JSON document, with the rows that came.
    void jsonCutShortStaysValid()
    {
        const Run r =
            run({s("--command"), s("SELECT 10 / (3 - g) AS q FROM generate_series(1, 5) AS g"),
                 connection(), s("--format"), s("json")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(s("division by zero")), qPrintable(r.err));
        QJsonParseError error{};
        const QJsonDocument document = QJsonDocument::fromJson(r.out.toUtf8(), &error);
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(r.out));
        QVERIFY(document.array().size() <= 2);
    }

    void hostileValuesAreBoundNotSpliced()
    {
        const QString hostile = s("x'); DROP TABLE workers; --");
        const qint64 before = scalar(s("SELECT count(*) FROM workers"));
        Run r = run({s("--command"),
                     s("INSERT INTO workers (username) VALUES (:name) RETURNING username"),
                     connection(), s("--param"), s("name=") + hostile, s("--format"), s("csv")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(r.out, s("username\nx'); DROP TABLE workers; --\n"));
        QCOMPARE(r.err, s("INSERT 0 1\n"));
        QCOMPARE(scalar(s("SELECT count(*) FROM workers")), before + 1);
        // Text that only looks like parameters is left alone: no value asked for.
        r = run({s("--command"), s("SELECT ':x' AS a, $$ :y $$ AS b, '1'::int AS c -- :z"),
                 connection(), s("--format"), s("csv")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(r.out, s("a,b,c\n:x, :y ,1\n"));
    }

    void errorsNameLineAndColumnAndStop()
    {
        const QString path = writeScript(s("fails.sql"), s("INSERT INTO workers (username) "
                                                           "VALUES ('first');\n"
                                                           "-- a comment\n"
                                                           "SELECT :id AS id,\n"
                                                           "       'x'::int;\n"
                                                           "INSERT INTO workers (username) "
                                                           "VALUES ('never');\n"));
        Run r = run({path, connection(), s("--param"), s("id=7")});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.out, s("INSERT 0 1\n"));
        QCOMPARE(r.err, s("line 3: ERROR:  invalid input syntax for type integer: \"x\"\n"
                          "line 4, column 8:        'x'::int;\n"
                          "                         ^\n"));
        QCOMPARE(scalar(s("SELECT count(*) FROM workers WHERE username = 'never'")), 0);

        r = run({path, connection(), s("--param"), s("id=7"), s("--continue-on-error")});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(scalar(s("SELECT count(*) FROM workers WHERE username = 'never'")), 1);

        // DETAIL and HINT as psql prints them.
        r = run({s("--command"), s("INSERT INTO workers (id, username) VALUES (1, 'dup')"),
                 connection()});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(s("\nDETAIL:  Key (id)=(1) already exists.\n")), qPrintable(r.err));
    }

    void singleTransactionRollsBack()
    {
        const qint64 before = scalar(s("SELECT count(*) FROM workers"));
        Run r =
            run({s("--command"), s("INSERT INTO workers (username) VALUES ('kept?'); SELECT 1/0;"),
                 connection(), s("--single-transaction")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(s("division by zero")), qPrintable(r.err));
        QVERIFY2(r.err.contains(s("ROLLBACK")), qPrintable(r.err));
        QCOMPARE(scalar(s("SELECT count(*) FROM workers")), before);
    }

    // --explain prints each statement's plan and runs nothing; --analyze runs it inside a
    // transaction that is rolled back (the UPDATE changes nothing) and says so; JSON is the
    // server's documents in one array; an error names its line and exits 1.
    void explainPrintsPlansAndChangesNothing()
    {
        const QString script = s("SELECT * FROM workers WHERE id = :id;\n"
                                 "UPDATE resumes SET compensation = 1 WHERE worker_id = :id;");
        const qint64 before = scalar(s("SELECT sum(compensation) FROM resumes"));
        Run plan =
            run({s("--command"), script, connection(), s("--explain"), s("--param"), s("id=1")});
        QVERIFY2(plan.exitCode == 0, qPrintable(plan.err));
        QVERIFY2(plan.out.contains(s(" on workers")), qPrintable(plan.out));
        QVERIFY2(plan.out.contains(s("Update on resumes")), qPrintable(plan.out));
        QVERIFY2(!plan.out.contains(s("actual time")), qPrintable(plan.out));

        Run analyzed = run({s("--command"), script, connection(), s("--explain"), s("--analyze"),
                            s("--param"), s("id=1"), s("--format"), s("json")});
        QVERIFY2(analyzed.exitCode == 0, qPrintable(analyzed.err));
        const QJsonDocument json = QJsonDocument::fromJson(analyzed.out.toUtf8());
        QVERIFY2(json.isArray() && json.array().size() == 2, qPrintable(analyzed.out));
        const QJsonObject update = json.array().at(1).toArray().at(0).toObject();
        QVERIFY(update.contains(s("Execution Time")));
        QCOMPARE(update.value(s("Plan")).toObject().value(s("Node Type")).toString(),
                 s("ModifyTable"));
        QVERIFY2(analyzed.err.contains(s("line 2: UPDATE analyzed inside a transaction that was "
                                         "rolled back")),
                 qPrintable(analyzed.err));
        QCOMPARE(scalar(s("SELECT sum(compensation) FROM resumes")), before);

        Run broken = run({s("--command"), s("SELECT 1;\nSELECT nope FROM workers;"), connection(),
                          s("--explain")});
        QCOMPARE(broken.exitCode, 1);
        QVERIFY2(broken.err.contains(s("line 2: ERROR:  column \"nope\" does not exist")),
                 qPrintable(broken.err));
        const Run usage = run({s("--command"), s("SELECT 1"), connection(), s("--analyze")});
        QCOMPARE(usage.exitCode, 2);
        QVERIFY2(usage.err.contains(s("--analyze goes with --explain")), qPrintable(usage.err));
    }

    void usageErrorsExitWithTwoBeforeAnythingRuns_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        const QString db = connection();
        const QString insert = s("INSERT INTO workers (username) VALUES ('usage'); SELECT :v");
        QTest::newRow("no arguments") << QStringList() << s("usage: sql FILE");
        QTest::newRow("no connection")
            << QStringList{s("--command"), s("SELECT 1")} << s("usage: sql FILE");
        QTest::newRow("missing parameter")
            << QStringList{s("--command"), insert, db} << s("no value for the parameter(s) :v");
        QTest::newRow("missing positional") << QStringList{s("--command"), s("SELECT $1"), db}
                                            << s("no value for the parameter(s) $1");
        QTest::newRow("parameter without value")
            << QStringList{s("--command"), insert, db, s("--param"), s("v")}
            << s("--param needs NAME=VALUE");
        QTest::newRow("unknown format")
            << QStringList{s("--command"), s("SELECT 1"), db, s("--format"), s("xml")}
            << s("--format needs table, csv or json");
        QTest::newRow("missing file")
            << QStringList{m_dir.filePath(s("nothing.sql")), db} << s("nothing.sql");
        QTest::newRow("a device") << QStringList{s("/dev/zero"), db} << s("/dev/zero");
        QTest::newRow("bad connection")
            << QStringList{s("--command"), s("SELECT 1"), s("postgresql://[")} << QString();
    }

    void usageErrorsExitWithTwoBeforeAnythingRuns()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const Run r = run(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.startsWith(s("dbexplorer: ")) && r.err.contains(message), qPrintable(r.err));
        QCOMPARE(r.out, QString());
        QCOMPARE(scalar(s("SELECT count(*) FROM workers WHERE username = 'usage'")), 0);
    }

    void nullParameterAndStandardInput()
    {
        Run r = run({s("-"), connection(), s("--null-param"), s("v"), s("--format"), s("csv")},
                    "SELECT :v IS NULL AS is_null, :v::text AS v;");
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(r.out, s("is_null,v\nt,\n"));
        // Only the first '=' separates the name; a leading ':' is allowed.
        r = run({s("--command"), s("SELECT :w AS w"), connection(), s("--param"), s(":w=a=b"),
                 s("--format"), s("csv")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(r.out, s("w\na=b\n"));
    }

    // Ctrl+C cancels the statement on the server and stops the script, as psql does.
    void interruptCancelsTheRunningStatement()
    {
        QProcess process;
        process.start(QStringLiteral(DBX_APP_PATH),
                      {s("sql"), s("--command"),
                       s("SELECT pg_sleep(60); INSERT INTO workers (username) VALUES ('late')"),
                       connection()});
        QVERIFY(process.waitForStarted());
        // Until the statement runs on the server.
        QTRY_COMPARE_WITH_TIMEOUT(
            scalar(
                s("SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(60)%'")),
            1, 20000);
        QElapsedTimer timer;
        timer.start();
        ::kill(pid_t(process.processId()), SIGINT);
        QVERIFY(process.waitForFinished(20000));
        QVERIFY2(timer.elapsed() < 10000, qPrintable(QString::number(timer.elapsed())));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 1);
        const QString err = QString::fromUtf8(process.readAllStandardError());
        QVERIFY2(err.contains(s("line 1: ERROR:  Cancelled.")), qPrintable(err));
        QCOMPARE(scalar(s("SELECT count(*) FROM workers WHERE username = 'late'")), 0);
    }

    // A million rows stream through single-row mode and the table writer (which sizes its
    // columns on the first screen only): the program's peak memory stays flat.
    void millionRowsInBoundedMemory()
    {
        const QString outPath = m_dir.filePath(s("million.txt"));
        const QByteArray program = QByteArrayLiteral(DBX_APP_PATH);
        const QByteArray script = "SELECT g AS n, 'row ' || g AS label FROM generate_series(1, "
                                  "1000000) AS g";
        const QByteArray db = connection().toUtf8();
        const char *argv[] = {program.constData(), "sql",          "--command",
                              script.constData(),  db.constData(), nullptr};
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 1, outPath.toUtf8().constData(),
                                         O_WRONLY | O_CREAT | O_TRUNC, 0644);
        pid_t pid = 0;
        QCOMPARE(posix_spawn(&pid, argv[0], &actions, nullptr, const_cast<char **>(argv), environ),
                 0);
        posix_spawn_file_actions_destroy(&actions);
        int status = 0;
        rusage usage{};
        QCOMPARE(wait4(pid, &status, 0, &usage), pid);
        QVERIFY(WIFEXITED(status));
        QCOMPARE(WEXITSTATUS(status), 0);
        const double peakMb = double(usage.ru_maxrss) / 1024.0; // ru_maxrss is in kB
        qInfo("peak RSS of dbexplorer sql over 10^6 rows: %.1f MB", peakMb);
        QVERIFY2(peakMb < 60, qPrintable(QString::number(peakMb)));
        QFile out(outPath);
        QVERIFY(out.open(QIODevice::ReadOnly));
        QVERIFY(out.size() > 20'000'000);
        out.seek(out.size() - 64);
        QVERIFY2(out.readAll().endsWith(" 1000000 | row 1000000\n(1000000 rows)\n\n"),
                 "the last row and the count end the output");
    }
};

QTEST_GUILESS_MAIN(TestSqlCommand)
#include "tst_sqlcommand.moc"
