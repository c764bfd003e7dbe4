// Relationships read from a real catalog: every kind on purpose-built tables (composite and
// self-referencing keys, a unique key making one-to-one, an association with its own columns, and
// a table that merely has two foreign keys but another primary key, which is not many-to-many),
// and the JSON and DOT documents written from them.

#include "model/catalog/catalogreader.h"
#include "model/relations/relationshipgraph.h"
#include "model/relations/schemadocument.h"
#include "testcluster.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace dbx::model;

namespace {
QString s(const char *text)
{
    return QString::fromUtf8(text);
}
TableRef t(const char *name)
{
    return TableRef{s("public"), s(name)};
}
const QString kDb = QStringLiteral("relations");
} // namespace

class TestRelationshipGraph : public QObject {
    Q_OBJECT

private:
    SchemaSnapshot m_snapshot;
    RelationshipGraph m_graph;

    QList<Relationship> between(const char *from, const char *to) const
    {
        QList<Relationship> out;
        for (const Relationship &r : m_graph.from(t(from))) {
            if (r.to == t(to))
                out << r;
        }
        return out;
    }

private slots:
    void initTestCase()
    {
        DBX_REQUIRE_CLUSTER();
        auto &cluster = dbx::test::TestCluster::instance();
        QVERIFY(cluster.recreateDatabase(kDb));
        QVERIFY(cluster.exec(kDb, s(R"(
CREATE TABLE workers (id serial PRIMARY KEY, username text NOT NULL,
  mentor_id int REFERENCES workers (id) ON DELETE SET NULL);
CREATE TABLE resumes (id serial PRIMARY KEY, title text NOT NULL,
  worker_id int NOT NULL REFERENCES workers (id) ON DELETE CASCADE);
CREATE TABLE vacancies (id serial PRIMARY KEY, title text NOT NULL);
CREATE TABLE vacancies_replies (
  resume_id int REFERENCES resumes (id) ON DELETE CASCADE,
  vacancy_id int REFERENCES vacancies (id) ON DELETE CASCADE,
  cover_letter text, PRIMARY KEY (resume_id, vacancy_id));
CREATE TABLE passports (id serial PRIMARY KEY, number text,
  worker_id int NOT NULL UNIQUE REFERENCES workers (id));
CREATE TABLE interviews (id serial PRIMARY KEY,
  resume_id int REFERENCES resumes (id), vacancy_id int REFERENCES vacancies (id),
  held_at timestamptz);
CREATE TABLE rooms (building text, number int, floor int, PRIMARY KEY (building, number));
CREATE TABLE bookings (id serial PRIMARY KEY, building text, room int,
  FOREIGN KEY (building, room) REFERENCES rooms (building, number));
)")));
        QSqlDatabase db = cluster.open(kDb);
        const auto snapshot = CatalogReader::read(db);
        QVERIFY2(snapshot.ok(), qPrintable(snapshot.error().message));
        m_snapshot = snapshot.value();
        m_graph = RelationshipGraph(m_snapshot);
    }

    void oneToManyAndManyToOne()
    {
        const auto up = between("resumes", "workers");
        QCOMPARE(up.size(), 1);
        QCOMPARE(up.first().kind, Relationship::Kind::ManyToOne);
        QCOMPARE(up.first().fromColumns, QStringList{s("worker_id")});
        QCOMPARE(up.first().toColumns, QStringList{s("id")});
        QCOMPARE(up.first().onDelete, s("CASCADE"));
        QVERIFY(up.first().owning);
        const auto down = between("workers", "resumes");
        QCOMPARE(down.size(), 1);
        QCOMPARE(down.first().kind, Relationship::Kind::OneToMany);
        QVERIFY(!down.first().owning);
    }

    void uniqueForeignKeyIsOneToOne()
    {
        const auto there = between("passports", "workers");
        QCOMPARE(there.size(), 1);
        QCOMPARE(there.first().kind, Relationship::Kind::OneToOne);
        const auto back = between("workers", "passports");
        QCOMPARE(back.size(), 1);
        QCOMPARE(back.first().kind, Relationship::Kind::OneToOne);
    }

    void associationIsManyToManyWithItsAttributes()
    {
        QVERIFY(m_graph.isAssociation(t("vacancies_replies")));
        const auto m2m = between("resumes", "vacancies");
        QCOMPARE(m2m.size(), 1);
        const Relationship &r = m2m.first();
        QCOMPARE(r.kind, Relationship::Kind::ManyToMany);
        QCOMPARE(r.via, t("vacancies_replies"));
        QCOMPARE(r.viaFromColumns, QStringList{s("resume_id")});
        QCOMPARE(r.viaToColumns, QStringList{s("vacancy_id")});
        QCOMPARE(r.linkAttributes, QStringList{s("cover_letter")});
        QCOMPARE(between("vacancies", "resumes").first().kind, Relationship::Kind::ManyToMany);
        // The association's own rows stay reachable too.
        QCOMPARE(between("resumes", "vacancies_replies").first().kind,
                 Relationship::Kind::OneToMany);
    }

    void twoForeignKeysWithAnotherKeyAreNotManyToMany()
    {
        QVERIFY(!m_graph.isAssociation(t("interviews")));
        for (const Relationship &r : m_graph.relationships())
            QVERIFY(r.via != t("interviews"));
        QCOMPARE(between("resumes", "interviews").first().kind, Relationship::Kind::OneToMany);
    }

    void selfReferenceAndCompositeKey()
    {
        const auto self = between("workers", "workers");
        QCOMPARE(self.size(), 2); // mentor (many-to-one) and mentees (one-to-many)
        QVERIFY(self.first().isSelfReference());
        QCOMPARE(self.first().kind, Relationship::Kind::ManyToOne);
        QCOMPARE(self.last().kind, Relationship::Kind::OneToMany);
        const auto room = between("bookings", "rooms");
        QCOMPARE(room.size(), 1);
        QCOMPARE(room.first().fromColumns, (QStringList{s("building"), s("room")}));
        QCOMPARE(room.first().toColumns, (QStringList{s("building"), s("number")}));
    }

    void neighbourhoodFollowsKeysBothWays()
    {
        const QList<TableRef> one = m_graph.neighbourhood(t("resumes"), 1);
        QVERIFY(one.contains(t("workers")));
        QVERIFY(one.contains(t("vacancies_replies")));
        QVERIFY(one.contains(t("interviews")));
        QVERIFY(!one.contains(t("vacancies")));
        QVERIFY(m_graph.neighbourhood(t("resumes"), 2).contains(t("vacancies")));
        QCOMPARE(m_graph.neighbourhood(t("rooms"), 3).size(), 2);
    }

    void jsonAndDotDescribeTheSchema()
    {
        const QJsonObject root = QJsonDocument::fromJson(schemaJson(m_snapshot, m_graph)).object();
        QCOMPARE(root.value(s("format")).toString(), s("dbexplorer-schema"));
        QCOMPARE(root.value(s("version")).toInt(), 1);
        bool sawAssociation = false;
        for (const QJsonValue &v : root.value(s("tables")).toArray()) {
            const QJsonObject table = v.toObject();
            if (table.value(s("name")).toString() == s("vacancies_replies"))
                sawAssociation = table.value(s("association")).toBool();
        }
        QVERIFY(sawAssociation);
        int manyToMany = 0;
        for (const QJsonValue &v : root.value(s("relationships")).toArray()) {
            const QJsonObject r = v.toObject();
            if (r.value(s("kind")).toString() == s("many-to-many")) {
                ++manyToMany;
                QCOMPARE(r.value(s("via")).toString(), s("public.vacancies_replies"));
                QCOMPARE(r.value(s("attributes")).toArray().first().toString(), s("cover_letter"));
            }
        }
        QCOMPARE(manyToMany, 2);

        const QString dot = schemaDot(m_snapshot, m_graph);
        QVERIFY(dot.startsWith(s("digraph schema {")));
        QVERIFY(dot.contains(s("\"public.resumes\" -> \"public.workers\" [label=\"worker_id\", "
                               "arrowtail=crow")));
        QVERIFY(dot.contains(s("\"public.passports\" -> \"public.workers\" [label=\"worker_id\", "
                               "arrowtail=tee")));
        // One edge per foreign key, not two.
        QCOMPARE(dot.count(s("\"public.resumes\" -> \"public.workers\"")), 1);
        QVERIFY(dot.contains(s("(many-to-many)")));
    }
};

QTEST_MAIN(TestRelationshipGraph)
#include "tst_relationshipgraph.moc"
