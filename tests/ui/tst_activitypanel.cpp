// The Activity panel in the real window: View → Activity opens it, a blocked session shows as a
// child of the session blocking it, the blocker's locks appear below, and Terminate (confirmed)
// ends the blocker so the blocked statement completes.

#include "migrations/demoschema.h"
#include "model/connection/connectionstore.h"
#include "model/connection/connector.h"
#include "model/db/database.h"
#include "model/db/pgnative.h"
#include "model/server/demoserver.h"
#include "testcluster.h"
#include "ui/activity/activitymenu.h"
#include "ui/activity/activitymodel.h"
#include "ui/activity/activitypanel.h"
#include "ui/activity/lockwaitnotice.h"
#include "ui/connection/connectioncontroller.h"
#include "ui/schema/schemadock.h"
#include "ui/shell/mainwindow.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTreeView>
#include <QtTest>

#include <libpq-fe.h>

using namespace dbx;

namespace {

QSqlDatabase openSession()
{
    auto db = model::Connector::open(test::TestCluster::instance().directSpec(),
                                     model::Connector::uniqueName(QStringLiteral("activity-gui")));
    return db ? db.value() : QSqlDatabase();
}

// Clicks `button` of the next message box that comes up.
void answerNextBox(QMessageBox::StandardButton button)
{
    QTimer::singleShot(0, [button] {
        const bool shown = QTest::qWaitFor(
            [] { return qobject_cast<QMessageBox *>(QApplication::activeModalWidget()); }, 5000);
        if (shown)
            qobject_cast<QMessageBox *>(QApplication::activeModalWidget())->button(button)->click();
    });
}

} // namespace

class TestActivityPanel : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_settingsDir;
    std::unique_ptr<model::DemoServer> m_demo;
    std::unique_ptr<model::ConnectionStore> m_store;
    std::unique_ptr<model::Database> m_database;
    std::unique_ptr<ui::ConnectionController> m_connections;
    std::unique_ptr<ui::MainWindow> m_window;
    ui::ActivityMenu *m_menu = nullptr;

