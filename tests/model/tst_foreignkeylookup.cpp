// ForeignKeyLookup against a real server: label substrings and keys find the referenced rows,
// hostile text matches literally and runs nothing, only the latest of several quick searches is
// reported, and a referenced table without a label column is searched by key.

#include "model/data/foreignkeylookup.h"
#include "testcluster.h"

#include <QSignalSpy>
#include <QSqlQuery>
#include <QThread>
#include <QtTest>

using namespace dbx::model;

namespace {
QString s(const char *text)
{
    return QString::fromUtf8(text);
}
const QString kDb = QStringLiteral("lookup");

ForeignLabel workersFk()
{
    return ForeignLabel{s("worker_id"), s("public"), s("workers"), s("id"), s("username")};
}

QStringList labels(const QList<LookupItem> &items)
{
    QStringList out;
    for (const LookupItem &item : items)
        out << item.label;
    return out;
}

QStringList keys(const QList<LookupItem> &items)
{
    QStringList out;
    for (const LookupItem &item : items)
        out << item.key;
    return out;
}
} // namespace

class TestForeignKeyLookup : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<Database> m_db;

    // Runs one search and returns what it reported; fails the test on an error or a timeout.
    QList<LookupItem> find(const QString &text, const ForeignLabel &fk = workersFk())
    {
        ForeignKeyLookup lookup(m_db.get(), fk);
        QSignalSpy ready(&lookup, &ForeignKeyLookup::resultsReady);
        QSignalSpy failed(&lookup, &ForeignKeyLookup::failed);
        lookup.search(text);
        if (!QTest::qWaitFor([&] { return !ready.isEmpty() || !failed.isEmpty(); }, 10000)) {
            qWarning("search for %s timed out", qPrintable(text));
            return {};
        }
        if (!failed.isEmpty()) {
            qWarning("search for %s failed: %s", qPrintable(text),
                     qPrintable(failed.first().first().value<DbError>().message));
            return {};
        }
        return ready.first().first().value<QList<LookupItem>>();
    }

    qint64 count(const QString &sql)
    {
        QSqlQuery q(dbx::test::TestCluster::instance().open(kDb));
        if (!q.exec(sql) || !q.next())
            return -1;
        return q.value(0).toLongLong();
    }

