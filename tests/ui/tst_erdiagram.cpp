// The ER diagram panel offscreen: the demo-like schema's tables and lines appear, a click on a
// table asks for its grid and a click on a line says what it is, the neighbourhood scope limits
// the tables, and the PNG and SVG exports are real files. No database: the snapshot is built here.

#include "demosnapshot.h"
#include "ui/relations/erdiagrampanel.h"
#include "ui/relations/erscene.h"

#include <QComboBox>
#include <QDir>
#include <QGraphicsView>
#include <QImage>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

using namespace dbx::model;
using dbx::test::demoSnapshot;
using dbx::ui::ErDiagramPanel;
using dbx::ui::ErEdgeItem;
using dbx::ui::ErTableItem;

namespace {

QStringList shownTables(const ErDiagramPanel &panel)
{
    QStringList names;
    for (ErTableItem *item : panel.scene()->tableItems())
        names << item->table().name;
    names.sort();
    return names;
}

bool waitForLayout(ErDiagramPanel &panel)
{
    return QTest::qWaitFor([&panel] { return !panel.isLayingOut(); }, 10000);
}

void click(ErDiagramPanel &panel, const QPointF &scenePoint)
{
    QGraphicsView *view = panel.view();
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->mapFromScene(scenePoint));
}

} // namespace

class TestErDiagram : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void showsTablesAndLines();
    void clickingTableActivatesIt();
    void clickingLineDescribesIt();
    void neighbourhoodScope();
    void scopeControls();
    void schemaChoice();
    void zoom();
    void exportsSvg();
    void exportsPng();
    void screenshot();

private:
    ErDiagramPanel *m_panel = nullptr;
};

void TestErDiagram::init()
{
    m_panel = new ErDiagramPanel;
    m_panel->resize(1100, 560);
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_panel));
    m_panel->setSnapshot(demoSnapshot());
    QVERIFY(waitForLayout(*m_panel));
}

void TestErDiagram::cleanup()
{
    delete m_panel;
    m_panel = nullptr;
}

void TestErDiagram::showsTablesAndLines()
{
    QCOMPARE(shownTables(*m_panel),
             (QStringList{QStringLiteral("resumes"), QStringLiteral("vacancies"),
                          QStringLiteral("vacancies_replies"), QStringLiteral("workers")}));
    const QList<ErEdgeItem *> edges = m_panel->scene()->edgeItems();
    QCOMPARE(edges.size(), 3);
    const auto manyToMany =
        std::count_if(edges.begin(), edges.end(), [](ErEdgeItem *e) { return e->isManyToMany(); });
    QCOMPARE(manyToMany, 2);
    const ErTableItem *replies = m_panel->scene()->tableItem(
        TableRef{QStringLiteral("public"), QStringLiteral("vacancies_replies")});
    QVERIFY(replies);
    QVERIFY2(replies->linkCaption().contains(QStringLiteral("many-to-many")) &&
                 replies->linkCaption().contains(QStringLiteral("resumes")) &&
                 replies->linkCaption().contains(QStringLiteral("vacancies")),
             qPrintable(replies->linkCaption()));
    // Every box sits inside the scene the view shows, and no two overlap.
    const QList<ErTableItem *> tables = m_panel->scene()->tableItems();
    for (qsizetype i = 0; i < tables.size(); ++i) {
        QVERIFY(m_panel->scene()->sceneRect().contains(tables.at(i)->sceneBoundingRect()));
        for (qsizetype j = i + 1; j < tables.size(); ++j) {
            QVERIFY(!tables.at(i)
                         ->sceneBoundingRect()
                         .adjusted(3, 3, -3, -3)
                         .intersects(tables.at(j)->sceneBoundingRect()));
        }
    }
    QVERIFY2(m_panel->statusText().contains(QStringLiteral("4 table")),
             qPrintable(m_panel->statusText()));
}

