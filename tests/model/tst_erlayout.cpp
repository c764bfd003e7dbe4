// The ER diagram's layout: Graphviz places the demo schema's tables without overlaps, lines
// run between the tables they join, the association's keys are marked many-to-many, and a
// 150-table schema is laid out in well under two seconds. No database: snapshots are built here.

#include "demosnapshot.h"
#include "model/relations/erlayout.h"
#include "model/relations/relationshipgraph.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QtTest>

using namespace dbx::model;
using dbx::test::demoSnapshot;

namespace {

ColumnInfo column(const QString &name, const QString &type, bool notNull = true)
{
    ColumnInfo c;
    c.name = name;
    c.type = type;
    c.notNull = notNull;
    return c;
}

ForeignKeyInfo foreignKey(const QString &name, const QStringList &columns, const QString &table,
                          const QString &onDelete = QStringLiteral("NO ACTION"))
{
    ForeignKeyInfo fk;
    fk.name = name;
    fk.columns = columns;
    fk.refSchema = QStringLiteral("public");
    fk.refTable = table;
    fk.refColumns = {QStringLiteral("id")};
    fk.onDelete = onDelete;
    return fk;
}

TableInfo table(const QString &name, const QList<ColumnInfo> &columns)
{
    TableInfo t;
    t.schema = QStringLiteral("public");
    t.name = name;
    t.columns = columns;
    t.primaryKey = {QStringLiteral("id")};
    return t;
}

// `count` tables, each (after the first) pointing at one or two earlier ones; every seventh is
// an association whose key is its two foreign keys. Seeded: the same schema every run.
SchemaSnapshot generatedSnapshot(int count)
{
    QRandomGenerator random(20261124);
    SchemaInfo schema;
    schema.name = QStringLiteral("public");
    for (int i = 0; i < count; ++i) {
        TableInfo t = table(QStringLiteral("table_%1").arg(i, 3, 10, QLatin1Char('0')),
                            {column(QStringLiteral("id"), QStringLiteral("bigint"))});
        const int plain = random.bounded(2, 9);
        for (int c = 0; c < plain; ++c) {
            t.columns << column(QStringLiteral("column_%1").arg(c), QStringLiteral("text"),
                                random.bounded(2) == 0);
        }
        const int keys = i == 0 ? 0 : random.bounded(1, std::min(i, 2) + 1);
        for (int k = 0; k < keys; ++k) {
            const int target = random.bounded(i);
            const QString name = QStringLiteral("ref_%1_id").arg(k);
            t.columns << column(name, QStringLiteral("bigint"), random.bounded(2) == 0);
            ForeignKeyInfo fk =
                foreignKey(t.name + QLatin1Char('_') + name + QStringLiteral("_fkey"), {name},
                           schema.tables.at(target).name);
            t.foreignKeys << fk;
        }
        if (keys == 2 && i % 7 == 0) {
            t.columns.removeFirst();
            t.primaryKey = {QStringLiteral("ref_0_id"), QStringLiteral("ref_1_id")};
        }
        schema.tables << t;
    }
    SchemaSnapshot snapshot;
    snapshot.database = QStringLiteral("generated");
    snapshot.schemas << schema;
    return snapshot;
}

QList<ErLayout::Table> sizedTables(const SchemaSnapshot &snapshot)
{
    QList<ErLayout::Table> tables;
    for (const SchemaInfo &schema : snapshot.schemas) {
        for (const TableInfo &t : schema.tables)
            tables << ErLayout::Table{TableRef{t.schema, t.name}, ErLayout::estimateSize(t)};
    }
    return tables;
}

QList<TableRef> refs(const QList<ErLayout::Table> &tables)
{
    QList<TableRef> out;
    for (const ErLayout::Table &t : tables)
        out << t.table;
    return out;
}

double distance(const QPointF &point, const QRectF &rect)
{
    const double dx = std::max({rect.left() - point.x(), 0.0, point.x() - rect.right()});
    const double dy = std::max({rect.top() - point.y(), 0.0, point.y() - rect.bottom()});
    return std::hypot(dx, dy);
}

// Names of boxes that overlap (touching edges allowed).
QStringList overlaps(const ErLayout &layout)
{
    QStringList found;
    for (qsizetype i = 0; i < layout.nodes.size(); ++i) {
        for (qsizetype j = i + 1; j < layout.nodes.size(); ++j) {
            const QRectF a = layout.nodes.at(i).box.adjusted(0.5, 0.5, -0.5, -0.5);
            if (a.intersects(layout.nodes.at(j).box)) {
                found << layout.nodes.at(i).table.name + QLatin1Char('/') +
                             layout.nodes.at(j).table.name;
            }
        }
    }
    return found;
}

} // namespace

