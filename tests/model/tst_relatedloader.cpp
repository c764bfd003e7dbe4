// Related rows of many parents loaded lazily (one statement per parent), by selectin (one
// statement with the key list) and joined (one statement joining the parents), against the demo
// schema on a real server: every strategy finds the same rows in the same order, the number of
// statements is bounded for selectin and joined whatever the number of parents (checked in the
// loader's log and on the server), many-to-many goes through the association table, conditions
// filter and order the related side, and hostile keys and values stay data.

#include "demofixture.h"
#include "migrations/demoschema.h"
#include "model/catalog/catalogreader.h"
#include "model/db/executor.h"
#include "model/demo/demodatabase.h"
#include "model/relations/relatedloader.h"
#include "testcluster.h"

#include <QSettings>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace dbx::model;

namespace {
QString s(const char *text)
{
    return QString::fromUtf8(text);
}
const QString kDb = QStringLiteral("related_demo");

// Tables with text and composite keys, whose key values are chosen to break naive quoting of
// an array literal or of SQL.
const char *const kOddSchema =
    "CREATE SCHEMA odd;\n"
    "CREATE TABLE odd.tags (name text PRIMARY KEY);\n"
    "CREATE TABLE odd.notes (id int PRIMARY KEY, tag text REFERENCES odd.tags);\n"
    "INSERT INTO odd.tags VALUES ('a,b'), ('{x}'), ('q\"uote'), ('back\\slash'), ('NULL'),\n"
    "  ('''); DROP TABLE workers; --'), ('plain');\n"
    "INSERT INTO odd.notes VALUES (1, 'a,b'), (2, '{x}'), (3, 'q\"uote'), (4, 'back\\slash'),\n"
    "  (5, 'NULL'), (6, '''); DROP TABLE workers; --'), (7, 'plain'), (8, 'a,b');\n"
    "CREATE TABLE odd.shelves (room int, slot int, label text, PRIMARY KEY (room, slot));\n"
    "CREATE TABLE odd.books (id int PRIMARY KEY, room int, slot int,\n"
    "  FOREIGN KEY (room, slot) REFERENCES odd.shelves);\n"
    "INSERT INTO odd.shelves VALUES (1, 1, 'one'), (1, 2, 'two'), (2, 1, 'three');\n"
    "INSERT INTO odd.books VALUES (10, 1, 1), (11, 1, 2), (12, 2, 1), (13, 1, 1), (14, 2, 1);\n";

const QList<LoadStrategy> kAll = {LoadStrategy::Lazy, LoadStrategy::Selectin, LoadStrategy::Joined};

const char *name(LoadStrategy strategy)
{
    switch (strategy) {
    case LoadStrategy::Lazy:
        return "lazy";
    case LoadStrategy::Selectin:
        return "selectin";
    case LoadStrategy::Joined:
        return "joined";
    }
    return "?";
}

QList<QVariantList> keys(const QList<int> &ids)
{
    QList<QVariantList> out;
    for (int id : ids)
        out << QVariantList{QString::number(id)};
    return out;
}

QList<int> range(int first, int last)
{
    QList<int> out;
    for (int i = first; i <= last; ++i)
        out << i;
    return out;
}
} // namespace

class TestRelatedLoader : public QObject {
    Q_OBJECT

private:
    QSqlDatabase m_sync;
    SchemaSnapshot m_snapshot;
    RelationshipGraph m_graph;

    Relationship relationship(const char *from, Relationship::Kind kind, const char *to,
                              const char *schema = "public")
    {
        for (const Relationship &r : m_graph.from(TableRef{s(schema), s(from)})) {
            if (r.kind == kind && r.to.name == s(to))
                return r;
        }
        qWarning("no relationship %s -> %s", from, to);
        return {};
    }

    Result<RelatedLoad> load(const Relationship &rel, const QList<QVariantList> &parents,
                             LoadStrategy strategy, const RelatedCondition &condition = {})
    {
        return loadRelated(m_sync, m_snapshot, rel, parents, strategy, condition);
    }

