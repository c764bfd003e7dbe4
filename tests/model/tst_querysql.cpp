// The query builder's generator, scope and validator without a database: golden SQL with its
// parameters for every clause, operator, join, aggregate and window function; literal SQL for
// reading; hostile names quoted and values bound; the scope the UI fills its pickers from; and
// the validator's message for each kind of mistake, on a hand-built snapshot of the demo schema.

#include "demosnapshot.h"
#include "model/query/queryscope.h"
#include "model/query/querysql.h"
#include "model/query/queryvalidator.h"
#include "seedqueries.h"

#include <QDate>
#include <QtTest>

using namespace dbx::model;
using namespace dbx::model::query;

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

Expr col(const char *source, const char *column)
{
    return Expr::col(s(source), s(column));
}

Expr val(const QVariant &v)
{
    return Expr::val(v);
}

Query from(const char *table, const char *alias = "")
{
    Query q;
    q.from = Source::fromTable(s("public"), s(table), s(alias));
    return q;
}

Filter cond(const Expr &left, Filter::Op op, const QList<Expr> &right = {})
{
    return Filter::condition(left, op, right);
}

Filter all(const QList<Filter> &children)
{
    return Filter::group(Filter::Logic::And, children);
}

Filter any(const QList<Filter> &children)
{
    return Filter::group(Filter::Logic::Or, children);
}

Join join(Join::Type type, const Source &target, const Filter &on)
{
    Join j;
    j.type = type;
    j.target = target;
    j.on = on;
    return j;
}

OrderItem order(const Expr &e, bool descending = false,
                OrderItem::Nulls nulls = OrderItem::Nulls::Default)
{
    OrderItem o;
    o.expr = e;
    o.descending = descending;
    o.nulls = nulls;
    return o;
}

ColumnInfo column(const char *name, const char *type, const char *category)
{
    ColumnInfo c;
    c.name = s(name);
    c.type = s(type);
    c.dataType = ColumnType::fromName(c.type);
    if (c.dataType.kind == TypeKind::Unknown && category[0] == 'E')
        c.dataType.kind = TypeKind::Enum;
    return c;
}

TableInfo table(const char *name, const QList<ColumnInfo> &columns)
{
    TableInfo t;
    t.schema = s("public");
    t.name = s(name);
    t.columns = columns;
    t.primaryKey = {s("id")};
    return t;
}

// The demo schema, plus a table with a boolean and a date.
SchemaSnapshot demoSnapshot()
{
    SchemaSnapshot snapshot = dbx::test::demoSnapshot();
    snapshot.schemas.first().tables
        << table("events", {column("id", "integer", "N"), column("active", "boolean", "B"),
                            column("day", "date", "D")});
    return snapshot;
}

QStringList messages(const QList<QueryProblem> &problems)
{
    QStringList out;
    for (const QueryProblem &p : problems)
        out << p.where + s(": ") + p.message;
    return out;
}

} // namespace

class TestQuerySql : public QObject {
    Q_OBJECT

private:
    SchemaSnapshot m_snapshot = demoSnapshot();

    // Asserts that exactly one problem was found and that it contains `text` and names `where`.
    bool hasProblem(const Query &q, const char *where, const char *text)
    {
        const QList<QueryProblem> problems = validate(q, m_snapshot);
        for (const QueryProblem &p : problems)
            if (p.where == s(where) && p.message.contains(s(text)))
                return true;
        qWarning() << "expected" << where << text << "got" << messages(problems);
        return false;
    }

private slots:
    void selectStar()
    {
        const Statement out = toSql(from("resumes"));
        QCOMPARE(out.sql, s("SELECT *\nFROM \"public\".\"resumes\""));
        QVERIFY(out.params.isEmpty());
    }

    void columnsLabelsAndAlias()
    {
        Query q = from("resumes", "r");
        q.select = {{col("r", "title"), {}}, {col("r", "compensation"), s("pay")}};
        q.distinct = true;
        QCOMPARE(toSql(q).sql, s("SELECT DISTINCT \"r\".\"title\", \"r\".\"compensation\" AS "
                                 "\"pay\"\nFROM \"public\".\"resumes\" AS \"r\""));
        Query other;
        other.from = Source::fromTable(s("hr"), s("people"));
        other.select = {{Expr::star(s("people")), {}}, {Expr::star(), {}}};
        QCOMPARE(toSql(other).sql, s("SELECT \"people\".*, *\nFROM \"hr\".\"people\""));
    }

    void comparisonOperators_data()
    {
        QTest::addColumn<int>("op");
        QTest::addColumn<QString>("text");
        QTest::newRow("=") << int(Filter::Op::Eq) << s("=");
        QTest::newRow("<>") << int(Filter::Op::Ne) << s("<>");
        QTest::newRow("<") << int(Filter::Op::Lt) << s("<");
        QTest::newRow("<=") << int(Filter::Op::Le) << s("<=");
        QTest::newRow(">") << int(Filter::Op::Gt) << s(">");
        QTest::newRow(">=") << int(Filter::Op::Ge) << s(">=");
        QTest::newRow("like") << int(Filter::Op::Like) << s("LIKE");
        QTest::newRow("ilike") << int(Filter::Op::ILike) << s("ILIKE");
    }

    void comparisonOperators()
    {
        QFETCH(int, op);
        QFETCH(QString, text);
        Query q = from("resumes");
        q.where = all({cond(col("resumes", "title"), Filter::Op(op), {val(s("a%b"))})});
        const Statement out = toSql(q);
        QCOMPARE(out.sql, s("SELECT *\nFROM \"public\".\"resumes\"\nWHERE \"resumes\".\"title\" ") +
                              text + s(" $1"));
        // Like and ILike bind the user's own pattern unchanged.
        QCOMPARE(out.params, QVariantList{s("a%b")});
    }

