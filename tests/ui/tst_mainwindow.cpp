// The main window offscreen, assembled as the application does, on a real demo database:
// the schema tree and overview fill in, menus act, and the layout persists.

#include "migrations/demoschema.h"
#include "model/catalog/schematreemodel.h"
#include "model/connection/connectionstore.h"
#include "model/db/database.h"
#include "model/demo/demodatabase.h"
#include "model/edit/editabletablemodel.h"
#include "model/server/demoserver.h"
#include "popupmenu.h"
#include "testcluster.h"
#include "ui/browser/browsertabs.h"
#include "ui/browser/recordform.h"
#include "ui/browser/tablebrowser.h"
#include "ui/connection/connectioncontroller.h"
#include "ui/relations/erdiagrampanel.h"
#include "ui/relations/erscene.h"
#include "ui/relations/relationsmenu.h"
#include "ui/schema/schemadock.h"
#include "ui/shell/connectionsdock.h"
#include "ui/shell/connectionstatus.h"
#include "ui/shell/mainwindow.h"
#include "ui/shell/overviewpage.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTreeView>
#include <QTreeWidget>
#include <QtTest>

using namespace dbx;

class TestMainWindow : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_settingsDir;
    std::unique_ptr<model::DemoServer> m_demo;
    std::unique_ptr<model::ConnectionStore> m_store;
    std::unique_ptr<model::Database> m_database;
    std::unique_ptr<ui::ConnectionController> m_connections;
    std::unique_ptr<ui::MainWindow> m_window;
    int m_overviewRows = 0;

    // Triggers the action named `name` in the next menu that pops up.
    static void chooseInMenu(const char *name) { dbx::test::chooseInMenu(QLatin1String(name)); }

    QStringList visibleTopLevelRows(QTreeView *tree, const QModelIndex &parent = {})
    {
        QStringList rows;
        for (int i = 0; i < tree->model()->rowCount(parent); ++i)
            rows << tree->model()->index(i, 0, parent).data().toString();
        return rows;
    }