    // Sequential plus index scans of a table as the statistics system sees them. The loader's
    // connection flushes its pending counters first (pg_stat_force_next_flush, PostgreSQL 15:
    // the flush happens before the server reports ready for the next query, so it is complete
    // when that call returns).
    qint64 scans(const char *table)
    {
        QSqlQuery flush(m_sync);
        if (!flush.exec(s("SELECT pg_stat_force_next_flush()")))
            return -1;
        QSqlDatabase observer = dbx::test::TestCluster::instance().open(kDb);
        const Result<QVariant> n = dbx::model::execScalar(
            observer,
            dbx::model::Statement(s("SELECT coalesce(seq_scan, 0) + coalesce(idx_scan, 0) "
                                    "FROM pg_stat_user_tables WHERE schemaname = "
                                    "'public' AND relname = $1"),
                                  {s(table)}));
        return n ? n->toLongLong() : -1;
    }

    QStringList ids(const QList<QVariantList> &rows, int column = 0)
    {
        QStringList out;
        for (const QVariantList &row : rows)
            out << row.value(column).toString();
        return out;
    }

    // What the server says the related rows are, keyed like the loader's result.
    QHash<QString, QStringList> expected(const QString &sql)
    {
        QHash<QString, QStringList> out;
        QSqlQuery q(m_sync);
        if (!q.exec(sql))
            qWarning("%s", qPrintable(q.lastError().text()));
        while (q.next())
            out[q.value(0).toString()] << q.value(1).toString();
        return out;
    }

private slots:
    void initTestCase()
    {
        DBX_REQUIRE_CLUSTER();
        auto &cluster = dbx::test::TestCluster::instance();
        const QString demo = dbx::test::freshDemoDatabase(kDb);
        QVERIFY2(demo.isEmpty(), qPrintable(demo));
        QString error;
        QVERIFY2(cluster.exec(kDb, s(kOddSchema), &error), qPrintable(error));
        m_sync = cluster.open(kDb);
        QVERIFY(m_sync.isOpen());
        const auto snapshot = CatalogReader::read(m_sync);
        QVERIFY2(snapshot.ok(), qPrintable(snapshot.error().message));
        m_snapshot = snapshot.value();
        m_graph = RelationshipGraph(m_snapshot);
    }

    void strategiesAgreeAndStatementsAreBounded_data()
    {
        QTest::addColumn<int>("parents");
        QTest::newRow("3 workers") << 3;
        QTest::newRow("10 workers") << 10;
    }

    void strategiesAgreeAndStatementsAreBounded()
    {
        QFETCH(int, parents);
        const Relationship rel = relationship("workers", Relationship::Kind::OneToMany, "resumes");
        QCOMPARE(rel.to.name, s("resumes"));
        const QList<QVariantList> page = keys(range(1, parents));
        const auto truth = expected(
            s("SELECT worker_id, id FROM resumes WHERE worker_id <= %1 ORDER BY id").arg(parents));
        QMap<LoadStrategy, RelatedLoad> loads;
        for (LoadStrategy strategy : kAll) {
            const Result<RelatedLoad> r = load(rel, page, strategy);
            QVERIFY2(r.ok(), qPrintable(r.error().message + s(": ") + r.error().statement));
            loads.insert(strategy, r.value());
            QCOMPARE(r->relatedColumns.first(), s("id"));
            QVERIFY(r->relatedColumns.contains(s("workload")));
            QCOMPARE(r->rows.keys().size(), truth.keys().size());
            for (auto it = truth.begin(); it != truth.end(); ++it)
                QCOMPARE(ids(r->rows.value(it.key())), it.value());
            qInfo("%d parents, %s: %lld statements, %lld rows, %.2f ms", parents, name(strategy),
                  qint64(r->statements.size()), r->rowCount(), r->totalMs);
        }
        // Worker 10 has no resumes: nothing is filed under it.
        QVERIFY(!loads[LoadStrategy::Selectin].rows.contains(s("10")));
        QCOMPARE(loads[LoadStrategy::Lazy].rows, loads[LoadStrategy::Selectin].rows);
        QCOMPARE(loads[LoadStrategy::Joined].rows, loads[LoadStrategy::Selectin].rows);
        QCOMPARE(loads[LoadStrategy::Lazy].statements.size(), parents);
        QCOMPARE(loads[LoadStrategy::Selectin].statements.size(), 1);
        QCOMPARE(loads[LoadStrategy::Joined].statements.size(), 1);
        const LoggedStatement &batched = loads[LoadStrategy::Selectin].statements.first();
        QVERIFY2(batched.sql.contains(s("= ANY($1)")), qPrintable(batched.sql));
        QCOMPARE(batched.params.size(), 1);
        QCOMPARE(batched.rows, loads[LoadStrategy::Selectin].rowCount());
        QVERIFY(loads[LoadStrategy::Joined].statements.first().sql.contains(s(" JOIN ")));
    }

