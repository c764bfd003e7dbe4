// Builder queries executed on the demo database: each operator, join type, aggregate and window
// function returns the rows hand-written SQL returns on the same connection; hostile values are
// bound and match literally; the three seed queries of issue #5 match their hand SQL; the
// runner caps what it reads and can be cancelled.

#include "demofixture.h"
#include "model/db/database.h"
#include "model/db/executor.h"
#include "model/query/queryrunner.h"
#include "model/query/querysql.h"
#include "seedqueries.h"
#include "testcluster.h"

#include <QDate>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QtTest>

#include <algorithm>
#include <optional>

using namespace dbx::model;
using namespace dbx::model::query;

namespace {

const QString kDb = QStringLiteral("query_exec");

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

QStringList sorted(QStringList rows)
{
    std::sort(rows.begin(), rows.end());
    return rows;
}

Expr col(const char *source, const char *column)
{
    return Expr::col(s(source), s(column));
}

Filter where(const Filter &condition)
{
    return Filter::group(Filter::Logic::And, {condition});
}

Query resumesQuery(const QList<SelectItem> &select = {{col("resumes", "id"), {}}})
{
    Query q;
    q.from = Source::fromTable(s("public"), s("resumes"));
    q.select = select;
    return q;
}

OrderItem orderBy(const Expr &e, bool descending = false)
{
    OrderItem item;
    item.expr = e;
    item.descending = descending;
    return item;
}

} // namespace

class TestQueryExec : public QObject {
    Q_OBJECT

private:
    QSqlDatabase db() { return dbx::test::TestCluster::instance().open(kDb); }

    // Rows of hand-written SQL, read the same way the runner reads (text values).
    QStringList hand(const QString &sql)
    {
        QSqlDatabase conn = db();
        const Result<PgRows> rows = dbx::model::exec(conn, dbx::model::Statement(sql));
        if (!rows) {
            qWarning() << "hand SQL failed:" << rows.error().message << sql;
            return {s("<error>")};
        }
        return dbx::test::rowsAsText(rows->rows);
    }

    QStringList built(const Query &query, QStringList *columns = nullptr)
    {
        QSqlDatabase conn = db();
        const Result<QueryRows> rows = runQueryNow(conn, query);
        if (!rows) {
            qWarning() << "built query failed:" << rows.error().message << toSql(query).sql;
            return {s("<error: ") + rows.error().message + s(">")};
        }
        if (columns)
            *columns = rows->columns;
        return dbx::test::rowsAsText(rows->rows);
    }

    qint64 count(const QString &sql)
    {
        const QStringList rows = hand(sql);
        return rows.size() == 1 ? rows.first().toLongLong() : -1;
    }

private slots:
    void initTestCase()
    {
        DBX_REQUIRE_CLUSTER();
        const QString demo = dbx::test::freshDemoDatabase(kDb);
        QVERIFY2(demo.isEmpty(), qPrintable(demo));
    }

    void seedAvgCompensationMatchesHandSql()
    {
        QStringList columns;
        const QStringList rows = built(dbx::test::seedAvgCompensation(), &columns);
        QCOMPARE(rows, hand(dbx::test::seedAvgCompensationSql()));
        QVERIFY(!rows.isEmpty());
        QCOMPARE(columns, (QStringList{s("workload"), s("avg_compensation")}));
        QCOMPARE(rows, QStringList{s("fulltime|131250")});
    }

    void seedCompensationDiffMatchesHandSql()
    {
        const QStringList rows = built(dbx::test::seedCompensationDiff());
        const QStringList expected = hand(dbx::test::seedCompensationDiffSql());
        QVERIFY(!rows.isEmpty());
        // Ties in compensation_diff may come in any order: same rows, and sorted the same way.
        QCOMPARE(sorted(rows), sorted(expected));
        QStringList diffs;
        QStringList expectedDiffs;
        for (const QString &row : rows)
            diffs << row.section(QLatin1Char('|'), -1);
        for (const QString &row : expected)
            expectedDiffs << row.section(QLatin1Char('|'), -1);
        QCOMPARE(diffs, expectedDiffs);
    }

