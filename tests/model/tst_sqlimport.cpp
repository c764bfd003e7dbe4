// Hand-written SQL read back into the builder (PostgreSQL's own parser): the three seed queries
// become the builder's own queries; a variety of clauses, run both ways on the demo database,
// return the same rows; the builder's generated SQL reads back to the same query; and what the
// builder cannot show is refused with its name and position.

#include "demofixture.h"
#include "model/catalog/catalogreader.h"
#include "model/db/executor.h"
#include "model/query/queryrunner.h"
#include "model/query/querysql.h"
#include "model/query/queryvalidator.h"
#include "model/query/sqlimport.h"
#include "seedqueries.h"
#include "testcluster.h"

#include <QtTest>

using namespace dbx::model;
using namespace dbx::model::query;

namespace {

const QString kDb = QStringLiteral("sql_import");

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

// Join's foreignKey does not change the SQL: compare queries by what they run.
QString sqlOf(const Query &q)
{
    const Statement g = toSql(q);
    QStringList params;
    for (const QVariant &p : g.params)
        params << p.toString();
    return g.sql + s("\n-- ") + params.join(s(", "));
}

} // namespace

class TestSqlImport : public QObject {
    Q_OBJECT

private:
    SchemaSnapshot m_snapshot;

    QSqlDatabase db() { return dbx::test::TestCluster::instance().open(kDb); }

    Query imported(const QString &sql)
    {
        const Result<Query> q = importSql(sql, m_snapshot);
        if (!q.ok())
            qWarning() << "import refused:" << q.error().message << sql;
        return q.ok() ? q.value() : Query();
    }

    QString refusal(const QString &sql)
    {
        const Result<Query> q = importSql(sql, m_snapshot);
        return q.ok() ? s("<accepted>") : q.error().message;
    }

private slots:
    void initTestCase()
    {
        DBX_REQUIRE_CLUSTER();
        const QString demo = dbx::test::freshDemoDatabase(kDb);
        QVERIFY2(demo.isEmpty(), qPrintable(demo));
        QSqlDatabase conn = db();
        const auto snapshot = CatalogReader::read(conn);
        QVERIFY2(snapshot.ok(), qPrintable(snapshot.error().message));
        m_snapshot = snapshot.value();
    }

    void seedQueriesBecomeTheBuildersQueries()
    {
        // LIKE '%Python%' is "contains"; unqualified columns get their table.
        QCOMPARE(imported(dbx::test::seedAvgCompensationSql()), dbx::test::seedAvgCompensation());
        // The joins are recognised as the foreign keys they follow.
        QCOMPARE(imported(dbx::test::seedPartTimeRepliesSql()), dbx::test::seedPartTimeReplies());
        // The window cast, the subquery, the CTE and ORDER BY a CTE column.
        const Query diff = imported(dbx::test::seedCompensationDiffSql());
        QCOMPARE(sqlOf(diff), sqlOf(dbx::test::seedCompensationDiff()));
        QCOMPARE(diff.ctes.value(0).query.from.subquery.value(0).joins.value(0).foreignKey,
                 s("resumes_worker_id_fkey"));
    }

    void generatedSqlReadsBackToTheSameQuery()
    {
        for (const Query &q : {dbx::test::seedAvgCompensation(), dbx::test::seedCompensationDiff(),
                               dbx::test::seedPartTimeReplies()}) {
            const Query back = imported(toLiteralSql(q));
            QCOMPARE(sqlOf(back), sqlOf(q));
        }
    }

    // The parser keeps a quoted "char" as written (the one-byte type); plain char is bpchar.
    void quotedTypeNamesReadBackQuoted()
    {
        const Query q = imported(s("SELECT title::\"char\", title::char(3) FROM resumes"));
        QCOMPARE(q.select.size(), 2);
        QCOMPARE(q.select.at(0).expr.cast, s("\"char\""));
        QCOMPARE(q.select.at(1).expr.cast, s("character(3)"));
        QVERIFY(validate(q, m_snapshot).isEmpty());
    }

