// The related-rows queries against the demo database: the counts a row's relationships reach
// (a worker's resumes, a resume's worker and the vacancies it replied to, a vacancy's resumes),
// the related rows themselves with the link's cover letter, a composite foreign key, and key
// values that try to break out of their literal: they are bound, match nothing and run nothing.

#include "demofixture.h"
#include "migrations/demoschema.h"
#include "model/catalog/catalogreader.h"
#include "model/db/database.h"
#include "model/demo/demodatabase.h"
#include "model/relations/relatedrows.h"
#include "testcluster.h"

#include <QSignalSpy>
#include <QSqlQuery>
#include <QtTest>

using namespace dbx::model;

namespace {

const QString kDb = QStringLiteral("related_rows");

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

TableRef table(const char *name, const char *schema = "public")
{
    return TableRef{s(schema), s(name)};
}

// The labels of a summary, in order, for one readable comparison.
QStringList labels(const QList<RelatedSummary> &summary)
{
    QStringList out;
    for (const RelatedSummary &r : summary)
        out << r.label;
    return out;
}

const RelatedSummary *find(const QList<RelatedSummary> &summary, const char *label)
{
    for (const RelatedSummary &r : summary) {
        if (r.label == s(label))
            return &r;
    }
    return nullptr;
}

const char *const kHostileOrg = "O'Reilly\\'; DROP TABLE comp.members; --";

} // namespace

class TestRelatedRows : public QObject {
    Q_OBJECT

private:
    SchemaSnapshot m_snapshot;
    RelationshipGraph m_graph;

    QSqlDatabase db() { return dbx::test::TestCluster::instance().open(kDb); }

    qint64 count(const QString &sql)
    {
        QSqlQuery q(db());
        if (!q.exec(sql) || !q.next())
            return -1;
        return q.value(0).toLongLong();
    }

    Result<QList<RelatedSummary>> summary(const TableRef &t, const QVariantList &key,
                                          QString *label = nullptr)
    {
        QSqlDatabase conn = db();
        return summarize(conn, m_snapshot, m_graph, t, key, label);
    }

    Relationship relationship(const TableRef &from, Relationship::Kind kind, const char *to)
    {
        for (const Relationship &r : m_graph.from(from)) {
            if (r.kind == kind && r.to.name == s(to))
                return r;
        }
        return {};
    }

private slots:
    void initTestCase()
    {
        DBX_REQUIRE_CLUSTER();
        auto &cluster = dbx::test::TestCluster::instance();
        const QString demo = dbx::test::freshDemoDatabase(kDb);
        QVERIFY2(demo.isEmpty(), qPrintable(demo));
        // A composite foreign key whose key values include quotes, a backslash and SQL.
        QString error;
        QVERIFY2(cluster.exec(kDb,
                              s("CREATE SCHEMA comp;"
                                "CREATE TABLE comp.teams (org text, code text, name text,"
                                "  PRIMARY KEY (org, code));"
                                "CREATE TABLE comp.members (id int PRIMARY KEY, org text,"
                                "  code text, name text,"
                                "  FOREIGN KEY (org, code) REFERENCES comp.teams);"
                                "INSERT INTO comp.teams VALUES ('acme', 'a1', 'Alpha'),"
                                "  ($q$") +
                                  s(kHostileOrg) +
                                  s("$q$, 'x\"y', 'Hostile');"
                                    "INSERT INTO comp.members VALUES (1, 'acme', 'a1', 'ann'),"
                                    "  (2, 'acme', 'a1', 'bob'), (3, $q$") +
                                  s(kHostileOrg) + s("$q$, 'x\"y', 'eve');"),
                              &error),
                 qPrintable(error));
        QSqlDatabase sync = db();
        const auto snapshot = CatalogReader::read(sync);
        QVERIFY2(snapshot.ok(), qPrintable(snapshot.error().message));
        m_snapshot = snapshot.value();
        m_graph = RelationshipGraph(m_snapshot);
    }