private slots:
    void initTestCase()
    {
        DBX_REQUIRE_CLUSTER();
        QVERIFY(test::TestCluster::instance().exec(
            QStringLiteral("postgres"),
            QStringLiteral("DROP TABLE IF EXISTS activity_gui; "
                           "CREATE TABLE activity_gui (id int PRIMARY KEY, v int); "
                           "INSERT INTO activity_gui VALUES (1, 0)")));
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
        model::LocalServer::Config unused;
        unused.rootDir = m_settingsDir.path() + QStringLiteral("/never-started");
        m_demo = std::make_unique<model::DemoServer>(unused, migrations::installDemoSchema);
        m_store = std::make_unique<model::ConnectionStore>();
        m_database = std::make_unique<model::Database>();
        m_connections = std::make_unique<ui::ConnectionController>(m_database.get(), m_demo.get(),
                                                                   m_store.get());
        m_window = std::make_unique<ui::MainWindow>(m_database.get(), m_connections.get());
        m_connections->setDialogParent(m_window.get());
        m_menu = ui::ActivityMenu::install(m_window.get(), m_database.get());
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QSignalSpy loaded(m_window->schemaDock(), &ui::SchemaDock::snapshotLoaded);
        m_connections->connectTo(test::TestCluster::instance().directSpec(), false);
        QVERIFY(loaded.wait(20000));
    }

    void cleanupTestCase()
    {
        m_window.reset();
        m_connections.reset();
        m_database.reset();
    }

    void blockedChildAndTerminate()
    {
        auto *action = m_window->findChild<QAction *>(QStringLiteral("actionActivity"));
        QVERIFY(action);
        QVERIFY(m_window->menu(ui::MainWindow::Menu::View)->actions().contains(action));
        action->trigger();
        ui::ActivityPanel *panel = m_menu->panel();
        QVERIFY(panel);
        panel->setInterval(200);
        QAbstractItemModelTester tester(panel->model());

        QSqlDatabase a = openSession();
        QSqlDatabase b = openSession();
        QSqlQuery(a).exec(QStringLiteral("BEGIN"));
        QVERIFY(QSqlQuery(a).exec(QStringLiteral("UPDATE activity_gui SET v = 1 WHERE id = 1")));
        const int pidA = model::backendPid(a);
        const int pidB = model::backendPid(b);
        PGconn *connB = model::nativeConnection(b);
        QVERIFY(PQsendQuery(connB, "UPDATE activity_gui SET v = 2 WHERE id = 1"));

        ui::ActivityModel *model = panel->model();
        QVERIFY(QTest::qWaitFor(
            [&] {
                const QModelIndex child = model->indexOfPid(pidB);
                return child.isValid() && child.parent().isValid() &&
                       child.parent().data(Qt::UserRole).toInt() == pidA;
            },
            20000));
        const QModelIndex blocker = model->indexOfPid(pidA);
        QVERIFY(!blocker.parent().isValid());
        QCOMPARE(model->index(0, ui::ActivityModel::Pid, blocker).data().toInt(), pidB);

        auto *tree = panel->findChild<QTreeView *>(QStringLiteral("activityTree"));
        auto *locks = panel->findChild<QTableWidget *>(QStringLiteral("activityLocks"));
        QVERIFY(tree && locks);
        QSignalSpy locksShown(panel, &ui::ActivityPanel::locksShown);
        tree->setCurrentIndex(blocker);
        QVERIFY(locksShown.wait(10000));
        QVERIFY(!locks->findItems(QStringLiteral("activity_gui"), Qt::MatchExactly).isEmpty());

        answerNextBox(QMessageBox::Yes);
        auto *terminate = panel->findChild<QPushButton *>(QStringLiteral("activityTerminate"));
        QVERIFY(terminate && terminate->isEnabled());
        terminate->click();
        QVERIFY(QTest::qWaitFor([&] { return !model->indexOfPid(pidA).isValid(); }, 20000));
        QVERIFY(QTest::qWaitFor(
            [&] {
                PQconsumeInput(connB);
                return PQisBusy(connB) == 0;
            },
            20000));
        PGresult *result = PQgetResult(connB);
        QCOMPARE(PQresultStatus(result), PGRES_COMMAND_OK);
        PQclear(result);
        while ((result = PQgetResult(connB)))
            PQclear(result);
        QVERIFY(
            QTest::qWaitFor([&] { return !model->indexOfPid(pidB).parent().isValid(); }, 10000));
    }

    // A request of the window that waits for a lock (here a plain UPDATE; a commit, export or
    // migration the same) makes the status bar name the holder and link to the Activity tab,
    // which then selects it; the notice goes once the wait is over.
    void theStatusBarNamesTheLockHolder()
    {
        ui::LockWaitNotice *notice = m_menu->lockWaitNotice();
        QVERIFY(notice && !notice->isVisible());
        notice->setInterval(200);
        QSqlDatabase a = openSession();
        QSqlQuery(a).exec(QStringLiteral("BEGIN"));
        QVERIFY(QSqlQuery(a).exec(QStringLiteral("UPDATE activity_gui SET v = 7 WHERE id = 1")));
        const int pidA = model::backendPid(a);
        QList<model::Ticket> finished;
        connect(m_database.get(), &model::Database::finished, this,
                [&](model::Ticket ticket) { finished << ticket; });
        const model::Ticket update = m_database->execute(
            model::Statement(QStringLiteral("UPDATE activity_gui SET v = 8 WHERE id = 1")));
        QVERIFY(QTest::qWaitFor([&] { return notice->isVisible() && notice->holderPid() == pidA; },
                                20000));
        QVERIFY2(notice->text().contains(QString::number(pidA)), qPrintable(notice->text()));
        QVERIFY2(notice->text().contains(QStringLiteral("idle in transaction")),
                 qPrintable(notice->text()));

        emit notice->linkActivated(QStringLiteral("activity"));
        ui::ActivityPanel *panel = m_menu->panel();
        QVERIFY(panel);
        auto *tree = panel->findChild<QTreeView *>(QStringLiteral("activityTree"));
        QVERIFY(QTest::qWaitFor(
            [&] {
                return tree->currentIndex().siblingAtColumn(0).data(Qt::UserRole).toInt() == pidA;
            },
            20000));

        QSqlQuery(a).exec(QStringLiteral("ROLLBACK"));
        QVERIFY(QTest::qWaitFor([&] { return finished.contains(update); }, 20000));
        QVERIFY(QTest::qWaitFor([&] { return !notice->isVisible(); }, 5000));
        QCOMPARE(notice->holderPid(), 0);
    }
};

QTEST_MAIN(TestActivityPanel)
#include "tst_activitypanel.moc"
