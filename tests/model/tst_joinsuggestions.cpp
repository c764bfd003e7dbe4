// Join suggestions and query nesting on the demo schema: the foreign keys leading out of the
// tables present (both directions), many-to-many through vacancies_replies as one suggestion of
// two joins that really runs, no second offer of a key already joined, unique aliases; and the
// helpers the builder uses to nest queries (wrap as CTE/subquery, levels, visible CTEs, rename).

#include "demofixture.h"
#include "model/catalog/catalogreader.h"
#include "model/query/joinsuggestions.h"
#include "model/query/querynesting.h"
#include "model/query/queryrunner.h"
#include "testcluster.h"

#include <QSqlQuery>
#include <QtTest>

using namespace dbx::model;
using namespace dbx::model::query;

namespace {

const QString kDb = QStringLiteral("join_suggestions");

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

QStringList labels(const QList<JoinSuggestion> &suggestions)
{
    QStringList out;
    for (const auto &suggestion : suggestions)
        out << suggestion.label;
    return out;
}

const JoinSuggestion *find(const QList<JoinSuggestion> &suggestions, const QString &label)
{
    for (const auto &suggestion : suggestions)
        if (suggestion.label == label)
            return &suggestion;
    return nullptr;
}

} // namespace

class TestJoinSuggestions : public QObject {
    Q_OBJECT

private:
    SchemaSnapshot m_snapshot;

    qint64 count(const QString &sql)
    {
        QSqlDatabase db = dbx::test::TestCluster::instance().open(kDb);
        QSqlQuery q(db);
        if (!q.exec(sql) || !q.next())
            return -1;
        return q.value(0).toLongLong();
    }

private slots:
    void initTestCase()
    {
        DBX_REQUIRE_CLUSTER();
        const QString demo = dbx::test::freshDemoDatabase(kDb);
        QVERIFY2(demo.isEmpty(), qPrintable(demo));
        QSqlDatabase db = dbx::test::TestCluster::instance().open(kDb);
        const auto snapshot = CatalogReader::read(db);
        QVERIFY2(snapshot.ok(), qPrintable(snapshot.error().message));
        m_snapshot = snapshot.value();
    }

    void followsKeysBothWays()
    {
        Query query;
        query.from = Source::fromTable(s("public"), s("resumes"));
        const auto fromResumes = joinSuggestions(query, m_snapshot);
        const QStringList names = labels(fromResumes);
        QVERIFY2(names.contains(s("resumes.worker_id → workers.id")),
                 qPrintable(names.join(QLatin1Char('|'))));
        QVERIFY2(names.contains(s("resumes ↔ vacancies through vacancies_replies")),
                 qPrintable(names.join(QLatin1Char('|'))));
        QVERIFY2(names.contains(s("resumes.id ← vacancies_replies.resume_id")),
                 qPrintable(names.join(QLatin1Char('|'))));

        const JoinSuggestion *toWorkers = find(fromResumes, s("resumes.worker_id → workers.id"));
        QCOMPARE(toWorkers->joins.size(), 1);
        const Join &join = toWorkers->joins.first();
        QCOMPARE(join.target.table, s("workers"));
        QCOMPARE(join.type, Join::Type::Inner);
        QVERIFY(!join.foreignKey.isEmpty());
        QCOMPARE(join.on, Filter::group(Filter::Logic::And,
                                        {Filter::condition(Expr::col(s("resumes"), s("worker_id")),
                                                           Filter::Op::Eq,
                                                           {Expr::col(s("workers"), s("id"))})}));

        query.from = Source::fromTable(s("public"), s("workers"), s("w"));
        const QStringList fromWorkers = labels(joinSuggestions(query, m_snapshot));
        QVERIFY2(fromWorkers.contains(s("w.id ← resumes.worker_id")),
                 qPrintable(fromWorkers.join(QLatin1Char('|'))));
    }