class TestErLayout : public QObject {
    Q_OBJECT
private slots:
    void demoSchema();
    void edgesEndAtTheirTables();
    void scopeLimitsEdges();
    void selfReferenceAndTwoKeysToOneTable();
    void emptyInput();
    void generatedSchemaIsFast();
};

void TestErLayout::demoSchema()
{
    const SchemaSnapshot snapshot = demoSnapshot();
    const RelationshipGraph graph(snapshot);
    const QList<ErLayout::Table> tables = sizedTables(snapshot);
    const QList<ErLayout::Edge> edges = ErLayout::edgesBetween(graph, refs(tables));
    QCOMPARE(edges.size(), 3); // one per foreign key, never its reverse

    const ErLayout layout = ErLayout::compute(tables, edges);
    QVERIFY2(layout.error.isEmpty(), qPrintable(layout.error));
    QCOMPARE(layout.nodes.size(), 4);
    QCOMPARE(layout.edges.size(), 3);
    QVERIFY2(overlaps(layout).isEmpty(), qPrintable(overlaps(layout).join(QLatin1Char(' '))));
    const QRectF canvas(QPointF(0, 0), layout.size);
    for (const ErLayout::Node &n : layout.nodes) {
        QVERIFY2(canvas.adjusted(-1, -1, 1, 1).contains(n.box), qPrintable(n.table.name));
        const TableInfo *info = snapshot.table(n.table.schema, n.table.name);
        QVERIFY(info);
        // The boxes keep the sizes they were given: the UI draws its text into them.
        QCOMPARE(qRound(n.box.width()), qRound(ErLayout::estimateSize(*info).width()));
        QCOMPARE(qRound(n.box.height()), qRound(ErLayout::estimateSize(*info).height()));
    }

    int manyToMany = 0;
    for (const ErLayout::Edge &e : layout.edges) {
        if (e.manyToMany) {
            ++manyToMany;
            QCOMPARE(e.rel.from.name, QStringLiteral("vacancies_replies"));
        } else {
            QCOMPARE(e.rel.from.name, QStringLiteral("resumes"));
            QCOMPARE(e.rel.to.name, QStringLiteral("workers"));
            QCOMPARE(e.rel.onDelete, QStringLiteral("CASCADE"));
        }
    }
    QCOMPARE(manyToMany, 2);

    // Left to right: the referenced table stands left of the one pointing at it, and the
    // association sits between the two tables it links.
    const QRectF workers =
        layout.node(TableRef{QStringLiteral("public"), QStringLiteral("workers")})->box;
    const QRectF resumes =
        layout.node(TableRef{QStringLiteral("public"), QStringLiteral("resumes")})->box;
    const QRectF replies =
        layout.node(TableRef{QStringLiteral("public"), QStringLiteral("vacancies_replies")})->box;
    const QRectF vacancies =
        layout.node(TableRef{QStringLiteral("public"), QStringLiteral("vacancies")})->box;
    QVERIFY(workers.right() < resumes.left());
    QVERIFY(resumes.right() < replies.left());
    QVERIFY(replies.right() < vacancies.left());
}

void TestErLayout::edgesEndAtTheirTables()
{
    const SchemaSnapshot snapshot = demoSnapshot();
    const RelationshipGraph graph(snapshot);
    const QList<ErLayout::Table> tables = sizedTables(snapshot);
    const ErLayout layout = ErLayout::compute(tables, ErLayout::edgesBetween(graph, refs(tables)));
    for (const ErLayout::Edge &e : layout.edges) {
        const QString name = e.rel.constraintName;
        QVERIFY2(e.spline.size() >= 4, qPrintable(name));
        QCOMPARE((e.spline.size() - 1) % 3, 0); // start + 3 points per cubic segment
        const QRectF from = layout.node(e.rel.from)->box;
        const QRectF to = layout.node(e.rel.to)->box;
        QVERIFY2(distance(e.spline.first(), from) < 2.0, qPrintable(name));
        QVERIFY2(distance(e.spline.last(), to) < 2.0, qPrintable(name));
        // and they start outside the other box: the line runs between the two
        QVERIFY2(distance(e.spline.first(), to) > 20.0, qPrintable(name));
    }
}

