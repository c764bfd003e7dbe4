// The saved-query file format (docs/query-format.md): every kind of AST node survives a save and
// a load unchanged, the short forms mean what the documentation says, the example files are the
// seed queries, and every mistake is reported with the JSON path where it is.

#include "model/query/queryjson.h"
#include "model/query/querysql.h"
#include "seedqueries.h"

#include <QDate>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTime>
#include <QtTest>

using dbx::model::Result;
using dbx::model::Status;
using namespace dbx::model::query;

namespace {

const QString kPublic = QStringLiteral("public");

Expr col(const char *source, const char *column)
{
    return Expr::col(QLatin1String(source), QLatin1String(column));
}

Filter cond(const Expr &left, Filter::Op op, const QList<Expr> &right = {})
{
    return Filter::condition(left, op, right);
}

Query fromTable(const char *table, const char *alias = "")
{
    Query q;
    q.from = Source::fromTable(kPublic, QLatin1String(table), QLatin1String(alias));
    return q;
}

QJsonObject parse(const QString &text)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("test JSON does not parse: %s", qPrintable(error.errorString()));
    return document.object();
}

// Through text, as a file would go: what toJson writes must be what fromJson reads.
Result<Query> throughText(const Query &query)
{
    const QByteArray text = QJsonDocument(toJson(query)).toJson();
    return fromJson(QJsonDocument::fromJson(text).object());
}

QString sourceDir()
{
    return QStringLiteral(DBX_SOURCE_DIR);
}

} // namespace

class TestQueryJson : public QObject {
    Q_OBJECT

private slots:
    void roundTrip_data();
    void roundTrip();
    void seedQueriesRoundTrip();
    void exampleFilesAreTheSeedQueries_data();
    void exampleFilesAreTheSeedQueries();
    void shortForms();
    void defaultsAreOmitted();
    void wholeNumbersStayIntegers();
    void errorsNameThePath_data();
    void errorsNameThePath();
    void filesAreIndentedWithATrailingNewline();
    void fileErrorsNameTheFile();
    void nulIsRefusedWithItsLine();
    void devicesAndHugeFilesAreRefused();
};