    void workerCountsItsResumes()
    {
        QString label;
        const auto result = summary(table("workers"), {s("1")}, &label);
        QVERIFY2(result.ok(), qPrintable(result.error().message));
        QCOMPARE(label, s("Bobr"));
        QCOMPARE(labels(result.value()), QStringList{s("resumes (2)")});
        QCOMPARE(result->first().count, 2);
        QCOMPARE(result->first().rel.kind, Relationship::Kind::OneToMany);
        // Another worker, another count: the count is of this row, not of the table.
        const auto other = summary(table("workers"), {s("10")});
        QVERIFY(other.ok());
        QCOMPARE(labels(other.value()), QStringList{s("resumes (0)")});
    }

    void resumeReachesItsWorkerAndVacancies()
    {
        QString label;
        const auto result = summary(table("resumes"), {s("2")}, &label);
        QVERIFY2(result.ok(), qPrintable(result.error().message));
        QCOMPARE(label, s("Python Junior Developer"));
        QCOMPARE(labels(result.value()),
                 (QStringList{s("worker (many-to-one)"), s("vacancies_replies (2)"),
                              s("vacancies via vacancies_replies (2)")}));
        const RelatedSummary *viaReplies =
            find(result.value(), "vacancies via vacancies_replies (2)");
        QVERIFY(viaReplies);
        QCOMPARE(viaReplies->rel.kind, Relationship::Kind::ManyToMany);
        QCOMPARE(viaReplies->rel.linkAttributes, QStringList{s("cover_letter")});
        // A resume without replies.
        const auto none = summary(table("resumes"), {s("4")});
        QVERIFY(none.ok());
        QVERIFY(find(none.value(), "vacancies via vacancies_replies (0)"));
    }

    void vacancyCountsTheResumesThatReplied()
    {
        const auto result = summary(table("vacancies"), {s("1")});
        QVERIFY2(result.ok(), qPrintable(result.error().message));
        const qint64 replies =
            count(s("SELECT count(*) FROM vacancies_replies WHERE vacancy_id = 1"));
        QCOMPARE(replies, 5);
        QCOMPARE(labels(result.value()),
                 (QStringList{s("vacancies_replies (5)"), s("resumes via vacancies_replies (5)")}));
    }

    void relatedRowsCarryTheLinkAttributes()
    {
        const Relationship rel =
            relationship(table("resumes"), Relationship::Kind::ManyToMany, "vacancies");
        QVERIFY(!rel.via.name.isEmpty());
        QSqlDatabase conn = db();
        const auto rows = related(conn, m_snapshot, rel, {s("2")});
        QVERIFY2(rows.ok(), qPrintable(rows.error().message));
        QCOMPARE(rows->columns,
                 (QStringList{s("id"), s("title"), s("compensation"), s("cover_letter")}));
        QCOMPARE(rows->linkColumnsFrom, 3);
        QCOMPARE(rows->rows.size(), 2);
        QCOMPARE(rows->rows.at(0), (QVariantList{s("1"), s("Python developer"), s("120000"),
                                                 s("Junior, eager to learn, strong SQL.")}));
        QCOMPARE(rows->rows.at(1).value(1), QVariant(s("Python intern")));
        QVERIFY(rows->rows.at(1).value(2).isNull()); // compensation NULL
        QVERIFY(rows->rows.at(1).value(3).isNull()); // no cover letter
        QCOMPARE(rows->keys, (QList<QVariantList>{{s("1")}, {s("8")}}));
        QCOMPARE(rows->linkKeys, (QList<QVariantList>{{s("2"), s("1")}, {s("2"), s("8")}}));
        QCOMPARE(rows->fromValues, QVariantList{s("2")});
        QVERIFY(!rows->truncated);

        // The other direction: a vacancy's resumes, limited.
        const Relationship back =
            relationship(table("vacancies"), Relationship::Kind::ManyToMany, "resumes");
        const auto limited = related(conn, m_snapshot, back, {s("1")}, 3);
        QVERIFY2(limited.ok(), qPrintable(limited.error().message));
        QCOMPARE(limited->keys, (QList<QVariantList>{{s("1")}, {s("2")}, {s("5")}}));
        QVERIFY(limited->truncated);
        QCOMPARE(limited->linkKeys.first(), (QVariantList{s("1"), s("1")}));

        // Many-to-one and one-to-many: no link columns.
        const Relationship worker =
            relationship(table("resumes"), Relationship::Kind::ManyToOne, "workers");
        const auto owner = related(conn, m_snapshot, worker, {s("5")});
        QVERIFY(owner.ok());
        QCOMPARE(owner->linkColumnsFrom, -1);
        QCOMPARE(owner->rows, (QList<QVariantList>{{s("3"), s("Misha")}}));
        QVERIFY(owner->linkKeys.isEmpty());
        const Relationship resumes =
            relationship(table("workers"), Relationship::Kind::OneToMany, "resumes");
        const auto children = related(conn, m_snapshot, resumes, {s("3")});
        QVERIFY(children.ok());
        QCOMPARE(children->keys, (QList<QVariantList>{{s("5")}, {s("6")}}));
    }

