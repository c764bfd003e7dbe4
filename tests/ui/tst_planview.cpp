// The plan view offscreen on the demo database: Explain Analyze of the seed's JOIN + window +
// CTE query fills a tree with one row per node; a node taking nearly all the time is tinted
// and badged at PEV2's highest level; the JSON and text tabs and Copy; an UPDATE says it was
// rolled back (and was); a statement EXPLAIN refuses is explained in words; the grid's context
// menu and the query builder's Explain button open a plan window; the history panel searches
// and hands SQL on.

#include "demofixture.h"
#include "migrations/demoschema.h"
#include "model/catalog/schemasnapshot.h"
#include "model/connection/connectionstore.h"
#include "model/console/queryhistory.h"
#include "model/db/database.h"
#include "model/db/executor.h"
#include "model/server/demoserver.h"
#include "popupmenu.h"
#include "seedqueries.h"
#include "testcluster.h"
#include "ui/browser/tablebrowser.h"
#include "ui/connection/connectioncontroller.h"
#include "ui/console/historymodel.h"
#include "ui/console/historypanel.h"
#include "ui/explain/explainpanel.h"
#include "ui/explain/plantreemodel.h"
#include "ui/explain/planview.h"
#include "ui/querybuilder/querybuilderpanel.h"
#include "ui/shell/mainwindow.h"
#include "ui/translations.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>
#include <QTreeView>
#include <QtTest>

using namespace dbx;
using model::explain::ExplainMode;
using model::explain::Severity;

namespace {

const QString kDb = QStringLiteral("planview");

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

int countRows(const QAbstractItemModel *model, const QModelIndex &parent = {})
{
    int rows = model->rowCount(parent);
    for (int r = 0; r < model->rowCount(parent); ++r)
        rows += countRows(model, model->index(r, 0, parent));
    return rows;
}

ui::ExplainPanel *explainWindow()
{
    for (QWidget *w : QApplication::topLevelWidgets())
        if (w->objectName() == s("explainWindow") && w->isVisible())
            return qobject_cast<ui::ExplainPanel *>(w);
    return nullptr;
}

} // namespace

class TestPlanView : public QObject {
    Q_OBJECT

    std::unique_ptr<model::Database> m_db;
    model::SchemaSnapshot m_snapshot;

    bool explain(ui::ExplainPanel &panel, const QString &sql, ExplainMode mode)
    {
        QSignalSpy done(&panel, &ui::ExplainPanel::finished);
        panel.start(m_db.get(), model::Statement(sql), mode);
        return done.wait(20000);
    }

    // Only on request (DBX_SCREENSHOT_DIR): the plan of the seed query at two window sizes, the
    // slowest node selected.
    static void screenshot(ui::ExplainPanel &panel, ui::PlanView *view)
    {
        const QString dir = qEnvironmentVariable("DBX_SCREENSHOT_DIR");
        if (dir.isEmpty())
            return;
        QDir().mkpath(dir);
        view->findChild<QTabWidget *>(s("planTabs"))->setCurrentIndex(0);
        const auto &plan = view->outcome().plan;
        int slowest = 0;
        for (int i = 0; i < plan.nodes.size(); ++i)
            if (plan.nodes.at(i).exclusiveMs > plan.nodes.at(slowest).exclusiveMs)
                slowest = i;
        view->tree()->setCurrentIndex(view->model()->indexOfNode(slowest));
        for (const QSize size : {QSize(1366, 768), QSize(1024, 700)}) {
            panel.resize(size);
            QTest::qWait(100);
            QVERIFY(panel.grab().save(
                QDir(dir).filePath(QStringLiteral("plan-view-%1.png").arg(size.width()))));
        }
    }

private slots:
    void initTestCase()
    {
        // For the Russian screenshots: DBX_SCREENSHOT_LANG=ru.
        if (qEnvironmentVariableIsSet("DBX_SCREENSHOT_LANG"))
            ui::installTranslations(qEnvironmentVariable("DBX_SCREENSHOT_LANG"));
        DBX_REQUIRE_CLUSTER();
        const QString demo = test::openDemoSession(kDb, &m_db, &m_snapshot);
        QVERIFY2(demo.isEmpty(), qPrintable(demo));
    }

    void cleanupTestCase() { m_db.reset(); }