    void literalMatchOperators_data()
    {
        QTest::addColumn<int>("op");
        QTest::addColumn<QString>("pattern");
        QTest::newRow("contains") << int(Filter::Op::Contains) << s("%50\\%\\_off\\\\x%");
        QTest::newRow("starts") << int(Filter::Op::StartsWith) << s("50\\%\\_off\\\\x%");
        QTest::newRow("ends") << int(Filter::Op::EndsWith) << s("%50\\%\\_off\\\\x");
    }

    void literalMatchOperators()
    {
        QFETCH(int, op);
        QFETCH(QString, pattern);
        Query q = from("resumes");
        q.where = all({cond(col("resumes", "title"), Filter::Op(op), {val(s("50%_off\\x"))})});
        const Statement out = toSql(q);
        QVERIFY(out.sql.endsWith(s("\nWHERE \"resumes\".\"title\" LIKE $1")));
        QCOMPARE(out.params, QVariantList{pattern});
        // Another column on the right: compared by position, no pattern at all.
        Query other = from("resumes");
        other.where = all({cond(col("resumes", "title"), Filter::Op(op), {col("resumes", "id")})});
        QVERIFY(toSql(other).params.isEmpty());
    }

    void setAndNullOperators()
    {
        Query q = from("resumes");
        q.where =
            all({cond(col("resumes", "id"), Filter::Op::In, {val(1), val(2), val(3)}),
                 cond(col("resumes", "compensation"), Filter::Op::Between, {val(1000), val(2000)}),
                 cond(col("resumes", "title"), Filter::Op::IsNull),
                 cond(col("resumes", "workload"), Filter::Op::IsNotNull)});
        const Statement out = toSql(q);
        QCOMPARE(out.sql,
                 s("SELECT *\nFROM \"public\".\"resumes\"\nWHERE \"resumes\".\"id\" IN ($1, $2, "
                   "$3) AND \"resumes\".\"compensation\" BETWEEN $4 AND $5 AND "
                   "\"resumes\".\"title\" IS NULL AND \"resumes\".\"workload\" IS NOT NULL"));
        QCOMPARE(out.params, (QVariantList{1, 2, 3, 1000, 2000}));
    }

    void nestedGroups()
    {
        Query q = from("workers", "w");
        q.joins = {join(Join::Type::Inner, Source::fromTable(s("public"), s("resumes"), s("r")),
                        all({cond(col("r", "worker_id"), Filter::Op::Eq, {col("w", "id")})}))};
        q.where = all({cond(col("w", "id"), Filter::Op::Gt, {val(1)}),
                       any({cond(col("w", "username"), Filter::Op::Eq, {val(s("Bobr"))}),
                            cond(col("r", "compensation"), Filter::Op::IsNull),
                            all({cond(col("r", "id"), Filter::Op::Lt, {val(5)}),
                                 cond(col("r", "id"), Filter::Op::Gt, {val(2)})})}),
                       any({}), all({any({})}),
                       any({cond(col("r", "title"), Filter::Op::Ne, {val(s("x"))})})});
        const Statement out = toSql(q);
        QCOMPARE(out.sql,
                 s("SELECT *\nFROM \"public\".\"workers\" AS \"w\"\n"
                   "JOIN \"public\".\"resumes\" AS \"r\" ON \"r\".\"worker_id\" = \"w\".\"id\"\n"
                   "WHERE \"w\".\"id\" > $1 AND (\"w\".\"username\" = $2 OR "
                   "\"r\".\"compensation\" IS NULL OR (\"r\".\"id\" < $3 AND \"r\".\"id\" > $4)) "
                   "AND \"r\".\"title\" <> $5"));
        QCOMPARE(out.params, (QVariantList{1, s("Bobr"), 5, 2, s("x")}));
        // A top-level OR needs no parentheses; empty groups leave no WHERE at all.
        Query ors = from("resumes");
        ors.where = any({cond(col("resumes", "id"), Filter::Op::Eq, {val(1)}),
                         cond(col("resumes", "id"), Filter::Op::Eq, {val(2)})});
        QCOMPARE(toSql(ors).sql, s("SELECT *\nFROM \"public\".\"resumes\"\nWHERE "
                                   "\"resumes\".\"id\" = $1 OR \"resumes\".\"id\" = $2"));
        Query empty = from("resumes");
        empty.where = all({any({}), all({})});
        empty.having = any({});
        QCOMPARE(toSql(empty).sql, s("SELECT *\nFROM \"public\".\"resumes\""));
    }

    void joinTypes_data()
    {
        QTest::addColumn<int>("type");
        QTest::addColumn<QString>("text");
        QTest::newRow("inner") << int(Join::Type::Inner) << s("JOIN");
        QTest::newRow("left") << int(Join::Type::Left) << s("LEFT JOIN");
        QTest::newRow("right") << int(Join::Type::Right) << s("RIGHT JOIN");
        QTest::newRow("full") << int(Join::Type::Full) << s("FULL JOIN");
    }