    // The loader's own log could lie; the server's statistics cannot. resumes has no index on
    // worker_id, so each statement that reads it starts one sequential scan: lazy starts one
    // per parent, selectin one for all of them.
    void serverSeesOneScanForSelectinAndOnePerParentForLazy()
    {
        const Relationship rel = relationship("workers", Relationship::Kind::OneToMany, "resumes");
        for (int parents : {3, 10}) {
            const QList<QVariantList> page = keys(range(1, parents));
            qint64 before = scans("resumes");
            QVERIFY(before >= 0);
            QVERIFY(load(rel, page, LoadStrategy::Lazy).ok());
            qint64 after = scans("resumes");
            QCOMPARE(after - before, qint64(parents));
            before = after;
            QVERIFY(load(rel, page, LoadStrategy::Selectin).ok());
            after = scans("resumes");
            QCOMPARE(after - before, qint64(1));
            before = after;
            QVERIFY(load(rel, page, LoadStrategy::Joined).ok());
            after = scans("resumes");
            // The join's plan is the planner's choice; it must still not scan per parent.
            QVERIFY2(after - before <= 1, qPrintable(QString::number(after - before)));
            qInfo("%d parents: resumes scanned %d times by lazy, once by selectin, %lld by joined",
                  parents, parents, after - before);
        }
    }

    void manyToManyGoesThroughTheAssociationWithItsAttributes()
    {
        const Relationship rel =
            relationship("resumes", Relationship::Kind::ManyToMany, "vacancies");
        QCOMPARE(rel.via.name, s("vacancies_replies"));
        const QList<QVariantList> page = keys(range(1, 18));
        const auto truth = expected(s("SELECT resume_id, vacancy_id FROM vacancies_replies "
                                      "ORDER BY vacancy_id"));
        QMap<LoadStrategy, RelatedLoad> loads;
        for (LoadStrategy strategy : kAll) {
            const Result<RelatedLoad> r = load(rel, page, strategy);
            QVERIFY2(r.ok(), qPrintable(r.error().message + s(": ") + r.error().statement));
            loads.insert(strategy, r.value());
            const int letter = int(r->relatedColumns.indexOf(s("cover_letter")));
            QVERIFY(letter > 0);
            QCOMPARE(r->rows.keys().size(), truth.keys().size());
            for (auto it = truth.begin(); it != truth.end(); ++it)
                QCOMPARE(ids(r->rows.value(it.key())), it.value());
            // Resume 6 replied to vacancy 1 with a letter; resume 2's reply to 8 has none.
            QCOMPARE(r->rows.value(s("6")).first().value(letter).toString(),
                     s("Part-time only, evenings."));
            QCOMPARE(ids(r->rows.value(s("2"))), QStringList({s("1"), s("8")}));
            QVERIFY(r->rows.value(s("2")).last().value(letter).isNull());
        }
        QCOMPARE(loads[LoadStrategy::Lazy].statements.size(), 18);
        QCOMPARE(loads[LoadStrategy::Selectin].statements.size(), 1);
        QCOMPARE(loads[LoadStrategy::Joined].statements.size(), 1);
        QCOMPARE(loads[LoadStrategy::Lazy].rows, loads[LoadStrategy::Selectin].rows);
        QCOMPARE(loads[LoadStrategy::Joined].rows, loads[LoadStrategy::Selectin].rows);
        QVERIFY(loads[LoadStrategy::Selectin].statements.first().sql.contains(
            s("\"vacancies_replies\"")));
    }

