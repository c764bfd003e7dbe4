// RowCache as a pure class: pages by index, lookups by row, missing ranges, LRU eviction and
// generations.

#include "model/data/rowcache.h"

#include <QtTest>

using namespace dbx::model;

namespace {
RowCache::Page pageOf(int firstValue, int rows, bool exact = true)
{
    RowCache::Page page;
    for (int i = 0; i < rows; ++i)
        page.rows << QVariantList{firstValue + i};
    page.exactPosition = exact;
    return page;
}
} // namespace

class TestRowCache : public QObject {
    Q_OBJECT

private slots:
    void looksUpRowsByNumber()
    {
        RowCache cache(10, 4);
        cache.setGeneration(1);
        QVERIFY(cache.insert(1, 2, pageOf(20, 10)));
        QCOMPARE(cache.pageOf(25), 2);
        QCOMPARE(cache.firstRowOf(2), 20);
        QVERIFY(cache.row(25));
        QCOMPARE(cache.row(25)->at(0).toInt(), 25);
        QVERIFY(!cache.row(19));
        QVERIFY(!cache.row(30));
        QVERIFY(!cache.row(-1));
    }

    void shortPageHasNoRowsBeyondItsEnd()
    {
        RowCache cache(10, 4);
        QVERIFY(cache.insert(0, 0, pageOf(0, 3)));
        QVERIFY(cache.row(2));
        QVERIFY(!cache.row(3));
        QVERIFY(cache.contains(0));
    }

    void reportsMissingPages()
    {
        RowCache cache(10, 8);
        cache.insert(0, 1, pageOf(10, 10));
        cache.insert(0, 3, pageOf(30, 10));
        QCOMPARE(cache.missingPages(5, 45), (QList<qint64>{0, 2, 4}));
        QCOMPARE(cache.missingPages(10, 19), QList<qint64>{});
        QCOMPARE(cache.missingPages(19, 20), QList<qint64>{2});
        QCOMPARE(cache.missingPages(5, 4), QList<qint64>{});
    }

    void evictsLeastRecentlyUsed()
    {
        RowCache cache(10, 3);
        cache.insert(0, 0, pageOf(0, 10));
        cache.insert(0, 1, pageOf(10, 10));
        cache.insert(0, 2, pageOf(20, 10));
        QVERIFY(cache.row(5)); // page 0 is now the most recently used
        cache.insert(0, 3, pageOf(30, 10));
        QCOMPARE(cache.pageCount(), 3);
        QVERIFY(cache.contains(0));
        QVERIFY(!cache.contains(1));
        QVERIFY(cache.contains(2));
        QVERIFY(cache.contains(3));
        cache.setMaxPages(1);
        QCOMPARE(cache.pageCount(), 1);
    }

    void boundedUnderLongScrolls()
    {
        RowCache cache(50, 5);
        for (qint64 p = 0; p < 1000; ++p)
            QVERIFY(cache.insert(0, p, pageOf(int(p * 50), 50)));
        QCOMPARE(cache.pageCount(), 5);
        QCOMPARE(cache.pageIndexes(), (QList<qint64>{995, 996, 997, 998, 999}));
    }

    void newGenerationDropsEverythingAndRefusesLatePages()
    {
        RowCache cache(10, 4);
        cache.setGeneration(1);
        cache.insert(1, 0, pageOf(0, 10));
        cache.setGeneration(2);
        QCOMPARE(cache.pageCount(), 0);
        QVERIFY(!cache.insert(1, 1, pageOf(10, 10))); // late result of generation 1
        QCOMPARE(cache.pageCount(), 0);
        QVERIFY(cache.insert(2, 1, pageOf(10, 10)));
        QCOMPARE(cache.generation(), quint64(2));
    }

    void dropsOnlyEstimatedPages()
    {
        RowCache cache(10, 8);
        cache.insert(0, 0, pageOf(0, 10, true));
        cache.insert(0, 5, pageOf(50, 10, false));
        cache.insert(0, 6, pageOf(60, 10, true));
        cache.removeInexact();
        QCOMPARE(cache.pageIndexes(), (QList<qint64>{0, 6}));
        cache.remove(6);
        QCOMPARE(cache.pageIndexes(), QList<qint64>{0});
        cache.clear();
        QCOMPARE(cache.pageCount(), 0);
    }
};

QTEST_APPLESS_MAIN(TestRowCache)
#include "tst_rowcache.moc"