private slots:
    void initTestCase()
    {
        DBX_REQUIRE_CLUSTER();
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
        QSettings::setDefaultFormat(QSettings::IniFormat);
        auto &cluster = test::TestCluster::instance();
        QVERIFY(cluster.exec(QStringLiteral("postgres"),
                             QStringLiteral("DROP DATABASE IF EXISTS gui_demo WITH (FORCE)")));
        const auto demo = model::DemoDatabase::ensure(cluster.spec(), QStringLiteral("gui_demo"),
                                                      migrations::installDemoSchema);
        QVERIFY2(demo.ok(), qPrintable(demo.error().message));

        model::LocalServer::Config unused;
        unused.rootDir = m_settingsDir.path() + QStringLiteral("/never-started");
        m_demo = std::make_unique<model::DemoServer>(unused, migrations::installDemoSchema);
        m_store = std::make_unique<model::ConnectionStore>();
        m_database = std::make_unique<model::Database>();
        m_connections = std::make_unique<ui::ConnectionController>(m_database.get(), m_demo.get(),
                                                                   m_store.get());
        m_window = std::make_unique<ui::MainWindow>(m_database.get(), m_connections.get());
        m_connections->setDialogParent(m_window.get());
        ui::BrowserTabs *browsers = ui::BrowserTabs::install(m_window.get(), m_database.get());
        connect(ui::RelationsMenu::install(m_window.get()), &ui::RelationsMenu::tableActivated,
                browsers, [browsers](const QString &schema, const QString &table) {
                    browsers->open(schema, table);
                });
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanupTestCase()
    {
        m_window.reset();
        m_connections.reset();
        m_database.reset();
    }

    void showsWelcomeBeforeConnecting()
    {
        auto *welcome = m_window->findChild<QLabel *>(QStringLiteral("welcomeMessage"));
        QVERIFY(welcome);
        QVERIFY(welcome->isVisible());
        QVERIFY(m_window->findChild<QWidget *>(QStringLiteral("welcomeDemo"))->isVisible());
    }

    void menusAreThere()
    {
        QStringList titles;
        for (QAction *action : m_window->menuBar()->actions()) {
            if (action->isVisible())
                titles << action->text().remove(QLatin1Char('&'));
        }
        QCOMPARE(titles, (QStringList{QStringLiteral("File"), QStringLiteral("Database"),
                                      QStringLiteral("View"), QStringLiteral("Help")}));
        // A feature that adds an action to a hidden menu makes it appear.
        QMenu *migrations = m_window->menu(ui::MainWindow::Menu::Migrations);
        QVERIFY(!migrations->menuAction()->isVisible());
        migrations->addAction(QStringLiteral("Probe"));
        QVERIFY(migrations->menuAction()->isVisible());
        migrations->clear();
    }

    void connectsAndFillsSchemaTree()
    {
        QSignalSpy loaded(m_window->schemaDock(), &ui::SchemaDock::snapshotLoaded);
        m_connections->connectTo(test::TestCluster::instance().spec(QStringLiteral("gui_demo")),
                                 false);
        QVERIFY(loaded.wait(15000));

        auto *tree = m_window->findChild<QTreeView *>(QStringLiteral("schemaTree"));
        QVERIFY(tree);
        // The user's schemas first; the migrations' bookkeeping schema is shown too (nothing is
        // hidden from the user), but last and dimmed.
        const QStringList schemas = visibleTopLevelRows(tree);
        QCOMPARE(schemas,
                 (QStringList{QStringLiteral("public"), QStringLiteral("dbx_migrations")}));
        QVERIFY(!tree->model()->index(0, 0).data(Qt::ForegroundRole).isValid());
        QVERIFY(tree->model()->index(1, 0).data(Qt::ForegroundRole).isValid());
        const QModelIndex schema = tree->model()->index(0, 0);
        const QStringList folders = visibleTopLevelRows(tree, schema);
        QVERIFY2(folders.contains(QStringLiteral("Tables (4)")), qPrintable(folders.join(u'|')));
        QVERIFY2(folders.contains(QStringLiteral("Enum types (1)")),
                 qPrintable(folders.join(u'|')));
        QVERIFY(tree->isExpanded(schema));

        auto *tables = m_window->findChild<QTreeWidget *>(QStringLiteral("overviewTables"));
        QVERIFY(tables);
        QVERIFY(tables->isVisible());
        QStringList names;
        for (int i = 0; i < tables->topLevelItemCount(); ++i)
            names << tables->topLevelItem(i)->text(0);
        // Tables of "public" are listed by their bare names and first, the bookkeeping
        // qualified and last.
        QCOMPARE(names.mid(0, 4),
                 (QStringList{QStringLiteral("resumes"), QStringLiteral("vacancies"),
                              QStringLiteral("vacancies_replies"), QStringLiteral("workers")}));
        QVERIFY2(names.last().startsWith(QLatin1String("dbx_migrations.")),
                 qPrintable(names.join(u'|')));
        const auto resumes = tables->findItems(QStringLiteral("resumes"), Qt::MatchExactly);
        QCOMPARE(resumes.size(), 1);
        QCOMPARE(resumes.first()->text(2), QStringLiteral("18"));
        QCOMPARE(resumes.first()->text(4), QStringLiteral("workers"));
        m_overviewRows = tables->topLevelItemCount();

        const QString status = m_window->connectionStatus()->connectionText();
        QVERIFY2(status.contains(QLatin1String("postgres")), qPrintable(status));
        QCOMPARE(m_window->connectionStatus()->transactionText(), QStringLiteral("Auto-commit"));
        QVERIFY(m_window->windowTitle().startsWith(QLatin1String("gui_demo")));
        // The successful connection is remembered for the next start.
        QCOMPARE(m_store->last().database, QStringLiteral("gui_demo"));
        QVERIFY(!m_store->lastWasDemo());
    }

    void activatedTableOpensOneTabAndAsksBeforeClosingEdits()
    {
        auto *tabs = m_window->findChild<QTabWidget *>(QStringLiteral("centralTabs"));
        QVERIFY(tabs);
        const int before = tabs->count();
        emit m_window->schemaDock()->tableActivated(QStringLiteral("public"),
                                                    QStringLiteral("resumes"));
        QCOMPARE(tabs->count(), before + 1);
        auto *browser = qobject_cast<ui::TableBrowser *>(tabs->currentWidget());
        QVERIFY(browser);
        QCOMPARE(browser->table().name, QStringLiteral("resumes"));
        QCOMPARE(tabs->tabText(tabs->currentIndex()), QStringLiteral("resumes"));
        // Activating it again (from the overview too) brings back the same tab.
        tabs->setCurrentIndex(0);
        emit m_window->overviewPage()->tableActivated(QStringLiteral("public"),
                                                      QStringLiteral("resumes"));
        QCOMPARE(tabs->count(), before + 1);
        QCOMPARE(tabs->currentWidget(), browser);

        // A pending edit: closing the tab asks, and Cancel keeps the tab and the edit.
        QTRY_VERIFY(browser->model()->source()->isRowLoaded(0));
        const int title = 1;
        QVERIFY(browser->model()->setData(browser->model()->index(0, title),
                                          QStringLiteral("Unsaved")));
        QTimer::singleShot(50, [] {
            if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget()))
                box->button(QMessageBox::Cancel)->click();
        });
        emit tabs->tabCloseRequested(tabs->indexOf(browser));
        QCOMPARE(tabs->count(), before + 1);
        QTimer::singleShot(50, [] {
            if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget()))
                box->button(QMessageBox::Discard)->click();
        });
        emit tabs->tabCloseRequested(tabs->indexOf(browser));
        QCOMPARE(tabs->count(), before);
    }

    void childRecordOpensInItsOwnWindow()
    {
        auto *browsers = m_window->findChild<ui::BrowserTabs *>();
        QVERIFY(browsers);
        ui::TableBrowser *record = browsers->openRecord(
            QStringLiteral("public"), QStringLiteral("resumes"), QStringLiteral("id"), 3);
        QVERIFY(record);
        QVERIFY(record->window() != m_window.get());
        QVERIFY(record->isFormVisible());
        QTRY_COMPARE(record->model()->rowCount(), 1);
        QTRY_COMPARE(record->model()->index(0, 0).data(Qt::EditRole).toInt(), 3);
        QCOMPARE(record->form()->currentRow(), 0);
        record->window()->close();
    }

    // View → ER Diagram opens one tab with the schema's tables; clicking a table's box opens
    // its grid, and a schema reload reaches the open diagram.
    void erDiagramMenuShowsTheSchemaAndOpensTables()
    {
        auto *action = m_window->findChild<QAction *>(QStringLiteral("actionErDiagram"));
        QVERIFY(action);
        QCOMPARE(action->shortcut(), QKeySequence(QStringLiteral("Ctrl+Shift+D")));
        auto *tabs = m_window->findChild<QTabWidget *>(QStringLiteral("centralTabs"));
        const int before = tabs->count();
        action->trigger();
        QCOMPARE(tabs->count(), before + 1);
        auto *panel = qobject_cast<ui::ErDiagramPanel *>(tabs->currentWidget());
        QVERIFY(panel);
        QTRY_VERIFY_WITH_TIMEOUT(!panel->isLayingOut() && !panel->scene()->tableItems().isEmpty(),
                                 10000);
        QVERIFY(panel->scene()->tableItem(
            model::TableRef{QStringLiteral("public"), QStringLiteral("vacancies_replies")}));
        // Again: the same tab comes to the front.
        tabs->setCurrentIndex(0);
        action->trigger();
        QCOMPARE(tabs->count(), before + 1);
        QCOMPARE(tabs->currentWidget(), panel);

        emit panel->tableActivated(QStringLiteral("public"), QStringLiteral("vacancies"));
        auto *browser = qobject_cast<ui::TableBrowser *>(tabs->currentWidget());
        QVERIFY(browser);
        QCOMPARE(browser->table().name, QStringLiteral("vacancies"));
        emit tabs->tabCloseRequested(tabs->indexOf(browser));

        QSignalSpy loaded(m_window->schemaDock(), &ui::SchemaDock::snapshotLoaded);
        QVERIFY(test::TestCluster::instance().exec(
            QStringLiteral("gui_demo"),
            QStringLiteral("CREATE TABLE diagram_probe (id int PRIMARY KEY)")));
        m_window->findChild<QAction *>(QStringLiteral("actionRefreshSchema"))->trigger();
        QVERIFY(loaded.wait(10000));
        QTRY_VERIFY_WITH_TIMEOUT(panel->scene()->tableItem(model::TableRef{
                                     QStringLiteral("public"), QStringLiteral("diagram_probe")}),
                                 10000);
        QVERIFY(test::TestCluster::instance().exec(QStringLiteral("gui_demo"),
                                                   QStringLiteral("DROP TABLE diagram_probe")));
        m_window->findChild<QAction *>(QStringLiteral("actionRefreshSchema"))->trigger();
        QVERIFY(loaded.wait(10000));
        emit tabs->tabCloseRequested(tabs->indexOf(panel));
        QCOMPARE(tabs->count(), before);
    }

    // Ctrl+W, Ctrl+Tab and Ctrl+Shift+Tab; the context menus of the tree and the overview.
    void tabsByKeyboardAndContextMenus()
    {
        auto *tabs = m_window->findChild<QTabWidget *>(QStringLiteral("centralTabs"));
        auto *tree = m_window->findChild<QTreeView *>(QStringLiteral("schemaTree"));
        auto *dock = m_window->schemaDock();
        tabs->setCurrentIndex(0);
        const int before = tabs->count();
        // Open Form from the tree's context menu.
        auto *model = tree->model();
        QModelIndex resumes;
        for (int f = 0; f < model->rowCount(model->index(0, 0)); ++f) {
            const QModelIndex folder = model->index(f, 0, model->index(0, 0));
            for (int t = 0; t < model->rowCount(folder); ++t)
                if (model->index(t, 0, folder).data().toString() == QLatin1String("resumes"))
                    resumes = model->index(t, 0, folder);
        }
        QVERIFY(resumes.isValid());
        tree->scrollTo(resumes);
        chooseInMenu("schemaOpenForm");
        emit tree->customContextMenuRequested(tree->visualRect(resumes).center());
        QCOMPARE(tabs->count(), before + 1);
        auto *browser = qobject_cast<ui::TableBrowser *>(tabs->currentWidget());
        QVERIFY(browser && browser->isFormVisible());
        chooseInMenu("schemaCopyName");
        emit tree->customContextMenuRequested(tree->visualRect(resumes).center());
        QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("public.resumes"));
        // Refresh from the overview's menu.
        auto *tables = m_window->findChild<QTreeWidget *>(QStringLiteral("overviewTables"));
        tabs->setCurrentIndex(0);
        QSignalSpy loaded(dock, &ui::SchemaDock::snapshotLoaded);
        chooseInMenu("overviewRefresh");
        emit tables->customContextMenuRequested(QPoint(5, 5));
        QVERIFY(loaded.wait(10000));
        const auto workers = tables->findItems(QStringLiteral("workers"), Qt::MatchExactly);
        QCOMPARE(workers.size(), 1);
        chooseInMenu("overviewOpen");
        emit tables->customContextMenuRequested(tables->visualItemRect(workers.first()).center());
        QCOMPARE(tabs->count(), before + 2);
        QCOMPARE(tabs->tabText(tabs->currentIndex()), QStringLiteral("workers"));

        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        const int last = tabs->currentIndex();
        QTest::keyClick(m_window.get(), Qt::Key_Tab, Qt::ControlModifier);
        QCOMPARE(tabs->currentIndex(), (last + 1) % tabs->count());
        QTest::keyClick(m_window.get(), Qt::Key_Backtab, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(tabs->currentIndex(), last);
        QTest::keyClick(m_window.get(), Qt::Key_W, Qt::ControlModifier);
        QCOMPARE(tabs->count(), before + 1);
        tabs->setCurrentIndex(tabs->count() - 1);
        QTest::keyClick(m_window.get(), Qt::Key_W, Qt::ControlModifier);
        QCOMPARE(tabs->count(), before);
        tabs->setCurrentIndex(0);
        QTest::keyClick(m_window.get(), Qt::Key_W, Qt::ControlModifier);
        QCOMPARE(tabs->count(), before); // the overview stays
    }

    // The planner's estimate goes stale with every insert: the overview shows the count the
    // grid made after the commit.
    void overviewCountsAfterACommit()
    {
        auto *browsers = m_window->findChild<ui::BrowserTabs *>();
        ui::TableBrowser *browser =
            browsers->open(QStringLiteral("public"), QStringLiteral("workers"));
        QVERIFY(browser);
        QTRY_VERIFY(browser->model()->source()->isRowLoaded(0));
        const int row = browser->model()->insertRecord();
        QVERIFY(
            browser->model()->setData(browser->model()->index(row, 1), QStringLiteral("Barsuk")));
        QSignalSpy done(browser->model(), &model::EditableTableModel::commitFinished);
        QVERIFY(browser->commit());
        QVERIFY(done.wait(10000));
        auto *tables = m_window->findChild<QTreeWidget *>(QStringLiteral("overviewTables"));
        QTRY_COMPARE_WITH_TIMEOUT(
            tables->findItems(QStringLiteral("workers"), Qt::MatchExactly).first()->text(2),
            QStringLiteral("11"), 10000);
        auto *tabs = m_window->findChild<QTabWidget *>(QStringLiteral("centralTabs"));
        emit tabs->tabCloseRequested(tabs->indexOf(browser));
    }

    void filterFindsColumns()
    {
        auto *filter = m_window->findChild<QLineEdit *>(QStringLiteral("schemaFilter"));
        auto *tree = m_window->findChild<QTreeView *>(QStringLiteral("schemaTree"));
        QTest::keyClicks(filter, QStringLiteral("cover_letter"));
        QCOMPARE(visibleTopLevelRows(tree), QStringList{QStringLiteral("public")});
        const QModelIndex schema = tree->model()->index(0, 0);
        QCOMPARE(visibleTopLevelRows(tree, schema), QStringList{QStringLiteral("Tables (4)")});
        const QModelIndex folder = tree->model()->index(0, 0, schema);
        QCOMPARE(visibleTopLevelRows(tree, folder),
                 QStringList{QStringLiteral("vacancies_replies")});
        filter->clear();
        QCOMPARE(visibleTopLevelRows(tree).size(), 2);
    }

    void refreshSeesNewTables()
    {
        QVERIFY(test::TestCluster::instance().exec(
            QStringLiteral("gui_demo"), QStringLiteral("CREATE TABLE companies (id int)")));
        QSignalSpy loaded(m_window->schemaDock(), &ui::SchemaDock::snapshotLoaded);
        auto *refresh = m_window->findChild<QAction *>(QStringLiteral("actionRefreshSchema"));
        QVERIFY(refresh && refresh->isEnabled());
        refresh->trigger();
        QVERIFY(loaded.wait(10000));
        auto *tables = m_window->findChild<QTreeWidget *>(QStringLiteral("overviewTables"));
        QCOMPARE(tables->topLevelItemCount(), m_overviewRows + 1);
        QCOMPARE(tables->findItems(QStringLiteral("companies"), Qt::MatchExactly).size(), 1);
    }

    void disconnectReturnsToWelcome()
    {
        auto *disconnect = m_window->findChild<QAction *>(QStringLiteral("actionDisconnect"));
        QVERIFY(disconnect->isEnabled());
        disconnect->trigger();
        QTRY_COMPARE(m_database->state(), model::Database::State::Disconnected);
        QVERIFY(m_window->findChild<QLabel *>(QStringLiteral("welcomeMessage"))->isVisible());
        QVERIFY(!disconnect->isEnabled());
        auto *tree = m_window->findChild<QTreeView *>(QStringLiteral("schemaTree"));
        QCOMPARE(tree->model()->rowCount(), 0);
    }

    void failedConnectionIsExplained()
    {
        auto spec = test::TestCluster::instance().spec(QStringLiteral("no_such_db"));
        QSignalSpy failed(m_connections.get(), &ui::ConnectionController::failed);
        m_connections->connectTo(spec, false);
        QVERIFY(failed.wait(10000));
        auto *welcome = m_window->findChild<QLabel *>(QStringLiteral("welcomeMessage"));
        QVERIFY2(welcome->text().contains(QLatin1String("no_such_db")),
                 qPrintable(welcome->text()));
        QVERIFY(welcome->text().contains(QLatin1String("does not exist")));
    }

    // A dock squeezed (or saved narrow by an older version) comes back readable.
    void dockKeepsItsUsableWidth()
    {
        m_window->resize(1024, 700);
        m_window->resizeDocks({m_window->schemaDock()}, {40}, Qt::Horizontal);
        QTest::qWait(50);
        QVERIFY2(m_window->schemaDock()->width() >= ui::SchemaDock::minimumUsableWidth,
                 qPrintable(QString::number(m_window->schemaDock()->width())));
        m_window->close();
        ui::MainWindow second(m_database.get(), m_connections.get());
        second.show();
        QVERIFY(QTest::qWaitForWindowExposed(&second));
        QVERIFY(second.schemaDock()->width() >= ui::SchemaDock::minimumUsableWidth);
        m_window->show();
    }

    void layoutPersists()
    {
        m_window->resize(900, 600);
        m_window->close();
        QSettings settings;
        QVERIFY(!settings.value(QStringLiteral("ui/geometry")).toByteArray().isEmpty());
        QVERIFY(!settings.value(QStringLiteral("ui/state")).toByteArray().isEmpty());
        ui::MainWindow second(m_database.get(), m_connections.get());
        QCOMPARE(second.size(), QSize(900, 600));
    }

    // The Connections dock is installed after the window restored its layout; it still goes
    // back where it was left.
    void connectionsDockPlaceIsRestored()
    {
        model::ConnectionStore store;
        {
            ui::MainWindow first(m_database.get(), m_connections.get());
            ui::ConnectionsDock *dock = ui::ConnectionsDock::install(&first, &store);
            first.show();
            QVERIFY(QTest::qWaitForWindowExposed(&first));
            QCOMPARE(first.dockWidgetArea(dock), Qt::LeftDockWidgetArea);
            first.addDockWidget(Qt::RightDockWidgetArea, dock);
            first.close();
        }
        ui::MainWindow second(m_database.get(), m_connections.get());
        ui::ConnectionsDock *dock = ui::ConnectionsDock::install(&second, &store);
        QCOMPARE(second.dockWidgetArea(dock), Qt::RightDockWidgetArea);
        // The schema tree stays where it was.
        QCOMPARE(second.dockWidgetArea(second.schemaDock()), Qt::LeftDockWidgetArea);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