    void seedQueryTreeAndTabs()
    {
        ui::ExplainPanel panel;
        panel.resize(1000, 600);
        panel.show();
        QVERIFY(explain(panel, test::seedCompensationDiffSql(), ExplainMode::Analyze));
        auto *view = panel.findChild<ui::PlanView *>(s("planView"));
        QVERIFY(view && view->isVisible());
        screenshot(panel, view); // before the assertions on English text
        auto *tree = view->findChild<QTreeView *>(s("planTree"));
        QAbstractItemModelTester tester(tree->model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        const auto &plan = view->outcome().plan;
        QVERIFY(plan.nodes.size() >= 4);
        QCOMPARE(countRows(tree->model()), int(plan.nodes.size()));
        QVERIFY(view->findChild<QLabel *>(s("planSummary"))->text().contains(s("Execution")));
        QVERIFY(!view->findChild<QLabel *>(s("planNotice"))->isVisible());
        // The details pane follows the selection.
        const QModelIndex child = tree->model()->index(0, 0, tree->model()->index(0, 0));
        tree->setCurrentIndex(child);
        const QString details = view->findChild<QPlainTextEdit *>(s("nodeDetails"))->toPlainText();
        QVERIFY2(details.startsWith(s("#2 ")), qPrintable(details));
        QVERIFY(details.contains(s("Exclusive time: ")));
        // JSON and text tabs, and Copy of the one shown.
        auto *tabs = view->findChild<QTabWidget *>(s("planTabs"));
        tabs->setCurrentIndex(1);
        QVERIFY(view->findChild<QPlainTextEdit *>(s("planJson"))
                    ->toPlainText()
                    .contains(s("\"Node Type\"")));
        QTest::mouseClick(view->findChild<QPushButton *>(s("planCopy")), Qt::LeftButton);
        QVERIFY(QApplication::clipboard()->text().contains(s("\"Node Type\"")));
        tabs->setCurrentIndex(2);
        const QString text = view->findChild<QPlainTextEdit *>(s("planText"))->toPlainText();
        QVERIFY(text.contains(s("Execution Time: ")));
        QVERIFY(text.contains(s("->  ")));
        QTest::mouseClick(view->findChild<QPushButton *>(s("planCopy")), Qt::LeftButton);
        QCOMPARE(QApplication::clipboard()->text(), text);
    }

    void slowNodeIsHighlighted()
    {
        ui::ExplainPanel panel;
        panel.show();
        QVERIFY(explain(panel, s("SELECT pg_sleep(0.1)"), ExplainMode::Analyze));
        auto *tree = panel.findChild<QTreeView *>(s("planTree"));
        const QModelIndex root = tree->model()->index(0, ui::PlanTreeModel::Exclusive);
        QCOMPARE(root.data(ui::PlanTreeModel::SlowSeverityRole).toInt(), int(Severity::Critical));
        QCOMPARE(root.data(Qt::BackgroundRole).value<QColor>(),
                 ui::PlanTreeModel::tint(Severity::Critical));
        const QString flags = tree->model()->index(0, ui::PlanTreeModel::Flags).data().toString();
        QVERIFY2(flags.startsWith(s("!!! ")), qPrintable(flags));
        // A plain EXPLAIN has no times: nothing flagged as slow, the server's own text.
        QVERIFY(explain(panel, s("SELECT pg_sleep(0.1)"), ExplainMode::Plan));
        QCOMPARE(tree->model()->index(0, 0).data(ui::PlanTreeModel::SlowSeverityRole).toInt(),
                 int(Severity::None));
        QVERIFY(!tree->model()->index(0, 1).data(Qt::BackgroundRole).isValid());
        QVERIFY(panel.findChild<QLabel *>(s("planSummary"))->text().contains(s("no ANALYZE")));
    }

    void updateSaysRolledBack()
    {
        auto sum = [this] {
            QVariant v;
            QSignalSpy done(m_db.get(), &model::Database::finished);
            m_db->execute(model::Statement(s("SELECT sum(compensation)::bigint FROM resumes")));
            if (done.wait(10000))
                v = done.first().at(1).value<model::SqlResult>().rows.value(0).value(0);
            return v.toLongLong();
        };
        const qint64 before = sum();
        ui::ExplainPanel panel;
        panel.show();
        QVERIFY(explain(panel, s("UPDATE resumes SET compensation = compensation * 2"),
                        ExplainMode::Analyze));
        auto *notice = panel.findChild<QLabel *>(s("planNotice"));
        QVERIFY(notice->isVisible());
        QVERIFY(notice->text().contains(s("UPDATE")));
        QVERIFY(notice->text().contains(s("rolled back")));
        QCOMPARE(sum(), before);
    }

    void refusedStatementIsExplainedInWords()
    {
        ui::ExplainPanel panel;
        panel.show();
        QSignalSpy done(&panel, &ui::ExplainPanel::finished);
        panel.start(m_db.get(), model::Statement(s("DROP TABLE resumes")), ExplainMode::Analyze);
        QVERIFY(done.wait(10000));
        QCOMPARE(done.first().at(0).toBool(), false);
        auto *error = panel.findChild<QLabel *>(s("explainError"));
        QVERIFY(error->isVisible());
        QVERIFY2(error->text().contains(s("SELECT, INSERT, UPDATE")), qPrintable(error->text()));
        QVERIFY(!panel.findChild<ui::PlanView *>(s("planView"))->isVisible());
    }

    void gridMenuExplains()
    {
        ui::TableBrowser browser(m_db.get(), nullptr, *m_snapshot.table(s("public"), s("resumes")),
                                 m_snapshot);
        browser.resize(1000, 600);
        browser.show();
        QVERIFY(QTest::qWaitForWindowExposed(&browser));
        QTRY_VERIFY_WITH_TIMEOUT(browser.model()->rowCount() > 0, 10000);
        test::chooseInMenu(s("actionExplainAnalyze"));
        emit browser.view()->customContextMenuRequested(QPoint(5, 5));
        QTRY_VERIFY_WITH_TIMEOUT(explainWindow() != nullptr, 5000);
        ui::ExplainPanel *window = explainWindow();
        QTRY_VERIFY_WITH_TIMEOUT(!window->isRunning(), 10000);
        const auto &plan = window->planView()->outcome().plan;
        QVERIFY(plan.analyzed);
        bool scansResumes = false;
        for (const auto &n : plan.nodes)
            scansResumes = scansResumes || n.relation == s("resumes");
        QVERIFY(scansResumes);
        window->close();
    }

    void builderButtonExplains()
    {
        ui::QueryBuilderPanel builder(m_db.get());
        builder.setSnapshot(m_snapshot);
        builder.setQuery(test::seedCompensationDiff());
        builder.show();
        QVERIFY(QTest::qWaitForWindowExposed(&builder));
        auto *button = builder.findChild<QToolButton *>(s("explainButton"));
        QVERIFY(button);
        test::chooseInMenu(s("actionExplain"));
        QTest::mouseClick(button, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(explainWindow() != nullptr, 5000);
        ui::ExplainPanel *window = explainWindow();
        QTRY_VERIFY_WITH_TIMEOUT(!window->isRunning(), 10000);
        QVERIFY(!window->planView()->outcome().plan.analyzed);
        QVERIFY(window->planView()->outcome().textFromServer);
        QVERIFY(window->planView()->outcome().plan.nodes.size() >= 3);
        window->close();
    }

    void historyPanelSearchesAndHandsOn()
    {
        QTemporaryDir dir;
        model::QueryHistory history(dir.filePath(s("h.jsonl")));
        for (const char *sql : {"SELECT * FROM workers", "SELECT * FROM workers_archive",
                                "DELETE FROM resumes WHERE id = 3"}) {
            model::HistoryEntry e;
            e.connection = s("demo");
            e.sql = s(sql);
            QVERIFY(history.append(e).ok());
        }
        ui::HistoryPanel panel(&history);
        panel.show();
        auto *list = panel.findChild<QTreeView *>(s("historyList"));
        QAbstractItemModelTester tester(list->model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(list->model()->rowCount(), 3);
        QTest::keyClicks(panel.findChild<QLineEdit *>(s("historySearch")), s("workers"));
        QCOMPARE(list->model()->rowCount(), 2);
        panel.findChild<QCheckBox *>(s("historyWholeWords"))->setChecked(true);
        QCOMPARE(list->model()->rowCount(), 1);
        QSignalSpy run(&panel, &ui::HistoryPanel::runAgain);
        QSignalSpy copy(&panel, &ui::HistoryPanel::copyToEditor);
        QTest::mouseClick(panel.findChild<QPushButton *>(s("historyRun")), Qt::LeftButton);
        QCOMPARE(run.count(), 1);
        QCOMPARE(run.first().at(0).toString(), s("SELECT * FROM workers"));
        QTest::mouseClick(panel.findChild<QPushButton *>(s("historyCopy")), Qt::LeftButton);
        QCOMPARE(copy.first().at(0).toString(), s("SELECT * FROM workers"));
        // A new statement shows up at the top while the panel is open.
        panel.findChild<QLineEdit *>(s("historySearch"))->clear();
        model::HistoryEntry e;
        e.sql = s("SELECT 42");
        QVERIFY(history.append(e).ok());
        QCOMPARE(list->model()->index(0, ui::HistoryModel::Sql).data().toString(), s("SELECT 42"));
    }

    // View → History and Query → History open one tab whose signals come out of the menu.
    void historyFromTheMenus()
    {
        QTemporaryDir dir;
        model::LocalServer::Config unused;
        unused.rootDir = dir.filePath(s("never-started"));
        model::DemoServer demo(unused, migrations::installDemoSchema);
        model::ConnectionStore store;
        ui::ConnectionController connections(m_db.get(), &demo, &store);
        ui::MainWindow window(m_db.get(), &connections);
        model::QueryHistory history(dir.filePath(s("h.jsonl")));
        model::HistoryEntry e;
        e.sql = s("SELECT 1");
        QVERIFY(history.append(e).ok());
        ui::HistoryMenu *menu = ui::HistoryMenu::install(&window, &history);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(!menu->panel());
        window.findChild<QAction *>(s("actionViewHistory"))->trigger();
        ui::HistoryPanel *panel = menu->panel();
        QVERIFY(panel && panel->isVisible());
        window.findChild<QAction *>(s("actionQueryHistory"))->trigger();
        QCOMPARE(menu->panel(), panel);
        QSignalSpy copy(menu, &ui::HistoryMenu::copyToEditor);
        QTest::mouseClick(panel->findChild<QPushButton *>(s("historyCopy")), Qt::LeftButton);
        QCOMPARE(copy.count(), 1);
        QCOMPARE(copy.first().at(0).toString(), s("SELECT 1"));
    }
};

QTEST_MAIN(TestPlanView)
#include "tst_planview.moc"
