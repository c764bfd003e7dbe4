// TableQuery without a database: golden SQL for every filter operator, every paging direction
// and kind of key, and hostile values that must only ever appear among the bound parameters.

#include "model/data/tablequery.h"

#include <QRegularExpression>
#include <QtTest>

using namespace dbx::model;
using Filter = query::Filter;
using Op = Filter::Op;

namespace {
QString s(const char *text)
{
    return QString::fromUtf8(text);
}

TableQuery items()
{
    TableQuery q;
    q.setRelation(s("public"), s("items"), {s("id"), s("name"), s("qty")}, {s("id")});
    return q;
}

TableQuery filtered(const Filter &c)
{
    TableQuery q = items();
    q.setFilter(c);
    return q;
}
} // namespace

class TestTableQuery : public QObject {
    Q_OBJECT

private slots:
    void firstAndLastPageByPrimaryKey()
    {
        const TableQuery q = items();
        QCOMPARE(q.paging(), TableQuery::Paging::Keyset);
        QCOMPARE(q.cursorColumnCount(), 1);
        QVERIFY(q.readOnlyReason().isEmpty());
        Statement st = q.firstPage(100);
        QCOMPARE(st.sql, s("SELECT \"id\", \"name\", \"qty\", \"id\"::text AS \"dbx_cursor_0\", "
                           "xmin::text AS dbx_version "
                           "FROM \"public\".\"items\" "
                           "ORDER BY \"id\" ASC LIMIT 100"));
        QVERIFY(st.params.isEmpty());
        st = q.lastPage(40);
        QCOMPARE(st.sql, s("SELECT \"id\", \"name\", \"qty\", \"id\"::text AS \"dbx_cursor_0\", "
                           "xmin::text AS dbx_version "
                           "FROM \"public\".\"items\" "
                           "ORDER BY \"id\" DESC LIMIT 40"));
    }

    void keysetForwardAndBackward()
    {
        const TableQuery q = items();
        Statement st = q.pageAfter({s("42")}, 100);
        QVERIFY(st.sql.endsWith(s("FROM \"public\".\"items\" WHERE \"id\" > $1 "
                                  "ORDER BY \"id\" ASC LIMIT 100")));
        QCOMPARE(st.params, QVariantList{s("42")});
        st = q.pageBefore({s("42")}, 100);
        QVERIFY(st.sql.endsWith(s("WHERE \"id\" < $1 ORDER BY \"id\" DESC LIMIT 100")));
    }

    void compositeKey()
    {
        TableQuery q;
        q.setRelation(s("s"), s("t"), {s("a"), s("b"), s("v")}, {s("a"), s("b")});
        const Statement st = q.pageAfter({s("1"), s("x")}, 10);
        QCOMPARE(st.sql,
                 s("SELECT \"a\", \"b\", \"v\", \"a\"::text AS \"dbx_cursor_0\", "
                   "\"b\"::text AS \"dbx_cursor_1\", xmin::text AS dbx_version FROM \"s\".\"t\" "
                   "WHERE (\"a\", \"b\") > ($1, $2) ORDER BY \"a\" ASC, \"b\" ASC LIMIT 10"));
        QCOMPARE(st.params, (QVariantList{s("1"), s("x")}));
    }

    void sortOnNullableColumn()
    {
        TableQuery q = items();
        q.setSort({s("qty"), Qt::AscendingOrder, SortSpec::Nulls::Default});
        QCOMPARE(q.cursorColumnCount(), 2);
        Statement st = q.firstPage(10);
        QVERIFY(st.sql.contains(
            s("\"qty\"::text AS \"dbx_cursor_0\", \"id\"::text AS \"dbx_cursor_1\", "
              "xmin::text AS dbx_version FROM")));
        QVERIFY(st.sql.endsWith(s("ORDER BY \"qty\" ASC NULLS LAST, \"id\" ASC LIMIT 10")));

        st = q.pageAfter({s("5"), s("42")}, 10);
        QVERIFY2(st.sql.contains(s(" WHERE ((\"qty\" >= $1 AND (\"qty\", \"id\") > ($2, $3)) OR "
                                   "\"qty\" IS NULL) ORDER BY")),
                 qPrintable(st.sql));
        QCOMPARE(st.params, (QVariantList{s("5"), s("5"), s("42")}));

        st = q.pageAfter({QVariant(), s("42")}, 10);
        QVERIFY2(st.sql.contains(s(" WHERE (\"qty\" IS NULL AND \"id\" > $1) ORDER BY")),
                 qPrintable(st.sql));
        QCOMPARE(st.params, QVariantList{s("42")});

        // Backward runs the reversed order: DESC NULLS FIRST.
        st = q.pageBefore({s("5"), s("42")}, 10);
        QVERIFY2(st.sql.contains(s(" WHERE (\"qty\" <= $1 AND (\"qty\", \"id\") < ($2, $3)) "
                                   "ORDER BY \"qty\" DESC NULLS FIRST, \"id\" DESC LIMIT 10")),
                 qPrintable(st.sql));
        st = q.pageBefore({QVariant(), s("42")}, 10);
        QVERIFY2(st.sql.contains(s(" WHERE ((\"qty\" IS NULL AND \"id\" < $1) OR \"qty\" IS NOT "
                                   "NULL) ORDER BY")),
                 qPrintable(st.sql));
    }