    void seedPartTimeRepliesMatchesHandSql()
    {
        const QStringList rows = built(dbx::test::seedPartTimeReplies());
        QVERIFY(!rows.isEmpty());
        QCOMPARE(sorted(rows), sorted(hand(dbx::test::seedPartTimeRepliesSql())));
    }

    void maxRowsTruncates()
    {
        Query q = resumesQuery();
        q.orderBy = {orderBy(col("resumes", "id"))};
        QSqlDatabase conn = db();
        const Result<QueryRows> capped = runQueryNow(conn, q, 5);
        QVERIFY2(capped.ok(), qPrintable(capped.error().message));
        QCOMPARE(capped->rows.size(), 5);
        QVERIFY(capped->truncated);
        QCOMPARE(capped->rows.last().first().toString(), s("5"));
        const Result<QueryRows> exact = runQueryNow(conn, q, 18);
        QVERIFY(exact.ok());
        QCOMPARE(exact->rows.size(), 18);
        QVERIFY(!exact->truncated);
        const Result<QueryRows> all = runQueryNow(conn, q);
        QVERIFY(all.ok());
        QCOMPARE(all->rows.size(), 18);
        QVERIFY(!all->truncated);
        // The connection is left outside any transaction.
        QCOMPARE(transactionState(conn), TransactionState::Idle);
    }

    void comparisonOperators_data()
    {
        QTest::addColumn<int>("op");
        QTest::addColumn<QVariant>("value");
        QTest::addColumn<QString>("sql");
        const char *base = "SELECT id FROM resumes WHERE ";
        auto row = [&](const char *name, Filter::Op op, const QVariant &v, const char *cond) {
            QTest::newRow(name) << int(op) << v << s(base) + s(cond) + s(" ORDER BY id");
        };
        row("=", Filter::Op::Eq, 65000, "compensation = 65000");
        row("<>", Filter::Op::Ne, s("65000"), "compensation <> 65000");
        row("<", Filter::Op::Lt, 60000, "compensation < 60000");
        row("<=", Filter::Op::Le, 60000, "compensation <= 60000");
        row(">", Filter::Op::Gt, 200000, "compensation > 200000");
        row(">=", Filter::Op::Ge, qint64(200000), "compensation >= 200000");
    }

    void comparisonOperators()
    {
        QFETCH(int, op);
        QFETCH(QVariant, value);
        QFETCH(QString, sql);
        Query q = resumesQuery();
        q.where = where(
            Filter::condition(col("resumes", "compensation"), Filter::Op(op), {Expr::val(value)}));
        q.orderBy = {orderBy(col("resumes", "id"))};
        const QStringList rows = built(q);
        QVERIFY(!rows.isEmpty());
        QCOMPARE(rows, hand(sql));
    }

    void textEnumDateAndSetOperators_data()
    {
        QTest::addColumn<int>("column");
        QTest::addColumn<int>("op");
        QTest::addColumn<QVariantList>("values");
        QTest::addColumn<QString>("sql");
        const char *base = "SELECT id FROM resumes WHERE ";
        enum { Title, Workload, Created, Id, Pay };
        auto row = [&](const char *name, int column, Filter::Op op, const QVariantList &v,
                       const char *cond) {
            QTest::newRow(name) << column << int(op) << v << s(base) + s(cond) + s(" ORDER BY id");
        };
        row("contains", Title, Filter::Op::Contains, {s("Python")}, "title LIKE '%Python%'");
        row("starts", Title, Filter::Op::StartsWith, {s("Data")}, "title LIKE 'Data%'");
        row("ends", Title, Filter::Op::EndsWith, {s("developer")}, "title LIKE '%developer'");
        row("like", Title, Filter::Op::Like, {s("%_ev%")}, "title LIKE '%_ev%'");
        row("ilike", Title, Filter::Op::ILike, {s("%python%")}, "title ILIKE '%python%'");
        row("enum", Workload, Filter::Op::Eq, {s("parttime")}, "workload = 'parttime'");
        row("enum in", Workload, Filter::Op::In, {s("parttime"), s("fulltime")},
            "workload IN ('parttime', 'fulltime')");
        row("timestamp", Created, Filter::Op::Ge, {s("2024-03-01")}, "created_at >= '2024-03-01'");
        row("date value", Created, Filter::Op::Lt, {QDate(2024, 2, 1)},
            "created_at < '2024-02-01'");
        row("in", Id, Filter::Op::In, {1, 3, s("5")}, "id IN (1, 3, 5)");
        row("between", Pay, Filter::Op::Between, {50000, 150000},
            "compensation BETWEEN 50000 AND 150000");
        row("is null", Pay, Filter::Op::IsNull, {}, "compensation IS NULL");
        row("is not null", Pay, Filter::Op::IsNotNull, {}, "compensation IS NOT NULL");
    }

