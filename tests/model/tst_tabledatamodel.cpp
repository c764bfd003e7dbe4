// TableDataModel against a real server: tables with and without a key, a composite key, a view,
// 100,000 rows opened, jumped through and sorted without reading what lies between, filters with
// hostile values, stale results dropped, and how each PostgreSQL type arrives.

#include "model/catalog/catalogreader.h"
#include "model/data/tabledatamodel.h"
#include "model/db/temporal.h"
#include "testcluster.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QtTest>

using namespace dbx::model;

namespace {
QString s(const char *text)
{
    return QString::fromUtf8(text);
}
const QString kDb = QStringLiteral("browse");
constexpr int kBigRows = 100000;
} // namespace

class TestTableDataModel : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<Database> m_db;
    std::unique_ptr<Database> m_background;
    SchemaSnapshot m_snapshot;

    TableInfo table(const char *name) const
    {
        const TableInfo *t = m_snapshot.table(s("public"), s(name));
        return t ? *t : TableInfo{};
    }

    std::unique_ptr<TableDataModel> open(const char *name, int pageSize = 100)
    {
        auto model =
            std::make_unique<TableDataModel>(m_db.get(), nullptr, m_background.get(), pageSize, 32);
        model->setTable(table(name));
        return model;
    }

    // Asks for `row` as a view would (data()) and waits until it is there.
    static bool load(TableDataModel &model, int row, int timeoutMs = 10000)
    {
        model.data(model.index(row, 0));
        return QTest::qWaitFor([&] { return model.isRowLoaded(row); }, timeoutMs);
    }

    static QVariant value(TableDataModel &model, int row, int column, int role = Qt::EditRole)
    {
        return model.data(model.index(row, column), role);
    }

    // Reads every row by scrolling down page by page; the first column of each.
    static QVariantList scrollAll(TableDataModel &model, int column = 0)
    {
        QVariantList values;
        for (int row = 0; row < model.rowCount(); ++row) {
            if (!load(model, row))
                return values;
            values << value(model, row, column);
        }
        return values;
    }

    QVariantList column(const QString &sql)
    {
        QVariantList values;
        QSqlQuery q(dbx::test::TestCluster::instance().open(kDb));
        q.setNumericalPrecisionPolicy(QSql::HighPrecision);
        if (!q.exec(sql))
            qWarning("%s", qPrintable(sql));
        while (q.next())
            values << q.value(0);
        return values;
    }

    static bool waitExact(TableDataModel &model)
    {
        return QTest::qWaitFor([&] { return model.isCountExact(); }, 20000);
    }