private slots:
    void initTestCase()
    {
        DBX_REQUIRE_CLUSTER();
        auto &cluster = dbx::test::TestCluster::instance();
        QVERIFY(cluster.recreateDatabase(kDb));
        QVERIFY(cluster.exec(kDb, s(R"(
CREATE TABLE workers (id int PRIMARY KEY, username text NOT NULL);
INSERT INTO workers VALUES
  (1, 'alice'), (2, 'bob'), (3, 'Alicia Keys'), (4, 'carol'), (5, 'malice'),
  (6, '100%'), (7, '100x'), (8, 'a_b'), (9, 'axb'), (10, 'back\slash'), (11, 'backxslash'),
  (12, 'It''s'), (13, 'Its'), (14, '''; DROP TABLE workers; --'), (15, 'fox 🦊 den'),
  (16, 'fox x den'), (17, 'user 3');
INSERT INTO workers SELECT g, 'bulk ' || g FROM generate_series(100, 299) g;
CREATE TABLE resumes (id int PRIMARY KEY, worker_id int REFERENCES workers (id));
CREATE TABLE codes (code text PRIMARY KEY);
INSERT INTO codes VALUES ('A1'), ('A2'), ('B1'), ('A%'), ('AB');
CREATE TABLE slow_workers AS SELECT * FROM workers;
-- A view whose every read takes a while: a search on it is still running when the next starts.
CREATE FUNCTION nap() RETURNS int LANGUAGE sql VOLATILE AS $$ SELECT 1 FROM pg_sleep(0.4) $$;
CREATE VIEW sleepy_workers AS SELECT id, username FROM slow_workers WHERE (SELECT nap()) = 1;
)")));
        m_db = std::make_unique<Database>();
        QSignalSpy connected(m_db.get(), &Database::connected);
        m_db->connectTo(cluster.spec(kDb));
        QVERIFY(connected.wait(10000));
    }

    void cleanupTestCase() { m_db.reset(); }

    void statementBindsTheText()
    {
        const Statement st = ForeignKeyLookup::statement(workersFk(), s("50%_\\'"));
        QVERIFY(!st.sql.contains(s("50%")));
        QCOMPARE(st.params, (QVariantList{s("%50\\%\\_\\\\'%"), s("50%_\\'")}));
        QVERIFY(st.sql.contains(s("LIMIT 50")));
        QVERIFY(ForeignKeyLookup::statement(workersFk(), QString()).params.isEmpty());
    }

    void findsByLabelSubstringCaseInsensitive()
    {
        const QList<LookupItem> items = find(s("lic"));
        // Server order under the C.UTF-8 collation: code point order.
        QCOMPARE(labels(items), (QStringList{s("Alicia Keys"), s("alice"), s("malice")}));
        QCOMPARE(keys(items), (QStringList{s("3"), s("1"), s("5")}));
    }

    void findsByKey()
    {
        // "3" is worker 3's key and part of "user 3": the exact key comes first.
        const QList<LookupItem> items = find(s("3"));
        QVERIFY(!items.isEmpty());
        QCOMPARE(items.first(), (LookupItem{s("3"), s("Alicia Keys")}));
        QVERIFY(labels(items).contains(s("user 3")));
        const QList<LookupItem> two = find(s("2"));
        QCOMPARE(two.first(), (LookupItem{s("2"), s("bob")}));
    }

    void emptyTextListsFirstRowsByLabel()
    {
        const QList<LookupItem> items = find(QString());
        QCOMPARE(items.size(), ForeignKeyLookup::limit);
        QStringList sorted = labels(items);
        QCOMPARE(items.first().label, s("'; DROP TABLE workers; --"));
        std::sort(sorted.begin(), sorted.end());
        QCOMPARE(labels(items), sorted);
    }

    void hostileTextMatchesLiterally_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("percent") << s("%") << QStringList{s("100%")};
        QTest::newRow("percent suffix") << s("0%") << QStringList{s("100%")};
        QTest::newRow("underscore") << s("a_") << QStringList{s("a_b")};
        QTest::newRow("backslash") << s("k\\s") << QStringList{s("back\\slash")};
        QTest::newRow("lone backslash") << s("\\") << QStringList{s("back\\slash")};
        QTest::newRow("quote") << s("t's") << QStringList{s("It's")};
        QTest::newRow("injection")
            << s("'; DROP TABLE workers; --") << QStringList{s("'; DROP TABLE workers; --")};
        QTest::newRow("emoji") << s("🦊") << QStringList{s("fox 🦊 den")};
        QTest::newRow("nothing") << s("zzz") << QStringList{};
    }

    void hostileTextMatchesLiterally()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, expected);
        QCOMPARE(labels(find(text)), expected);
        QCOMPARE(count(s("SELECT count(*) FROM workers")), qint64(217));
    }

    void staleResultsAreDropped()
    {
        ForeignKeyLookup lookup(m_db.get(), workersFk());
        QSignalSpy ready(&lookup, &ForeignKeyLookup::resultsReady);
        QSignalSpy failed(&lookup, &ForeignKeyLookup::failed);
        lookup.search(s("alice"));
        lookup.search(s("bob"));
        QVERIFY(ready.wait(10000));
        // Give a late answer to the first search every chance to arrive.
        QTest::qWait(300);
        QCOMPARE(ready.size(), 1);
        QCOMPARE(failed.size(), 0);
        QCOMPARE(labels(ready.first().first().value<QList<LookupItem>>()), QStringList{s("bob")});
        QVERIFY(!lookup.isSearching());
    }

    void finishedButUndeliveredResultsAreDropped()
    {
        ForeignKeyLookup lookup(m_db.get(), workersFk());
        QSignalSpy ready(&lookup, &ForeignKeyLookup::resultsReady);
        lookup.search(s("alice"));
        // Without an event loop the answer finishes on the worker and waits in the queue:
        // too late to cancel, so only its age can keep it out.
        QThread::msleep(500);
        lookup.search(s("carol"));
        QVERIFY(ready.wait(10000));
        QTest::qWait(300);
        QCOMPARE(ready.size(), 1);
        QCOMPARE(labels(ready.first().first().value<QList<LookupItem>>()), QStringList{s("carol")});
    }

    void runningSearchIsCancelledByTheNext()
    {
        ForeignLabel fk = workersFk();
        fk.refTable = s("sleepy_workers");
        ForeignKeyLookup lookup(m_db.get(), fk);
        QSignalSpy ready(&lookup, &ForeignKeyLookup::resultsReady);
        QSignalSpy failed(&lookup, &ForeignKeyLookup::failed);
        lookup.search(s("a"));
        // Let the first statement reach the server and start sleeping.
        QTest::qWait(150);
        lookup.search(s("carol"));
        QVERIFY(ready.wait(10000));
        QTest::qWait(200);
        QCOMPARE(failed.size(), 0);
        QCOMPARE(ready.size(), 1);
        QCOMPARE(labels(ready.first().first().value<QList<LookupItem>>()), QStringList{s("carol")});
    }

    void withoutLabelColumnSearchesByKey()
    {
        const ForeignLabel fk{s("code"), s("public"), s("codes"), s("code"), QString()};
        ForeignKeyLookup lookup(m_db.get(), fk);
        QVERIFY(!lookup.hasLabel());
        QList<LookupItem> items = find(s("A"), fk);
        QCOMPARE(keys(items), (QStringList{s("A%"), s("A1"), s("A2"), s("AB")}));
        QCOMPARE(labels(items), (QStringList{QString(), QString(), QString(), QString()}));
        QCOMPARE(keys(find(s("A%"), fk)), QStringList{s("A%")});
        QCOMPARE(keys(find(QString(), fk)).size(), 5);
        // A label column equal to the key is no label either.
        ForeignLabel same = fk;
        same.labelColumn = s("code");
        QCOMPARE(keys(find(s("B"), same)), QStringList{s("B1")});
    }

    void errorsAreReported()
    {
        ForeignLabel fk = workersFk();
        fk.refTable = s("no_such_table");
        ForeignKeyLookup lookup(m_db.get(), fk);
        QSignalSpy ready(&lookup, &ForeignKeyLookup::resultsReady);
        QSignalSpy failed(&lookup, &ForeignKeyLookup::failed);
        lookup.search(s("x"));
        QVERIFY(failed.wait(10000));
        QCOMPARE(failed.first().first().value<DbError>().sqlState, s("42P01"));
        QCOMPARE(ready.size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestForeignKeyLookup)
#include "tst_foreignkeylookup.moc"
