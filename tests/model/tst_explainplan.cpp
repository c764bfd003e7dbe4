// EXPLAIN plans against a real server: a known query's tree (node count, types, exclusive times
// that add up to the execution time), CTEs, InitPlans and loops handled as PEV2 does, the
// mis-estimate flag on a deliberately stale statistic, an UPDATE analyzed and rolled back
// (also inside an open transaction), values bound rather than spliced, and Cancel.

#include "model/db/database.h"
#include "model/db/executor.h"
#include "model/db/pgnative.h"
#include "model/explain/explainrequest.h"
#include "model/explain/plantext.h"
#include "testcluster.h"

#include <QtTest>

using namespace dbx::model;
using namespace dbx::model::explain;

namespace {

const QString kDb = QStringLiteral("explainplan");

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

double exclusiveSum(const ExplainPlan &plan)
{
    double sum = 0;
    for (const PlanNode &n : plan.nodes)
        sum += n.exclusiveMs;
    return sum;
}

QStringList types(const ExplainPlan &plan)
{
    QStringList out;
    for (const PlanNode &n : plan.nodes)
        out << n.nodeType;
    return out;
}

const PlanNode *findNode(const ExplainPlan &plan, const QString &type, const QString &relation = {})
{
    for (const PlanNode &n : plan.nodes)
        if (n.nodeType == type && (relation.isEmpty() || n.relation == relation))
            return &n;
    return nullptr;
}

} // namespace

class TestExplainPlan : public QObject {
    Q_OBJECT

    QSqlDatabase m_conn;

    Result<ExplainOutcome> explain(const Statement &st, ExplainMode mode)
    {
        return runExplain(m_conn, st, mode);
    }

    qint64 count(const QString &sql)
    {
        const Result<QVariant> v = execScalar(m_conn, Statement(sql));
        return v ? v.value().toLongLong() : -1;
    }

private slots:
    void initTestCase()
    {
        DBX_REQUIRE_CLUSTER();
        auto &cluster = dbx::test::TestCluster::instance();
        QVERIFY(cluster.recreateDatabase(kDb));
        QVERIFY(cluster.exec(
            kDb,
            s("CREATE TABLE workers (id int PRIMARY KEY, name text NOT NULL);"
              "CREATE TABLE resumes (id int PRIMARY KEY, worker_id int REFERENCES workers,"
              "  compensation int NOT NULL);"
              "INSERT INTO workers SELECT g, 'w' || g FROM generate_series(1, 1000) g;"
              "INSERT INTO resumes SELECT g, 1 + g % 1000, g % 997 FROM generate_series(1, 3000) g;"
              "CREATE TABLE stale (id serial PRIMARY KEY, v int NOT NULL)"
              "  WITH (autovacuum_enabled = false);"
              "INSERT INTO stale (v) SELECT 0 FROM generate_series(1, 1000);"
              "ANALYZE workers; ANALYZE resumes; ANALYZE stale;"
              "INSERT INTO stale (v) SELECT 1 FROM generate_series(1, 50000);")));
        m_conn = cluster.openDirect(kDb);
        QVERIFY(m_conn.isOpen());
        // Plans without parallel workers, so the shape asserted below does not depend on the
        // machine's core count.
        QVERIFY(exec(m_conn, Statement(s("SET max_parallel_workers_per_gather = 0"))).ok());
    }