void TestErDiagram::clickingTableActivatesIt()
{
    QSignalSpy activated(m_panel, &ErDiagramPanel::tableActivated);
    const ErTableItem *workers =
        m_panel->scene()->tableItem(TableRef{QStringLiteral("public"), QStringLiteral("workers")});
    QVERIFY(workers);
    click(*m_panel, workers->sceneBoundingRect().center());
    QCOMPARE(activated.size(), 1);
    QCOMPARE(activated.first().at(0).toString(), QStringLiteral("public"));
    QCOMPARE(activated.first().at(1).toString(), QStringLiteral("workers"));

    // A click on empty canvas opens nothing.
    click(*m_panel, m_panel->scene()->sceneRect().topLeft() + QPointF(4, 4));
    QCOMPARE(activated.size(), 1);
}

void TestErDiagram::clickingLineDescribesIt()
{
    QSignalSpy activated(m_panel, &ErDiagramPanel::tableActivated);
    ErEdgeItem *toWorkers = nullptr;
    for (ErEdgeItem *e : m_panel->scene()->edgeItems()) {
        if (e->relationship().to.name == QStringLiteral("workers"))
            toWorkers = e;
    }
    QVERIFY(toWorkers);
    click(*m_panel, toWorkers->path().pointAtPercent(0.5));
    QCOMPARE(activated.size(), 0);
    const QString status = m_panel->statusText();
    QVERIFY2(status.contains(QStringLiteral("many-to-one")), qPrintable(status));
    QVERIFY2(status.contains(QStringLiteral("resumes.worker_id → workers.id")), qPrintable(status));
    QVERIFY2(status.contains(QStringLiteral("ON DELETE CASCADE")), qPrintable(status));
    QVERIFY(toWorkers->isHighlighted());
    QVERIFY(m_panel->scene()
                ->tableItem(TableRef{QStringLiteral("public"), QStringLiteral("resumes")})
                ->isHighlighted());

    ErEdgeItem *link = nullptr;
    for (ErEdgeItem *e : m_panel->scene()->edgeItems()) {
        if (e->isManyToMany())
            link = e;
    }
    QVERIFY(link);
    click(*m_panel, link->path().pointAtPercent(0.5));
    QVERIFY2(m_panel->statusText().contains(QStringLiteral("via vacancies_replies")),
             qPrintable(m_panel->statusText()));
    QVERIFY2(m_panel->statusText().contains(QStringLiteral("cover_letter")),
             qPrintable(m_panel->statusText()));
}

void TestErDiagram::neighbourhoodScope()
{
    m_panel->showNeighbourhood(QStringLiteral("public"), QStringLiteral("workers"), 1);
    QVERIFY(waitForLayout(*m_panel));
    QCOMPARE(shownTables(*m_panel),
             (QStringList{QStringLiteral("resumes"), QStringLiteral("workers")}));
    QCOMPARE(m_panel->scene()->edgeItems().size(), 1);
    // The table the neighbourhood is around stands out, with its lines.
    QVERIFY(m_panel->scene()
                ->tableItem(TableRef{QStringLiteral("public"), QStringLiteral("workers")})
                ->isHighlighted());
    QVERIFY(!m_panel->scene()
                 ->tableItem(TableRef{QStringLiteral("public"), QStringLiteral("resumes")})
                 ->isHighlighted());
    QVERIFY(m_panel->scene()->edgeItems().first()->isHighlighted());

    m_panel->showNeighbourhood(QStringLiteral("public"), QStringLiteral("workers"), 2);
    QVERIFY(waitForLayout(*m_panel));
    QCOMPARE(shownTables(*m_panel),
             (QStringList{QStringLiteral("resumes"), QStringLiteral("vacancies_replies"),
                          QStringLiteral("workers")}));

    m_panel->showWholeSchema();
    QVERIFY(waitForLayout(*m_panel));
    QCOMPARE(shownTables(*m_panel).size(), 4);
}

