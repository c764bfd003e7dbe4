// SQL completion on the demo schema in a real cluster: the catalog read from PostgreSQL, the
// context taken from its scanner (FROM, JOIN with whole foreign-key joins, alias-dot, ON
// conditions, columns before the FROM is typed, types, functions, keywords), fuzzy ranking,
// recency, quoting, and nothing offered inside strings and comments. Text marks the cursor
// with '|'.

#include "demofixture.h"
#include "model/console/completioncatalogsource.h"
#include "model/console/completionengine.h"
#include "model/db/database.h"
#include "testcluster.h"

#include <QSignalSpy>
#include <QtTest>

using namespace dbx::model;
using Kind = CompletionCandidate::Kind;

namespace {

const QString kDb = QStringLiteral("completion_engine");

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

QStringList texts(const CompletionResult &result, int first = -1)
{
    QStringList out;
    for (const CompletionCandidate &c : result.candidates) {
        if (first >= 0 && out.size() == first)
            break;
        out << c.text;
    }
    return out;
}

const CompletionCandidate *find(const CompletionResult &result, const QString &text)
{
    for (const CompletionCandidate &c : result.candidates)
        if (c.text == text)
            return &c;
    return nullptr;
}

} // namespace

class TestCompletionEngine : public QObject {
    Q_OBJECT

private:
    std::shared_ptr<const CompletionCatalog> m_catalog;
    CompletionRecency m_recency;

    CompletionResult complete(const char *marked, const CompletionRecency *recency = nullptr)
    {
        QString text = s(marked);
        const qsizetype cursor = text.indexOf(QLatin1Char('|'));
        text.remove(cursor, 1);
        CompletionEngine engine(m_catalog);
        return engine.complete(text, cursor, recency);
    }

private slots:
    void initTestCase()
    {
        DBX_REQUIRE_CLUSTER();
        const QString demo = dbx::test::freshDemoDatabase(kDb);
        QVERIFY2(demo.isEmpty(), qPrintable(demo));
        auto &cluster = dbx::test::TestCluster::instance();
        QString error;
        QVERIFY2(cluster.exec(kDb,
                              s("CREATE TABLE \"WorkerNotes\" (id int PRIMARY KEY, \"Note\" text);"
                                "CREATE SCHEMA hr; CREATE TABLE hr.staff (id int, grade int);"
                                "CREATE VIEW busy_workers AS SELECT * FROM workers;"),
                              &error),
                 qPrintable(error));
        QSqlDatabase db = cluster.open(kDb);
        auto catalog = CompletionCatalog::read(db);
        QVERIFY2(catalog.ok(), qPrintable(catalog.error().message));
        m_catalog = std::make_shared<const CompletionCatalog>(catalog.value());
    }

    void catalogReadsTheSchema()
    {
        const CompletionCatalog &c = *m_catalog;
        QCOMPARE(c.searchPath().value(0), s("pg_catalog"));
        QVERIFY(c.searchPath().contains(s("public")));
        const int resumes = c.relationIndex(s("public"), s("resumes"));
        QVERIFY(resumes >= 0);
        const auto &columns = c.relations().at(resumes).columns;
        QCOMPARE(columns.first().name, s("id"));
        QCOMPARE(c.relations().at(resumes).column(s("title"))->type, s("character varying(256)"));
        QCOMPARE(c.relations().at(resumes).column(s("workload"))->type, s("workload"));
        QCOMPARE(c.relations().at(resumes).foreignKeys.size(), 2); // to workers, from replies
        bool count = false, workload = false, keyword = false;
        for (const auto &f : c.functions())
            count = count || (f.name == s("count") && f.aggregate);
        for (const auto &t : c.types())
            workload = workload || (t.name == s("workload") && t.schema == s("public"));
        for (const auto &k : c.keywords())
            keyword = keyword || (k.word == s("select") && k.category == QLatin1Char('R'));
        QVERIFY(count);
        QVERIFY(workload);
        QVERIFY(keyword);
    }