void TestQueryJson::roundTrip_data()
{
    QTest::addColumn<Query>("query");

    QTest::newRow("bare table") << fromTable("workers");
    {
        Query q;
        q.from = Source::fromTable({}, QStringLiteral("workers"));
        QTest::newRow("table without schema") << q;
        q.from =
            Source::fromTable(QStringLiteral("hr"), QStringLiteral("workers"), QStringLiteral("w"));
        QTest::newRow("table with schema and alias") << q;
        q.from = Source::fromTable(QStringLiteral("odd.schema"), QStringLiteral("a.b"));
        QTest::newRow("dots inside names") << q;
        q.from = Source::fromTable({}, QStringLiteral("a.b"));
        QTest::newRow("dot inside a table name") << q;
    }
    for (const Filter::Op op :
         {Filter::Op::Eq, Filter::Op::Ne, Filter::Op::Lt, Filter::Op::Le, Filter::Op::Gt,
          Filter::Op::Ge, Filter::Op::Contains, Filter::Op::StartsWith, Filter::Op::EndsWith,
          Filter::Op::Like, Filter::Op::ILike}) {
        Query q = fromTable("resumes");
        q.where = Filter::group(
            Filter::Logic::And,
            {cond(col("resumes", "title"), op, {Expr::val(QStringLiteral("50% o'clock \\ _x_"))})});
        QTest::addRow("operator %d", int(op)) << q;
    }
    {
        Query q = fromTable("resumes");
        q.where = Filter::group(
            Filter::Logic::Or,
            {cond(col("resumes", "id"), Filter::Op::In,
                  {Expr::val(1), Expr::val(qint64(2)), Expr::val(QVariant())}),
             cond(col("resumes", "id"), Filter::Op::In, {Expr::val(7)}),
             cond(col("resumes", "compensation"), Filter::Op::Between,
                  {Expr::val(1.5), Expr::val(100000)}),
             cond(col("resumes", "compensation"), Filter::Op::IsNull),
             cond(col("resumes", "compensation"), Filter::Op::IsNotNull),
             Filter::group(Filter::Logic::And, {cond(col("resumes", "title"), Filter::Op::Eq,
                                                     {Expr::val(QStringLiteral("x"))}),
                                                Filter::group(Filter::Logic::Or)}),
             Filter::group(Filter::Logic::And)});
        QTest::newRow("in, between, null tests, nested and empty groups") << q;
    }
    {
        Query q = fromTable("resumes");
        q.where = Filter::group(
            Filter::Logic::And,
            {cond(col("resumes", "created"), Filter::Op::Between,
                  {Expr::val(QDate(2024, 5, 31)), Expr::val(QDate(2024, 12, 1))}),
             cond(col("resumes", "at"), Filter::Op::Gt, {Expr::val(QTime(13, 45, 7, 250))}),
             cond(col("resumes", "stamp"), Filter::Op::Lt,
                  {Expr::val(QDateTime(QDate(2024, 1, 2), QTime(3, 4, 5), Qt::UTC))}),
             cond(col("resumes", "flag"), Filter::Op::Eq, {Expr::val(true)}),
             cond(col("resumes", "ratio"), Filter::Op::Ne, {Expr::val(-0.125)}),
             cond(col("resumes", "big"), Filter::Op::Eq, {Expr::val(qint64(9007199254740993LL))}),
             cond(col("resumes", "compensation"), Filter::Op::Gt,
                  {col("resumes", "id").castTo(QStringLiteral("numeric"))}),
             cond(col("resumes", "compensation"), Filter::Op::In,
                  {col("resumes", "id"), Expr::val(3)}),
             cond(col("resumes", "id"), Filter::Op::Eq,
                  {Expr::val(QStringLiteral("5")).castTo(QStringLiteral("integer"))})});
        QTest::newRow("dates, times, booleans, numbers, columns on the right") << q;
    }
    {
        Query q = fromTable("resumes");
        q.where = cond(col("resumes", "id"), Filter::Op::Gt, {Expr::val(0)});
        q.having = Filter::group(Filter::Logic::Or);
        QTest::newRow("a bare condition as where, an empty or-group as having") << q;
    }
    {
        Query q = fromTable("resumes", "r");
        for (const Join::Type type :
             {Join::Type::Inner, Join::Type::Left, Join::Type::Right, Join::Type::Full}) {
            Join join;
            join.type = type;
            join.target = Source::fromTable(kPublic, QStringLiteral("workers"),
                                            QStringLiteral("w%1").arg(int(type)));
            join.on = Filter::group(Filter::Logic::And,
                                    {cond(col("r", "worker_id"), Filter::Op::Eq,
                                          {Expr::col(join.target.alias, QStringLiteral("id"))})});
            join.foreignKey =
                type == Join::Type::Inner ? QStringLiteral("resumes_worker_id_fkey") : QString();
            q.joins << join;
        }
        Join cross;
        cross.target = Source::fromTable(kPublic, QStringLiteral("vacancies"));
        q.joins << cross;
        QTest::newRow("every join type, a join without condition") << q;
    }
    {
        Query q = fromTable("resumes");
        q.distinct = true;
        q.select = {
            {Expr::star(), {}},
            {Expr::star(QStringLiteral("resumes")), {}},
            {col("resumes", "title"), QStringLiteral("Title with spaces")},
            {Expr::col({}, QStringLiteral("workload")), {}},
            {Expr::col(QStringLiteral("resumes"), QStringLiteral("odd.name")), {}},
            {Expr::col({}, QStringLiteral("odd.name")), {}},
            {Expr::col(QStringLiteral("odd.source"), QStringLiteral("x")), {}},
            {Expr::col(QStringLiteral("resumes"), QStringLiteral("*")), {}},
            {Expr::val(QStringLiteral("constant")), QStringLiteral("c")},
            {Expr::arith(
                 Expr::arith(col("resumes", "compensation"), QStringLiteral("*"), Expr::val(2)),
                 QStringLiteral("/"), Expr::val(3.5))
                 .castTo(QStringLiteral("numeric(10,2)")),
             QStringLiteral("scaled")},
            {Expr::arith(col("resumes", "a"), QStringLiteral("+"), col("resumes", "b")), {}},
        };
        q.limit = 10;
        q.offset = 20;
        QTest::newRow("select forms, distinct, limit, offset") << q;
    }
    {
        Query q = fromTable("resumes");
        q.select = {{col("resumes", "workload"), {}}};
        for (const Expr::Function f :
             {Expr::Function::Count, Expr::Function::CountDistinct, Expr::Function::Sum,
              Expr::Function::Avg, Expr::Function::Min, Expr::Function::Max})
            q.select << SelectItem{Expr::agg(f, col("resumes", "compensation")),
                                   QStringLiteral("f%1").arg(int(f))};
        q.select << SelectItem{Expr::countAll(), QStringLiteral("n")}
                 << SelectItem{Expr::agg(Expr::Function::Avg, col("resumes", "compensation"))
                                   .castTo(QStringLiteral("integer")),
                               {}};
        q.groupBy = {col("resumes", "workload"), Expr::col({}, QStringLiteral("title"))};
        q.having =
            Filter::group(Filter::Logic::And,
                          {cond(Expr::countAll(), Filter::Op::Ge, {Expr::val(2)}),
                           cond(Expr::agg(Expr::Function::Max, col("resumes", "compensation")),
                                Filter::Op::Between, {Expr::val(10), Expr::val(20)})});
        QTest::newRow("every aggregate, group by, having") << q;
    }
    {
        Query q = fromTable("resumes");
        OrderItem byCompensation{col("resumes", "compensation"), true, OrderItem::Nulls::Last};
        OrderItem byId{col("resumes", "id"), false, OrderItem::Nulls::First};
        OrderItem byTitle{col("resumes", "title"), false, OrderItem::Nulls::Default};
        for (const Expr::Function f :
             {Expr::Function::Rank, Expr::Function::DenseRank, Expr::Function::RowNumber})
            q.select << SelectItem{
                Expr::window(f, {}, {col("resumes", "workload")}, {byCompensation, byId}),
                QStringLiteral("w%1").arg(int(f))};
        for (const Expr::Function f :
             {Expr::Function::Avg, Expr::Function::Sum, Expr::Function::Count, Expr::Function::Min,
              Expr::Function::Max})
            q.select << SelectItem{Expr::window(f, {col("resumes", "compensation")}, {}, {byTitle}),
                                   {}};
        q.select << SelectItem{Expr::window(Expr::Function::Count, {}, {}, {}), {}}
                 << SelectItem{Expr::window(Expr::Function::Avg, {col("resumes", "compensation")},
                                            {col("resumes", "workload"), col("resumes", "id")})
                                   .castTo(QStringLiteral("integer")),
                               QStringLiteral("avg_workload")};
        q.orderBy = {byCompensation, byId, byTitle,
                     OrderItem{col("resumes", "x"), true, OrderItem::Nulls::Default}};
        QTest::newRow("every window function, order by with nulls") << q;
    }
    {
        Query inner = fromTable("resumes", "r");
        inner.select = {{col("r", "id"), {}}};
        inner.limit = 0;
        Query first = fromTable("workers");
        first.where = Filter::group(Filter::Logic::And,
                                    {cond(col("workers", "id"), Filter::Op::Gt, {Expr::val(1)})});
        Query second;
        second.from = Source::fromCte(QStringLiteral("first"), QStringLiteral("f"));
        second.joins = {
            Join{Join::Type::Left,
                 Source::fromSubquery(inner, QStringLiteral("sub")),
                 Filter::group(Filter::Logic::And,
                               {cond(col("sub", "id"), Filter::Op::Eq, {col("f", "id")})}),
                 {}}};
        Query outer;
        outer.ctes = {NamedQuery{QStringLiteral("first"), first},
                      NamedQuery{QStringLiteral("second"), second}};
        Query fromSub;
        fromSub.from = Source::fromCte(QStringLiteral("second"));
        outer.from = Source::fromSubquery(fromSub, QStringLiteral("deep"));
        QTest::newRow("ctes, subqueries in from and join, nested") << outer;
    }
}

