// ScriptRunner against a real server (and, as tst_scriptrunner_pgbouncer, behind pgbouncer in
// transaction pooling): hostile parameter values round-trip as data and run nothing extra;
// notices arrive while the script runs; errors point at their line and column; the first
// failure stops the script unless asked to continue; a single transaction rolls back whole.

#include "model/db/executor.h"
#include "model/script/scriptrunner.h"
#include "testcluster.h"

#include <QtTest>

using namespace dbx::model;

namespace {

const QString kDb = QStringLiteral("scriptrunner");

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

// Everything the runner reported, in order, as text: "columns a,b", "row 1|x", "done UPDATE 2",
// "notice NOTICE hello", "failed 4:12 message".
class Recorder : public ScriptObserver {
public:
    QStringList events;
    QList<ScriptFailure> failures;

    void columns(const ScriptStep &, const PgResult &described) override
    {
        events << QStringLiteral("columns ") + described.columnNames().join(u',');
    }
    bool row(const PgResult &row) override
    {
        QStringList cells;
        for (int c = 0; c < row.columnCount(); ++c)
            cells << (row.isNull(0, c) ? QStringLiteral("NULL")
                                       : QString::fromUtf8(row.raw(0, c), row.length(0, c)));
        events << QStringLiteral("row ") + cells.join(u'|');
        return true;
    }
    bool copyData(const char *data, int length) override
    {
        events << QStringLiteral("copy ") + QString::fromUtf8(data, length).trimmed();
        return true;
    }
    void finished(const ScriptStep &, const PgRows &summary, bool) override
    {
        events << QStringLiteral("done ") + summary.command;
    }
    void notice(const Notice &notice) override
    {
        events << QStringLiteral("notice %1 %2").arg(notice.severity, notice.message);
    }
    void failed(const ScriptStep &, const ScriptFailure &failure) override
    {
        failures << failure;
        events << QStringLiteral("failed %1:%2 %3")
                      .arg(failure.line)
                      .arg(failure.column)
                      .arg(failure.error.message);
    }
};

} // namespace

class TestScriptRunner : public QObject {
    Q_OBJECT

private:
    QSqlDatabase db() { return dbx::test::TestCluster::instance().open(kDb); }

    ScriptOutcome run(const QString &script, Recorder &recorder, ScriptOptions options = {},
                      const ParameterValues &values = {})
    {
        const Result<QList<ScriptStep>> steps = ScriptRunner::prepare(script, values);
        if (!steps) {
            recorder.events << QStringLiteral("prepare failed: ") + steps.error().message;
            return {};
        }
        QSqlDatabase connection = db();
        return ScriptRunner(script, steps.value(), options).run(connection, recorder);
    }

    qint64 count(const QString &table)
    {
        QSqlDatabase connection = dbx::test::TestCluster::instance().openDirect(kDb);
        const Result<QVariant> n =
            execScalar(connection, Statement(QStringLiteral("SELECT count(*) FROM ") + table));
        return n ? n->toLongLong() : -1;
    }

private slots:
    void initTestCase() { DBX_REQUIRE_CLUSTER(); }

    void init()
    {
        auto &cluster = dbx::test::TestCluster::instance();
        QVERIFY(cluster.recreateDatabase(kDb));
        QVERIFY(cluster.exec(kDb, s("CREATE TABLE victims (id int PRIMARY KEY, note text);"
                                    "INSERT INTO victims VALUES (1, 'one'), (2, 'two');")));
    }

    void hostileValuesRoundTripAndRunNothingElse()
    {
        const QStringList hostile{s("x'); DROP TABLE victims; --"), s("'; DELETE FROM victims"),
                                  s("it's \"quoted\" \\' $$ :name $1"), s("Бобр 🦫")};
        for (const QString &value : hostile) {
            Recorder recorder;
            const ScriptOutcome outcome =
                run(s("INSERT INTO victims VALUES (:id::int, :note) RETURNING note;\n"
                      "SELECT note, :note = note AS same FROM victims WHERE id = :id::int"),
                    recorder, {},
                    {{s("id"), QString::number(10 + hostile.indexOf(value))}, {s("note"), value}});
            QCOMPARE(outcome.failed, 0);
            QVERIFY2(recorder.events.contains(QStringLiteral("row ") + value + s("|t")),
                     qPrintable(recorder.events.join(u'\n')));
        }
        QCOMPARE(count(s("victims")), 2 + hostile.size());
    }

