// Several databases open in one window offscreen, assembled as the application does: two
// databases of the test cluster side by side, each tab naming and colouring its connection,
// the schema dock showing both trees, each grid reading its own rows; closing one connection
// asks about its pending edits (Cancel keeps everything, Discard closes its tabs only) and the
// other keeps working; the Connections dock lists saved connections by group and opens them.

#include "migrations/demoschema.h"
#include "migrations/migrationservice.h"
#include "model/connection/connectionstore.h"
#include "model/db/database.h"
#include "model/edit/editabletablemodel.h"
#include "model/server/demoserver.h"
#include "popupmenu.h"
#include "testcluster.h"
#include "ui/browser/browsertabs.h"
#include "ui/browser/tablebrowser.h"
#include "ui/connection/connectioncontroller.h"
#include "ui/connection/connectionregistry.h"
#include "ui/migrations/migrationactions.h"
#include "ui/migrations/migrationsmenu.h"
#include "ui/migrations/migrationspanel.h"
#include "ui/schema/schemadock.h"
#include "ui/schema/schemapane.h"
#include "ui/shell/connectionsdock.h"
#include "ui/shell/mainwindow.h"

#include <QAbstractButton>
#include <QApplication>
#include <QMessageBox>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTreeView>
#include <QTreeWidget>
#include <QtTest>

using namespace dbx;

namespace {

const QString databaseA = QStringLiteral("conn_alpha");
const QString databaseB = QStringLiteral("conn_beta");

// Answers the next message box with `button` and remembers its text.
void answerNextBox(QMessageBox::StandardButton button, QString *text)
{
    QTimer::singleShot(50, [button, text] {
        if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
            *text = box->text();
            box->button(button)->click();
        }
    });
}

// Press, release, double-click, release straight to the viewport: QTest::mouseDClick through
// the offscreen window may lose the second press.
void doubleClick(QWidget *viewport, const QPoint &at)
{
    const QPoint global = viewport->mapToGlobal(at);
    for (QEvent::Type type : {QEvent::MouseButtonPress, QEvent::MouseButtonRelease,
                              QEvent::MouseButtonDblClick, QEvent::MouseButtonRelease}) {
        const bool down = type != QEvent::MouseButtonRelease;
        QMouseEvent event(type, at, global, Qt::LeftButton, down ? Qt::LeftButton : Qt::NoButton,
                          Qt::NoModifier);
        QApplication::sendEvent(viewport, &event);
    }
}

} // namespace

class TestConnections : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_settingsDir;
    std::unique_ptr<model::DemoServer> m_demo;
    std::unique_ptr<model::ConnectionStore> m_store;
    std::unique_ptr<model::Database> m_database;
    std::unique_ptr<ui::ConnectionController> m_connections;
    std::unique_ptr<ui::MainWindow> m_window;
    std::unique_ptr<migrations::MigrationService> m_migrations;
    ui::MigrationsMenu *m_migrationsMenu = nullptr;
    ui::BrowserTabs *m_browsers = nullptr;
    ui::ConnectionsDock *m_dock = nullptr;
    model::Database *m_a = nullptr;
    model::Database *m_b = nullptr;

    ui::ConnectionRegistry *registry() const { return m_window->connections(); }
    QTabWidget *tabs() const
    {
        return m_window->findChild<QTabWidget *>(QStringLiteral("centralTabs"));
    }

    model::ConnectionSpec saved(const QString &database, const QString &color, bool production)
    {
        model::ConnectionSpec spec = test::TestCluster::instance().spec(database);
        spec.name = database;
        spec.group = QStringLiteral("Cluster");
        spec.color = color;
        spec.production = production;
        return spec;
    }

    // The label column of the grid's first row, once loaded.
    static QString firstLabel(ui::TableBrowser *browser)
    {
        const int column = browser->model()->columnCount() - 1;
        return browser->model()->index(0, column).data(Qt::EditRole).toString();
    }

    ui::TableBrowser *openItems(model::Database *database)
    {
        registry()->setCurrent(database);
        ui::TableBrowser *browser =
            m_browsers->open(QStringLiteral("public"), QStringLiteral("items"));
        if (browser && !QTest::qWaitFor(
                           [browser] { return browser->model()->source()->isRowLoaded(0); }, 10000))
            return nullptr;
        return browser;
    }