void TestQueryJson::roundTrip()
{
    QFETCH(Query, query);
    const Result<Query> back = throughText(query);
    QVERIFY2(back.ok(), qPrintable(back.error().message));
    QVERIFY2(back.value() == query, QJsonDocument(toJson(query)).toJson().constData());
    // Saving what was loaded writes the same document: nothing drifts on repeated saves.
    QCOMPARE(toJson(back.value()), toJson(query));
}

void TestQueryJson::seedQueriesRoundTrip()
{
    for (const Query &seed : {dbx::test::seedAvgCompensation(), dbx::test::seedCompensationDiff(),
                              dbx::test::seedPartTimeReplies()}) {
        const Result<Query> back = throughText(seed);
        QVERIFY2(back.ok(), qPrintable(back.error().message));
        QVERIFY(back.value() == seed);
        QCOMPARE(toSql(back.value()).sql, toSql(seed).sql);
        QCOMPARE(toLiteralSql(back.value()), toLiteralSql(seed));
    }
}

void TestQueryJson::exampleFilesAreTheSeedQueries_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<Query>("seed");
    QTest::newRow("avg-compensation")
        << QStringLiteral("avg-compensation.json") << dbx::test::seedAvgCompensation();
    QTest::newRow("compensation-diff")
        << QStringLiteral("compensation-diff.json") << dbx::test::seedCompensationDiff();
    QTest::newRow("parttime-replies")
        << QStringLiteral("parttime-replies.json") << dbx::test::seedPartTimeReplies();
}