    void textEnumDateAndSetOperators()
    {
        QFETCH(int, column);
        QFETCH(int, op);
        QFETCH(QVariantList, values);
        QFETCH(QString, sql);
        static const char *const columns[] = {"title", "workload", "created_at", "id",
                                              "compensation"};
        QList<Expr> right;
        for (const QVariant &v : values)
            right << Expr::val(v);
        Query q = resumesQuery();
        q.where = where(Filter::condition(col("resumes", columns[column]), Filter::Op(op), right));
        q.orderBy = {orderBy(col("resumes", "id"))};
        const QStringList rows = built(q);
        QVERIFY(!rows.isEmpty());
        QCOMPARE(rows, hand(sql));
    }

    void nestedGroups()
    {
        Query q = resumesQuery();
        q.where = Filter::group(
            Filter::Logic::And,
            {Filter::group(Filter::Logic::Or,
                           {Filter::condition(col("resumes", "workload"), Filter::Op::Eq,
                                              {Expr::val(s("parttime"))}),
                            Filter::condition(col("resumes", "compensation"), Filter::Op::IsNull)}),
             Filter::group(Filter::Logic::Or, {}),
             Filter::condition(col("resumes", "worker_id"), Filter::Op::Lt, {Expr::val(8)})});
        q.orderBy = {orderBy(col("resumes", "id"))};
        QCOMPARE(built(q), hand(s("SELECT id FROM resumes WHERE (workload = 'parttime' OR "
                                  "compensation IS NULL) AND worker_id < 8 ORDER BY id")));
    }

    void joinTypes_data()
    {
        QTest::addColumn<int>("type");
        QTest::addColumn<QString>("sql");
        const char *select = "SELECT w.username, r.title FROM workers w ";
        const char *on = " resumes r ON r.worker_id = w.id AND r.compensation > 100000";
        auto row = [&](const char *name, Join::Type type, const char *kind) {
            QTest::newRow(name) << int(type) << s(select) + s(kind) + s(on);
        };
        row("inner", Join::Type::Inner, "JOIN");
        row("left", Join::Type::Left, "LEFT JOIN");
        row("right", Join::Type::Right, "RIGHT JOIN");
        row("full", Join::Type::Full, "FULL JOIN");
    }

    void joinTypes()
    {
        QFETCH(int, type);
        QFETCH(QString, sql);
        Query q;
        q.from = Source::fromTable(s("public"), s("workers"), s("w"));
        Join j;
        j.type = Join::Type(type);
        j.target = Source::fromTable(s("public"), s("resumes"), s("r"));
        j.on = Filter::group(
            Filter::Logic::And,
            {Filter::condition(col("r", "worker_id"), Filter::Op::Eq, {col("w", "id")}),
             Filter::condition(col("r", "compensation"), Filter::Op::Gt, {Expr::val(100000)})});
        q.joins = {j};
        q.select = {{col("w", "username"), {}}, {col("r", "title"), {}}};
        const QStringList rows = built(q);
        QVERIFY(!rows.isEmpty());
        QCOMPARE(sorted(rows), sorted(hand(sql)));
    }