    void fromListsTables()
    {
        const CompletionResult r = complete("SELECT * FROM |");
        QVERIFY(r.context.relations);
        const QStringList top = texts(r, 6);
        for (const char *table : {"workers", "resumes", "vacancies", "vacancies_replies",
                                  "busy_workers", "\"WorkerNotes\""})
            QVERIFY2(top.contains(s(table)), qPrintable(top.join(QLatin1Char('|'))));
        QCOMPARE(find(r, s("busy_workers"))->kind, Kind::View);
        QVERIFY(find(r, s("hr.staff")));
        QVERIFY(find(r, s("pg_class"))); // the system's come after the user's own
        const CompletionResult update = complete("UPDATE wor|");
        QCOMPARE(texts(update, 1), QStringList{s("workers")});
    }

    void joinFromForeignKeys()
    {
        const CompletionResult r = complete("SELECT * FROM workers w JOIN |");
        QVERIFY(!r.candidates.isEmpty());
        QCOMPARE(r.candidates.first().text, s("resumes r ON r.worker_id = w.id"));
        QCOMPARE(r.candidates.first().kind, Kind::Join);
        QVERIFY(find(r, s("vacancies"))); // plain tables too

        const QStringList back = texts(complete("SELECT * FROM resumes JOIN |"), 2);
        QVERIFY2(back.contains(s("workers w ON w.id = resumes.worker_id")),
                 qPrintable(back.join(QLatin1Char('|'))));
        QVERIFY2(back.contains(s("vacancies_replies vr ON vr.resume_id = resumes.id")),
                 qPrintable(back.join(QLatin1Char('|'))));
        // An alias already taken gets a number; the typed word filters the joins.
        const CompletionResult taken = complete("SELECT * FROM workers r JOIN res|");
        QCOMPARE(texts(taken, 1), QStringList{s("resumes r2 ON r2.worker_id = r.id")});
    }

    void aliasDotListsColumns()
    {
        const CompletionResult r = complete("SELECT w.| FROM workers w");
        QCOMPARE(texts(r), (QStringList{s("id"), s("username")}));
        QCOMPARE(r.candidates.first().kind, Kind::Column);
        QCOMPARE(r.candidates.first().detail, s("integer · w"));
        const CompletionResult typed =
            complete("SELECT * FROM workers w JOIN resumes r ON r.worker_id = w.id WHERE r.comp|");
        QCOMPARE(texts(typed), QStringList{s("compensation")});
        QCOMPARE(texts(complete("SELECT resumes.work| FROM resumes")),
                 (QStringList{s("workload"), s("worker_id")}));
    }

    void onListsJoinConditions()
    {
        const CompletionResult r = complete("SELECT * FROM workers w JOIN resumes r ON |");
        QVERIFY(r.context.joinConditions);
        QCOMPARE(texts(r, 1), QStringList{s("r.worker_id = w.id")});
        const CompletionResult three =
            complete("SELECT * FROM resumes r JOIN workers w ON w.id = r.worker_id "
                     "JOIN vacancies_replies x ON |");
        QCOMPARE(texts(three, 1), QStringList{s("x.resume_id = r.id")});
    }

    void columnsBeforeTheFrom()
    {
        const CompletionResult r = complete("SELECT comp| FROM resumes");
        QCOMPARE(texts(r, 1), QStringList{s("compensation")});
        QCOMPARE(r.candidates.first().detail, s("integer · resumes"));
        // A name two tables share is offered qualified by each.
        const QStringList both =
            texts(complete("SELECT | FROM workers w JOIN resumes r ON r.worker_id = w.id"));
        for (const char *column : {"w.id", "r.id", "username", "title", "worker_id"})
            QVERIFY2(both.contains(s(column)), qPrintable(both.join(QLatin1Char('|'))));
        QVERIFY(!both.contains(s("id")));
        const QStringList where = texts(complete("SELECT * FROM vacancies WHERE tit|"), 1);
        QCOMPARE(where, QStringList{s("title")});
        const QStringList set = texts(complete("UPDATE vacancies SET comp|"), 1);
        QCOMPARE(set, QStringList{s("compensation")});
    }