void TestQueryJson::exampleFilesAreTheSeedQueries()
{
    QFETCH(QString, file);
    QFETCH(Query, seed);
    const Result<Query> loaded =
        readQueryFile(sourceDir() + QStringLiteral("/examples/queries/") + file);
    QVERIFY2(loaded.ok(), qPrintable(loaded.error().message));
    QVERIFY2(loaded.value() == seed, QJsonDocument(toJson(loaded.value())).toJson().constData());
    QCOMPARE(toSql(loaded.value()).sql, toSql(seed).sql);
    QCOMPARE(toSql(loaded.value()).params, toSql(seed).params);
}

void TestQueryJson::shortForms()
{
    const Result<Query> loaded = fromJson(parse(QStringLiteral(R"json({
        "format": 1,
        "query": {
            "from": "resumes",
            "joins": [{"join": "hr.workers", "on": {"left": "resumes.worker_id", "op": "eq",
                                                   "right": "workers.id"}}],
            "select": ["*", "workers.*", "title", "resumes.title",
                       {"column": "title", "source": "resumes", "as": "t"}],
            "where": {"and": [
                {"left": "id", "op": "in", "values": [1, "two", null, true]},
                {"left": "id", "op": "between", "right": [{"value": 1}, "resumes.id"]},
                {"left": "title", "op": "eq", "value": "x"}
            ]},
            "orderBy": ["title", {"column": "id", "sort": "asc"}]
        }
    })json")));
    QVERIFY2(loaded.ok(), qPrintable(loaded.error().message));
    Query expected;
    expected.from = Source::fromTable({}, QStringLiteral("resumes"));
    expected.joins = {
        Join{Join::Type::Inner,
             Source::fromTable(QStringLiteral("hr"), QStringLiteral("workers")),
             cond(col("resumes", "worker_id"), Filter::Op::Eq, {col("workers", "id")}),
             {}}};
    expected.select = {{Expr::star(), {}},
                       {Expr::star(QStringLiteral("workers")), {}},
                       {Expr::col({}, QStringLiteral("title")), {}},
                       {col("resumes", "title"), {}},
                       {col("resumes", "title"), QStringLiteral("t")}};
    expected.where = Filter::group(Filter::Logic::And,
                                   {cond(Expr::col({}, QStringLiteral("id")), Filter::Op::In,
                                         {Expr::val(qint64(1)), Expr::val(QStringLiteral("two")),
                                          Expr::val(QVariant()), Expr::val(true)}),
                                    cond(Expr::col({}, QStringLiteral("id")), Filter::Op::Between,
                                         {Expr::val(qint64(1)), col("resumes", "id")}),
                                    cond(Expr::col({}, QStringLiteral("title")), Filter::Op::Eq,
                                         {Expr::val(QStringLiteral("x"))})});
    expected.orderBy = {OrderItem{Expr::col({}, QStringLiteral("title")), false, {}},
                        OrderItem{Expr::col({}, QStringLiteral("id")), false, {}}};
    QVERIFY(loaded.value() == expected);

    // And the writer uses them wherever they read back the same.
    const QJsonObject written = toJson(expected).value(QStringLiteral("query")).toObject();
    QCOMPARE(written.value(QStringLiteral("from")).toString(), QStringLiteral("resumes"));
    const QJsonArray select = written.value(QStringLiteral("select")).toArray();
    QCOMPARE(select.at(0).toString(), QStringLiteral("*"));
    QCOMPARE(select.at(1).toString(), QStringLiteral("workers.*"));
    QCOMPARE(select.at(3).toString(), QStringLiteral("resumes.title"));
    QCOMPARE(select.at(4).toObject().value(QStringLiteral("as")).toString(), QStringLiteral("t"));
    const QJsonObject in = written.value(QStringLiteral("where"))
                               .toObject()
                               .value(QStringLiteral("and"))
                               .toArray()
                               .at(0)
                               .toObject();
    QCOMPARE(in.value(QStringLiteral("values")).toArray().size(), 4);
    const QJsonObject eq = written.value(QStringLiteral("where"))
                               .toObject()
                               .value(QStringLiteral("and"))
                               .toArray()
                               .at(2)
                               .toObject();
    QCOMPARE(eq.value(QStringLiteral("value")).toString(), QStringLiteral("x"));
}

void TestQueryJson::defaultsAreOmitted()
{
    const QJsonObject document = toJson(fromTable("workers"));
    QCOMPARE(document.value(QStringLiteral("format")).toInt(), 1);
    const QJsonObject query = document.value(QStringLiteral("query")).toObject();
    QCOMPARE(query.keys(), QStringList{QStringLiteral("from")});
    QCOMPARE(query.value(QStringLiteral("from")).toString(), QStringLiteral("public.workers"));

    Query joined = fromTable("resumes");
    joined.joins = {Join{
        Join::Type::Inner, Source::fromTable(kPublic, QStringLiteral("workers")), Filter(), {}}};
    joined.orderBy = {OrderItem{col("resumes", "id"), false, OrderItem::Nulls::Default}};
    const QJsonObject written = toJson(joined).value(QStringLiteral("query")).toObject();
    QCOMPARE(written.value(QStringLiteral("joins")).toArray().at(0).toObject().keys(),
             QStringList{QStringLiteral("join")});
    QCOMPARE(written.value(QStringLiteral("orderBy")).toArray().at(0).toString(),
             QStringLiteral("resumes.id"));
}

void TestQueryJson::wholeNumbersStayIntegers()
{
    const Result<Query> loaded = fromJson(parse(QStringLiteral(R"json({
        "format": 1,
        "query": {"from": "resumes", "where": {"or": [
            {"left": "compensation", "op": "gt", "value": 40000},
            {"left": "compensation", "op": "gt", "value": 40000.0},
            {"left": "compensation", "op": "gt", "value": 1e3},
            {"left": "compensation", "op": "gt", "value": 2.5}
        ]}}
    })json")));
    QVERIFY2(loaded.ok(), qPrintable(loaded.error().message));
    const QList<Filter> &conditions = loaded->where.children;
    QCOMPARE(conditions.at(0).right.first().value.typeId(), QMetaType::LongLong);
    QCOMPARE(conditions.at(1).right.first().value.typeId(), QMetaType::LongLong);
    QCOMPARE(conditions.at(2).right.first().value, QVariant(qint64(1000)));
    QCOMPARE(conditions.at(2).right.first().value.typeId(), QMetaType::LongLong);
    QCOMPARE(conditions.at(3).right.first().value.typeId(), QMetaType::Double);
    const QString literal = toLiteralSql(loaded.value());
    QVERIFY2(literal.contains(QLatin1String("> 40000")), qPrintable(literal));
    QVERIFY2(!literal.contains(QLatin1String("40000.")), qPrintable(literal));
    QVERIFY2(literal.contains(QLatin1String("> 2.5")), qPrintable(literal));
    QCOMPARE(toSql(loaded.value()).params.first(), QVariant(qint64(40000)));
}

void TestQueryJson::errorsNameThePath_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("message");

    QTest::newRow("format missing")
        << QStringLiteral(R"({"query": {"from": "t"}})")
        << QStringLiteral("format: required field is missing (this version writes 1)");
    QTest::newRow("format newer") << QStringLiteral(R"({"format": 2, "query": {"from": "t"}})")
                                  << QStringLiteral("format 2 is newer than this version of DB "
                                                    "Explorer understands (1)");
    QTest::newRow("format text") << QStringLiteral(R"({"format": "1", "query": {"from": "t"}})")
                                 << QStringLiteral("format: expected 1, not a string");
    QTest::newRow("format fraction") << QStringLiteral(R"({"format": 1.5, "query": {}})")
                                     << QStringLiteral("format: expected 1, not 1.5");
    QTest::newRow("unknown top-level field")
        << QStringLiteral(R"({"format": 1, "comment": "x", "query": {"from": "t"}})")
        << QStringLiteral(
               "comment: unknown field (expected one of format, query, name, description)");
    QTest::newRow("query missing")
        << QStringLiteral(R"({"format": 1})") << QStringLiteral("query: required field is missing");
    QTest::newRow("query not an object") << QStringLiteral(R"({"format": 1, "query": []})")
                                         << QStringLiteral("query: expected an object, not a list");
    QTest::newRow("from missing") << QStringLiteral(R"({"format": 1, "query": {}})")
                                  << QStringLiteral("query.from: required field is missing");
    QTest::newRow("misspelt field")
        << QStringLiteral(R"({"format": 1, "query": {"from": "t", "gruopBy": []}})")
        << QStringLiteral("query.gruopBy: unknown field (expected one of with, distinct, from, "
                          "joins, select, where, groupBy, having, orderBy, limit, offset)");
    QTest::newRow("unknown operator")
        << QStringLiteral(R"({"format": 1, "query": {"from": "t", "where": {"and": [
               {"left": "a", "op": "eq", "value": 1},
               {"left": "a", "op": "like_any", "value": 1}]}}})")
        << QStringLiteral("query.where.and[1].op: unknown operator \"like_any\" (expected one of "
                          "eq, ne, lt, le, gt, ge, contains, starts_with, ends_with, like, ilike, "
                          "in, between, is_null, is_not_null)");
    QTest::newRow("unknown function")
        << QStringLiteral(R"({"format": 1, "query": {"from": "t", "select": ["a",
               {"function": "average", "arg": "a"}]}})")
        << QStringLiteral("query.select[1].function: unknown function \"average\" (expected one "
                          "of count, count_distinct, sum, avg, min, max, rank, dense_rank, "
                          "row_number)");
    QTest::newRow("window function without over")
        << QStringLiteral(R"({"format": 1, "query": {"from": "t", "select": [
               {"function": "rank"}]}})")
        << QStringLiteral("query.select[0]: rank is a window function and needs \"over\"");
    QTest::newRow("unknown join type")
        << QStringLiteral(R"({"format": 1, "query": {"from": "t", "joins": [
               {"join": "u", "type": "outer"}]}})")
        << QStringLiteral("query.joins[0].type: unknown join type \"outer\" (expected one of "
                          "inner, left, right, full)");
    QTest::newRow("join target missing")
        << QStringLiteral(R"({"format": 1, "query": {"from": "t", "joins": [{"type": "left"}]}})")
        << QStringLiteral("query.joins[0].join: required field is missing");
    QTest::newRow("limit as text")
        << QStringLiteral(R"({"format": 1, "query": {"from": "t", "limit": "10"}})")
        << QStringLiteral("query.limit: expected a whole number, 0 or more, not a string");
    QTest::newRow("negative offset")
        << QStringLiteral(R"({"format": 1, "query": {"from": "t", "offset": -1}})")
        << QStringLiteral("query.offset: expected a whole number, 0 or more, not a number");
    QTest::newRow("distinct as text")
        << QStringLiteral(R"({"format": 1, "query": {"from": "t", "distinct": "yes"}})")
        << QStringLiteral("query.distinct: expected true or false, not a string");
    QTest::newRow("sort word")
        << QStringLiteral(
               R"({"format": 1, "query": {"from": "t", "orderBy": [{"column": "a", "sort": "down"}]}})")
        << QStringLiteral("query.orderBy[0].sort: expected \"asc\" or \"desc\", not \"down\"");
    QTest::newRow("nulls word")
        << QStringLiteral(
               R"({"format": 1, "query": {"from": "t", "orderBy": [{"column": "a", "nulls": "end"}]}})")
        << QStringLiteral("query.orderBy[0].nulls: expected \"first\" or \"last\", not \"end\"");
    QTest::newRow("sort outside order by")
        << QStringLiteral(
               R"({"format": 1, "query": {"from": "t", "select": [{"column": "a", "sort": "desc"}]}})")
        << QStringLiteral("query.select[0].sort: unknown field (expected one of as, column, cast, "
                          "source)");
    QTest::newRow("number as expression in a nested subquery")
        << QStringLiteral(R"({"format": 1, "query": {"with": [{"name": "c", "query":
               {"from": {"subquery": {"from": "t", "select": [5]}, "as": "s"}}}],
               "from": {"cte": "c"}}})")
        << QStringLiteral("query.with[0].query.from.subquery.select[0]: expected an expression "
                          "(a \"source.column\" string or an object), not a number");
    QTest::newRow("two kinds of expression")
        << QStringLiteral(
               R"({"format": 1, "query": {"from": "t", "select": [{"column": "a", "value": 1}]}})")
        << QStringLiteral("query.select[0]: \"column\" and \"value\" cannot be used together");
    QTest::newRow("no kind of expression")
        << QStringLiteral(R"({"format": 1, "query": {"from": "t", "groupBy": [{"as": "x"}]}})")
        << QStringLiteral("query.groupBy[0]: expected an expression: an object with one of "
                          "column, star, value, op, function");
    QTest::newRow("arithmetic operator")
        << QStringLiteral(R"({"format": 1, "query": {"from": "t", "select": [
               {"left": "a", "op": "%", "right": "b"}]}})")
        << QStringLiteral("query.select[0].op: unknown arithmetic operator \"%\" (expected one "
                          "of +, -, *, /)");
    QTest::newRow("arithmetic without right")
        << QStringLiteral(R"({"format": 1, "query": {"from": "t", "select": [
               {"left": "a", "op": "+"}]}})")
        << QStringLiteral("query.select[0].right: required field is missing");
    QTest::newRow("malformed date")
        << QStringLiteral(R"({"format": 1, "query": {"from": "t", "where":
               {"left": "d", "op": "eq", "right": {"value": "31.05.2024", "valueType": "date"}}}})")
        << QStringLiteral("query.where.right.value: \"31.05.2024\" is not a valid date (expected "
                          "ISO 8601, like 2024-05-31)");
    QTest::newRow("unknown value type")
        << QStringLiteral(R"({"format": 1, "query": {"from": "t", "where":
               {"left": "d", "op": "eq", "right": {"value": "x", "valueType": "money"}}}})")
        << QStringLiteral("query.where.right.valueType: unknown value type \"money\" (expected "
                          "one of date, time, timestamp)");
    QTest::newRow("object in values")
        << QStringLiteral(R"({"format": 1, "query": {"from": "t", "where":
               {"left": "d", "op": "in", "values": [1, {"value": 2}]}}})")
        << QStringLiteral("query.where.values[1]: expected a string, number, true/false or null, "
                          "not an object");
    QTest::newRow("value and values")
        << QStringLiteral(R"({"format": 1, "query": {"from": "t", "where":
               {"left": "d", "op": "in", "value": 1, "values": [2]}}})")
        << QStringLiteral("query.where: \"value\" and \"values\" cannot be used together");
    QTest::newRow("condition without left")
        << QStringLiteral(R"({"format": 1, "query": {"from": "t", "having":
               {"or": [{"op": "is_null"}]}}})")
        << QStringLiteral("query.having.or[0].left: required field is missing");
    QTest::newRow("neither group nor condition")
        << QStringLiteral(R"({"format": 1, "query": {"from": "t", "where": {"all": []}}})")
        << QStringLiteral("query.where: expected a group (\"and\" or \"or\" with a list) or a "
                          "condition (\"left\", \"op\" and its values)");
    QTest::newRow("group and condition")
        << QStringLiteral(
               R"({"format": 1, "query": {"from": "t", "where": {"and": [], "op": "eq"}}})")
        << QStringLiteral("query.where: \"and\" and \"op\" cannot be used together");
    QTest::newRow("source kinds together")
        << QStringLiteral(R"({"format": 1, "query": {"from": {"table": "t", "cte": "c"}}})")
        << QStringLiteral("query.from: \"table\" and \"cte\" cannot be used together");
    QTest::newRow("schema on a cte")
        << QStringLiteral(R"({"format": 1, "query": {"from": {"cte": "c", "schema": "s"}}})")
        << QStringLiteral("query.from.schema: only a table has a schema");
    QTest::newRow("empty table name")
        << QStringLiteral(R"({"format": 1, "query": {"from": ""}})")
        << QStringLiteral("query.from: expected a table name "
                          "(\"table\" or \"schema.table\"), not \"\"");
    QTest::newRow("cte without name")
        << QStringLiteral(R"({"format": 1, "query": {"with": [{"query": {"from": "t"}}],
               "from": {"cte": "c"}}})")
        << QStringLiteral("query.with[0].name: required field is missing");
    QTest::newRow("window over not an object")
        << QStringLiteral(R"({"format": 1, "query": {"from": "t", "select": [
               {"function": "avg", "arg": "a", "over": ["b"]}]}})")
        << QStringLiteral("query.select[0].over: expected an object, not a list");
    QTest::newRow("window partition")
        << QStringLiteral(R"({"format": 1, "query": {"from": "t", "select": [
               {"function": "avg", "arg": "a", "over": {"partitionBy": [""]}}]}})")
        << QStringLiteral("query.select[0].over.partitionBy[0]: expected a column (\"column\" or "
                          "\"source.column\"), not \"\"");
}