    void joinTypes()
    {
        QFETCH(int, type);
        QFETCH(QString, text);
        Query q = from("resumes");
        q.joins = {
            join(Join::Type(type), Source::fromTable(s("public"), s("workers")),
                 all({cond(col("resumes", "worker_id"), Filter::Op::Eq, {col("workers", "id")})}))};
        QCOMPARE(toSql(q).sql, s("SELECT *\nFROM \"public\".\"resumes\"\n") + text +
                                   s(" \"public\".\"workers\" ON \"resumes\".\"worker_id\" = "
                                     "\"workers\".\"id\""));
        // A join without a condition stays valid SQL.
        q.joins.first().on = all({});
        QVERIFY(toSql(q).sql.endsWith(s("\"public\".\"workers\" ON TRUE")));
    }

    void aggregatesGroupByHaving()
    {
        Query q = from("resumes", "r");
        const Expr pay = col("r", "compensation");
        q.select = {{col("r", "workload"), {}},
                    {Expr::countAll(), s("n")},
                    {Expr::agg(Expr::Function::Count, pay), {}},
                    {Expr::agg(Expr::Function::CountDistinct, pay), {}},
                    {Expr::agg(Expr::Function::Sum, pay), {}},
                    {Expr::agg(Expr::Function::Avg, pay), {}},
                    {Expr::agg(Expr::Function::Min, pay), {}},
                    {Expr::agg(Expr::Function::Max, pay), {}}};
        q.groupBy = {col("r", "workload")};
        q.having = all({cond(Expr::countAll(), Filter::Op::Ge, {val(2)})});
        const Statement out = toSql(q);
        QCOMPARE(out.sql,
                 s("SELECT \"r\".\"workload\", count(*) AS \"n\", count(\"r\".\"compensation\"), "
                   "count(DISTINCT \"r\".\"compensation\"), sum(\"r\".\"compensation\"), "
                   "avg(\"r\".\"compensation\"), min(\"r\".\"compensation\"), "
                   "max(\"r\".\"compensation\")\n"
                   "FROM \"public\".\"resumes\" AS \"r\"\n"
                   "GROUP BY \"r\".\"workload\"\n"
                   "HAVING count(*) >= $1"));
        QCOMPARE(out.params, QVariantList{2});
        QVERIFY(validate(q, m_snapshot).isEmpty());
    }

    void windowFunctions()
    {
        Query q = from("resumes", "r");
        const QList<Expr> byWorkload = {col("r", "workload")};
        const QList<OrderItem> byPay = {
            order(col("r", "compensation"), true, OrderItem::Nulls::Last)};
        q.select = {
            {Expr::window(Expr::Function::Avg, {col("r", "compensation")}, byWorkload), s("a")},
            {Expr::window(Expr::Function::Rank, {}, byWorkload, byPay), s("rk")},
            {Expr::window(Expr::Function::DenseRank, {}, byWorkload, byPay), {}},
            {Expr::window(Expr::Function::RowNumber, {}, {}, byPay), {}},
            {Expr::window(Expr::Function::Count, {}, {}), {}},
        };
        QCOMPARE(toSql(q).sql,
                 s("SELECT avg(\"r\".\"compensation\") OVER (PARTITION BY \"r\".\"workload\") "
                   "AS \"a\", rank() OVER (PARTITION BY \"r\".\"workload\" ORDER BY "
                   "\"r\".\"compensation\" DESC NULLS LAST) AS \"rk\", dense_rank() OVER "
                   "(PARTITION BY \"r\".\"workload\" ORDER BY \"r\".\"compensation\" DESC NULLS "
                   "LAST), row_number() OVER (ORDER BY \"r\".\"compensation\" DESC NULLS LAST), "
                   "count(*) OVER ()\n"
                   "FROM \"public\".\"resumes\" AS \"r\""));
        QVERIFY2(validate(q, m_snapshot).isEmpty(),
                 qPrintable(messages(validate(q, m_snapshot)).join(s("\n"))));
    }

    void castAndArithmetic()
    {
        Query q = from("resumes", "r");
        q.select = {
            {Expr::arith(col("r", "compensation"), s("-"), val(1000)), s("less")},
            {Expr::arith(Expr::arith(col("r", "id"), s("*"), val(2)), s("/"), val(3)), {}},
            {col("r", "compensation").castTo(s("numeric(10, 2)")), {}},
            {col("r", "id").castTo(s("character varying(20)")), {}},
            {col("r", "id").castTo(s("double precision")), {}},
            {col("r", "title").castTo(s("text[]")), {}},
        };
        const Statement out = toSql(q);
        QCOMPARE(out.sql,
                 s("SELECT (\"r\".\"compensation\" - $1) AS \"less\", ((\"r\".\"id\" * $2) / $3), "
                   "CAST(\"r\".\"compensation\" AS numeric(10, 2)), CAST(\"r\".\"id\" AS "
                   "character varying(20)), CAST(\"r\".\"id\" AS double precision), "
                   "CAST(\"r\".\"title\" AS text[])\n"
                   "FROM \"public\".\"resumes\" AS \"r\""));
        QCOMPARE(out.params, (QVariantList{1000, 2, 3}));
    }

    // "char" (in quotes) is PostgreSQL's one-byte type, not char(1): a valid cast, written as is.
    void quotedTypeNamesAreValidCasts()
    {
        Query q = from("resumes");
        q.select = {{col("resumes", "title").castTo(s("\"char\"")), {}},
                    {col("resumes", "title").castTo(s("pg_catalog.\"char\"")), {}}};
        QVERIFY2(validate(q, m_snapshot).isEmpty(),
                 qPrintable(messages(validate(q, m_snapshot)).join(u'|')));
        QCOMPARE(toSql(q).sql, s("SELECT CAST(\"resumes\".\"title\" AS \"char\"), "
                                 "CAST(\"resumes\".\"title\" AS pg_catalog.\"char\")\n"
                                 "FROM \"public\".\"resumes\""));
        for (const char *bad :
             {"\"char", "\"char\"); DROP TABLE t; --", "\"a\"; drop table t; --\""}) {
            Query b = from("resumes");
            b.select = {{col("resumes", "id").castTo(s(bad)), {}}};
            QVERIFY2(hasProblem(b, "select 1", "is not a valid type name"), bad);
        }
    }