    // Many resumes share a worker: the joined load must not repeat the worker per resume.
    void manyToOneSharedKeysLoadEachRowOnce()
    {
        const Relationship rel = relationship("resumes", Relationship::Kind::ManyToOne, "workers");
        QList<QVariantList> page;
        QSqlQuery q(m_sync);
        QVERIFY(q.exec(s("SELECT worker_id::text FROM resumes ORDER BY id")));
        while (q.next())
            page << QVariantList{q.value(0)};
        QCOMPARE(page.size(), 18);
        QMap<LoadStrategy, RelatedLoad> loads;
        for (LoadStrategy strategy : kAll) {
            const Result<RelatedLoad> r = load(rel, page, strategy);
            QVERIFY2(r.ok(), qPrintable(r.error().message + s(": ") + r.error().statement));
            loads.insert(strategy, r.value());
            QCOMPARE(r->rows.size(), 9); // workers 1..9 have resumes
            for (const QList<QVariantList> &rows : r->rows)
                QCOMPARE(rows.size(), 1);
            QCOMPARE(r->rows.value(s("1")).first().value(1).toString(), s("Bobr"));
        }
        QCOMPARE(loads[LoadStrategy::Lazy].statements.size(), 9); // one per distinct key
        QCOMPARE(loads[LoadStrategy::Joined].rows, loads[LoadStrategy::Selectin].rows);
        QCOMPARE(loads[LoadStrategy::Lazy].rows, loads[LoadStrategy::Selectin].rows);
    }

    // The seed's resumes_parttime: workload = 'parttime', order_by id desc.
    void conditionFiltersAndOrdersTheRelatedSide()
    {
        const Relationship rel = relationship("workers", Relationship::Kind::OneToMany, "resumes");
        RelatedCondition parttime;
        parttime.filter =
            query::Filter::column(s("workload"), query::Filter::Op::Eq, {s("parttime")});
        parttime.orderColumn = s("id");
        parttime.order = Qt::DescendingOrder;
        const auto truth = expected(s("SELECT worker_id, id FROM resumes "
                                      "WHERE workload = 'parttime' ORDER BY id DESC"));
        QVERIFY(truth.value(s("8")).size() == 2); // worker 8 has two: order is visible
        for (LoadStrategy strategy : kAll) {
            const Result<RelatedLoad> r = load(rel, keys(range(1, 10)), strategy, parttime);
            QVERIFY2(r.ok(), qPrintable(r.error().message + s(": ") + r.error().statement));
            const int workload = int(r->relatedColumns.indexOf(s("workload")));
            QCOMPARE(r->rows.keys().size(), truth.keys().size());
            for (auto it = truth.begin(); it != truth.end(); ++it) {
                QCOMPARE(ids(r->rows.value(it.key())), it.value());
                for (const QVariantList &row : r->rows.value(it.key()))
                    QCOMPARE(row.value(workload).toString(), s("parttime"));
            }
            QCOMPARE(ids(r->rows.value(s("8"))), QStringList({s("16"), s("15")}));
            QVERIFY(!r->rows.contains(s("1"))); // only full-time resumes
        }
        // An order column the related table lacks is refused before anything runs.
        RelatedCondition bad;
        bad.orderColumn = s("nope\"; DROP TABLE workers; --");
        const Result<RelatedLoad> r = load(rel, keys({1}), LoadStrategy::Selectin, bad);
        QVERIFY(!r.ok());
        QVERIFY(r.error().message.contains(s("no column")));
    }

