// Parameters of a SQL script: found by PostgreSQL's own scanner, so nothing inside a string, a
// comment, a dollar quote or a quoted identifier is ever taken for one; rewritten to $n; the
// script split around them with each statement's line; error positions mapped back.

#include "model/script/scriptrunner.h"
#include "model/script/sqlparameters.h"

#include <QtTest>

using namespace dbx::model;

class TestSqlParameters : public QObject {
    Q_OBJECT

private:
    static QStringList names(const QString &sql)
    {
        QStringList out;
        for (const ParameterRef &ref : findParameters(sql))
            out << (ref.positional ? QStringLiteral("$") : QStringLiteral(":")) + ref.name;
        return out;
    }

private slots:
    void findsNamesAndNumbers()
    {
        const QString sql = QStringLiteral("SELECT * FROM t WHERE a = :a_1 AND b = $2");
        const QList<ParameterRef> refs = findParameters(sql);
        QCOMPARE(refs.size(), 2);
        QCOMPARE(refs[0], (ParameterRef{QStringLiteral("a_1"), false, 26, 4}));
        QCOMPARE(refs[1], (ParameterRef{QStringLiteral("2"), true, 39, 2}));
        QCOMPARE(sql.mid(refs[0].start, refs[0].length), QStringLiteral(":a_1"));
    }