    void manyToManyIsTwoJoinsThatRun()
    {
        Query query;
        query.from = Source::fromTable(s("public"), s("workers"));
        query.joins
            << find(joinSuggestions(query, m_snapshot), s("workers.id ← resumes.worker_id"))->joins;
        const auto next = joinSuggestions(query, m_snapshot);
        // The key just joined is not offered again, from either end.
        QVERIFY(!find(next, s("resumes.worker_id → workers.id")));
        const JoinSuggestion *m2m = find(next, s("resumes ↔ vacancies through vacancies_replies"));
        QVERIFY2(m2m, qPrintable(labels(next).join(QLatin1Char('|'))));
        QCOMPARE(m2m->joins.size(), 2);
        QCOMPARE(m2m->joins.at(0).target.table, s("vacancies_replies"));
        QCOMPARE(m2m->joins.at(1).target.table, s("vacancies"));
        query.joins << m2m->joins;
        QVERIFY(!find(joinSuggestions(query, m_snapshot),
                      s("resumes ↔ vacancies through vacancies_replies")));

        QSqlDatabase db = dbx::test::TestCluster::instance().open(kDb);
        const auto rows = runQueryNow(db, query);
        QVERIFY2(rows.ok(), qPrintable(rows.error().message));
        QCOMPARE(qint64(rows->rows.size()),
                 count(s("SELECT count(*) FROM workers JOIN resumes ON resumes.worker_id = "
                         "workers.id JOIN vacancies_replies ON vacancies_replies.resume_id = "
                         "resumes.id JOIN vacancies ON vacancies.id = "
                         "vacancies_replies.vacancy_id")));
        QVERIFY(!rows->rows.isEmpty());
    }

    void aliasesStayUnique()
    {
        Query query;
        query.from = Source::fromTable(s("public"), s("resumes"));
        query.joins
            << find(joinSuggestions(query, m_snapshot), s("resumes.worker_id → workers.id"))->joins;
        // From workers, back to resumes through the same key is not offered; but a second
        // table of the same name gets a name of its own.
        const auto again = joinSuggestions(query, m_snapshot);
        for (const auto &suggestion : again)
            for (const Join &join : suggestion.joins)
                QVERIFY2(join.target.name() != s("resumes") && join.target.name() != s("workers"),
                         qPrintable(suggestion.label));
    }

    void nestsQueries()
    {
        Query inner;
        inner.from = Source::fromTable(s("public"), s("resumes"), s("r"));
        inner.select << SelectItem{Expr::col(s("r"), s("title")), QString()};
        const Query sub = wrapAsSubquery(inner, s("helper1"));
        QCOMPARE(sub.from.kind, Source::Kind::Subquery);
        QCOMPARE(sub.from.name(), s("helper1"));
        const Query cte = wrapAsCte(sub, s("helper2"));
        QCOMPARE(cte.ctes.size(), 1);
        QCOMPARE(cte.ctes.first().name, s("helper2"));
        QCOMPARE(cte.from.name(), s("helper2"));

        const auto levels = nestedQueries(cte);
        QCOMPARE(levels.size(), 3);
        QCOMPARE(levels.at(1).name, s("helper2"));
        QCOMPARE(levels.at(1).level, NestedQuery::Level::Cte);
        QCOMPARE(levels.at(2).name, s("helper1"));
        QCOMPARE(levels.at(2).level, NestedQuery::Level::Subquery);
        QCOMPARE(*queryAt(cte, levels.at(2).path), inner);
        QVERIFY(outerCtes(cte, levels.at(1).path).isEmpty());
        QCOMPARE(outerCtes(cte, {}).size(), 0);

        // A second CTE sees the first; the main query's subquery sees both.
        const Query twice = wrapAsCte(cte, s("helper3"));
        QCOMPARE(twice.ctes.size(), 2);
        QCOMPARE(outerCtes(twice, {QueryStep{QueryStep::Kind::Cte, 1}}).size(), 1);
        QVERIFY(!queryAt(twice, {QueryStep{QueryStep::Kind::Cte, 5}}));

        Query renamed = inner;
        renamed.where = Filter::group(
            Filter::Logic::And,
            {Filter::condition(Expr::col(s("r"), s("title")), Filter::Op::IsNotNull)});
        renameSource(renamed, s("r"), s("res"));
        QCOMPARE(renamed.select.first().expr.source, s("res"));
        QCOMPARE(renamed.where.children.first().left.source, s("res"));
    }
};

QTEST_GUILESS_MAIN(TestJoinSuggestions)
#include "tst_joinsuggestions.moc"