    void sortDescendingNullsLast()
    {
        TableQuery q = items();
        q.setSort({s("qty"), Qt::DescendingOrder, SortSpec::Nulls::Last});
        Statement st = q.firstPage(10);
        QVERIFY(st.sql.endsWith(s("ORDER BY \"qty\" DESC NULLS LAST, \"id\" DESC LIMIT 10")));
        st = q.pageAfter({s("5"), s("42")}, 10);
        QVERIFY2(st.sql.contains(s("WHERE ((\"qty\" <= $1 AND (\"qty\", \"id\") < ($2, $3)) OR "
                                   "\"qty\" IS NULL)")),
                 qPrintable(st.sql));
    }

    void sortOnNotNullColumnNeedsNoNullBranch()
    {
        TableQuery q = items();
        q.setNotNullColumns({s("qty")});
        q.setSort({s("qty"), Qt::AscendingOrder, SortSpec::Nulls::Default});
        const Statement st = q.pageAfter({s("5"), s("42")}, 10);
        QVERIFY2(st.sql.contains(s("WHERE \"qty\" >= $1 AND (\"qty\", \"id\") > ($2, $3) ORDER")),
                 qPrintable(st.sql));
    }

    void sortOnKeyIsNotRepeated()
    {
        TableQuery q = items();
        q.setSort({s("id"), Qt::DescendingOrder, SortSpec::Nulls::Default});
        QCOMPARE(q.cursorColumnCount(), 1);
        const Statement st = q.pageAfter({s("7")}, 5);
        QVERIFY2(st.sql.endsWith(s("WHERE \"id\" < $1 ORDER BY \"id\" DESC NULLS FIRST LIMIT 5")),
                 qPrintable(st.sql));
    }

    void tableWithoutKeyPagesByCtid()
    {
        TableInfo t;
        t.schema = s("public");
        t.name = s("loose");
        t.columns << ColumnInfo{
            s("v"), s("text"), ColumnType::fromName(s("text")), false, {}, false, false, 1};
        const TableQuery q = TableQuery::fromTable(t);
        QCOMPARE(q.paging(), TableQuery::Paging::Ctid);
        QVERIFY(!q.readOnlyReason().isEmpty());
        const Statement st = q.pageAfter({s("(0,5)")}, 10);
        QCOMPARE(st.sql, s("SELECT \"v\", \"ctid\"::text AS \"dbx_cursor_0\" FROM "
                           "\"public\".\"loose\" WHERE \"ctid\" > $1 "
                           "ORDER BY \"ctid\" ASC LIMIT 10"));
    }

    void ctidPagesByBlockWindows()
    {
        TableQuery q;
        q.setRelation(s("public"), s("loose"), {s("v")}, {});
        QVERIFY(q.usesBlockWindows());
        Statement st = q.pageInBlocks({s("(7,3)")}, 10, false, 71);
        QCOMPARE(st.sql,
                 s("SELECT \"v\", \"ctid\"::text AS \"dbx_cursor_0\" FROM \"public\".\"loose\" "
                   "WHERE \"ctid\" > $1 AND \"ctid\" < $2 ORDER BY \"ctid\" ASC LIMIT 10"));
        QCOMPARE(st.params, (QVariantList{s("(7,3)"), s("(71,0)")}));
        st = q.pageInBlocks({}, 10, true, 40);
        QVERIFY2(st.sql.endsWith(s("WHERE \"ctid\" >= $1 ORDER BY \"ctid\" DESC LIMIT 10")),
                 qPrintable(st.sql));
        QCOMPARE(st.params, QVariantList{s("(40,0)")});
        q.setSort({s("v"), Qt::AscendingOrder, SortSpec::Nulls::Default});
        QVERIFY(!q.usesBlockWindows());
    }

    void uniqueNotNullKeyServesAsKey()
    {
        TableInfo t;
        t.schema = s("public");
        t.name = s("u");
        t.columns << ColumnInfo{
            s("code"), s("text"), ColumnType::fromName(s("text")), true, {}, false, false, 1};
        t.uniques << UniqueInfo{s("u_code"), {s("code")}};
        QCOMPARE(TableQuery::fromTable(t).paging(), TableQuery::Paging::Keyset);
        QCOMPARE(TableQuery::fromTable(t).keyColumns(), QStringList{s("code")});
    }