private slots:
    void initTestCase()
    {
        DBX_REQUIRE_CLUSTER();
        auto &cluster = dbx::test::TestCluster::instance();
        QVERIFY(cluster.recreateDatabase(kDb));
        QVERIFY(cluster.exec(kDb, s(R"(
CREATE TABLE big (id bigint PRIMARY KEY, label text NOT NULL, qty int);
INSERT INTO big SELECT g, 'row ' || g, CASE WHEN g % 400 = 0 THEN NULL ELSE (g * 7919) % 1000 END
  FROM generate_series(1, 100000) g;
CREATE INDEX big_qty ON big (qty);
CREATE TABLE pairs (a int, b text, v text, PRIMARY KEY (a, b));
INSERT INTO pairs SELECT g % 5, 'b' || (g / 5), 'v' || g FROM generate_series(1, 53) g;
CREATE TABLE loose (v text, n int);
INSERT INTO loose SELECT 'loose ' || g, g FROM generate_series(1, 47) g;
CREATE VIEW small_big AS SELECT id, label FROM big WHERE id <= 250;
CREATE VIEW all_big AS SELECT id, label FROM big;
CREATE TABLE loose_big AS SELECT g AS n, md5(g::text) AS v FROM generate_series(1, 30000) g;
CREATE TABLE words (id serial PRIMARY KEY, w text);
INSERT INTO words (w) VALUES ('''; DROP TABLE words; --'), ('100%'), ('100x'), ('a_b'), ('axb'),
  ('back\slash'), ('backxslash'), (''), (NULL), ('It''s'), ('ITS');
CREATE TABLE typed (id int PRIMARY KEY, t text, n numeric, ts timestamptz, u uuid, j json,
  arr int[], b bytea);
INSERT INTO typed VALUES
  (1, '', 12345678901234567890.123456789, '2024-02-29 13:14:15.123456+00',
   'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{"k": [1, 2]}', '{1,2,3}', '\x0001ff'),
  (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
ANALYZE;
)")));
        m_db = std::make_unique<Database>();
        m_background = std::make_unique<Database>();
        for (Database *db : {m_db.get(), m_background.get()}) {
            QSignalSpy connected(db, &Database::connected);
            db->connectTo(cluster.spec(kDb));
            QVERIFY(connected.wait(10000));
        }
        QSqlDatabase sync = cluster.open(kDb);
        const auto snapshot = CatalogReader::read(sync);
        QVERIFY2(snapshot.ok(), qPrintable(snapshot.error().message));
        m_snapshot = snapshot.value();
    }

    void cleanupTestCase()
    {
        m_db.reset();
        m_background.reset();
    }

    void opensWithEstimateThenExactCount()
    {
        auto model = open("big");
        QAbstractItemModelTester tester(model.get(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        // At once, before any query finished: the catalog estimate.
        QCOMPARE(model->rowCount(), kBigRows);
        QCOMPARE(model->columnCount(), 3);
        QCOMPARE(model->headerData(1, Qt::Horizontal).toString(), s("label"));
        QCOMPARE(model->headerData(2, Qt::Horizontal, Qt::ToolTipRole).toString(), s("integer"));
        QCOMPARE(model->data(model->index(0, 0), TableDataModel::IsLoadedRole).toBool(), false);
        QVERIFY(load(*model, 0));
        QCOMPARE(value(*model, 0, 0).toLongLong(), 1);
        QCOMPARE(value(*model, 99, 1).toString(), s("row 100"));
        QVERIFY(model->isRowNumberExact(0));
        QVERIFY(waitExact(*model));
        QCOMPARE(model->rowCount(), kBigRows);
        QVERIFY(model->readOnlyReason().isEmpty());
    }

    void jumpsToTheEndWithoutReadingBetween()
    {
        auto model = open("big");
        QVERIFY(load(*model, 0));
        const qint64 before = model->rowsFetched();
        QVERIFY(load(*model, kBigRows - 1));
        QCOMPARE(value(*model, kBigRows - 1, 0).toLongLong(), kBigRows);
        QCOMPARE(value(*model, kBigRows - 100, 0).toLongLong(), kBigRows - 99);
        QVERIFY2(model->rowsFetched() - before <= 2 * model->pageSize(),
                 qPrintable(QString::number(model->rowsFetched())));
        // Scrolling up from the end continues backwards, exactly.
        QVERIFY(load(*model, kBigRows - 101));
        QCOMPARE(value(*model, kBigRows - 101, 0).toLongLong(), kBigRows - 100);
    }

    void jumpsToTheMiddleByPositionIndex()
    {
        auto model = open("big");
        QVERIFY(QTest::qWaitFor([&] { return model->hasPositionIndex(); }, 10000));
        const qint64 requestsBefore = model->pageRequests();
        const int middle = kBigRows / 2;
        QVERIFY(load(*model, middle));
        const qint64 id = value(*model, middle, 0).toLongLong();
        // A real row from around the right place (ids are 1..N in order).
        QVERIFY2(qAbs(id - (middle + 1)) < kBigRows / 20, qPrintable(QString::number(id)));
        QCOMPARE(value(*model, middle, 1).toString(), s("row %1").arg(id));
        QVERIFY(model->pageRequests() - requestsBefore <= 2);
        QVERIFY(model->rowsFetched() < 1000);
        // Scrolling on from a jump continues by keyset: consecutive rows.
        const int next = middle + model->pageSize();
        QVERIFY(load(*model, next));
        QCOMPARE(value(*model, next, 0).toLongLong(), id + model->pageSize());
        QVERIFY(load(*model, middle - model->pageSize()));
        QCOMPARE(value(*model, middle - model->pageSize(), 0).toLongLong(), id - model->pageSize());
        QVERIFY(model->rowsFetched() < 1000);
        QVERIFY(model->cachedPages() <= 32);
    }

    // The last rows read from the end before the count is known stay when it arrives: they
    // are placed again, exactly, not thrown away and read once more.
    void theTailSurvivesTheCount()
    {
        auto model = open("big");
        QVERIFY(load(*model, 0));
        const int last = model->rowCount() - 1;
        QVERIFY(load(*model, last));
        QCOMPARE(value(*model, last, 0).toLongLong(), kBigRows);
        // On a busy machine the count can win the race; the end is then read exactly, one
        // page, and there is no longer tail to keep.
        const bool countedFirst = model->isCountExact();
        const qint64 requests = model->pageRequests();
        QVERIFY(waitExact(*model));
        QCOMPARE(model->rowCount(), kBigRows);
        QVERIFY(model->isRowLoaded(kBigRows - 1));
        QCOMPARE(value(*model, kBigRows - 1, 0).toLongLong(), kBigRows);
        QCOMPARE(value(*model, kBigRows - 100, 0).toLongLong(), kBigRows - 99);
        if (!countedFirst)
            QCOMPARE(value(*model, kBigRows - 150, 0).toLongLong(), kBigRows - 149);
        QVERIFY(model->isRowNumberExact(kBigRows - 1));
        QCOMPARE(model->pageRequests(), requests);
    }

    // Sorted by another column than the key, a jump uses that column's histogram (no sample
    // of the table is read): the position index is there as soon as the statistics are.
    void sortedJumpsUseTheSortColumnsHistogram()
    {
        auto model = open("big");
        QVERIFY(waitExact(*model));
        model->sort(2, Qt::AscendingOrder); // qty: 0..999, a few NULLs last
        QVERIFY(QTest::qWaitFor([&] { return model->hasPositionIndex(); }, 10000));
        const qint64 fetched = model->rowsFetched();
        const int middle = kBigRows / 2;
        QVERIFY(load(*model, middle));
        const int qty = value(*model, middle, 2).toInt();
        QVERIFY2(qAbs(qty - 500) < 60, qPrintable(QString::number(qty)));
        QVERIFY(model->rowsFetched() - fetched <= 300);
        // On from there by keyset, in order.
        QVERIFY(load(*model, middle + model->pageSize()));
        QVERIFY(value(*model, middle + model->pageSize(), 2).toInt() >= qty);
    }

    void memoryStaysBoundedByTheCache()
    {
        auto model =
            std::make_unique<TableDataModel>(m_db.get(), nullptr, m_background.get(), 50, 4);
        model->setTable(table("big"));
        for (int row = 0; row < 1000; row += 50) {
            QVERIFY(load(*model, row));
            QVERIFY(model->cachedPages() <= 4);
        }
        // Evicted pages come back on demand, with the same rows.
        QVERIFY(!model->isRowLoaded(0));
        QVERIFY(load(*model, 0));
        QCOMPARE(value(*model, 0, 0).toLongLong(), 1);
        QCOMPARE(value(*model, 49, 0).toLongLong(), 50);
    }

    void sortsOnTheServerWithNullsInOrder()
    {
        auto model = open("big");
        QVERIFY(load(*model, 0));
        model->sort(2, Qt::DescendingOrder); // qty: 250 NULLs first, then 999 down
        const QVariantList expected =
            column(s("SELECT id FROM big ORDER BY qty DESC NULLS FIRST, id DESC LIMIT 450"));
        QVariantList got;
        for (int row = 0; row < 450; ++row) {
            QVERIFY(load(*model, row));
            got << value(*model, row, 0);
        }
        QCOMPARE(got, expected);
        QVERIFY(value(*model, 0, 2, TableDataModel::IsNullRole).toBool());
        QCOMPARE(value(*model, 260, 2).toInt(), 999);
        // The end of a sorted grid: the smallest quantities, read backwards.
        QVERIFY(waitExact(*model));
        QVERIFY(load(*model, kBigRows - 1));
        const QVariantList tail =
            column(s("SELECT id FROM big ORDER BY qty ASC NULLS LAST, id ASC LIMIT 150"));
        for (int i = 0; i < 150; ++i) {
            QVERIFY(load(*model, kBigRows - 1 - i));
            QCOMPARE(value(*model, kBigRows - 1 - i, 0), tail.at(i));
        }
    }

    void filtersWithHostileValues_data()
    {
        QTest::addColumn<int>("op");
        QTest::addColumn<bool>("ignoreCase");
        QTest::addColumn<QVariantList>("values");
        QTest::addColumn<QVariantList>("ids");
        using Op = query::Filter::Op;
        QTest::newRow("injection") << int(Op::Eq) << false
                                   << QVariantList{s("'; DROP TABLE words; --")} << QVariantList{1};
        QTest::newRow("percent") << int(Op::Contains) << false << QVariantList{s("0%")}
                                 << QVariantList{2};
        QTest::newRow("underscore")
            << int(Op::Contains) << false << QVariantList{s("a_b")} << QVariantList{4};
        QTest::newRow("backslash")
            << int(Op::EndsWith) << false << QVariantList{s("k\\slash")} << QVariantList{6};
        QTest::newRow("ilike") << int(Op::StartsWith) << true << QVariantList{s("it")}
                               << QVariantList{10, 11};
        QTest::newRow("case") << int(Op::StartsWith) << false << QVariantList{s("It")}
                              << QVariantList{10};
        QTest::newRow("empty") << int(Op::Eq) << false << QVariantList{s("")} << QVariantList{8};
        QTest::newRow("null") << int(Op::IsNull) << false << QVariantList{} << QVariantList{9};
        QTest::newRow("in") << int(Op::In) << false << QVariantList{s("100x"), s("axb"), s("nope")}
                            << QVariantList{3, 5};
        QTest::newRow("between") << int(Op::Between) << false << QVariantList{3, 5}
                                 << QVariantList{3, 4, 5};
    }

    void filtersWithHostileValues()
    {
        QFETCH(int, op);
        QFETCH(bool, ignoreCase);
        QFETCH(QVariantList, values);
        QFETCH(QVariantList, ids);
        auto model = open("words");
        QVERIFY(load(*model, 0));
        using query::Filter;
        const QString col = op == int(Filter::Op::Between) ? s("id") : s("w");
        const Filter filter = Filter::column(col, Filter::Op(op), values).ignoringCase(ignoreCase);
        QSignalSpy exact(model.get(), &TableDataModel::exactCountKnown);
        model->setFilter(filter);
        QVERIFY(exact.wait(10000) || model->isCountExact());
        QCOMPARE(model->rowCount(), ids.size());
        QVariantList got;
        for (const QVariant &v : scrollAll(*model))
            got << v.toInt();
        QCOMPARE(got, ids);
        QCOMPARE(column(s("SELECT count(*) FROM words")).value(0).toInt(), 11);
        QVERIFY(!model->lastError().isError());
    }

    void compositeKeyScrollsThroughEveryRow()
    {
        auto model = open("pairs", 7);
        QAbstractItemModelTester tester(model.get(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(waitExact(*model));
        QCOMPARE(model->rowCount(), 53);
        QCOMPARE(scrollAll(*model, 2), column(s("SELECT v FROM pairs ORDER BY a, b")));
        // And backwards from the end after a new query.
        model->sort(2, Qt::AscendingOrder);
        QVERIFY(waitExact(*model));
        const QVariantList expected = column(s("SELECT v FROM pairs ORDER BY v, a, b"));
        for (int row = 52; row >= 0; --row) {
            QVERIFY(load(*model, row));
            QCOMPARE(value(*model, row, 2), expected.at(row));
        }
    }

    void tableWithoutKeyPagesByCtid()
    {
        auto model = open("loose", 10);
        QCOMPARE(model->query().paging(), TableQuery::Paging::Ctid);
        QVERIFY(!model->readOnlyReason().isEmpty());
        QVERIFY(waitExact(*model));
        QCOMPARE(model->rowCount(), 47);
        QCOMPARE(scrollAll(*model, 1), column(s("SELECT n FROM loose ORDER BY ctid")));
    }

    void bigTableWithoutKeyReadsBlockWindows()
    {
        auto model = open("loose_big");
        QCOMPARE(model->query().paging(), TableQuery::Paging::Ctid);
        QVERIFY(waitExact(*model));
        QCOMPARE(model->rowCount(), 30000);
        const QVariantList physical = column(s("SELECT n FROM loose_big ORDER BY ctid"));
        for (const int row : {0, 150, 250, 29999, 29850}) {
            QVERIFY(load(*model, row));
            QCOMPARE(value(*model, row, 0), physical.at(row));
        }
        QVERIFY(QTest::qWaitFor([&] { return model->hasPositionIndex(); }, 10000));
        QVERIFY(load(*model, 15000));
        const int n = value(*model, 15000, 0).toInt();
        QVERIFY2(qAbs(n - 15001) < 3000, qPrintable(QString::number(n)));
        QVERIFY(load(*model, 15100));
        QCOMPARE(value(*model, 15100, 0).toInt(), n + 100);
        // Matching rows only near the end: the windows widen until a page is full.
        model->setFilter(query::Filter::column(s("n"), query::Filter::Op::Between, {29500, 29800}));
        QVERIFY(waitExact(*model));
        QCOMPARE(model->rowCount(), 301);
        QVariantList got;
        for (const QVariant &v : scrollAll(*model))
            got << v.toInt();
        QCOMPARE(got.size(), 301);
        QCOMPARE(got.first().toInt(), 29500);
        QCOMPARE(got.last().toInt(), 29800);
    }

    void viewPagesByOffset()
    {
        auto model = open("small_big", 40);
        QAbstractItemModelTester tester(model.get(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model->query().paging(), TableQuery::Paging::Offset);
        QVERIFY(!model->readOnlyReason().isEmpty());
        QVERIFY(waitExact(*model));
        QCOMPARE(model->rowCount(), 250);
        model->sort(0, Qt::DescendingOrder);
        QVERIFY(waitExact(*model));
        QVERIFY(load(*model, 249));
        QCOMPARE(value(*model, 249, 0).toInt(), 1);
        QVERIFY(load(*model, 0));
        QCOMPARE(value(*model, 0, 0).toInt(), 250);
    }

    void bigViewIsEstimatedThenCounted()
    {
        auto model = open("all_big");
        QCOMPARE(model->query().paging(), TableQuery::Paging::Offset);
        // Counted up to a bound, then the planner's estimate, then the exact count.
        QVERIFY(QTest::qWaitFor([&] { return model->rowCount() > 10001; }, 10000));
        QVERIFY(waitExact(*model));
        QCOMPARE(model->rowCount(), kBigRows);
        model->sort(0, Qt::AscendingOrder);
        QVERIFY(load(*model, kBigRows - 1));
        QCOMPARE(value(*model, kBigRows - 1, 0).toLongLong(), kBigRows);
        QVERIFY(model->rowsFetched() <= 3 * model->pageSize());
    }

    void staleResultsAreDropped()
    {
        auto model = open("big");
        QSignalSpy pages(model.get(), &TableDataModel::pageLoaded);
        // The first page of the unsorted query is on its way; the query changes under it.
        model->sort(2, Qt::AscendingOrder);
        QVERIFY(load(*model, 0));
        const QVariantList expected =
            column(s("SELECT id FROM big ORDER BY qty ASC NULLS LAST, id ASC LIMIT 100"));
        for (int row = 0; row < 100; ++row)
            QCOMPARE(value(*model, row, 0), expected.at(row));
        // Let any late result arrive: it must not overwrite the sorted rows.
        QTest::qWait(200);
        QCOMPARE(value(*model, 0, 0), expected.at(0));
        QCOMPARE(pages.count(), 1);
    }

    void typesArriveFaithfully()
    {
        auto model = open("typed");
        QVERIFY(waitExact(*model));
        QCOMPARE(model->rowCount(), 2);
        QVERIFY(load(*model, 0));
        // NULL and the empty string are different things.
        QCOMPARE(value(*model, 0, 1, TableDataModel::IsNullRole).toBool(), false);
        QCOMPARE(value(*model, 0, 1).toString(), s(""));
        for (int c = 1; c < model->columnCount(); ++c) {
            QVERIFY(value(*model, 1, c, TableDataModel::IsNullRole).toBool());
            QVERIFY(value(*model, 1, c).isNull());
        }
        QCOMPARE(value(*model, 0, 2).toString(), s("12345678901234567890.123456789"));
        const QDateTime ts = value(*model, 0, 3).toDateTime();
        QCOMPARE(ts.toUTC(), QDateTime(QDate(2024, 2, 29), QTime(13, 14, 15, 123), Qt::UTC));
        // To the microsecond, which QDateTime cannot hold.
        QCOMPARE(value(*model, 0, 3).value<Temporal>().microsecond(), 123456);
        QVERIFY2(value(*model, 0, 3, Qt::DisplayRole).toString().contains(s(":15.123456")),
                 qPrintable(value(*model, 0, 3, Qt::DisplayRole).toString()));
        QCOMPARE(value(*model, 0, 4).toString(), s("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"));
        QCOMPARE(value(*model, 0, 5).toString(), s("{\"k\": [1, 2]}"));
        QCOMPARE(value(*model, 0, 6).toList(), (QVariantList{1, 2, 3}));
        QCOMPARE(value(*model, 0, 6, Qt::DisplayRole).toString(), s("{1,2,3}"));
        QCOMPARE(value(*model, 0, 7).toByteArray(), QByteArray("\x00\x01\xff", 3));
        QCOMPARE(value(*model, 0, 7, Qt::DisplayRole).toString(), s("\\x0001ff"));
        const QString longPreview =
            TableDataModel::displayValue(QByteArray(100, '\x7f')).toString();
        QVERIFY(longPreview.startsWith(s("\\x7f7f")));
        QVERIFY(longPreview.contains(s("100")));
    }

    void reportsServerErrors()
    {
        auto model = open("typed");
        QSignalSpy errors(model.get(), &TableDataModel::errorOccurred);
        model->sort(5, Qt::AscendingOrder); // json has no ordering
        model->data(model->index(0, 0));
        QVERIFY(errors.wait(10000));
        QVERIFY(model->lastError().isError());
        QCOMPARE(model->lastError().sqlState, s("42883"));
    }
};

QTEST_MAIN(TestTableDataModel)
#include "tst_tabledatamodel.moc"