    void hostileCastAndOperatorNeverReachTheText()
    {
        Query q = from("resumes");
        q.select = {{col("resumes", "id").castTo(s("int); DROP TABLE workers; --")), {}},
                    {Expr::arith(col("resumes", "id"), s("; DELETE"), val(1)), {}}};
        const QString sql = toSql(q).sql;
        QCOMPARE(sql, s("SELECT CAST(\"resumes\".\"id\" AS \"int); DROP TABLE workers; --\"), "
                        "(\"resumes\".\"id\" \"; DELETE\" $1)\nFROM \"public\".\"resumes\""));
        const QStringList problems = messages(validate(q, m_snapshot));
        QCOMPARE(problems.size(), 2);
        QVERIFY(problems.at(0).startsWith(s("select 1: ")));
        QVERIFY(problems.at(0).contains(s("is not a valid type name")));
        QVERIFY(problems.at(1).contains(s("is not an arithmetic operator")));
    }

    void orderLimitOffset()
    {
        Query q = from("resumes");
        q.select = {{col("resumes", "title"), s("t")}};
        q.orderBy = {order(col("resumes", "compensation"), true, OrderItem::Nulls::First),
                     order(col("resumes", "id"), false, OrderItem::Nulls::Last),
                     order(Expr::col({}, s("t")))};
        q.limit = 10;
        q.offset = 20;
        const Statement out = toSql(q);
        QCOMPARE(out.sql, s("SELECT \"resumes\".\"title\" AS \"t\"\nFROM \"public\".\"resumes\"\n"
                            "ORDER BY \"resumes\".\"compensation\" DESC NULLS FIRST, "
                            "\"resumes\".\"id\" NULLS LAST, \"t\"\nLIMIT $1\nOFFSET $2"));
        QCOMPARE(out.params, (QVariantList{qint64(10), qint64(20)}));
        QVERIFY(validate(q, m_snapshot).isEmpty());
        q.limit = -1;
        q.offset = 0;
        QVERIFY(!toSql(q).sql.contains(s("LIMIT")));
        QVERIFY(!toSql(q).sql.contains(s("OFFSET")));
        q.limit = 0;
        QVERIFY(toSql(q).sql.endsWith(s("\nLIMIT $1")));
    }

    void subqueryAndCtes()
    {
        Query inner = from("resumes");
        inner.select = {{col("resumes", "id"), {}}};
        inner.where = all({cond(col("resumes", "title"), Filter::Op::Eq, {val(s("a"))})});
        Query first = from("workers");
        first.where = all({cond(col("workers", "id"), Filter::Op::Gt, {val(1)})});
        Query second;
        second.from = Source::fromCte(s("first"), s("f"));
        second.select = {{col("f", "id"), {}}};
        Query q;
        q.ctes = {NamedQuery{s("first"), first}, NamedQuery{s("second"), second}};
        q.from = Source::fromSubquery(inner, s("sub"));
        q.joins = {join(Join::Type::Left, Source::fromCte(s("second")),
                        all({cond(col("second", "id"), Filter::Op::Eq, {col("sub", "id")})}))};
        q.limit = 5;
        const Statement out = toSql(q);
        QCOMPARE(out.sql, s("WITH \"first\" AS (\n"
                            "  SELECT *\n"
                            "  FROM \"public\".\"workers\"\n"
                            "  WHERE \"workers\".\"id\" > $1\n"
                            "),\n"
                            "\"second\" AS (\n"
                            "  SELECT \"f\".\"id\"\n"
                            "  FROM \"first\" AS \"f\"\n"
                            ")\n"
                            "SELECT *\n"
                            "FROM (\n"
                            "  SELECT \"resumes\".\"id\"\n"
                            "  FROM \"public\".\"resumes\"\n"
                            "  WHERE \"resumes\".\"title\" = $2\n"
                            ") AS \"sub\"\n"
                            "LEFT JOIN \"second\" ON \"second\".\"id\" = \"sub\".\"id\"\n"
                            "LIMIT $3"));
        QCOMPARE(out.params, (QVariantList{1, s("a"), qint64(5)}));
        QVERIFY2(validate(q, m_snapshot).isEmpty(),
                 qPrintable(messages(validate(q, m_snapshot)).join(s("\n"))));
    }

    void parametersAreNumberedInTextOrder()
    {
        Query inner = from("workers");
        inner.where = all({cond(col("workers", "username"), Filter::Op::Eq, {val(s("p3"))})});
        Query q = from("resumes");
        q.select = {{Expr::window(Expr::Function::Sum,
                                  {Expr::arith(col("resumes", "id"), s("*"), val(s("p1")))},
                                  {Expr::arith(col("resumes", "id"), s("+"), val(s("p2")))}),
                     {}}};
        q.joins = {
            join(Join::Type::Inner, Source::fromSubquery(inner, s("w")),
                 all({cond(col("w", "id"), Filter::Op::Between, {val(s("p4")), val(s("p5"))})}))};
        const Statement out = toSql(q);
        QStringList seen;
        for (qsizetype at = out.sql.indexOf(QLatin1Char('$')); at >= 0;
             at = out.sql.indexOf(QLatin1Char('$'), at + 1))
            seen << out.sql.mid(at, 2);
        QCOMPARE(seen, (QStringList{s("$1"), s("$2"), s("$3"), s("$4"), s("$5")}));
        QCOMPARE(out.params, (QVariantList{s("p1"), s("p2"), s("p3"), s("p4"), s("p5")}));
    }