    void aggregates()
    {
        const Expr pay = col("resumes", "compensation");
        Query q = resumesQuery(
            {{col("resumes", "workload"), {}},
             {Expr::countAll(), {}},
             {Expr::agg(Expr::Function::Count, pay), {}},
             {Expr::agg(Expr::Function::CountDistinct, col("resumes", "worker_id")), {}},
             {Expr::agg(Expr::Function::Sum, pay), {}},
             {Expr::agg(Expr::Function::Avg, pay), {}},
             {Expr::agg(Expr::Function::Min, pay), {}},
             {Expr::agg(Expr::Function::Max, col("resumes", "title")), {}}});
        q.groupBy = {col("resumes", "workload")};
        q.having = where(Filter::condition(Expr::countAll(), Filter::Op::Ge, {Expr::val(2)}));
        q.orderBy = {orderBy(col("resumes", "workload"))};
        QCOMPARE(built(q),
                 hand(s("SELECT workload, count(*), count(compensation), count(DISTINCT "
                        "worker_id), sum(compensation), avg(compensation), min(compensation), "
                        "max(title) FROM resumes GROUP BY workload HAVING count(*) >= 2 "
                        "ORDER BY workload")));
    }

    void windowFunctions()
    {
        const QList<Expr> byWorkload = {col("resumes", "workload")};
        OrderItem byPay = orderBy(col("resumes", "compensation"), true);
        byPay.nulls = OrderItem::Nulls::Last;
        const QList<OrderItem> order = {byPay, orderBy(col("resumes", "id"))};
        Query q = resumesQuery(
            {{col("resumes", "id"), {}},
             {Expr::window(Expr::Function::Rank, {}, byWorkload, order), {}},
             {Expr::window(Expr::Function::DenseRank, {}, byWorkload, order), {}},
             {Expr::window(Expr::Function::RowNumber, {}, {}, order), {}},
             {Expr::window(Expr::Function::Avg, {col("resumes", "compensation")}, byWorkload)
                  .castTo(s("integer")),
              {}},
             {Expr::window(Expr::Function::Count, {}, byWorkload), {}},
             {Expr::window(Expr::Function::Max, {col("resumes", "compensation")}, {}), {}}});
        q.orderBy = {orderBy(col("resumes", "id"))};
        QCOMPARE(built(q),
                 hand(s("SELECT id, "
                        "rank() OVER (PARTITION BY workload ORDER BY compensation DESC NULLS "
                        "LAST, id), "
                        "dense_rank() OVER (PARTITION BY workload ORDER BY compensation DESC "
                        "NULLS LAST, id), "
                        "row_number() OVER (ORDER BY compensation DESC NULLS LAST, id), "
                        "avg(compensation) OVER (PARTITION BY workload)::integer, "
                        "count(*) OVER (PARTITION BY workload), max(compensation) OVER () "
                        "FROM resumes ORDER BY id")));
    }

    void castArithmeticDistinctOrderLimit()
    {
        Query q =
            resumesQuery({{col("resumes", "workload"), {}},
                          {Expr::arith(col("resumes", "compensation"), s("/"), Expr::val(1000))
                               .castTo(s("numeric(10,1)")),
                           s("k")}});
        q.distinct = true;
        OrderItem byK = orderBy(Expr::col({}, s("k")), true);
        byK.nulls = OrderItem::Nulls::First;
        q.orderBy = {byK, orderBy(col("resumes", "workload"))};
        q.limit = 6;
        q.offset = 2;
        QCOMPARE(built(q), hand(s("SELECT DISTINCT workload, CAST(compensation / 1000 AS "
                                  "numeric(10,1)) AS k FROM resumes ORDER BY k DESC NULLS FIRST, "
                                  "workload LIMIT 6 OFFSET 2")));
    }