    void clausesRunTheSameBothWays_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::newRow("operators") << s(
            "SELECT id FROM resumes WHERE compensation >= 50000 AND compensation <= 180000 AND "
            "compensation <> 65000 AND id < 14 AND id > 1 ORDER BY id");
        QTest::newRow("like with inner wildcard")
            << s("SELECT id, title FROM resumes WHERE title LIKE 'P_thon%dev%' ORDER BY id");
        QTest::newRow("starts, ends, ilike")
            << s("SELECT id FROM resumes WHERE title LIKE 'Python%' OR title LIKE '%engineer' OR "
                 "title ILIKE '%DATA%' ORDER BY id DESC");
        QTest::newRow("in, between, null tests")
            << s("SELECT id FROM resumes WHERE (workload IN ('parttime') AND compensation IS NOT "
                 "NULL) OR id BETWEEN 2 AND 4 ORDER BY 1");
        QTest::newRow("left, right, full joins")
            << s("SELECT w.username, r.title, v.title FROM workers w LEFT JOIN resumes r ON "
                 "r.worker_id = w.id RIGHT JOIN vacancies_replies vr ON vr.resume_id = r.id FULL "
                 "JOIN vacancies v ON v.id = vr.vacancy_id ORDER BY w.username NULLS FIRST, "
                 "r.title DESC NULLS LAST, v.title");
        QTest::newRow("aggregates, group by ordinal, having")
            << s("SELECT workload, count(*) AS n, count(DISTINCT worker_id), sum(compensation), "
                 "min(title), max(compensation)::numeric(12,2) FROM resumes GROUP BY 1 HAVING "
                 "count(*) > 1 ORDER BY workload");
        QTest::newRow("windows") << s(
            "SELECT id, rank() OVER (PARTITION BY workload ORDER BY compensation DESC NULLS "
            "LAST) AS rk, row_number() OVER (ORDER BY id), dense_rank() OVER (ORDER BY "
            "workload), count(*) OVER (PARTITION BY worker_id), sum(compensation) OVER "
            "(PARTITION BY workload) FROM resumes ORDER BY id");
        QTest::newRow("distinct, limit, offset, arithmetic")
            << s("SELECT DISTINCT worker_id * 2 + 1 AS odd FROM resumes ORDER BY odd LIMIT 4 "
                 "OFFSET 1");
        QTest::newRow("ctes building on ctes")
            << s("WITH paid AS (SELECT id, worker_id, compensation FROM resumes WHERE "
                 "compensation IS NOT NULL), rich AS (SELECT worker_id, avg(compensation)::int "
                 "AS a FROM paid GROUP BY worker_id) SELECT w.username, rich.a FROM rich JOIN "
                 "workers w ON w.id = rich.worker_id ORDER BY rich.a DESC, w.username");
        QTest::newRow("hostile literal")
            << s("SELECT id FROM resumes WHERE title = 'x''; DROP TABLE workers; --' OR title "
                 "LIKE '%\\_%' ORDER BY id");
    }

    void clausesRunTheSameBothWays()
    {
        QFETCH(QString, sql);
        QSqlDatabase conn = db();
        const Result<PgRows> hand = dbx::model::exec(conn, dbx::model::Statement(sql));
        QVERIFY2(hand.ok(), qPrintable(hand.error().message));
        const Result<Query> q = importSql(sql, m_snapshot);
        QVERIFY2(q.ok(), qPrintable(q.error().message));
        const Result<QueryRows> built = runQueryNow(conn, q.value());
        QVERIFY2(built.ok(), qPrintable(built.error().message + s("\n") + toSql(q.value()).sql));
        QCOMPARE(dbx::test::rowsAsText(built->rows), dbx::test::rowsAsText(hand->rows));
        QCOMPARE(built->columns, hand->columns);
    }

    void whatTheBuilderCannotShowIsNamed_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QString>("expected");
        QTest::newRow("union") << s("SELECT id FROM workers UNION SELECT id FROM resumes")
                               << s("UNION, INTERSECT or EXCEPT");
        QTest::newRow("case") << s("SELECT CASE WHEN id > 1 THEN 1 END FROM workers")
                              << s("CASE (at character 8)");
        QTest::newRow("function") << s("SELECT lower(username) FROM workers")
                                  << s("the function lower() (at character 8)");
        QTest::newRow("not") << s("SELECT id FROM workers WHERE NOT id = 1")
                             << s("NOT (at character 30)");
        QTest::newRow("subquery condition")
            << s("SELECT id FROM workers WHERE id IN (SELECT worker_id FROM resumes)")
            << s("a subquery in a condition");
        QTest::newRow("using") << s("SELECT 1 FROM resumes JOIN workers USING (id)")
                               << s("NATURAL or USING join");
        QTest::newRow("comma") << s("SELECT 1 FROM resumes, workers")
                               << s("several tables separated by commas");
        QTest::newRow("ambiguous") << s("SELECT title FROM resumes JOIN vacancies ON true")
                                   << s("the column title, which resumes, vacancies all have");
        QTest::newRow("two statements") << s("SELECT 1 FROM workers; SELECT 2 FROM workers")
                                        << s("this text has 2 statement(s)");
        QTest::newRow("insert") << s("INSERT INTO workers (username) VALUES ('x')")
                                << s("SELECT statements only");
        QTest::newRow("syntax") << s("SELECT FROM WHERE") << s("Syntax error: syntax error at");
    }

    void whatTheBuilderCannotShowIsNamed()
    {
        QFETCH(QString, sql);
        QFETCH(QString, expected);
        const QString message = refusal(sql);
        QVERIFY2(message.contains(expected), qPrintable(message));
    }
};

QTEST_GUILESS_MAIN(TestSqlImport)
#include "tst_sqlimport.moc"