void TestErLayout::scopeLimitsEdges()
{
    const SchemaSnapshot snapshot = demoSnapshot();
    const RelationshipGraph graph(snapshot);
    const QList<TableRef> around =
        graph.neighbourhood(TableRef{QStringLiteral("public"), QStringLiteral("workers")}, 1);
    QCOMPARE(around.size(), 2);
    const QList<ErLayout::Edge> edges = ErLayout::edgesBetween(graph, around);
    QCOMPARE(edges.size(), 1);
    QCOMPARE(edges.first().rel.constraintName, QStringLiteral("resumes_worker_id_fkey"));
    QVERIFY(!edges.first().manyToMany);
}

void TestErLayout::selfReferenceAndTwoKeysToOneTable()
{
    const QString integer = QStringLiteral("integer");
    TableInfo employees =
        table(QStringLiteral("employees"), {column(QStringLiteral("id"), integer),
                                            column(QStringLiteral("manager_id"), integer, false)});
    employees.foreignKeys << foreignKey(QStringLiteral("employees_manager_id_fkey"),
                                        {QStringLiteral("manager_id")},
                                        QStringLiteral("employees"));
    TableInfo transfers =
        table(QStringLiteral("transfers"),
              {column(QStringLiteral("id"), integer), column(QStringLiteral("from_id"), integer),
               column(QStringLiteral("to_id"), integer)});
    transfers.foreignKeys << foreignKey(QStringLiteral("transfers_from_id_fkey"),
                                        {QStringLiteral("from_id")}, QStringLiteral("employees"))
                          << foreignKey(QStringLiteral("transfers_to_id_fkey"),
                                        {QStringLiteral("to_id")}, QStringLiteral("employees"));
    SchemaInfo schema;
    schema.name = QStringLiteral("public");
    schema.tables = {employees, transfers};
    SchemaSnapshot snapshot;
    snapshot.schemas << schema;
    const RelationshipGraph graph(snapshot);
    const QList<ErLayout::Table> tables = sizedTables(snapshot);
    const ErLayout layout = ErLayout::compute(tables, ErLayout::edgesBetween(graph, refs(tables)));
    QVERIFY2(layout.error.isEmpty(), qPrintable(layout.error));
    QCOMPARE(layout.edges.size(), 3);
    QVERIFY(overlaps(layout).isEmpty());
    QList<QList<QPointF>> splines;
    for (const ErLayout::Edge &e : layout.edges) {
        QVERIFY2(e.spline.size() >= 4, qPrintable(e.rel.constraintName));
        QVERIFY(!e.manyToMany); // two keys, but the primary key is its own: not an association
        const QRectF from = layout.node(e.rel.from)->box;
        const QRectF to = layout.node(e.rel.to)->box;
        QVERIFY2(distance(e.spline.first(), from) < 2.0, qPrintable(e.rel.constraintName));
        QVERIFY2(distance(e.spline.last(), to) < 2.0, qPrintable(e.rel.constraintName));
        splines << e.spline;
    }
    // The two keys between the same tables are drawn as two lines, not one on top of the other.
    QVERIFY(splines.at(1) != splines.at(2));
}

void TestErLayout::emptyInput()
{
    const ErLayout layout = ErLayout::compute({}, {});
    QVERIFY(layout.error.isEmpty());
    QVERIFY(layout.nodes.isEmpty());
    QVERIFY(layout.edges.isEmpty());
}

void TestErLayout::generatedSchemaIsFast()
{
    const SchemaSnapshot snapshot = generatedSnapshot(150);
    const RelationshipGraph graph(snapshot);
    const QList<ErLayout::Table> tables = sizedTables(snapshot);
    const QList<ErLayout::Edge> edges = ErLayout::edgesBetween(graph, refs(tables));
    QVERIFY(edges.size() > 150);
    QVERIFY(std::any_of(edges.begin(), edges.end(),
                        [](const ErLayout::Edge &e) { return e.manyToMany; }));

    QElapsedTimer timer;
    timer.start();
    const ErLayout layout = ErLayout::compute(tables, edges);
    const qint64 elapsed = timer.elapsed();
    qInfo("150 tables, %lld lines laid out in %lld ms", static_cast<long long>(edges.size()),
          static_cast<long long>(elapsed));
    QVERIFY2(layout.error.isEmpty(), qPrintable(layout.error));
    QVERIFY2(elapsed < 2000, qPrintable(QString::number(elapsed)));
    QCOMPARE(layout.nodes.size(), 150);
    QCOMPARE(layout.edges.size(), edges.size());
    QVERIFY2(overlaps(layout).isEmpty(), qPrintable(overlaps(layout).join(QLatin1Char(' '))));
    for (const ErLayout::Edge &e : layout.edges)
        QVERIFY2(e.spline.size() >= 4, qPrintable(e.rel.constraintName));
}

QTEST_GUILESS_MAIN(TestErLayout)
#include "tst_erlayout.moc"