    void statementErrorsLeaveTheConnectionUsable()
    {
        Query q = resumesQuery({{col("resumes", "salary"), {}}});
        QSqlDatabase conn = db();
        const Result<QueryRows> failed = runQueryNow(conn, q);
        QVERIFY(!failed.ok());
        QCOMPARE(failed.error().sqlState, s("42703"));
        QCOMPARE(failed.error().statement, toSql(q).sql);
        QCOMPARE(transactionState(conn), TransactionState::Idle);
        QVERIFY(runQueryNow(conn, resumesQuery()).ok());
        // Inside the caller's transaction a failure rolls back to a savepoint only.
        QVERIFY(dbx::model::exec(conn, dbx::model::Statement(s("BEGIN"))).ok());
        QVERIFY(!runQueryNow(conn, q).ok());
        const Result<QueryRows> after = runQueryNow(conn, resumesQuery(), 3);
        QVERIFY2(after.ok(), qPrintable(after.error().message));
        QCOMPARE(after->rows.size(), 3);
        QCOMPARE(transactionState(conn), TransactionState::InTransaction);
        QVERIFY(dbx::model::exec(conn, dbx::model::Statement(s("ROLLBACK"))).ok());
    }

    void runsOnTheWorkerAndCancels()
    {
        auto &cluster = dbx::test::TestCluster::instance();
        QString error;
        QVERIFY2(
            cluster.exec(kDb, s("CREATE VIEW slow AS SELECT 1 AS nap FROM pg_sleep(30)"), &error),
            qPrintable(error));
        Database database;
        QSignalSpy connected(&database, &Database::connected);
        database.connectTo(cluster.spec(kDb));
        QVERIFY(connected.wait(10000));

        std::optional<Result<QueryRows>> rows;
        Query q = resumesQuery();
        q.orderBy = {orderBy(col("resumes", "id"))};
        runQuery(database, q, 4, this, [&](Ticket, const Result<QueryRows> &r) { rows = r; });
        QTRY_VERIFY_WITH_TIMEOUT(rows.has_value(), 10000);
        QVERIFY2(rows->ok(), qPrintable(rows->error().message));
        QCOMPARE(rows->value().rows.size(), 4);
        QVERIFY(rows->value().truncated);
        QCOMPARE(rows->value().columns, QStringList{s("id")});

        std::optional<Result<QueryRows>> slow;
        Query nap;
        nap.from = Source::fromTable(s("public"), s("slow"));
        QElapsedTimer timer;
        timer.start();
        const Ticket ticket = runQuery(database, nap, 100, this,
                                       [&](Ticket, const Result<QueryRows> &r) { slow = r; });
        QTest::qWait(300);
        database.cancel(ticket);
        QTRY_VERIFY_WITH_TIMEOUT(slow.has_value(), 10000);
        QVERIFY2(timer.elapsed() < 5000, "the statement was not cancelled");
        QVERIFY(!slow->ok());
        QCOMPARE(slow->error().kind, DbError::Kind::Cancelled);
        // The worker's connection is usable right after.
        rows.reset();
        runQuery(database, q, -1, this, [&](Ticket, const Result<QueryRows> &r) { rows = r; });
        QTRY_VERIFY_WITH_TIMEOUT(rows.has_value(), 10000);
        QVERIFY2(rows->ok(), qPrintable(rows->error().message));
        QCOMPARE(rows->value().rows.size(), 18);

        if (cluster.pooled()) {
            // Behind a pooler a server connection that dies is replaced unseen.
            QSqlQuery kill(cluster.openDirect(kDb));
            QVERIFY(kill.exec(QStringLiteral("SELECT pg_terminate_backend(pid) FROM "
                                             "pg_stat_activity WHERE datname = '%1' AND "
                                             "pid <> pg_backend_pid()")
                                  .arg(kDb)));
            QTest::qWait(100);
            rows.reset();
            runQuery(database, q, -1, this, [&](Ticket, const Result<QueryRows> &r) { rows = r; });
            QTRY_VERIFY_WITH_TIMEOUT(rows.has_value(), 10000);
            QVERIFY2(rows->ok(), qPrintable(rows->error().message));
            return;
        }
        // The server drops the worker's connection: the run in flight is reported as such, in
        // words, and the next run reconnects.
        QVERIFY(cluster.exec(kDb, QStringLiteral("SELECT pg_terminate_backend(%1)")
                                      .arg(database.serverInfo().backendPid)));
        rows.reset();
        runQuery(database, q, -1, this, [&](Ticket, const Result<QueryRows> &r) { rows = r; });
        QTRY_VERIFY_WITH_TIMEOUT(rows.has_value(), 10000);
        QVERIFY(!rows->ok());
        QCOMPARE(rows->error().kind, DbError::Kind::ConnectionLost);
        QVERIFY(!rows->error().message.isEmpty());
        rows.reset();
        runQuery(database, q, -1, this, [&](Ticket, const Result<QueryRows> &r) { rows = r; });
        QTRY_VERIFY_WITH_TIMEOUT(rows.has_value(), 15000);
        QVERIFY2(rows->ok(), qPrintable(rows->error().message));
        QCOMPARE(rows->value().rows.size(), 18);
    }