    void literalSql()
    {
        Query q = from("resumes");
        q.where =
            all({cond(col("resumes", "title"), Filter::Op::Eq,
                      {val(s("O'Reilly\\'; DROP TABLE workers; --"))}),
                 cond(col("resumes", "title"), Filter::Op::Contains, {val(s("100%"))}),
                 cond(col("resumes", "id"), Filter::Op::In,
                      {val(1), val(qint64(2)), val(2.5), val(true), val(QVariant())}),
                 cond(col("resumes", "created_at"), Filter::Op::Ge, {val(QDate(2024, 1, 31))})});
        q.limit = 3;
        QCOMPARE(toLiteralSql(q),
                 // A backslash is written in an E'' literal, doubled: read the same whatever
                 // standard_conforming_strings is.
                 s("SELECT *\nFROM \"public\".\"resumes\"\nWHERE \"resumes\".\"title\" = "
                   "E'O''Reilly\\\\''; DROP TABLE workers; --' AND \"resumes\".\"title\" LIKE "
                   "E'%100\\\\%%' AND \"resumes\".\"id\" IN (1, 2, 2.5, TRUE, NULL) AND "
                   "\"resumes\".\"created_at\" >= '2024-01-31'\nLIMIT 3"));
        // The same layout as the bound statement, values aside.
        QCOMPARE(toLiteralSql(q).count(QLatin1Char('\n')), toSql(q).sql.count(QLatin1Char('\n')));
    }

    void hostileIdentifiersAreQuoted()
    {
        Query q;
        q.from = Source::fromTable(s("my\"schema"), s("t\"; DROP TABLE x; --"), s("a\"b"));
        q.select = {{Expr::col(s("a\"b"), s("c\"d")), s("l\"l")}};
        QCOMPARE(toSql(q).sql, s("SELECT \"a\"\"b\".\"c\"\"d\" AS \"l\"\"l\"\nFROM "
                                 "\"my\"\"schema\".\"t\"\"; DROP TABLE x; --\" AS \"a\"\"b\""));
    }

    void multiLineNamesAndValuesKeepTheirText()
    {
        Query inner = from("resumes");
        inner.select = {{col("resumes", "a\nb"), {}}};
        inner.where = all({cond(col("resumes", "title"), Filter::Op::Eq, {val(s("x\n'y"))})});
        Query q;
        q.ctes = {NamedQuery{s("c"), inner}};
        q.from = Source::fromCte(s("c"));
        QCOMPARE(toSql(q).sql, s("WITH \"c\" AS (\n"
                                 "  SELECT \"resumes\".\"a\nb\"\n"
                                 "  FROM \"public\".\"resumes\"\n"
                                 "  WHERE \"resumes\".\"title\" = $1\n"
                                 ")\n"
                                 "SELECT *\n"
                                 "FROM \"c\""));
        // A line break of a value is written as \n in an E'' literal: one line per value.
        QVERIFY2(toLiteralSql(q).contains(s("\"title\" = E'x\\n''y'\n)")),
                 qPrintable(toLiteralSql(q)));
    }

    void seedQueriesGolden()
    {
        const Statement avg = toSql(dbx::test::seedAvgCompensation());
        QCOMPARE(avg.sql,
                 s("SELECT \"resumes\".\"workload\", CAST(avg(\"resumes\".\"compensation\") AS "
                   "integer) AS \"avg_compensation\"\n"
                   "FROM \"public\".\"resumes\"\n"
                   "WHERE \"resumes\".\"title\" LIKE $1 AND \"resumes\".\"compensation\" > $2\n"
                   "GROUP BY \"resumes\".\"workload\"\n"
                   "HAVING avg(\"resumes\".\"compensation\") > $3"));
        QCOMPARE(avg.params, (QVariantList{s("%Python%"), 40000, 70000}));
        QCOMPARE(toSql(dbx::test::seedCompensationDiff()).sql,
                 s("WITH \"helper2\" AS (\n"
                   "  SELECT *, (\"helper1\".\"compensation\" - "
                   "\"helper1\".\"avg_workload_compensation\") AS \"compensation_diff\"\n"
                   "  FROM (\n"
                   "    SELECT \"w\".\"id\", \"w\".\"username\", \"r\".\"compensation\", "
                   "\"r\".\"workload\", CAST(avg(\"r\".\"compensation\") OVER (PARTITION BY "
                   "\"r\".\"workload\") AS integer) AS \"avg_workload_compensation\"\n"
                   "    FROM \"public\".\"resumes\" AS \"r\"\n"
                   "    JOIN \"public\".\"workers\" AS \"w\" ON \"r\".\"worker_id\" = "
                   "\"w\".\"id\"\n"
                   "  ) AS \"helper1\"\n"
                   ")\n"
                   "SELECT *\n"
                   "FROM \"helper2\"\n"
                   "ORDER BY \"helper2\".\"compensation_diff\" DESC"));
        const Statement replies = toSql(dbx::test::seedPartTimeReplies());
        QCOMPARE(replies.sql,
                 s("SELECT \"workers\".\"username\", \"resumes\".\"title\", "
                   "\"resumes\".\"workload\", \"resumes\".\"compensation\", "
                   "\"vacancies\".\"title\"\n"
                   "FROM \"public\".\"workers\"\n"
                   "JOIN \"public\".\"resumes\" ON \"resumes\".\"worker_id\" = "
                   "\"workers\".\"id\"\n"
                   "JOIN \"public\".\"vacancies_replies\" ON "
                   "\"vacancies_replies\".\"resume_id\" = \"resumes\".\"id\"\n"
                   "JOIN \"public\".\"vacancies\" ON \"vacancies\".\"id\" = "
                   "\"vacancies_replies\".\"vacancy_id\"\n"
                   "WHERE \"resumes\".\"workload\" = $1 OR \"resumes\".\"compensation\" IS NULL"));
        QCOMPARE(replies.params, QVariantList{s("parttime")});
    }