    void nullParametersAndCommandTags()
    {
        Recorder recorder;
        const ScriptOutcome outcome = run(s("UPDATE victims SET note = :n;\n"
                                            "SELECT count(*) FROM victims WHERE note IS NULL;"),
                                          recorder, {}, {{s("n"), std::nullopt}});
        QCOMPARE(outcome.failed, 0);
        QCOMPARE(recorder.events, (QStringList{s("done UPDATE 2"), s("columns count"), s("row 2"),
                                               s("done SELECT 1")}));
    }

    // A function's own $1 is not the script's; BEGIN ATOMIC bodies are not split.
    void functionBodiesKeepTheirArguments()
    {
        Recorder recorder;
        const ScriptOutcome outcome =
            run(s("CREATE FUNCTION plus(a int) RETURNS int LANGUAGE sql BEGIN ATOMIC\n"
                  "  SELECT $1 + 1; END;\n"
                  "SELECT plus(:x) AS y;"),
                recorder, {}, {{s("x"), s("41")}});
        QCOMPARE(outcome.failed, 0);
        QCOMPARE(recorder.events, (QStringList{s("done CREATE FUNCTION"), s("columns y"),
                                               s("row 42"), s("done SELECT 1")}));
    }

    // Where nothing says what a value is, it goes as text, also inside a transaction.
    void untypedValuesFallBackToText()
    {
        for (const bool single : {false, true}) {
            Recorder recorder;
            ScriptOptions options;
            options.singleTransaction = single;
            const ScriptOutcome outcome =
                run(s("SELECT :v IS NULL AS a, :w || 'x' AS b;\nSELECT 1 AS c;"), recorder, options,
                    {{s("v"), std::nullopt}, {s("w"), s("y")}});
            QCOMPARE(outcome.failed, 0);
            QCOMPARE(recorder.events,
                     (QStringList{s("columns a,b"), s("row t|yx"), s("done SELECT 1"),
                                  s("columns c"), s("row 1"), s("done SELECT 1")}));
        }
    }

    // COPY TO STDOUT hands its data on; COPY FROM STDIN, which would wait for data forever, is
    // refused and the script goes on.
    void copyToStdoutAndFromStdin()
    {
        Recorder recorder;
        ScriptOptions options;
        options.continueOnError = true;
        const ScriptOutcome outcome =
            run(s("COPY (SELECT id, note FROM victims ORDER BY id) TO STDOUT WITH (FORMAT csv);\n"
                  "COPY victims FROM STDIN;\n"
                  "SELECT 'to stdout' AS copy;"),
                recorder, options);
        QCOMPARE(outcome.failed, 1);
        QCOMPARE(recorder.events.mid(0, 3),
                 (QStringList{s("copy 1,one"), s("copy 2,two"), s("done COPY 2")}));
        QCOMPARE(recorder.failures.at(0).statementLine, 2);
        QCOMPARE(recorder.events.mid(4),
                 (QStringList{s("columns copy"), s("row to stdout"), s("done SELECT 1")}));
        QCOMPARE(count(s("victims")), 2);
    }

    void noticesArriveInOrder()
    {
        Recorder recorder;
        run(s("SELECT 1 AS a;\n"
              "DO $$ BEGIN RAISE NOTICE 'hello %', 42; RAISE WARNING 'careful'; END $$;\n"
              "SELECT 2 AS b;"),
            recorder);
        QCOMPARE(recorder.events,
                 (QStringList{s("columns a"), s("row 1"), s("done SELECT 1"),
                              s("notice NOTICE hello 42"), s("notice WARNING careful"),
                              s("done DO"), s("columns b"), s("row 2"), s("done SELECT 1")}));
    }