    void fuzzyMatching()
    {
        QCOMPARE(texts(complete("SELECT * FROM wrk|"), 1), QStringList{s("workers")});
        QCOMPARE(texts(complete("SELECT * FROM vcrp|"), 1), QStringList{s("vacancies_replies")});
        // Prefix first, then the tightest match.
        const QStringList ranked = texts(complete("SELECT * FROM work|"));
        QCOMPARE(ranked.value(0), s("workers"));
        QVERIFY(ranked.indexOf(s("busy_workers")) > ranked.indexOf(s("\"WorkerNotes\"")));
        MatchScore prefix, tight, loose;
        QVERIFY(fuzzyMatch(s("wrk"), s("workers"), &tight));
        QVERIFY(fuzzyMatch(s("wrk"), s("w_x_r_x_k"), &loose));
        QVERIFY(fuzzyMatch(s("wor"), s("workers"), &prefix));
        QVERIFY(prefix < tight);
        QVERIFY(tight < loose);
        QVERIFY(!fuzzyMatch(s("wkr"), s("workers"), &loose) || loose.category == 1);
        QVERIFY(!fuzzyMatch(s("zz"), s("workers"), &loose));
    }

    void recentNamesFirst()
    {
        CompletionRecency recency;
        QCOMPARE(texts(complete("SELECT * FROM vac|", &recency), 2),
                 (QStringList{s("vacancies"), s("vacancies_replies")}));
        recency.use(s("vacancies_replies"));
        QCOMPARE(texts(complete("SELECT * FROM vac|", &recency), 2),
                 (QStringList{s("vacancies_replies"), s("vacancies")}));
        recency.use(s("vacancies"));
        QCOMPARE(texts(complete("SELECT * FROM vac|", &recency), 2),
                 (QStringList{s("vacancies"), s("vacancies_replies")}));
        // Whole joins stay first after JOIN, whatever was used lately.
        recency.use(s("workers"));
        QCOMPARE(texts(complete("SELECT * FROM workers w JOIN |", &recency), 1),
                 QStringList{s("resumes r ON r.worker_id = w.id")});
        QCOMPARE(recency.rank(s("vacancies")), 1);
        QCOMPARE(recency.rank(s("busy_workers")), INT_MAX);
    }

    void nothingInStringsAndComments()
    {
        for (const char *text :
             {"SELECT 'FROM wor|", "SELECT * FROM workers -- wor|", "SELECT 'wor'|", "/* FROM wo|",
              "SELECT $$ FROM wor|", "SELECT $x$ FROM w| $x$", "SELECT 12|",
              "SELECT E'it\\'s FROM w|"}) {
            const CompletionResult r = complete(text);
            QVERIFY2(r.context.suppressed, text);
            QVERIFY2(r.candidates.isEmpty(), text);
        }
        // After the comment ends, completion is back.
        QCOMPARE(texts(complete("SELECT * -- a comment\nFROM wor|"), 1), QStringList{s("workers")});
    }

    void typesAfterCastAndInColumnDefinitions()
    {
        const QStringList cast = texts(complete("SELECT id::| FROM workers"));
        for (const char *type : {"integer", "text", "workload", "timestamptz", "varchar"})
            QVERIFY2(cast.contains(s(type)), type);
        QCOMPARE(texts(complete("SELECT id::wor| FROM workers"), 1), QStringList{s("workload")});
        QCOMPARE(texts(complete("CREATE TABLE t (id intege|"), 1), QStringList{s("integer")});
        QCOMPARE(texts(complete("CREATE TABLE t (id integer, kind workl|"), 1),
                 QStringList{s("workload")});
        QCOMPARE(texts(complete("ALTER TABLE workers ADD COLUMN born tim|"), 1).value(0).left(4),
                 s("time"));
        QCOMPARE(texts(complete("SELECT CAST(id AS big|) FROM workers"), 1),
                 QStringList{s("bigint")});
    }

    void functionsInExpressions()
    {
        const CompletionResult r = complete("SELECT coun| FROM workers");
        const CompletionCandidate *count = find(r, s("count"));
        QVERIFY(count);
        QCOMPARE(count->kind, Kind::Function);
        QCOMPARE(count->insert, s("count()"));
        QCOMPARE(count->caretBack, 1);
        QVERIFY2(count->detail.contains(s("bigint")), qPrintable(count->detail));
        QVERIFY(!find(complete("SELECT * FROM coun|"), s("count"))); // not a relation
    }