    void seedQueriesAreValid()
    {
        for (const Query &q : {dbx::test::seedAvgCompensation(), dbx::test::seedCompensationDiff(),
                               dbx::test::seedPartTimeReplies()}) {
            const QList<QueryProblem> problems = validate(q, m_snapshot);
            QVERIFY2(problems.isEmpty(), qPrintable(messages(problems).join(s("\n"))));
        }
    }

    void scopeOfTablesAndEnums()
    {
        Query q = from("resumes", "r");
        q.joins = {join(Join::Type::Inner, Source::fromTable(s("public"), s("workers")), {})};
        const QList<ScopeColumn> scope = columnsInScope(q, m_snapshot);
        QCOMPARE(scope.size(), 9);
        QCOMPARE(scope.at(0).source, s("r"));
        QCOMPARE(scope.at(3).name, s("workload"));
        QCOMPARE(scope.at(3).dataType.kind, TypeKind::Enum);
        QCOMPARE(scope.at(3).enumSchema, s("public"));
        QCOMPARE(scope.at(5).dataType.kind, TypeKind::Timestamp);
        QCOMPARE(scope.at(8).source, s("workers"));
        QCOMPARE(scope.at(8).type, s("character varying"));
        // An enum written schema-qualified by format_type is found as well.
        SchemaSnapshot qualified = m_snapshot;
        qualified.schemas[0].tables[1].columns[3].type = s("public.workload");
        qualified.schemas[0].tables[1].columns[3].dataType = {};
        QCOMPARE(columnsInScope(from("resumes"), qualified).at(3).enumSchema, s("public"));
        // A table the snapshot does not know contributes nothing.
        QVERIFY(columnsInScope(from("nope"), m_snapshot).isEmpty());
    }

    void outputColumnsOfNestedQueries()
    {
        const Query diff = dbx::test::seedCompensationDiff();
        const QList<ScopeColumn> inner = outputColumns(diff.ctes.first().query, m_snapshot);
        QStringList names;
        for (const ScopeColumn &c : inner)
            names << c.name;
        QCOMPARE(names, (QStringList{s("id"), s("username"), s("compensation"), s("workload"),
                                     s("avg_workload_compensation"), s("compensation_diff")}));
        QCOMPARE(inner.at(3).dataType.kind, TypeKind::Enum);
        QCOMPARE(inner.at(4).type, s("integer"));
        QVERIFY(inner.at(5).dataType.isNumeric());
        const QList<ScopeColumn> top = columnsInScope(diff, m_snapshot);
        QCOMPARE(top.size(), 6);
        QCOMPARE(top.first().source, s("helper2"));

        Query agg = from("resumes");
        agg.select = {{Expr::countAll(), {}},
                      {Expr::agg(Expr::Function::Avg, col("resumes", "compensation")), s("a")},
                      {Expr::agg(Expr::Function::Max, col("resumes", "created_at")), {}},
                      {Expr::window(Expr::Function::RowNumber, {}, {}), {}},
                      {Expr::arith(col("resumes", "id"), s("+"), col("resumes", "worker_id")), {}},
                      {col("resumes", "id").castTo(s("text")), {}}};
        const QList<ScopeColumn> out = outputColumns(agg, m_snapshot);
        QCOMPARE(out.size(), 6);
        QCOMPARE(out.at(0).name, s("count"));
        QCOMPARE(out.at(0).type, s("bigint"));
        QCOMPARE(out.at(1).name, s("a"));
        QCOMPARE(out.at(1).type, s("numeric"));
        QCOMPARE(out.at(2).type, s("timestamp without time zone"));
        QCOMPARE(out.at(2).dataType.kind, TypeKind::Timestamp);
        QCOMPARE(out.at(3).name, s("row_number"));
        QCOMPARE(out.at(3).dataType.kind, TypeKind::Integer);
        QCOMPARE(out.at(4).name, s("?column?"));
        QCOMPARE(out.at(4).type, s("integer"));
        QCOMPARE(out.at(5).name, s("id"));
        QCOMPARE(out.at(5).dataType.kind, TypeKind::Text);
    }