    void viewWithoutKeyPagesByOffset()
    {
        TableInfo t;
        t.schema = s("public");
        t.name = s("v");
        t.kind = TableInfo::Kind::View;
        t.columns << ColumnInfo{
            s("x"), s("integer"), ColumnType::fromName(s("integer")), false, {}, false, false, 1};
        TableQuery q = TableQuery::fromTable(t);
        QCOMPARE(q.paging(), TableQuery::Paging::Offset);
        QVERIFY(!q.readOnlyReason().isEmpty());
        QCOMPARE(q.cursorColumnCount(), 0);
        QCOMPARE(q.pageAt(200, 100).sql,
                 s("SELECT \"x\" FROM \"public\".\"v\" LIMIT 100 OFFSET 200"));
        q.setSort({s("x"), Qt::AscendingOrder, SortSpec::Nulls::Default});
        QCOMPARE(q.pageAt(0, 10).sql,
                 s("SELECT \"x\" FROM \"public\".\"v\" ORDER BY \"x\" ASC NULLS LAST LIMIT 10 "
                   "OFFSET 0"));
        QVERIFY(q.positionSample(1).sql.isEmpty());
    }

    void filterOperators_data()
    {
        QTest::addColumn<int>("op");
        QTest::addColumn<bool>("ignoreCase");
        QTest::addColumn<QVariantList>("values");
        QTest::addColumn<QString>("where");
        QTest::addColumn<QVariantList>("params");
        const QVariantList one{s("v")};
        QTest::newRow("=") << int(Op::Eq) << false << one << s("\"name\" = $1") << one;
        QTest::newRow("<>") << int(Op::Ne) << false << one << s("\"name\" <> $1") << one;
        QTest::newRow("<") << int(Op::Lt) << false << one << s("\"name\" < $1") << one;
        QTest::newRow("<=") << int(Op::Le) << false << one << s("\"name\" <= $1") << one;
        QTest::newRow(">") << int(Op::Gt) << false << one << s("\"name\" > $1") << one;
        QTest::newRow(">=") << int(Op::Ge) << false << one << s("\"name\" >= $1") << one;
        QTest::newRow("contains") << int(Op::Contains) << false << QVariantList{s("5%_\\x")}
                                  << s("\"name\" LIKE $1") << QVariantList{s("%5\\%\\_\\\\x%")};
        QTest::newRow("starts") << int(Op::StartsWith) << false << one << s("\"name\" LIKE $1")
                                << QVariantList{s("v%")};
        QTest::newRow("ends") << int(Op::EndsWith) << false << one << s("\"name\" LIKE $1")
                              << QVariantList{s("%v")};
        QTest::newRow("icontains")
            << int(Op::Contains) << true << one << s("\"name\" ILIKE $1") << QVariantList{s("%v%")};
        QTest::newRow("istarts") << int(Op::StartsWith) << true << QVariantList{s("a_b")}
                                 << s("\"name\" ILIKE $1") << QVariantList{s("a\\_b%")};
        QTest::newRow("iends") << int(Op::EndsWith) << true << one << s("\"name\" ILIKE $1")
                               << QVariantList{s("%v")};
        QTest::newRow("in") << int(Op::In) << false << QVariantList{1, 2, 3}
                            << s("\"name\" IN ($1, $2, $3)") << QVariantList{1, 2, 3};
        QTest::newRow("between") << int(Op::Between) << false << QVariantList{1, 9}
                                 << s("\"name\" BETWEEN $1 AND $2") << QVariantList{1, 9};
        QTest::newRow("null") << int(Op::IsNull) << false << QVariantList{} << s("\"name\" IS NULL")
                              << QVariantList{};
        QTest::newRow("not null") << int(Op::IsNotNull) << false << QVariantList{}
                                  << s("\"name\" IS NOT NULL") << QVariantList{};
    }

    void filterOperators()
    {
        QFETCH(int, op);
        QFETCH(bool, ignoreCase);
        QFETCH(QVariantList, values);
        QFETCH(QString, where);
        QFETCH(QVariantList, params);
        const TableQuery q =
            filtered(Filter::column(s("name"), Op(op), values).ignoringCase(ignoreCase));
        const Statement count = q.count();
        QCOMPARE(count.sql,
                 s("SELECT count(*) FROM \"public\".\"items\" WHERE (") + where + s(")"));
        QCOMPARE(count.params, params);
        const Statement first = q.firstPage(10);
        QVERIFY(first.sql.contains(s(" WHERE (") + where + s(") ORDER BY")));
        QCOMPARE(first.params, params);
    }