void TestErDiagram::scopeControls()
{
    auto *scope = m_panel->findChild<QComboBox *>(QStringLiteral("erScope"));
    auto *table = m_panel->findChild<QComboBox *>(QStringLiteral("erTable"));
    auto *depth = m_panel->findChild<QSpinBox *>(QStringLiteral("erDepth"));
    QVERIFY(scope && table && depth);
    QVERIFY(!table->isEnabled());
    table->setCurrentIndex(table->findText(QStringLiteral("vacancies")));
    scope->setCurrentIndex(1);
    QVERIFY(table->isEnabled() && depth->isEnabled());
    QVERIFY(waitForLayout(*m_panel));
    QCOMPARE(shownTables(*m_panel),
             (QStringList{QStringLiteral("vacancies"), QStringLiteral("vacancies_replies")}));

    // A reloaded snapshot keeps the chosen table.
    m_panel->setSnapshot(demoSnapshot());
    QVERIFY(waitForLayout(*m_panel));
    QCOMPARE(table->currentText(), QStringLiteral("vacancies"));
    QCOMPARE(shownTables(*m_panel).size(), 2);
}

void TestErDiagram::schemaChoice()
{
    auto *schema = m_panel->findChild<QComboBox *>(QStringLiteral("erSchema"));
    QVERIFY(schema);
    QVERIFY(!schema->isVisible()); // one schema: nothing to choose
    SchemaSnapshot snapshot = demoSnapshot();
    SchemaInfo audit;
    audit.name = QStringLiteral("audit");
    TableInfo events;
    events.name = QStringLiteral("events");
    events.schema = audit.name;
    ColumnInfo id;
    id.name = QStringLiteral("id");
    id.type = QStringLiteral("bigint");
    events.columns << id;
    events.primaryKey = {id.name};
    audit.tables << events;
    snapshot.schemas.prepend(audit);
    m_panel->setSnapshot(snapshot);
    QVERIFY(waitForLayout(*m_panel));
    QVERIFY(schema->isVisible());
    QCOMPARE(schema->currentData().toString(), QStringLiteral("public")); // not the first one
    QCOMPARE(shownTables(*m_panel).size(), 4);
    schema->setCurrentIndex(schema->findData(QString()));
    QVERIFY(waitForLayout(*m_panel));
    QCOMPARE(shownTables(*m_panel).size(), 5);
    schema->setCurrentIndex(schema->findData(QStringLiteral("audit")));
    QVERIFY(waitForLayout(*m_panel));
    QCOMPARE(shownTables(*m_panel), QStringList{QStringLiteral("events")});
}

void TestErDiagram::zoom()
{
    QGraphicsView *view = m_panel->view();
    const double before = view->transform().m11();
    m_panel->zoomIn();
    QVERIFY(view->transform().m11() > before * 1.1);
    view->setFocus();
    QTest::keyClick(view, Qt::Key_Minus);
    QTest::keyClick(view, Qt::Key_Minus);
    QVERIFY(view->transform().m11() < before);
    m_panel->fit();
    QCOMPARE(view->transform().m11(), before);
}

void TestErDiagram::exportsSvg()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("er.svg"));
    QVERIFY(m_panel->exportSvg(path));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray content = file.readAll();
    QXmlStreamReader xml(content);
    QString root;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement() && root.isEmpty())
            root = xml.name().toString();
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QCOMPARE(root, QStringLiteral("svg"));
    for (const char *name : {"workers", "resumes", "vacancies_replies", "cover_letter"})
        QVERIFY2(content.contains(name), name);
}

void TestErDiagram::exportsPng()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("er.png"));
    QVERIFY(m_panel->exportPng(path));
    QImage image(path);
    QVERIFY(!image.isNull());
    QVERIFY(image.width() > 300 && image.height() > 100);
    // Not a blank page: a good share of the pixels carry boxes, text and lines.
    int inked = 0;
    for (int y = 0; y < image.height(); y += 2) {
        for (int x = 0; x < image.width(); x += 2)
            inked += image.pixel(x, y) != qRgb(255, 255, 255) ? 1 : 0;
    }
    QVERIFY2(inked > image.width() * image.height() / 4 / 50, qPrintable(QString::number(inked)));
}

void TestErDiagram::screenshot()
{
    const QString dir = qEnvironmentVariable("DBX_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return; // only on request: a picture for people to look at, not an assertion
    QDir().mkpath(dir);
    QVERIFY(m_panel->grab().save(QDir(dir).filePath(QStringLiteral("er-diagram.png"))));
}

QTEST_MAIN(TestErDiagram)
#include "tst_erdiagram.moc"