    void validatorUnknownNames()
    {
        Query q = from("resumez");
        QCOMPARE(messages(validate(q, m_snapshot)),
                 QStringList{s("from: Table public.resumez does not exist (the schema may have "
                               "changed).")});
        Query c = from("resumes");
        c.select = {{col("resumes", "salary"), {}}};
        QCOMPARE(messages(validate(c, m_snapshot)),
                 QStringList{s("select 1: Column resumes.salary does not exist (the schema may "
                               "have changed).")});
        Query src = from("resumes");
        src.where = all({cond(col("w", "id"), Filter::Op::Eq, {val(1)})});
        QVERIFY(hasProblem(src, "where", "Unknown source \"w\""));
        Query cte;
        cte.from = Source::fromCte(s("helper9"));
        QVERIFY(hasProblem(cte, "from", "There is no CTE named \"helper9\""));
        Query dup = from("resumes");
        dup.joins = {join(Join::Type::Inner, Source::fromTable(s("public"), s("resumes")), {})};
        QVERIFY(hasProblem(dup, "join resumes", "is used by two sources"));
        Query ambiguous = from("resumes");
        ambiguous.joins = {join(
            Join::Type::Inner, Source::fromTable(s("public"), s("workers")),
            all({cond(Expr::col({}, s("id")), Filter::Op::Eq, {col("resumes", "worker_id")})}))};
        QVERIFY(hasProblem(ambiguous, "join workers", "\"id\" is ambiguous"));
        // A later CTE sees an earlier one; an earlier one does not see a later one.
        Query order;
        Query early;
        early.from = Source::fromCte(s("late"));
        order.ctes = {NamedQuery{s("early"), early}, NamedQuery{s("late"), from("workers")}};
        order.from = Source::fromCte(s("early"));
        QVERIFY(hasProblem(order, "cte early \u203a from", "There is no CTE named \"late\""));
    }

    void validatorNestedPrefixes()
    {
        Query inner = from("resumes");
        inner.select = {{col("resumes", "nope"), {}}};
        Query q;
        q.ctes = {NamedQuery{s("helper2"), inner}};
        q.from = Source::fromCte(s("helper2"));
        q.select = {{col("helper2", "nope"), {}}};
        // Reported once, where it is wrong; the outer query does not repeat it.
        QCOMPARE(messages(validate(q, m_snapshot)),
                 QStringList{s("cte helper2 \u203a select 1: Column resumes.nope does not exist "
                               "(the schema may have changed).")});
        Query sub;
        sub.from = Source::fromSubquery(inner, s("helper1"));
        QCOMPARE(validate(sub, m_snapshot).first().where, s("subquery helper1 \u203a select 1"));
    }

    void validatorAggregates()
    {
        Query avgText = from("resumes");
        avgText.select = {{Expr::agg(Expr::Function::Avg, col("resumes", "title")), {}}};
        QCOMPARE(messages(validate(avgText, m_snapshot)),
                 QStringList{s("select 1: avg needs a numeric column; resumes.title is character "
                               "varying(256)")});
        Query sumEnum = from("resumes");
        sumEnum.select = {{Expr::agg(Expr::Function::Sum, col("resumes", "workload")), {}}};
        QVERIFY(hasProblem(sumEnum, "select 1", "sum needs a numeric column"));

        Query ungrouped = from("workers");
        ungrouped.joins = {
            join(Join::Type::Inner, Source::fromTable(s("public"), s("resumes")),
                 all({cond(col("resumes", "worker_id"), Filter::Op::Eq, {col("workers", "id")})}))};
        ungrouped.select = {{col("workers", "username"), {}}, {Expr::countAll(), {}}};
        QCOMPARE(messages(validate(ungrouped, m_snapshot)),
                 QStringList{s("select 1: workers.username must be in GROUP BY or inside an "
                               "aggregate")});
        // Grouping by the primary key groups every column of the table.
        ungrouped.groupBy = {col("workers", "id")};
        QVERIFY(validate(ungrouped, m_snapshot).isEmpty());
        ungrouped.orderBy = {order(col("resumes", "title"))};
        QVERIFY(hasProblem(ungrouped, "order by 1", "resumes.title must be in GROUP BY"));

        Query having = from("resumes");
        having.having = all({cond(col("resumes", "id"), Filter::Op::Gt, {val(1)})});
        QVERIFY(hasProblem(having, "having", "HAVING needs GROUP BY or an aggregate"));

        Query inWhere = from("resumes");
        inWhere.where = all({cond(Expr::countAll(), Filter::Op::Gt, {val(1)})});
        QVERIFY(hasProblem(inWhere, "where", "not allowed here; filter on them in HAVING"));

        Query rankAsAggregate = from("resumes");
        Expr rank = Expr::countAll();
        rank.function = Expr::Function::Rank;
        rankAsAggregate.select = {{rank, {}}};
        QVERIFY(hasProblem(rankAsAggregate, "select 1", "rank can only be used as a window"));

        Query windowInWhere = from("resumes");
        windowInWhere.where =
            all({cond(Expr::window(Expr::Function::RowNumber, {}, {}), Filter::Op::Eq, {val(1)})});
        QVERIFY(hasProblem(windowInWhere, "where", "only allowed in the select list"));
        Query distinctWindow = from("resumes");
        distinctWindow.select = {
            {Expr::window(Expr::Function::CountDistinct, {col("resumes", "id")}, {}), {}}};
        QVERIFY(hasProblem(distinctWindow, "select 1", "count(DISTINCT) cannot be used"));
        Query share = from("resumes");
        share.select = {{col("resumes", "workload"), {}},
                        {Expr::window(Expr::Function::Sum, {Expr::countAll()}, {}), {}}};
        share.groupBy = {col("resumes", "workload")};
        QVERIFY(validate(share, m_snapshot).isEmpty());
        Query nestedAggregate = from("resumes");
        nestedAggregate.select = {
            {Expr::agg(Expr::Function::Sum, Expr::agg(Expr::Function::Count, col("resumes", "id"))),
             {}}};
        QVERIFY(hasProblem(nestedAggregate, "select 1", "Aggregates cannot be nested"));
        Query rankArgs = from("resumes");
        rankArgs.select = {{Expr::window(Expr::Function::Rank, {col("resumes", "id")}, {}), {}}};
        QVERIFY(hasProblem(rankArgs, "select 1", "rank takes no arguments"));
    }