    void longInListBindsOneArray()
    {
        QVariantList many;
        for (int i = 0; i < 70000; ++i)
            many << i;
        const TableQuery q = filtered(Filter::column(s("id"), Op::In, many));
        const Statement st = q.count();
        QCOMPARE(st.sql, s("SELECT count(*) FROM \"public\".\"items\" WHERE (\"id\" = ANY($1))"));
        QCOMPARE(st.params.size(), 1);
        QCOMPARE(st.params.first().toList().size(), 70000);
    }

    void nestedGroupsAndParameterOrder()
    {
        TableQuery q = items();
        const Filter inner =
            Filter::group(Filter::Logic::Or, {Filter::column(s("qty"), Op::Lt, {1}),
                                              Filter::column(s("qty"), Op::Gt, {9})});
        const Filter top = Filter::group(
            Filter::Logic::And, {Filter::column(s("name"), Op::Eq, {s("a")}), inner,
                                 Filter::group(Filter::Logic::And)}); // empty groups vanish
        q.setFilter(top);
        const Statement st = q.pageAfter({s("42")}, 10);
        QVERIFY2(st.sql.contains(s(" WHERE (\"name\" = $1 AND (\"qty\" < $2 OR \"qty\" > $3)) AND "
                                   "\"id\" > $4 ORDER BY")),
                 qPrintable(st.sql));
        QCOMPARE(st.params, (QVariantList{s("a"), 1, 9, s("42")}));
    }

    void hostileValuesOnlyInParameters_data()
    {
        QTest::addColumn<QString>("value");
        QTest::newRow("injection") << s("'; DROP TABLE x; --");
        QTest::newRow("quotes") << s("it's \"quoted\"");
        QTest::newRow("backslash") << s("C:\\dir\\' OR 1=1 --");
        QTest::newRow("wildcards") << s("100% _sure_");
        QTest::newRow("placeholder") << s("? $9 :name");
    }

    void hostileValuesOnlyInParameters()
    {
        QFETCH(QString, value);
        const QList<Filter> filters{
            Filter::column(s("name"), Op::Eq, {value}),
            Filter::column(s("name"), Op::Contains, {value}),
            Filter::column(s("name"), Op::StartsWith, {value}).ignoringCase(),
            Filter::column(s("name"), Op::In, {value, value}),
            Filter::column(s("name"), Op::Between, {value, value})};
        static const QRegularExpression placeholder(s("\\$[0-9]+"));
        for (const Filter &f : filters) {
            const TableQuery q = filtered(f);
            for (const Statement &st : {q.count(), q.firstPage(5), q.pageAfter({value}, 5),
                                        q.lastPage(5), q.positionSample(10)}) {
                QVERIFY2(!st.sql.contains(s("DROP")), qPrintable(st.sql));
                QVERIFY2(!st.sql.contains(s("'")), qPrintable(st.sql));
                QVERIFY2(!st.sql.contains(s("\\")), qPrintable(st.sql));
                QVERIFY2(!st.sql.contains(s("%")), qPrintable(st.sql));
                QVERIFY2(!st.sql.contains(s(":name")), qPrintable(st.sql));
                QVERIFY2(!st.sql.contains(s("$9")), qPrintable(st.sql));
                qsizetype marks = 0;
                for (auto it = placeholder.globalMatch(st.sql); it.hasNext(); it.next())
                    ++marks;
                QCOMPARE(marks, st.params.size());
            }
        }
    }

    void hostileIdentifiersAreQuoted()
    {
        TableQuery q;
        q.setRelation(s("we\"ird"), s("ta ble"), {s("co\"l")}, {s("co\"l")});
        QCOMPARE(q.firstPage(1).sql, s("SELECT \"co\"\"l\", \"co\"\"l\"::text AS \"dbx_cursor_0\", "
                                       "xmin::text AS dbx_version "
                                       "FROM \"we\"\"ird\".\"ta ble\" ORDER BY "
                                       "\"co\"\"l\" ASC LIMIT 1"));
    }

    void positionSampleAndEstimate()
    {
        TableQuery q = items();
        QCOMPARE(q.positionSample(0.5).sql, s("SELECT \"id\"::text AS \"dbx_cursor_0\" FROM "
                                              "\"public\".\"items\" TABLESAMPLE SYSTEM (0.5000) "
                                              "ORDER BY \"id\" ASC"));
        QCOMPARE(
            q.countUpTo(10001).sql,
            s("SELECT count(*) FROM (SELECT 1 FROM \"public\".\"items\" LIMIT 10001) bounded"));
        QCOMPARE(q.estimate().sql, s("EXPLAIN (FORMAT JSON) SELECT 1 FROM \"public\".\"items\""));
    }
};

QTEST_APPLESS_MAIN(TestTableQuery)
#include "tst_tablequery.moc"