private slots:
    void initTestCase()
    {
        DBX_REQUIRE_CLUSTER();
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
        QSettings::setDefaultFormat(QSettings::IniFormat);
        auto &cluster = test::TestCluster::instance();
        for (const QString &name : {databaseA, databaseB}) {
            QString error;
            QVERIFY2(cluster.recreateDatabase(name, &error), qPrintable(error));
            QVERIFY(cluster.exec(name, QStringLiteral("CREATE TABLE items (id int PRIMARY KEY, "
                                                      "label text NOT NULL); INSERT INTO items "
                                                      "VALUES (1, 'row of %1')")
                                           .arg(name)));
        }
        model::LocalServer::Config unused;
        unused.rootDir = m_settingsDir.path() + QStringLiteral("/never-started");
        m_demo = std::make_unique<model::DemoServer>(unused, migrations::installDemoSchema);
        m_store = std::make_unique<model::ConnectionStore>();
        m_store->save(saved(databaseA, QStringLiteral("#1e88e5"), false));
        m_store->save(saved(databaseB, QStringLiteral("#d32f2f"), true));
        m_database = std::make_unique<model::Database>();
        m_connections = std::make_unique<ui::ConnectionController>(m_database.get(), m_demo.get(),
                                                                   m_store.get());
        m_window = std::make_unique<ui::MainWindow>(m_database.get(), m_connections.get());
        m_connections->setDialogParent(m_window.get());
        m_dock = ui::ConnectionsDock::install(m_window.get(), m_store.get());
        m_browsers = ui::BrowserTabs::install(m_window.get(), m_database.get());
        m_migrations = std::make_unique<migrations::MigrationService>(m_database.get());
        m_migrationsMenu = ui::MigrationsMenu::install(m_window.get(), m_migrations.get());
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanupTestCase()
    {
        m_window.reset();
        m_migrations.reset();
        m_connections.reset();
        m_database.reset();
    }

    void dockListsSavedConnectionsByGroup()
    {
        QTreeWidget *tree = m_dock->tree();
        QCOMPARE(tree->topLevelItemCount(), 1);
        QTreeWidgetItem *group = tree->topLevelItem(0);
        QCOMPARE(group->text(0), QStringLiteral("Cluster"));
        QCOMPARE(group->childCount(), 2);
        QCOMPARE(group->child(0)->text(0), databaseA);
        QVERIFY(!group->child(0)->icon(0).isNull()); // its colour
        QVERIFY(!group->child(0)->font(0).bold());   // not open yet
        QVERIFY(group->child(1)->toolTip(0).contains(QLatin1String("PRODUCTION")));
    }

    // Double-click on a saved connection opens it; the other opens beside it, from the
    // context menu; the schema dock then shows a tree for each.
    void twoDatabasesOpenSideBySide()
    {
        QTreeWidget *tree = m_dock->tree();
        QSignalSpy loaded(m_window->schemaDock(), &ui::SchemaDock::snapshotLoadedFor);
        QTreeWidgetItem *alpha = tree->topLevelItem(0)->child(0);
        const QRect rect = tree->visualItemRect(alpha);
        doubleClick(tree->viewport(), rect.center());
        QTRY_COMPARE_WITH_TIMEOUT(loaded.size(), 1, 15000);
        m_a = registry()->findOpen(databaseA);
        QVERIFY(m_a);
        QCOMPARE(m_a, m_database.get()); // the first connection takes the window's own slot

        QTreeWidgetItem *beta = tree->topLevelItem(0)->child(1);
        QVERIFY(tree->topLevelItem(0)->child(0)->font(0).bold());
        test::chooseInMenu(QStringLiteral("connectionOpen"));
        emit tree->customContextMenuRequested(tree->visualItemRect(beta).center());
        QTRY_COMPARE_WITH_TIMEOUT(loaded.size(), 2, 15000);
        m_b = registry()->findOpen(databaseB);
        QVERIFY(m_b);
        QVERIFY(m_b != m_a);
        QCOMPARE(registry()->openDatabases().size(), 2);
        QCOMPARE(registry()->current(), m_b);

        auto *pages = m_window->findChild<QTabWidget *>(QStringLiteral("schemaPages"));
        QVERIFY(pages);
        QCOMPARE(pages->count(), 2);
        QCOMPARE(pages->tabText(0), databaseA);
        QCOMPARE(pages->tabText(1), databaseB);
        QVERIFY(pages->tabToolTip(1).contains(QLatin1String("PRODUCTION")));
        for (model::Database *database : {m_a, m_b}) {
            const model::SchemaSnapshot &snapshot = m_window->schemaDock()->snapshot(database);
            QVERIFY(snapshot.table(QStringLiteral("public"), QStringLiteral("items")));
            QVERIFY(m_window->schemaDock()->pane(database)->findChild<QTreeView *>());
        }
        QVERIFY(m_window->windowTitle().contains(databaseB));
        QVERIFY(m_window->windowTitle().contains(QLatin1String("production")));
    }

    void eachGridReadsItsOwnDatabaseAndNamesIt()
    {
        ui::TableBrowser *alpha = openItems(m_a);
        QVERIFY(alpha);
        ui::TableBrowser *beta = openItems(m_b);
        QVERIFY(beta);
        QVERIFY(alpha != beta);
        QCOMPARE(firstLabel(alpha), QStringLiteral("row of conn_alpha"));
        QCOMPARE(firstLabel(beta), QStringLiteral("row of conn_beta"));

        QTabWidget *central = tabs();
        const int ia = central->indexOf(alpha);
        const int ib = central->indexOf(beta);
        QCOMPARE(central->tabText(ia), QStringLiteral("items · conn_alpha"));
        QCOMPARE(central->tabText(ib), QStringLiteral("items · conn_beta"));
        QVERIFY(central->tabToolTip(ia).contains(QLatin1String("Connection: conn_alpha")));
        QVERIFY(!central->tabToolTip(ia).contains(QLatin1String("PRODUCTION")));
        QVERIFY(central->tabToolTip(ib).contains(QLatin1String("PRODUCTION")));
        // The colour mark: the two tabs' icons differ (blue stripe, red stripe and badge).
        const QImage iconA = central->tabIcon(ia).pixmap(16, 16).toImage();
        const QImage iconB = central->tabIcon(ib).pixmap(16, 16).toImage();
        QVERIFY(!iconA.isNull());
        QVERIFY(iconA != iconB);
        QCOMPARE(QColor(iconA.pixel(1, 8)).name(), QStringLiteral("#1e88e5"));
        QCOMPARE(QColor(iconB.pixel(1, 8)).name(), QStringLiteral("#d32f2f"));
        // The tab in front makes its connection current.
        central->setCurrentWidget(alpha);
        QCOMPARE(registry()->current(), m_a);
        central->setCurrentWidget(beta);
        QCOMPARE(registry()->current(), m_b);
    }

    // Each connection has its own migrations: the panel, the menu and the run are the current
    // connection's, and a run on one leaves the other as it was.
    void migrationsFollowTheCurrentConnection()
    {
        registry()->setCurrent(m_a);
        ui::MigrationsPanel *alpha = m_migrationsMenu->showPanel();
        QCOMPARE(m_migrationsMenu->service(), m_migrations.get());
        registry()->setCurrent(m_b);
        migrations::MigrationService *service = m_migrationsMenu->service();
        QCOMPARE(service->database(), m_b);
        QCOMPARE(m_migrationsMenu->serviceOf(m_b), service);
        ui::MigrationsPanel *beta = m_migrationsMenu->showPanel();
        QVERIFY(beta != alpha);
        QCOMPARE(tabs()->tabText(tabs()->indexOf(beta)), QStringLiteral("Migrations · conn_beta"));
        QTRY_VERIFY_WITH_TIMEOUT(service->hasStatus(), 15000);
        QVERIFY(m_window->findChild<QAction *>(QStringLiteral("actionMigrateUpgradeHead"))
                    ->isEnabled());
        QSignalSpy finished(service, &migrations::MigrationService::runFinished);
        QVERIFY(service->run(migrations::MigrationPlan::Action::Upgrade, QStringLiteral("head")));
        QVERIFY(finished.wait(60000));
        const auto hasWorkers = [](const QString &database) {
            QSqlQuery query(test::TestCluster::instance().open(database));
            return query.exec(QStringLiteral("SELECT to_regclass('public.workers') IS NOT NULL")) &&
                   query.next() && query.value(0).toBool();
        };
        QVERIFY(hasWorkers(databaseB));
        QVERIFY(!hasWorkers(databaseA));
        QVERIFY(!m_migrations->isRunning());
        // The tab in front makes its connection current, and the menu follows.
        tabs()->setCurrentWidget(alpha);
        QCOMPARE(m_migrationsMenu->service(), m_migrations.get());
    }

    void closingAConnectionAsksAboutItsEdits()
    {
        ui::TableBrowser *alpha =
            m_browsers->browser(QStringLiteral("public"), QStringLiteral("items"));
        registry()->setCurrent(m_a);
        alpha = m_browsers->browser(QStringLiteral("public"), QStringLiteral("items"));
        registry()->setCurrent(m_b);
        ui::TableBrowser *beta =
            m_browsers->browser(QStringLiteral("public"), QStringLiteral("items"));
        QVERIFY(alpha && beta && alpha != beta);
        const int label = beta->model()->columnCount() - 1;
        QVERIFY(beta->model()->setData(beta->model()->index(0, label), QStringLiteral("unsaved")));
        QVERIFY(beta->model()->hasPendingChanges());
        const int before = tabs()->count();

        QString asked;
        answerNextBox(QMessageBox::Cancel, &asked);
        QVERIFY(!m_window->closeConnection(m_b));
        QVERIFY2(asked.contains(QLatin1String("items")), qPrintable(asked));
        QCOMPARE(tabs()->count(), before);
        QVERIFY(beta->model()->hasPendingChanges());
        QCOMPARE(registry()->openDatabases().size(), 2);

        asked.clear();
        answerNextBox(QMessageBox::Discard, &asked);
        QPointer<ui::TableBrowser> gone = beta;
        registry()->setCurrent(m_b);
        QPointer<ui::MigrationsPanel> migrationsOfB = m_migrationsMenu->panel();
        QVERIFY(migrationsOfB);
        QVERIFY(m_window->closeConnection(m_b));
        QVERIFY(!asked.isEmpty());
        QVERIFY(gone.isNull());
        QVERIFY(migrationsOfB.isNull()); // its migrations tab goes with it
        QCOMPARE(tabs()->count(), before - 2);
        QTRY_COMPARE(registry()->openDatabases(), QList<model::Database *>{m_a});
        QCOMPARE(registry()->current(), m_a);
        QVERIFY(tabs()->indexOf(alpha) >= 0);
        // One connection left: the tab's text is the table alone again, the tooltip still names it.
        QCOMPARE(tabs()->tabText(tabs()->indexOf(alpha)), QStringLiteral("items"));
        QVERIFY(tabs()->tabToolTip(tabs()->indexOf(alpha)).contains(databaseA));
        auto *pages = m_window->findChild<QTabWidget *>(QStringLiteral("schemaPages"));
        QTRY_COMPARE(pages->count(), 1);
        QCOMPARE(pages->tabText(0), databaseA);
        QTRY_VERIFY(!m_dock->tree()->topLevelItem(0)->child(1)->font(0).bold());
        // Nothing of the discarded edit reached the server.
        QSqlDatabase check = test::TestCluster::instance().open(databaseB);
        QSqlQuery query(check);
        QVERIFY(query.exec(QStringLiteral("SELECT label FROM items WHERE id = 1")) && query.next());
        QCOMPARE(query.value(0).toString(), QStringLiteral("row of conn_beta"));
    }

    // The connection left open still reads and writes.
    void theOtherConnectionKeepsWorking()
    {
        registry()->setCurrent(m_a);
        ui::TableBrowser *alpha =
            m_browsers->browser(QStringLiteral("public"), QStringLiteral("items"));
        QVERIFY(alpha);
        const int label = alpha->model()->columnCount() - 1;
        QVERIFY(alpha->model()->setData(alpha->model()->index(0, label), QStringLiteral("kept")));
        QSignalSpy committed(alpha->model(), &model::EditableTableModel::commitFinished);
        QVERIFY(alpha->commit());
        QVERIFY(committed.wait(10000));
        QVERIFY(!alpha->model()->hasPendingChanges());
        QSqlDatabase check = test::TestCluster::instance().open(databaseA);
        QSqlQuery query(check);
        QVERIFY(query.exec(QStringLiteral("SELECT label FROM items WHERE id = 1")) && query.next());
        QCOMPARE(query.value(0).toString(), QStringLiteral("kept"));
    }

    // Opened again, the closed connection reuses its slot rather than piling up new ones.
    void reopeningReusesTheFreeSlot()
    {
        const int slotCount = int(registry()->databases().size());
        QSignalSpy loaded(m_window->schemaDock(), &ui::SchemaDock::snapshotLoadedFor);
        model::Database *again =
            registry()->open(saved(databaseB, QStringLiteral("#d32f2f"), true));
        QCOMPARE(again, m_b);
        QVERIFY(loaded.wait(15000));
        QCOMPARE(int(registry()->databases().size()), slotCount);
        QCOMPARE(registry()->openDatabases().size(), 2);
        // Opening an open one only brings it forward.
        registry()->setCurrent(m_a);
        QCOMPARE(registry()->open(saved(databaseB, {}, false)), m_b);
        QCOMPARE(registry()->current(), m_b);
    }
};

QTEST_MAIN(TestConnections)
#include "tst_connections.moc"