    void validatorValues()
    {
        auto where = [](const Expr &left, Filter::Op op, const QList<Expr> &right) {
            Query q = from("resumes");
            q.where = all({cond(left, op, right)});
            return q;
        };
        const Expr pay = col("resumes", "compensation");
        QCOMPARE(messages(validate(where(pay, Filter::Op::Gt, {val(s("abc"))}), m_snapshot)),
                 QStringList{s("where: compensation expects a number, got \"abc\"")});
        QVERIFY(hasProblem(where(pay, Filter::Op::Gt, {val(s("1.5"))}), "where",
                           "expects a whole number"));
        QVERIFY(validate(where(pay, Filter::Op::Gt, {val(s(" 42 "))}), m_snapshot).isEmpty());
        QVERIFY(validate(where(pay, Filter::Op::Gt, {val(42)}), m_snapshot).isEmpty());
        QCOMPARE(messages(validate(where(col("resumes", "workload"), Filter::Op::In,
                                         {val(s("parttime")), val(s("halftime"))}),
                                   m_snapshot)),
                 QStringList{s("where: workload has no value \"halftime\"; it can be parttime, "
                               "fulltime")});
        QVERIFY(
            hasProblem(where(col("resumes", "created_at"), Filter::Op::Ge, {val(s("2024-13-45"))}),
                       "where", "created_at expects a date or time"));
        QVERIFY(validate(where(col("resumes", "created_at"), Filter::Op::Between,
                               {val(s("2024-01-01")), val(s("2024-02-01 10:30"))}),
                         m_snapshot)
                    .isEmpty());
        Query events = from("events");
        events.where = all({cond(col("events", "active"), Filter::Op::Eq, {val(s("maybe"))}),
                            cond(col("events", "active"), Filter::Op::Eq, {val(s("true"))}),
                            cond(col("events", "day"), Filter::Op::Eq, {val(s("31.01.2024"))}),
                            cond(col("events", "day"), Filter::Op::Eq, {val(QDate(2024, 1, 31))})});
        const QStringList problems = messages(validate(events, m_snapshot));
        QCOMPARE(problems.size(), 2);
        QVERIFY(problems.at(0).contains(s("active expects true or false, got \"maybe\"")));
        QVERIFY(problems.at(1).contains(s("day expects a date")));
    }

    void validatorOperands()
    {
        const Expr pay = col("resumes", "compensation");
        auto where = [](const Filter &f) {
            Query q = from("resumes");
            q.where = all({f});
            return q;
        };
        QVERIFY(hasProblem(where(cond(pay, Filter::Op::Between, {val(1)})), "where",
                           "BETWEEN needs exactly two values, got 1"));
        QVERIFY(hasProblem(where(cond(pay, Filter::Op::In, {})), "where",
                           "IN needs at least one value"));
        QVERIFY(
            hasProblem(where(cond(pay, Filter::Op::IsNull, {val(1)})), "where", "take no value"));
        QVERIFY(hasProblem(where(cond(pay, Filter::Op::Eq, {val(QVariant())})), "where",
                           "use IS NULL"));
        QCOMPARE(
            messages(validate(where(cond(pay, Filter::Op::Contains, {val(s("5"))})), m_snapshot)),
            QStringList{s("where: contains needs a text column; resumes.compensation is "
                          "integer (cast it to text).")});
        QVERIFY(hasProblem(
            where(cond(col("resumes", "workload"), Filter::Op::ILike, {val(s("part%"))})), "where",
            "ILIKE needs a text column"));
        // Cast to text, the same filter is fine.
        QVERIFY(validate(where(cond(pay.castTo(s("text")), Filter::Op::StartsWith, {val(s("5"))})),
                         m_snapshot)
                    .isEmpty());
        Query arith = from("resumes");
        arith.select = {{Expr::arith(col("resumes", "title"), s("+"), val(1)), {}}};
        QVERIFY(hasProblem(arith, "select 1",
                           "Arithmetic works on numbers only; resumes.title is character "
                           "varying(256)"));
        Query limits = from("resumes");
        limits.limit = -5;
        limits.offset = -1;
        QCOMPARE(messages(validate(limits, m_snapshot)),
                 (QStringList{s("limit: LIMIT cannot be negative (-5)."),
                              s("offset: OFFSET cannot be negative (-1).")}));
        Query distinct = from("resumes");
        distinct.distinct = true;
        distinct.select = {{col("resumes", "workload"), s("w")}};
        distinct.orderBy = {order(Expr::col({}, s("w"))), order(col("resumes", "workload"))};
        QVERIFY(validate(distinct, m_snapshot).isEmpty());
        distinct.orderBy << order(col("resumes", "id"));
        QCOMPARE(messages(validate(distinct, m_snapshot)),
                 QStringList{s("order by 3: With DISTINCT, ORDER BY can only use selected "
                               "columns; add resumes.id to the select list.")});
        Query cast = from("resumes");
        cast.select = {{col("resumes", "id").castTo(s("integer; select")), {}}};
        QVERIFY(hasProblem(cast, "select 1", "is not a valid type name"));
        // An empty select list is SELECT *: valid.
        QVERIFY(validate(from("resumes"), m_snapshot).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestQuerySql)
#include "tst_querysql.moc"