void TestQueryJson::errorsNameThePath()
{
    QFETCH(QString, json);
    QFETCH(QString, message);
    const Result<Query> loaded = fromJson(parse(json));
    QVERIFY(!loaded.ok());
    QCOMPARE(loaded.error().message, message);
    QVERIFY(loaded.error().isError());
}

void TestQueryJson::filesAreIndentedWithATrailingNewline()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("saved.json"));
    const Query seed = dbx::test::seedCompensationDiff();
    const Status written = writeQueryFile(path, seed);
    QVERIFY2(written.ok(), qPrintable(written.error().message));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    QVERIFY(text.endsWith("}\n"));
    QVERIFY(text.contains("\n    \"query\": {\n"));
    const Result<Query> read = readQueryFile(path);
    QVERIFY2(read.ok(), qPrintable(read.error().message));
    QVERIFY(read.value() == seed);
}

void TestQueryJson::fileErrorsNameTheFile()
{
    QTemporaryDir dir;
    const QString missing = dir.filePath(QStringLiteral("missing.json"));
    Result<Query> read = readQueryFile(missing);
    QVERIFY(!read.ok());
    QVERIFY2(read.error().message.startsWith(QStringLiteral("Cannot read ") + missing),
             qPrintable(read.error().message));

    const QString broken = dir.filePath(QStringLiteral("broken.json"));
    QFile file(broken);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{\n  \"format\": 1,\n  \"query\": {\"from\": \"t\",}\n}\n");
    file.close();
    read = readQueryFile(broken);
    QVERIFY(!read.ok());
    QVERIFY2(read.error().message.startsWith(broken + QStringLiteral(":3:")),
             qPrintable(read.error().message));
    QVERIFY(read.error().message.contains(QLatin1String("not valid JSON")));

    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write("{\"format\": 1, \"query\": {\"from\": \"t\", \"limit\": true}}\n");
    file.close();
    read = readQueryFile(broken);
    QVERIFY(!read.ok());
    QCOMPARE(read.error().message,
             broken + QStringLiteral(": query.limit: expected a whole number, 0 or more, not "
                                     "true/false"));

    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write("[1, 2]\n");
    file.close();
    read = readQueryFile(broken);
    QVERIFY(!read.ok());
    QVERIFY(read.error().message.startsWith(broken + QStringLiteral(": expected a JSON object")));
}