    void hostileTextIsNeverAParameter_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QStringList>("expected");
        const QStringList onlyY{QStringLiteral(":y")};
        QTest::newRow("string") << QStringLiteral("SELECT ':x', :y") << onlyY;
        QTest::newRow("line comment") << QStringLiteral("SELECT 1 -- :x\n, :y") << onlyY;
        QTest::newRow("block comment") << QStringLiteral("SELECT /* :x /* :z */ */ :y") << onlyY;
        QTest::newRow("dollar quote") << QStringLiteral("SELECT $$ :x $$, :y") << onlyY;
        QTest::newRow("tagged dollar quote")
            << QStringLiteral("SELECT $tag$ :x $$ :z $tag$, :y") << onlyY;
        QTest::newRow("escape string") << QStringLiteral("SELECT E'\\' :x', :y") << onlyY;
        QTest::newRow("quoted identifier") << QStringLiteral("SELECT \"col:x\", :y") << onlyY;
        QTest::newRow("cast") << QStringLiteral("SELECT id::text, :y") << onlyY;
        QTest::newRow("parameter cast") << QStringLiteral("SELECT :y::int") << onlyY;
        QTest::newRow("array slice") << QStringLiteral("SELECT a[1:x], :y") << onlyY;
        QTest::newRow("assignment") << QStringLiteral("SELECT f(a := 1), :y") << onlyY;
        QTest::newRow("quoted after colon") << QStringLiteral("SELECT :\"x\", :'z', :y") << onlyY;
        QTest::newRow("keyword name")
            << QStringLiteral("SELECT :limit, :user")
            << QStringList{QStringLiteral(":limit"), QStringLiteral(":user")};
        QTest::newRow("positional in string")
            << QStringLiteral("SELECT '$1', $$ $2 $$, $3") << QStringList{QStringLiteral("$3")};
        QTest::newRow("function body arguments")
            << QStringLiteral("CREATE OR REPLACE FUNCTION f(int) RETURNS int LANGUAGE sql "
                              "RETURN $1 + :y")
            << onlyY;
        QTest::newRow("procedure body arguments")
            << QStringLiteral("/* c */ create procedure p(int) begin atomic select $1; end")
            << QStringList();
        QTest::newRow("prepare arguments")
            << QStringLiteral("PREPARE q(int) AS SELECT $1") << QStringList();
        QTest::newRow("unterminated string") << QStringLiteral("SELECT :y, 'abc") << QStringList();
        QTest::newRow("non-ASCII before") << QStringLiteral("SELECT 'жжж' AS ё, :y") << onlyY;
    }

    void hostileTextIsNeverAParameter()
    {
        QFETCH(QString, sql);
        QFETCH(QStringList, expected);
        QCOMPARE(names(sql), expected);
    }

    void indicesAreOfTheQString()
    {
        // Four-byte UTF-8 (a surrogate pair in UTF-16) and two-byte characters before it.
        const QString sql = QStringLiteral("SELECT 'ж😀' AS \"ё\", :name");
        const QList<ParameterRef> refs = findParameters(sql);
        QCOMPARE(refs.size(), 1);
        QCOMPARE(sql.mid(refs[0].start, refs[0].length), QStringLiteral(":name"));
    }

    void namesBecomeNumbersAfterTheHandWrittenOnes()
    {
        const ParameterPlan plan(QStringLiteral("SELECT :a, $1, :bb, :a::int"));
        QCOMPARE(plan.sql(), QStringLiteral("SELECT $2, $1, $3, $2::int"));
        QCOMPARE(plan.placeholders(),
                 (QStringList{QStringLiteral("1"), QStringLiteral("a"), QStringLiteral("bb")}));
        // Back to the original: before, inside and after a rewritten reference.
        QCOMPARE(plan.originalIndex(0), 0);
        QCOMPARE(plan.originalIndex(8), 7);   // inside "$2": the ":a" it replaced
        QCOMPARE(plan.originalIndex(15), 15); // "$3" of ":bb" starts where ":bb" does
        QCOMPARE(plan.originalIndex(19), 20); // ", " after ":bb" (one character longer)
        QCOMPARE(plan.originalIndex(26), 27); // "int"

        const ParameterPlan skipping(QStringLiteral("SELECT $2"));
        QCOMPARE(skipping.placeholders(), (QStringList{QString(), QStringLiteral("2")}));
        const ParameterPlan none(QStringLiteral("SELECT ':a'"));
        QCOMPARE(none.sql(), QStringLiteral("SELECT ':a'"));
        QVERIFY(none.placeholders().isEmpty());
    }

    void scriptIsSplitAroundParameters()
    {
        const QString script = QStringLiteral("-- :x in a comment; still a comment\n"
                                              "SELECT :a; SELECT ';', :b\n"
                                              "  , $$ ; :c $$;\n"
                                              "\n"
                                              "UPDATE t SET x = :a WHERE y = :long_name;");
        ParameterValues values;
        values.insert(QStringLiteral("a"), QStringLiteral("x'); DROP TABLE t; --"));
        values.insert(QStringLiteral("b"), std::nullopt);
        values.insert(QStringLiteral("long_name"), QStringLiteral("2"));
        const Result<QList<ScriptStep>> steps = ScriptRunner::prepare(script, values);
        QVERIFY2(steps.ok(), qPrintable(steps.error().message));
        QCOMPARE(steps->size(), 3);
        QCOMPARE(steps->at(0).source.line, 2);
        QCOMPARE(steps->at(0).source.sql, QStringLiteral("SELECT :a"));
        QCOMPARE(steps->at(0).statement.sql, QStringLiteral("SELECT $1"));
        QCOMPARE(steps->at(0).statement.params,
                 QVariantList{QStringLiteral("x'); DROP TABLE t; --")});
        QCOMPARE(steps->at(1).source.line, 2);
        QCOMPARE(steps->at(1).statement.sql, QStringLiteral("SELECT ';', $1\n  , $$ ; :c $$"));
        QCOMPARE(steps->at(1).statement.params, QVariantList{QVariant()});
        QCOMPARE(steps->at(2).source.line, 5);
        QCOMPARE(steps->at(2).statement.sql, QStringLiteral("UPDATE t SET x = $1 WHERE y = $2"));
        QCOMPARE(script.mid(steps->at(2).offset, 6), QStringLiteral("UPDATE"));
    }

    void missingParametersAreNamedBeforeAnythingRuns()
    {
        const Result<QList<ScriptStep>> steps =
            ScriptRunner::prepare(QStringLiteral("SELECT :a; SELECT $1, :b, :a"),
                                  ParameterValues{{QStringLiteral("a"), QStringLiteral("1")}});
        QVERIFY(!steps.ok());
        QCOMPARE(steps.error().kind, DbError::Kind::InvalidSpec);
        QVERIFY2(steps.error().message.contains(QStringLiteral("$1, :b")),
                 qPrintable(steps.error().message));
    }

    void errorPositionsPointIntoTheScript()
    {
        const QString script = QStringLiteral("SELECT 1;\n\nSELECT :first_value,\n\t'x'::int;");
        const Result<QList<ScriptStep>> steps = ScriptRunner::prepare(
            script, ParameterValues{{QStringLiteral("first_value"), QStringLiteral("1")}});
        QVERIFY(steps.ok());
        const ScriptStep &step = steps->at(1);
        QCOMPARE(step.statement.sql, QStringLiteral("SELECT $1,\n\t'x'::int"));
        DbError error;
        error.kind = DbError::Kind::Statement;
        error.statement = step.statement.sql;
        error.position = int(step.statement.sql.indexOf(u'\'')) + 1; // where the server points
        const ScriptRunner runner(script, steps.value());
        const ScriptFailure failure = runner.locate(step, error);
        QCOMPARE(failure.statementLine, 3);
        QCOMPARE(failure.line, 4);
        QCOMPARE(failure.column, 2);
        QCOMPARE(failure.lineText, QStringLiteral("\t'x'::int;"));
        error.position = 8; // the "$1" itself: the ":first_value" it stands for
        QCOMPARE(runner.locate(step, error).column, 8);
        QCOMPARE(runner.locate(step, error).line, 3);
    }
};

QTEST_GUILESS_MAIN(TestSqlParameters)
#include "tst_sqlparameters.moc"