    void knownQueryTree()
    {
        const auto r = explain(Statement(s("SELECT count(*) FROM workers w JOIN resumes r "
                                           "ON r.worker_id = w.id WHERE r.compensation > 500")),
                               ExplainMode::Analyze);
        QVERIFY2(r.ok(), qPrintable(r.error().oneLine()));
        const ExplainPlan &plan = r->plan;
        QVERIFY(plan.analyzed);
        QVERIFY(plan.hasBuffers);
        QCOMPARE(plan.nodes.size(), 5);
        QCOMPARE(types(plan), (QStringList{s("Aggregate"), s("Hash Join"), s("Seq Scan"), s("Hash"),
                                           s("Seq Scan")}));
        QCOMPARE(plan.nodes.at(0).children.size(), 1);
        QCOMPARE(plan.nodes.at(1).children.size(), 2);
        QCOMPARE(plan.nodes.at(4).depth, 3);
        QVERIFY(plan.planningMs >= 0);
        QVERIFY(plan.executionMs > 0);
        // The exclusive times add up to the root's total, and that to the execution time.
        const double sum = exclusiveSum(plan);
        QVERIFY2(qAbs(sum - plan.root().inclusiveMs) < 0.01,
                 qPrintable(QStringLiteral("%1 vs %2").arg(sum).arg(plan.root().inclusiveMs)));
        QVERIFY2(sum <= plan.executionMs + 0.01 && sum >= plan.executionMs * 0.8 - 0.5,
                 qPrintable(QStringLiteral("%1 vs %2").arg(sum).arg(plan.executionMs)));
        const PlanNode *scan = findNode(plan, s("Seq Scan"), s("resumes"));
        QVERIFY(scan);
        QCOMPARE(scan->alias, s("r"));
        QCOMPARE(scan->title(), s("Seq Scan on resumes r"));
        QCOMPARE(qint64(scan->actualRows),
                 count(s("SELECT count(*) FROM resumes WHERE compensation > 500")));
        QCOMPARE(scan->removedByFilter, 3000 - qint64(scan->actualRows));
        QCOMPARE(plan.nodes.at(1).joinType, s("Inner"));
        // Buffers: the nodes' own add up to the root's.
        qint64 own = 0;
        for (const PlanNode &n : plan.nodes)
            own += n.exclusiveSharedHit + n.exclusiveSharedRead;
        QVERIFY(own > 0);
        QCOMPARE(own, plan.root().sharedHit + plan.root().sharedRead);
        // No ANALYZE statement runs twice: the text form is written from the JSON.
        QVERIFY(!r->textFromServer);
        QVERIFY2(r->text.contains(s("->  Hash Join")) || r->text.contains(s("->  Hash  (")),
                 qPrintable(r->text));
        QVERIFY(r->text.contains(s("Rows Removed by Filter: ")));
        QVERIFY(r->text.contains(s("Execution Time: ")));
        QVERIFY(!r->kind.changesData);
    }

    void planWithoutAnalyzeHasServerText()
    {
        const auto r =
            explain(Statement(s("SELECT * FROM workers WHERE id = 5")), ExplainMode::Plan);
        QVERIFY2(r.ok(), qPrintable(r.error().oneLine()));
        QVERIFY(!r->plan.analyzed);
        QCOMPARE(r->plan.nodes.size(), 1);
        QCOMPARE(r->plan.root().nodeType, s("Index Scan"));
        QCOMPARE(r->plan.root().index, s("workers_pkey"));
        QCOMPARE(r->plan.slowSeverity(r->plan.root()), Severity::None);
        QVERIFY(r->textFromServer);
        QVERIFY2(r->text.startsWith(s("Index Scan using workers_pkey on workers")),
                 qPrintable(r->text));
        QVERIFY(!r->rolledBack);
    }

    // The text written from the JSON (what ANALYZE shows) lays the nodes out as the server does.
    void writtenTextMatchesTheServers()
    {
        const auto r = explain(Statement(s("SELECT w.name, count(*) FROM workers w LEFT JOIN "
                                           "resumes r ON r.worker_id = w.id WHERE w.id < 50 "
                                           "GROUP BY w.name ORDER BY 2 DESC")),
                               ExplainMode::Plan);
        QVERIFY2(r.ok(), qPrintable(r.error().oneLine()));
        auto nodeLines = [](const QString &text) {
            QStringList lines;
            for (const QString &line : text.split(u'\n'))
                if (line.contains(s("(cost=")))
                    lines << line;
            return lines;
        };
        const QStringList server = nodeLines(r->text);
        QVERIFY(server.size() >= 4);
        QCOMPARE(nodeLines(planText(r->plan)), server);
    }