// A NUL, as a byte or as the escape \u0000, would reach libpq inside a value and cut it short
// there: the file is refused at the line that holds it.
void TestQueryJson::nulIsRefusedWithItsLine()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("nul.json"));
    const auto readWith = [&path](const QByteArray &text) {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return QStringLiteral("cannot write");
        file.write(text);
        file.close();
        const Result<Query> read = readQueryFile(path);
        return read.ok() ? QString() : read.error().message;
    };
    QString error = readWith(QByteArray("{\"format\": 1,\n\"query\": {\"from\": \"t\"}}\n\0", 39));
    QVERIFY2(error.startsWith(path + QStringLiteral(":3: ")) &&
                 error.contains(QLatin1String("NUL")),
             qPrintable(error));
    error = readWith("{\"format\": 1,\n\"query\": {\"from\": \"t\\u0000x\"}}\n");
    QVERIFY2(error.startsWith(path + QStringLiteral(":2: ")) &&
                 error.contains(QLatin1String("NUL")),
             qPrintable(error));
    // An escaped backslash followed by "u0000" is text, not a NUL.
    error = readWith("{\"format\": 1,\n\"query\": {\"from\": \"t\\\\u0000x\"}}\n");
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

// /dev/zero would be read until memory runs out; a file of gigabytes is no saved query either.
void TestQueryJson::devicesAndHugeFilesAreRefused()
{
    Result<Query> read = readQueryFile(QStringLiteral("/dev/zero"));
    QVERIFY(!read.ok());
    QVERIFY2(read.error().message.contains(QLatin1String("not a regular file")),
             qPrintable(read.error().message));
    QTemporaryDir dir;
    QFile big(dir.filePath(QStringLiteral("big.json")));
    QVERIFY(big.open(QIODevice::WriteOnly));
    QVERIFY(big.resize(maxQueryFileBytes + 1)); // sparse: nothing is written
    big.close();
    read = readQueryFile(big.fileName());
    QVERIFY(!read.ok());
    QVERIFY2(read.error().message.contains(QLatin1String("64 MB")),
             qPrintable(read.error().message));
}

QTEST_GUILESS_MAIN(TestQueryJson)
#include "tst_queryjson.moc"