    // More values than the protocol's 65,535 parameters: bound as one array.
    void longInListRuns()
    {
        Query q = resumesQuery();
        QList<Expr> ids;
        for (int i = 0; i < 70000; ++i)
            ids << Expr::val(i < 18 ? i + 1 : 100000 + i);
        q.where = where(Filter::condition(col("resumes", "id"), Filter::Op::In, ids));
        q.orderBy = {orderBy(col("resumes", "id"))};
        QCOMPARE(toSql(q).params.size(), 1);
        QCOMPARE(built(q).size(), 18);
    }

    // Last: it adds resumes whose titles try to break out of their literal or pattern.
    void hostileValuesAreBoundAndMatchLiterally()
    {
        const qint64 workersBefore = count(s("SELECT count(*) FROM workers"));
        QCOMPARE(workersBefore, 10);
        auto &cluster = dbx::test::TestCluster::instance();
        QString error;
        QVERIFY2(cluster.exec(kDb,
                              s("INSERT INTO resumes (id, title, workload, worker_id) VALUES "
                                "(101, $t$'; DROP TABLE workers; --$t$, 'fulltime', 10), "
                                "(102, $t$O'Reilly \\ said \"hi\"$t$, 'fulltime', 10), "
                                "(103, $t$100% sure$t$, 'fulltime', 10), "
                                "(104, $t$under_score$t$, 'fulltime', 10), "
                                "(105, $t$a\\%b$t$, 'fulltime', 10), "
                                "(106, $t$100 percent$t$, 'fulltime', 10)"),
                              &error),
                 qPrintable(error));
        auto ids = [&](Filter::Op op, const QString &text) {
            Query q = resumesQuery();
            q.where = where(Filter::condition(col("resumes", "title"), op, {Expr::val(text)}));
            q.orderBy = {orderBy(col("resumes", "id"))};
            return built(q);
        };
        QCOMPARE(ids(Filter::Op::Eq, s("'; DROP TABLE workers; --")), QStringList{s("101")});
        QCOMPARE(ids(Filter::Op::Contains, s("DROP TABLE")), QStringList{s("101")});
        QCOMPARE(ids(Filter::Op::Eq, s("O'Reilly \\ said \"hi\"")), QStringList{s("102")});
        QCOMPARE(ids(Filter::Op::Contains, s("'")), (QStringList{s("101"), s("102")}));
        QCOMPARE(ids(Filter::Op::Contains, s("\\")), (QStringList{s("102"), s("105")}));
        QCOMPARE(ids(Filter::Op::Contains, s("%")), (QStringList{s("103"), s("105")}));
        QCOMPARE(ids(Filter::Op::StartsWith, s("100%")), QStringList{s("103")});
        QCOMPARE(ids(Filter::Op::Contains, s("_")), QStringList{s("104")});
        QCOMPARE(ids(Filter::Op::EndsWith, s("\\%b")), QStringList{s("105")});
        // The user's own pattern keeps its wildcards.
        QCOMPARE(ids(Filter::Op::Like, s("100%")), (QStringList{s("103"), s("106")}));
        QCOMPARE(ids(Filter::Op::In, s("'; DROP TABLE workers; --")), QStringList{s("101")});
        // Nothing else ran: workers is still there with the same rows.
        QCOMPARE(count(s("SELECT count(*) FROM workers")), workersBefore);
        QCOMPARE(count(s("SELECT count(*) FROM pg_tables WHERE tablename = 'workers'")), 1);
    }
};

QTEST_GUILESS_MAIN(TestQueryExec)
#include "tst_queryexec.moc"