    void quotedIdentifiers()
    {
        const CompletionResult mixed = complete("SELECT * FROM workern|");
        QCOMPARE(texts(mixed, 1), QStringList{s("\"WorkerNotes\"")});
        QCOMPARE(mixed.candidates.first().insert, s("\"WorkerNotes\""));
        QCOMPARE(texts(complete("SELECT n.| FROM \"WorkerNotes\" n")),
                 (QStringList{s("id"), s("\"Note\"")}));
        // Typed with the opening quote: the replacement starts at the quote.
        const CompletionResult open = complete("SELECT * FROM \"Wor|");
        QCOMPARE(open.context.prefix, s("Wor"));
        QVERIFY(open.context.quoted);
        QCOMPARE(open.context.replaceStart, qsizetype(14));
        QCOMPARE(open.candidates.first().insert, s("\"WorkerNotes\""));
    }

    void keywordsByContext()
    {
        QCOMPARE(texts(complete("SEL|"), 1), QStringList{s("SELECT")});
        QCOMPARE(texts(complete("sel|"), 1), QStringList{s("select")});
        QCOMPARE(texts(complete("SELECT * FROM workers w WH|"), 1), QStringList{s("WHERE")});
        QCOMPARE(texts(complete("SELECT * FROM workers w LEFT J|"), 1), QStringList{s("JOIN")});
        QCOMPARE(texts(complete("SELECT 1; DEL|"), 1), QStringList{s("DELETE FROM")});
    }

    void schemasAndQualifiedNames()
    {
        QCOMPARE(texts(complete("SELECT * FROM public.wor|"), 1), QStringList{s("workers")});
        QCOMPARE(texts(complete("SELECT * FROM hr.|")), QStringList{s("staff")});
        const CompletionResult other = complete("SELECT * FROM sta|");
        QCOMPARE(other.candidates.first().insert, s("hr.staff"));
        QCOMPARE(texts(complete("SELECT s.| FROM hr.staff s")), (QStringList{s("id"), s("grade")}));
        QVERIFY(find(complete("SELECT * FROM h|"), s("hr")));
    }

    void theReplacedWord()
    {
        QString text = s("SELECT * FROM wor WHERE 1 = 1");
        const CompletionResult r = CompletionEngine(m_catalog).complete(text, 16);
        QCOMPARE(r.context.replaceStart, qsizetype(14));
        QCOMPARE(r.context.replaceEnd, qsizetype(17)); // the whole word, also after the cursor
        QCOMPARE(r.candidates.first().text, s("workers"));
    }

    // The source loads on the worker and reloads after DDL run in the console.
    void sourceLoadsOffTheUiThreadAndRefreshesAfterDdl()
    {
        Database database;
        database.connectTo(dbx::test::TestCluster::instance().spec(kDb));
        QTRY_COMPARE_WITH_TIMEOUT(database.state(), Database::State::Connected, 10000);
        CompletionCatalogSource source(&database);
        QSignalSpy loaded(&source, &CompletionCatalogSource::loaded);
        QVERIFY(source.catalog()->relations().isEmpty());
        source.refresh();
        QVERIFY(source.isLoading());
        QVERIFY(loaded.wait(10000));
        QVERIFY(source.catalog()->relationIndex(s("public"), s("workers")) >= 0);
        QVERIFY(source.catalog()->relationIndex(s("public"), s("later")) < 0);

        QString error;
        QVERIFY2(
            dbx::test::TestCluster::instance().exec(kDb, s("CREATE TABLE later (x int)"), &error),
            qPrintable(error));
        source.statementRan(s("SELECT 1")); // no DDL: no reload
        QVERIFY(!source.isLoading());
        source.statementRan(s("-- made by hand\nCREATE TABLE later (x int)"));
        QVERIFY(source.isLoading());
        QVERIFY(loaded.wait(10000));
        QVERIFY(source.catalog()->relationIndex(s("public"), s("later")) >= 0);
        QVERIFY(CompletionCatalogSource::changesSchema(s("drop table x")));
        QVERIFY(CompletionCatalogSource::changesSchema(s("SET search_path TO hr")));
        QVERIFY(!CompletionCatalogSource::changesSchema(s("SET statement_timeout = 0")));
        QVERIFY(!CompletionCatalogSource::changesSchema(s("'create'")));
    }
};

QTEST_GUILESS_MAIN(TestCompletionEngine)
#include "tst_completionengine.moc"