    void compositeKeysMatchEveryColumn()
    {
        QString label;
        const auto team = summary(table("teams", "comp"), {s("acme"), s("a1")}, &label);
        QVERIFY2(team.ok(), qPrintable(team.error().message));
        QCOMPARE(label, s("Alpha"));
        QCOMPARE(labels(team.value()), QStringList{s("members (2)")});
        // The hostile row exists and is found by its exact values.
        const auto hostile = summary(table("teams", "comp"), {s(kHostileOrg), s("x\"y")});
        QVERIFY2(hostile.ok(), qPrintable(hostile.error().message));
        QCOMPARE(labels(hostile.value()), QStringList{s("members (1)")});
        // The member's team, by both columns.
        const auto member = summary(table("members", "comp"), {s("3")});
        QVERIFY(member.ok());
        QCOMPARE(labels(member.value()), QStringList{s("teams (many-to-one)")});
        QSqlDatabase conn = db();
        const auto rows = related(conn, m_snapshot, member->first().rel, {s("3")});
        QVERIFY2(rows.ok(), qPrintable(rows.error().message));
        QCOMPARE(rows->keys, (QList<QVariantList>{{s(kHostileOrg), s("x\"y")}}));
    }

    void hostileKeysAreBound()
    {
        // Text that would end the literal and run a statement matches no row.
        const auto missing =
            summary(table("teams", "comp"), {s("acme'; DROP TABLE comp.members; --"), s("a1")});
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().message, s("The row no longer exists."));
        QCOMPARE(count(s("SELECT count(*) FROM comp.members")), 3);
        // In an integer key the server refuses it as a value, not as SQL.
        const auto refused = summary(table("workers"), {s("1 OR 1=1")});
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().sqlState, s("22P02"));
        QSqlDatabase conn = db();
        const Relationship resumes =
            relationship(table("workers"), Relationship::Kind::OneToMany, "resumes");
        const auto rows = related(conn, m_snapshot, resumes, {s("0) OR (1=1")});
        QVERIFY(!rows.ok());
        QCOMPARE(rows.error().sqlState, s("22P02"));
        QCOMPARE(count(s("SELECT count(*) FROM workers")), 10);
        // A key that does not fit the primary key is refused before anything runs.
        QVERIFY(!summary(table("teams", "comp"), {s("acme")}).ok());
    }

    void summaryIsOneStatement()
    {
        const TableInfo *resumes = m_snapshot.table(s("public"), s("resumes"));
        QVERIFY(resumes);
        const Statement st =
            summaryStatement(m_graph.from(table("resumes")), *resumes, {s("2")});
        QCOMPARE(st.sql.count(s("count(*)")), 3);
        QCOMPARE(st.params, QVariantList{s("2")});
        QVERIFY(!st.sql.contains(s("'2'")));
    }

    // The seed's conditional relationship: a worker's part-time resumes, newest first, listed
    // right after the plain relationship; through an association the filter applies to the far
    // side (a vacancy's part-time applicants).
    void conditionalRelationshipsCountAndListOnlyTheirRows()
    {
        RelatedCondition partTime;
        partTime.filter = query::Filter::column(s("workload"), query::Filter::Op::Eq, {s("parttime")});
        partTime.orderColumn = s("id");
        partTime.order = Qt::DescendingOrder;
        partTime.name = s("part-time resumes");

        const Relationship resumes =
            relationship(table("workers"), Relationship::Kind::OneToMany, "resumes");
        ConditionMap conditions{{conditionSettingsKey(resumes), partTime}};
        QSqlDatabase conn = db();
        const auto worker =
            summarize(conn, m_snapshot, m_graph, table("workers"), {s("8")}, nullptr, conditions);
        QVERIFY2(worker.ok(), qPrintable(worker.error().message));
        QCOMPARE(labels(worker.value()),
                 (QStringList{s("resumes (2)"), s("part-time resumes (2)")}));
        QVERIFY(worker->at(1).isConditional());
        const auto rows = related(conn, m_snapshot, resumes, {s("8")}, 10, partTime);
        QVERIFY2(rows.ok(), qPrintable(rows.error().message));
        QCOMPARE(rows->keys, (QList<QVariantList>{{s("16")}, {s("15")}}));

        RelatedCondition unnamed = partTime;
        unnamed.name.clear();
        const Relationship applicants =
            relationship(table("vacancies"), Relationship::Kind::ManyToMany, "resumes");
        conditions = {{conditionSettingsKey(applicants), unnamed}};
        const auto vacancy =
            summarize(conn, m_snapshot, m_graph, table("vacancies"), {s("8")}, nullptr, conditions);
        QVERIFY2(vacancy.ok(), qPrintable(vacancy.error().message));
        QCOMPARE(labels(vacancy.value()),
                 (QStringList{s("vacancies_replies (2)"), s("resumes via vacancies_replies (2)"),
                              s("resumes where workload = parttime, by id descending (1)")}));
        const auto applicantRows = related(conn, m_snapshot, applicants, {s("8")}, 10, unnamed);
        QVERIFY2(applicantRows.ok(), qPrintable(applicantRows.error().message));
        QCOMPARE(applicantRows->keys, (QList<QVariantList>{{s("15")}}));
        QCOMPARE(applicantRows->linkKeys.size(), 1);
    }

    void databaseWrappersDeliverInTheCallersThread()
    {
        Database database;
        QSignalSpy connected(&database, &Database::connected);
        database.connectTo(dbx::test::TestCluster::instance().spec(kDb));
        QVERIFY(connected.wait(10000));
        bool summaryDone = false;
        loadRowSummary(database, m_snapshot, m_graph, table("vacancies"), {s("8")}, {}, this,
                       [&](Ticket, const Result<RowSummary> &r) {
                           QVERIFY(r.ok());
                           QCOMPARE(r->label, s("Python intern"));
                           QCOMPARE(labels(r->relations),
                                    (QStringList{s("vacancies_replies (2)"),
                                                 s("resumes via vacancies_replies (2)")}));
                           summaryDone = true;
                       });
        QTRY_VERIFY_WITH_TIMEOUT(summaryDone, 10000);
        bool rowsDone = false;
        const Relationship rel =
            relationship(table("vacancies"), Relationship::Kind::ManyToMany, "resumes");
        loadRelatedRows(database, m_snapshot, rel, {s("8")}, 10, {}, this,
                        [&](Ticket, const Result<RelatedRows> &r) {
                            QVERIFY(r.ok());
                            QCOMPARE(r->keys, (QList<QVariantList>{{s("2")}, {s("15")}}));
                            rowsDone = true;
                        });
        QTRY_VERIFY_WITH_TIMEOUT(rowsDone, 10000);
    }
};

QTEST_GUILESS_MAIN(TestRelatedRows)
#include "tst_relatedrows.moc"