    void conditionIsSavedPerRelationship()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(s("conditions.ini")), QSettings::IniFormat);
        const Relationship toResumes =
            relationship("workers", Relationship::Kind::OneToMany, "resumes");
        const Relationship toWorker =
            relationship("resumes", Relationship::Kind::ManyToOne, "workers");
        // Both ends of the same foreign key: remembered apart.
        QCOMPARE(toResumes.constraintName, toWorker.constraintName);
        QVERIFY(conditionSettingsKey(toResumes) != conditionSettingsKey(toWorker));
        using query::Filter;
        RelatedCondition c;
        const Filter nested = Filter::group(
            Filter::Logic::And, {Filter::column(s("compensation"), Filter::Op::Between, {10, 20})});
        c.filter = Filter::group(
            Filter::Logic::Or,
            {Filter::column(s("title"), Filter::Op::Contains, {s("dev")}).ignoringCase(), nested});
        c.orderColumn = s("id");
        c.order = Qt::DescendingOrder;
        saveCondition(settings, toResumes, c);
        settings.sync();
        QSettings again(dir.filePath(s("conditions.ini")), QSettings::IniFormat);
        const RelatedCondition back = loadCondition(again, toResumes);
        QCOMPARE(back.filter, c.filter);
        QVERIFY(back.filter.children.first().ignoreCase);
        QCOMPARE(back.orderColumn, s("id"));
        QCOMPARE(back.order, Qt::DescendingOrder);
        QVERIFY(loadCondition(again, toWorker).isEmpty());
        saveCondition(again, toResumes, {});
        QVERIFY(loadCondition(again, toResumes).isEmpty());

        // Settings written before the one filter model: the old groups are still read.
        again.beginGroup(conditionSettingsKey(toWorker));
        again.setValue(s("filter"),
                       QVariantMap{{s("or"), false},
                                   {s("conditions"), QVariantList{QVariantMap{
                                                         {s("column"), s("username")},
                                                         {s("op"), 9}, // contains, any case
                                                         {s("values"), QVariantList{s("bo")}}}}},
                                   {s("groups"), QVariantList{}}});
        again.endGroup();
        const RelatedCondition old = loadCondition(again, toWorker);
        QCOMPARE(old.filter,
                 Filter::column(s("username"), Filter::Op::Contains, {s("bo")}).ignoringCase());
    }

    void hostileKeysAndValuesStayData()
    {
        // Text keys full of array-literal and SQL syntax.
        const Relationship tagNotes =
            relationship("tags", Relationship::Kind::OneToMany, "notes", "odd");
        QList<QVariantList> tags;
        QSqlQuery q(m_sync);
        QVERIFY(q.exec(s("SELECT name FROM odd.tags ORDER BY name")));
        while (q.next())
            tags << QVariantList{q.value(0)};
        QCOMPARE(tags.size(), 7);
        const auto truth = expected(s("SELECT tag, id FROM odd.notes ORDER BY id"));
        for (LoadStrategy strategy : kAll) {
            const Result<RelatedLoad> r = load(tagNotes, tags, strategy);
            QVERIFY2(r.ok(), qPrintable(r.error().message + s(": ") + r.error().statement));
            QCOMPARE(r->rows.keys().size(), 7);
            for (auto it = truth.begin(); it != truth.end(); ++it)
                QCOMPARE(ids(r->rows.value(it.key())), it.value());
        }
        // Composite keys: a row IN list, every value bound.
        const Relationship shelfBooks =
            relationship("shelves", Relationship::Kind::OneToMany, "books", "odd");
        const QList<QVariantList> shelves = {{s("1"), s("1")}, {s("1"), s("2")}, {s("2"), s("1")}};
        for (LoadStrategy strategy : kAll) {
            const Result<RelatedLoad> r = load(shelfBooks, shelves, strategy);
            QVERIFY2(r.ok(), qPrintable(r.error().message + s(": ") + r.error().statement));
            QCOMPARE(ids(r->rows.value(relatedKeyText({s("1"), s("1")}))),
                     QStringList({s("10"), s("13")}));
            QCOMPARE(ids(r->rows.value(relatedKeyText({s("2"), s("1")}))),
                     QStringList({s("12"), s("14")}));
            QCOMPARE(r->statements.size(), strategy == LoadStrategy::Lazy ? 3 : 1);
        }
        // A key that is no number is rejected by the server as a value, not run as SQL.
        const Relationship rel = relationship("workers", Relationship::Kind::OneToMany, "resumes");
        for (LoadStrategy strategy : kAll) {
            const Result<RelatedLoad> r = load(rel, {QVariantList{s("1) OR (1=1")}}, strategy);
            QVERIFY(!r.ok());
            QCOMPARE(r.error().sqlState, s("22P02"));
        }
        // A hostile condition value matches nothing and drops nothing.
        RelatedCondition hostile;
        hostile.filter = query::Filter::column(s("title"), query::Filter::Op::Eq,
                                               {s("x'); DROP TABLE workers; --")});
        for (LoadStrategy strategy : kAll) {
            const Result<RelatedLoad> r = load(rel, keys(range(1, 10)), strategy, hostile);
            QVERIFY2(r.ok(), qPrintable(r.error().message));
            QCOMPARE(r->rowCount(), qint64(0));
        }
        QVERIFY(q.exec(s("SELECT count(*) FROM workers")) && q.next());
        QCOMPARE(q.value(0).toInt(), 10);
    }

    void countsEveryRelationshipOfOneRowInOneStatement()
    {
        auto r = countRelated(m_sync, m_snapshot, m_graph, TableRef{s("public"), s("resumes")},
                              {s("2")});
        QVERIFY2(r.ok(), qPrintable(r.error().message + s(": ") + r.error().statement));
        QHash<QString, qint64> byTable;
        for (const auto &[rel, n] : r.value())
            byTable.insert(rel.kindName() + s(" ") + rel.to.name, n);
        QCOMPARE(byTable.value(s("many-to-one workers")), qint64(1));
        QCOMPARE(byTable.value(s("many-to-many vacancies")), qint64(2));
        QCOMPARE(byTable.value(s("one-to-many vacancies_replies")), qint64(2));

        const Relationship toResumes =
            relationship("workers", Relationship::Kind::OneToMany, "resumes");
        RelatedCondition parttime;
        parttime.filter =
            query::Filter::column(s("workload"), query::Filter::Op::Eq, {s("parttime")});
        const TableRef workers{s("public"), s("workers")};
        auto all = countRelated(m_sync, m_snapshot, m_graph, workers, {s("8")});
        QVERIFY(all.ok());
        auto some = countRelated(m_sync, m_snapshot, m_graph, workers, {s("2")},
                                 {{conditionSettingsKey(toResumes), parttime}});
        QVERIFY2(some.ok(), qPrintable(some.error().message + s(": ") + some.error().statement));
        QCOMPARE(all->first().second, qint64(2));
        QCOMPARE(some->first().first.to.name, s("resumes"));
        QCOMPARE(some->first().second, qint64(1)); // worker 2: one of two resumes is part-time

        auto missing = countRelated(m_sync, m_snapshot, m_graph, workers, {s("999")});
        QVERIFY(!missing.ok());
    }

    void comparisonReadsTheParentPageThenRunsOnTheWorker()
    {
        Database database;
        QSignalSpy connected(&database, &Database::connected);
        database.connectTo(dbx::test::TestCluster::instance().spec(kDb));
        QVERIFY(connected.wait(10000));
        // From resumes to their worker: the page holds resume ids, the loads need worker ids.
        const Relationship rel = relationship("resumes", Relationship::Kind::ManyToOne, "workers");
        std::optional<Result<StrategyComparison>> result;
        compareStrategies(database, m_snapshot, rel, keys({1, 2, 3, 5, 999}), kAll, {}, this,
                          [&](Ticket, const Result<StrategyComparison> &r) { result = r; });
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 10000);
        QVERIFY2(result->ok(), qPrintable(result->error().message));
        const StrategyComparison &c = result->value();
        QCOMPARE(c.parents.statement.rows, qint64(4)); // 999 does not exist
        QCOMPARE(c.parents.keys, keys({1, 1, 2, 3}));
        QCOMPARE(c.loads.size(), 3);
        QVERIFY(c.loads.at(0).strategy == LoadStrategy::Lazy);
        QCOMPARE(c.loads.at(0).statements.size(), 3); // workers 1, 2, 3
        QCOMPARE(c.loads.at(1).statements.size(), 1);
        QCOMPARE(c.loads.at(2).statements.size(), 1);
        QCOMPARE(c.loads.at(2).rows, c.loads.at(1).rows);
        QCOMPARE(c.loads.at(1).rows.value(s("3")).first().value(1).toString(), s("Misha"));
    }

    void cleanupTestCase() { m_sync = QSqlDatabase(); }
};

QTEST_GUILESS_MAIN(TestRelatedLoader)
#include "tst_relatedloader.moc"