    // CTE scans, an InitPlan and the loops of a nested loop: the rules that keep a time from
    // being counted twice.
    void exclusiveTimesAddUp_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QString>("expectType");
        QTest::newRow("cte twice") << s("WITH t AS MATERIALIZED (SELECT * FROM resumes) "
                                        "SELECT count(*) FROM t a JOIN t b USING (id)")
                                   << s("CTE Scan");
        QTest::newRow("initplan") << s("SELECT count(*) FROM resumes WHERE compensation > "
                                       "(SELECT avg(compensation) FROM resumes)")
                                  << s("Aggregate");
        QTest::newRow("loops")
            << s("SELECT sum(w.id) FROM resumes r JOIN LATERAL "
                 "(SELECT id FROM workers WHERE id = r.worker_id OFFSET 0) w ON true")
            << s("Index Only Scan");
    }

    void exclusiveTimesAddUp()
    {
        QFETCH(QString, sql);
        QFETCH(QString, expectType);
        const auto r = explain(Statement(sql), ExplainMode::Analyze);
        QVERIFY2(r.ok(), qPrintable(r.error().oneLine()));
        const ExplainPlan &plan = r->plan;
        QVERIFY2(types(plan).contains(expectType), qPrintable(types(plan).join(u',')));
        const double sum = exclusiveSum(plan);
        // The server rounds each loop's time to a microsecond: over thousands of loops that
        // rounding adds up (a Memoize of 3,000 loops at "0.000" above its 1,000 index scans).
        double rounding = 0.01;
        for (const PlanNode &n : plan.nodes)
            rounding += 0.001 * qMax(1.0, n.loops) + 0.001;
        QVERIFY2(
            qAbs(sum - plan.root().inclusiveMs) <= rounding,
            qPrintable(
                QStringLiteral("%1 vs %2\n%3").arg(sum).arg(plan.root().inclusiveMs).arg(r->text)));
        for (const PlanNode &n : plan.nodes) {
            QVERIFY(n.exclusiveMs >= 0);
            QVERIFY(n.exclusiveMs <= n.inclusiveMs + 0.001 || n.nodeType == s("Result"));
        }
        if (expectType == s("Index Only Scan") || expectType == s("Index Scan")) {
            const PlanNode *inner = findNode(plan, expectType);
            QVERIFY(inner->loops > 1);
            const double perLoop = inner->raw.value(s("Actual Total Time")).toDouble();
            QVERIFY(qAbs(inner->inclusiveMs - perLoop * inner->loops) < 1e-6);
        }
    }

    void misEstimateOnStaleStatistics()
    {
        const auto r =
            explain(Statement(s("SELECT * FROM stale WHERE v = 1")), ExplainMode::Analyze);
        QVERIFY2(r.ok(), qPrintable(r.error().oneLine()));
        const PlanNode &scan = r->plan.root();
        QCOMPARE(qint64(scan.actualRows), 50000);
        QVERIFY2(scan.estimateFactor > 1000, qPrintable(QString::number(scan.estimateFactor)));
        QCOMPARE(scan.estimateDirection, EstimateDirection::Under);
        QCOMPARE(estimateSeverity(scan), Severity::Critical);
        // After ANALYZE the estimate is right again.
        QVERIFY(exec(m_conn, Statement(s("ANALYZE stale"))).ok());
        const auto fresh =
            explain(Statement(s("SELECT * FROM stale WHERE v = 1")), ExplainMode::Analyze);
        QVERIFY(fresh.ok());
        QCOMPARE(estimateSeverity(fresh->plan.root()), Severity::None);
        // Stale again for the next tests' sake is not needed: they do not read stale's stats.
    }

    void slowNodeLevels()
    {
        // One node that sleeps: all of the execution time is its own.
        const auto r = explain(Statement(s("SELECT pg_sleep(0.1)")), ExplainMode::Analyze);
        QVERIFY2(r.ok(), qPrintable(r.error().oneLine()));
        QCOMPARE(r->plan.slowSeverity(r->plan.root()), Severity::Critical);
        QVERIFY(r->plan.timePercent(r->plan.root()) > 90);
        // PEV2's thresholds, on a made-up plan: 5 %, 20 %, 50 %, 95 % of 100 ms.
        ExplainPlan plan;
        plan.analyzed = true;
        plan.executionMs = 100;
        PlanNode n;
        for (const auto &[ms, level] : {std::pair{5.0, Severity::None},
                                        {20.0, Severity::Notable},
                                        {50.0, Severity::High},
                                        {95.0, Severity::Critical}}) {
            n.exclusiveMs = ms;
            QCOMPARE(plan.slowSeverity(n), level);
        }
        for (const auto &[factor, level] : {std::pair{9.0, Severity::None},
                                            {11.0, Severity::Notable},
                                            {101.0, Severity::High},
                                            {1001.0, Severity::Critical}}) {
            n.estimateFactor = factor;
            QCOMPARE(estimateSeverity(n), level);
        }
    }

    void updateIsRolledBack()
    {
        const qint64 before = count(s("SELECT sum(compensation) FROM resumes"));
        const auto r = explain(Statement(s("UPDATE resumes SET compensation = compensation + 1 "
                                           "WHERE worker_id < 100")),
                               ExplainMode::Analyze);
        QVERIFY2(r.ok(), qPrintable(r.error().oneLine()));
        QVERIFY(r->rolledBack);
        QVERIFY(r->kind.changesData);
        QCOMPARE(r->kind.command, s("UPDATE"));
        QCOMPARE(r->plan.root().nodeType, s("ModifyTable"));
        QCOMPARE(r->plan.root().title(), s("Update on resumes"));
        QCOMPARE(count(s("SELECT sum(compensation) FROM resumes")), before);
        QCOMPARE(transactionState(m_conn), TransactionState::Idle);
    }

    void analyzeInsideOpenTransactionUsesSavepoint()
    {
        QVERIFY(exec(m_conn, Statement(s("BEGIN"))).ok());
        QVERIFY(exec(m_conn, Statement(s("INSERT INTO workers VALUES (5001, 'mine')"))).ok());
        const auto r =
            explain(Statement(s("DELETE FROM workers WHERE id = 5001")), ExplainMode::Analyze);
        QVERIFY2(r.ok(), qPrintable(r.error().oneLine()));
        QCOMPARE(qint64(r->plan.nodes.last().actualRows), 1);
        // The caller's transaction is still open, with its own row still in it.
        QCOMPARE(transactionState(m_conn), TransactionState::InTransaction);
        QCOMPARE(count(s("SELECT count(*) FROM workers WHERE id = 5001")), 1);
        QVERIFY(exec(m_conn, Statement(s("ROLLBACK"))).ok());
        QCOMPARE(count(s("SELECT count(*) FROM workers WHERE id = 5001")), 0);
    }

    void parametersAreBound()
    {
        const QString hostile = s("w7'); DROP TABLE workers; --");
        const auto none = explain(Statement(s("SELECT * FROM workers WHERE name = $1"), {hostile}),
                                  ExplainMode::Analyze);
        QVERIFY2(none.ok(), qPrintable(none.error().oneLine()));
        QCOMPARE(qint64(none->plan.root().actualRows), 0);
        QCOMPARE(count(s("SELECT count(*) FROM workers")), 1000);
        const auto one = explain(Statement(s("SELECT * FROM workers WHERE name = $1"), {s("w7")}),
                                 ExplainMode::Analyze);
        QVERIFY(one.ok());
        QCOMPARE(qint64(one->plan.root().actualRows), 1);
        // The plan is the custom one for the bound value, and the text still says $1 nowhere
        // else than the server put it.
        QVERIFY2(one->plan.root().raw.value(s("Filter")).toString().contains(s("'w7'")),
                 qPrintable(one->plan.root().raw.value(s("Filter")).toString()));
        const auto planOnly =
            explain(Statement(s("SELECT * FROM workers WHERE id = $1"), {7}), ExplainMode::Plan);
        QVERIFY2(planOnly.ok(), qPrintable(planOnly.error().oneLine()));
        QVERIFY(planOnly->text.contains(s("Index Cond: (id = 7)")));
    }

    void classifiesFromTheParseTree()
    {
        QVERIFY(!classifyForExplain(s("SELECT 1")).value().changesData);
        QVERIFY(classifyForExplain(s("WITH d AS (DELETE FROM stale RETURNING *) SELECT * FROM d"))
                    .value()
                    .changesData);
        QVERIFY(classifyForExplain(s("SELECT * INTO t2 FROM stale")).value().changesData);
        QCOMPARE(classifyForExplain(s("  -- a comment\n insert into stale (v) values (1)"))
                     .value()
                     .command,
                 s("INSERT"));
        QVERIFY(!classifyForExplain(s("SELECT 'DELETE FROM x'")).value().changesData);
        QVERIFY(!classifyForExplain(s("CREATE TABLE x (a int)")).ok());
        QVERIFY(!classifyForExplain(s("EXPLAIN SELECT 1")).ok());
        QVERIFY(!classifyForExplain(s("SELECT 1; SELECT 2")).ok());
        const auto bad = classifyForExplain(s("SELEC 1"));
        QVERIFY(!bad.ok());
        QVERIFY(bad.error().message.contains(s("syntax error")));
        const auto ddl = explain(Statement(s("DROP TABLE workers")), ExplainMode::Analyze);
        QVERIFY(!ddl.ok());
        QCOMPARE(count(s("SELECT count(*) FROM workers")), 1000);
    }

    void parsesParallelAndRejectsGarbage()
    {
        const QByteArray json = R"([{"Plan": {"Node Type": "Gather", "Workers Planned": 2,
            "Workers Launched": 2, "Actual Total Time": 12.0, "Actual Rows": 300,
            "Actual Loops": 1, "Plan Rows": 300, "Plans": [{"Node Type": "Seq Scan",
            "Parent Relationship": "Outer", "Parallel Aware": true, "Relation Name": "t",
            "Alias": "t", "Actual Total Time": 9.0, "Actual Rows": 100, "Actual Loops": 3,
            "Plan Rows": 100}]}, "Planning Time": 0.1, "Execution Time": 12.5}])";
        const auto plan = parsePlan(json);
        QVERIFY2(plan.ok(), qPrintable(plan.error().oneLine()));
        const PlanNode &scan = plan->nodes.at(1);
        QCOMPARE(scan.workersLaunched, 2);
        QCOMPARE(scan.inclusiveMs, 9.0); // 9 ms per loop, 3 loops shared by 3 processes
        QCOMPARE(plan->nodes.at(0).exclusiveMs, 3.0);
        QCOMPARE(scan.title(), s("Parallel Seq Scan on t"));
        QVERIFY(planText(plan.value()).contains(s("->  Parallel Seq Scan on t")));
        QVERIFY(!parsePlan("not json").ok());
        QVERIFY(!parsePlan(R"([{"Nope": 1}])").ok());
    }

    void runsOnTheWorkerAndCancels()
    {
        Database database;
        QSignalSpy connected(&database, &Database::connected);
        database.connectTo(dbx::test::TestCluster::instance().spec(kDb));
        QVERIFY(connected.wait(10000));
        bool done = false;
        Result<ExplainOutcome> outcome = DbError::plain(s("none"));
        const Ticket ticket =
            requestExplain(&database, Statement(s("SELECT pg_sleep(30)")), ExplainMode::Analyze,
                           this, [&](Ticket, const Result<ExplainOutcome> &r) {
                               outcome = r;
                               done = true;
                           });
        QTest::qWait(300);
        QElapsedTimer timer;
        timer.start();
        database.cancel(ticket);
        QVERIFY(QTest::qWaitFor([&] { return done; }, 5000));
        QVERIFY(timer.elapsed() < 2000);
        QVERIFY(outcome.error().isCancelled());
        // The session is usable at once: the transaction was rolled back.
        done = false;
        requestExplain(&database, Statement(s("SELECT 1")), ExplainMode::Analyze, this,
                       [&](Ticket, const Result<ExplainOutcome> &r) {
                           outcome = r;
                           done = true;
                       });
        QVERIFY(QTest::qWaitFor([&] { return done; }, 5000));
        QVERIFY2(outcome.ok(), qPrintable(outcome.error().oneLine()));
        QCOMPARE(outcome->plan.root().nodeType, s("Result"));
    }
};

QTEST_GUILESS_MAIN(TestExplainPlan)
#include "tst_explainplan.moc"