    void errorsPointAtTheirLineAndStopTheScript()
    {
        Recorder recorder;
        const ScriptOutcome outcome =
            run(s("INSERT INTO victims VALUES (3, 'three');\n"
                  "-- the next one fails\n"
                  "SELECT :label AS label,\n"
                  "       'x'::int;\n"
                  "INSERT INTO victims VALUES (4, 'four');"),
                recorder, {}, {{s("label"), s("a much longer value than the name")}});
        QCOMPARE(outcome.failed, 1);
        QCOMPARE(outcome.executed, 2);
        QCOMPARE(recorder.failures.size(), 1);
        const ScriptFailure &failure = recorder.failures.first();
        QCOMPARE(failure.statementLine, 3);
        QCOMPARE(failure.line, 4);
        QCOMPARE(failure.column, 8);
        QCOMPARE(failure.lineText, s("       'x'::int;"));
        QCOMPARE(failure.error.sqlState, s("22P02"));
        QCOMPARE(count(s("victims")), 3); // the first ran, the last did not
    }

    void continueOnErrorRunsTheRest()
    {
        Recorder recorder;
        ScriptOptions options;
        options.continueOnError = true;
        const ScriptOutcome outcome = run(s("INSERT INTO victims VALUES (1, 'dup');\n"
                                            "INSERT INTO victims VALUES (3, 'three');\n"
                                            "SELECT 1/0;\n"
                                            "INSERT INTO victims VALUES (4, 'four');"),
                                          recorder, options);
        QCOMPARE(outcome.executed, 4);
        QCOMPARE(outcome.failed, 2);
        QCOMPARE(count(s("victims")), 4);
        QCOMPARE(recorder.failures.at(0).error.sqlState, s("23505"));
        QVERIFY(!recorder.failures.at(0).error.detail.isEmpty()); // Key (id)=(1) already exists.
        QCOMPARE(recorder.failures.at(1).statementLine, 3);
    }

    void singleTransactionRollsBackOnFailure()
    {
        Recorder recorder;
        ScriptOptions options;
        options.singleTransaction = true;
        ScriptOutcome outcome = run(s("INSERT INTO victims VALUES (3, 'three');\n"
                                      "DELETE FROM victims WHERE id = 1;\n"
                                      "SELECT 1/0;\n"
                                      "INSERT INTO victims VALUES (4, 'four');"),
                                    recorder, options);
        QCOMPARE(outcome.failed, 1);
        QVERIFY(outcome.rolledBack);
        QCOMPARE(count(s("victims")), 2);

        // Continuing inside the transaction: each statement behind a savepoint, so the later
        // ones really run (their own errors, not "transaction is aborted"), then all is undone.
        options.continueOnError = true;
        Recorder again;
        outcome = run(s("INSERT INTO victims VALUES (3, 'three');\n"
                        "SELECT 1/0;\n"
                        "INSERT INTO victims VALUES (1, 'dup');\n"
                        "INSERT INTO victims VALUES (4, 'four');"),
                      again, options);
        QCOMPARE(outcome.executed, 4);
        QCOMPARE(outcome.failed, 2);
        QCOMPARE(again.failures.at(1).error.sqlState, s("23505"));
        QVERIFY(outcome.rolledBack);
        QCOMPARE(count(s("victims")), 2);
    }

    void singleTransactionCommitsWhenAllSucceed()
    {
        Recorder recorder;
        ScriptOptions options;
        options.singleTransaction = true;
        // A temporary table lives as long as the transaction: behind a pooler too.
        const ScriptOutcome outcome = run(s("CREATE TEMP TABLE scratch AS SELECT 5 AS id;\n"
                                            "INSERT INTO victims SELECT id, 'five' FROM scratch;"),
                                          recorder, options);
        QCOMPARE(outcome.failed, 0);
        QVERIFY(!outcome.rolledBack);
        QCOMPARE(count(s("victims")), 3);
    }
};

QTEST_GUILESS_MAIN(TestScriptRunner)
#include "tst_scriptrunner.moc"
