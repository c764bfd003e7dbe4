// Statement risks from libpg_query's parse tree: UPDATE and DELETE without WHERE (also inside
// WITH), DROP of any object, TRUNCATE; strings, comments and `:name` parameters never count;
// `WHERE true` is a WHERE. And the shape the console reads a statement by (cursor or not).

#include "model/script/statementrisk.h"

#include <QtTest>

using namespace dbx::model;

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

QStringList descriptions(const QString &script)
{
    QStringList out;
    for (const StatementRisk &risk : statementRisks(script))
        out << risk.description;
    return out;
}

} // namespace

class TestStatementRisk : public QObject {
    Q_OBJECT

private slots:
    void risks_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QStringList>("expected");
        const QStringList none;
        QTest::newRow("delete") << s("DELETE FROM workers")
                                << QStringList{
                                       s("DELETE without WHERE removes every row of workers")};
        QTest::newRow("delete schema") << s("delete from public.workers")
                                       << QStringList{s("DELETE without WHERE removes every row of "
                                                        "public.workers")};
        QTest::newRow("delete where true") << s("DELETE FROM workers WHERE true") << none;
        QTest::newRow("delete where param") << s("DELETE FROM workers WHERE id = :id") << none;
        QTest::newRow("delete using")
            << s("DELETE FROM workers w USING resumes r")
            << QStringList{s("DELETE without WHERE removes every row of workers")};
        QTest::newRow("update") << s("UPDATE workers SET username = :new_username")
                                << QStringList{
                                       s("UPDATE without WHERE changes every row of workers")};
        QTest::newRow("update where")
            << s("UPDATE workers SET username = :u WHERE id = :id") << none;
        QTest::newRow("cte delete")
            << s("WITH d AS (DELETE FROM t RETURNING *) SELECT count(*) FROM d")
            << QStringList{s("DELETE without WHERE removes every row of t")};
        QTest::newRow("cte delete where")
            << s("WITH d AS (DELETE FROM t WHERE id < 3 RETURNING *) SELECT * FROM d") << none;
        QTest::newRow("drop table") << s("DROP TABLE IF EXISTS workers, public.resumes CASCADE")
                                    << QStringList{s("DROP TABLE removes workers, public.resumes")};
        QTest::newRow("drop function")
            << s("DROP FUNCTION f(integer)") << QStringList{s("DROP FUNCTION removes f")};
        QTest::newRow("drop schema")
            << s("DROP SCHEMA app CASCADE") << QStringList{s("DROP SCHEMA removes app")};
        QTest::newRow("drop matview") << s("DROP MATERIALIZED VIEW mv")
                                      << QStringList{s("DROP MATERIALIZED VIEW removes mv")};
        QTest::newRow("drop database")
            << s("DROP DATABASE scratch") << QStringList{s("DROP DATABASE removes scratch")};
        QTest::newRow("drop role")
            << s("DROP ROLE alice") << QStringList{s("DROP ROLE removes alice")};
        QTest::newRow("drop column") << s("ALTER TABLE workers DROP COLUMN salary")
                                     << QStringList{s("DROP COLUMN removes the column salary and "
                                                      "its data")};
        QTest::newRow("truncate") << s("TRUNCATE workers, resumes")
                                  << QStringList{
                                         s("TRUNCATE removes every row of workers, resumes")};
        QTest::newRow("string") << s("SELECT 'DELETE FROM workers; DROP TABLE x'") << none;
        QTest::newRow("comment") << s("-- DROP TABLE workers\nSELECT 1 /* TRUNCATE t */") << none;
        QTest::newRow("dollar") << s("SELECT $$DELETE FROM workers$$") << none;
        QTest::newRow("function body")
            << s("CREATE FUNCTION purge() RETURNS void LANGUAGE sql BEGIN ATOMIC DELETE FROM t; "
                 "END")
            << none;
        QTest::newRow("select") << s("SELECT * FROM workers") << none;
        QTest::newRow("syntax error") << s("DELET FROM workers") << none;
        QTest::newRow("script")
            << s("SELECT 1;\nDELETE FROM a WHERE x = 1;\nDELETE FROM b;\nDROP VIEW v;")
            << QStringList{s("DELETE without WHERE removes every row of b"),
                           s("DROP VIEW removes v")};
    }

    void risks()
    {
        QFETCH(QString, sql);
        QFETCH(QStringList, expected);
        QCOMPARE(descriptions(sql), expected);
    }

    void riskCarriesItsStatement()
    {
        const QString script = s("SELECT 1;\n-- tidy up\nDELETE FROM b;");
        const QList<StatementRisk> risks = statementRisks(script);
        QCOMPARE(risks.size(), 1);
        QCOMPARE(risks.at(0).kind, StatementRisk::Kind::DeleteWithoutWhere);
        QCOMPARE(risks.at(0).target, s("b"));
        QVERIFY2(risks.at(0).statement.contains(s("DELETE FROM b")),
                 qPrintable(risks.at(0).statement));
        QCOMPARE(script.mid(risks.at(0).offset, risks.at(0).statement.size()),
                 risks.at(0).statement);
    }

    void shape_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<bool>("cursor");
        QTest::addColumn<bool>("transaction");
        QTest::newRow("select") << s("SELECT * FROM t WHERE id = :id") << true << false;
        QTest::newRow("values") << s("VALUES (1), (2)") << true << false;
        QTest::newRow("table") << s("TABLE t") << true << false;
        QTest::newRow("with select") << s("WITH a AS (SELECT 1) SELECT * FROM a") << true << false;
        QTest::newRow("union") << s("SELECT 1 UNION ALL SELECT $1") << true << false;
        QTest::newRow("for update") << s("SELECT * FROM t FOR UPDATE") << false << false;
        QTest::newRow("into") << s("SELECT 1 INTO t2") << false << false;
        QTest::newRow("with delete")
            << s("WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d") << false << false;
        QTest::newRow("insert returning")
            << s("INSERT INTO t VALUES (1) RETURNING *") << false << false;
        QTest::newRow("explain") << s("EXPLAIN SELECT 1") << false << false;
        QTest::newRow("begin") << s("BEGIN") << false << true;
        QTest::newRow("commit") << s("commit") << false << true;
        QTest::newRow("savepoint") << s("SAVEPOINT a") << false << true;
        QTest::newRow("garbage") << s("SELEC 1") << false << false;
    }

    void shape()
    {
        QFETCH(QString, sql);
        QFETCH(bool, cursor);
        QFETCH(bool, transaction);
        const StatementShape shape = statementShape(sql);
        QCOMPARE(shape.cursorReadable, cursor);
        QCOMPARE(shape.transactionControl, transaction);
    }
};

QTEST_GUILESS_MAIN(TestStatementRisk)
#include "tst_statementrisk.moc"
