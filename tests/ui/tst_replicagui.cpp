// The window on servers that take no changes, driven offscreen as a user would: connected to a
// hot standby (pg_basebackup -R of the test's own cluster) or to a database whose sessions start
// read-only, it says so in the status bar and the title, shows a standby's replication lag, and
// every editing action of the grid and the record form is off with the reason in its tooltip;
// the migrations' runs and stamp are off too, while their state still shows. Back on a writable
// primary everything is as before.

#include "migrations/demoschema.h"
#include "migrations/migrationservice.h"
#include "model/connection/connectionstore.h"
#include "model/db/database.h"
#include "model/db/replicationmonitor.h"
#include "model/demo/demodatabase.h"
#include "model/edit/editabletablemodel.h"
#include "model/server/demoserver.h"
#include "standbycluster.h"
#include "testcluster.h"
#include "ui/browser/browsertabs.h"
#include "ui/browser/recordform.h"
#include "ui/browser/tablebrowser.h"
#include "ui/connection/connectioncontroller.h"
#include "ui/migrations/migrationsmenu.h"
#include "ui/migrations/migrationspanel.h"
#include "ui/migrations/revisionlistmodel.h"
#include "ui/schema/schemadock.h"
#include "ui/shell/connectionstatus.h"
#include "ui/shell/mainwindow.h"
#include "ui/translations.h"

#include <QAction>
#include <QMenu>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QToolBar>
#include <QToolButton>
#include <QtTest>

using namespace dbx;
using ui::TableBrowser;

namespace {
const char *const standbyReason =
    "gui_replica is a hot standby: it accepts no changes; make them on the primary.";
const char *const frozenReason =
    "gui_frozen is read-only (default_transaction_read_only = on): it accepts no changes.";
const char *const standbyMigrations =
    "gui_replica is a hot standby: migrations run on the primary.";
} // namespace

class TestReplicaGui : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_settingsDir;
    std::unique_ptr<model::DemoServer> m_demo;
    std::unique_ptr<model::ConnectionStore> m_store;
    std::unique_ptr<model::Database> m_database;
    std::unique_ptr<migrations::MigrationService> m_migrations;
    std::unique_ptr<ui::ConnectionController> m_connections;
    std::unique_ptr<ui::MainWindow> m_window;
    ui::BrowserTabs *m_browsers = nullptr;
    ui::MigrationsMenu *m_migrationsMenu = nullptr;

    bool connectTo(const model::ConnectionSpec &spec)
    {
        QSignalSpy loaded(m_window->schemaDock(), &ui::SchemaDock::snapshotLoaded);
        m_connections->connectTo(spec, false);
        return loaded.wait(20000);
    }

    // Opens resumes in a fresh tab, its first rows read.
    TableBrowser *openResumes()
    {
        if (TableBrowser *old =
                m_browsers->browser(QStringLiteral("public"), QStringLiteral("resumes")))
            delete old;
        TableBrowser *browser =
            m_browsers->open(QStringLiteral("public"), QStringLiteral("resumes"));
        if (browser && !QTest::qWaitFor(
                           [browser] { return browser->model()->source()->isRowLoaded(0); }, 15000))
            return nullptr;
        return browser;
    }

    static QToolButton *buttonOf(QWidget *bar, QAction *action)
    {
        for (auto *button : bar->findChildren<QToolButton *>()) {
            if (button->defaultAction() == action)
                return button;
        }
        return nullptr;
    }

    // Every editing action is off, says `reason` in its tooltip, and so do its buttons in the
    // grid's tool bar and in the record form; nothing can be typed into a cell or a field.
    static void checkEditingOff(TableBrowser *browser, const QString &reason)
    {
        browser->selectCell(0, 1);
        auto *toolbar = browser->findChild<QToolBar *>(QStringLiteral("browserToolbar"));
        QVERIFY(toolbar);
        for (auto which : {TableBrowser::Action::Insert, TableBrowser::Action::Duplicate,
                           TableBrowser::Action::Delete, TableBrowser::Action::SetNull,
                           TableBrowser::Action::Commit}) {
            QAction *action = browser->action(which);
            QVERIFY2(!action->isEnabled(), qPrintable(action->text()));
            QCOMPARE(action->toolTip(), reason);
        }
        QToolButton *insert = buttonOf(toolbar, browser->action(TableBrowser::Action::Insert));
        QVERIFY(insert);
        QVERIFY(!insert->isEnabled());
        QCOMPARE(insert->toolTip(), reason);
        // The keys do nothing either: no new row, no editor.
        const int rows = browser->model()->rowCount();
        browser->view()->setFocus();
        QTest::keyClick(browser->view(), Qt::Key_Insert);
        QCOMPARE(browser->model()->rowCount(), rows);
        const QModelIndex cell = browser->model()->index(0, 1);
        QVERIFY(!(browser->model()->flags(cell) & Qt::ItemIsEditable));
        QTest::keyClick(browser->view(), Qt::Key_F2);
        QVERIFY(!browser->view()->indexWidget(cell));
        QVERIFY(!browser->model()->hasPendingChanges());
        QVERIFY2(browser->message().contains(reason), qPrintable(browser->message()));

        browser->setFormVisible(true);
        ui::RecordForm *form = browser->form();
        QTRY_VERIFY(form->isVisible());
        QToolButton *formInsert = buttonOf(form, browser->action(TableBrowser::Action::Insert));
        QToolButton *formDelete = buttonOf(form, browser->action(TableBrowser::Action::Delete));
        QVERIFY(formInsert && formDelete);
        QVERIFY(!formInsert->isEnabled() && !formDelete->isEnabled());
        QCOMPARE(formInsert->toolTip(), reason);
        QCOMPARE(formDelete->toolTip(), reason);
        QWidget *title = form->findChild<QWidget *>(QStringLiteral("field_title"));
        QVERIFY(title);
        QVERIFY(!title->isEnabled());
    }

private slots:
    void initTestCase()
    {
        DBX_REQUIRE_CLUSTER();
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
        QSettings::setDefaultFormat(QSettings::IniFormat);
        auto &cluster = test::TestCluster::instance();
        for (const QString &name : {QStringLiteral("gui_replica"), QStringLiteral("gui_frozen")}) {
            QVERIFY(
                cluster.exec(QStringLiteral("postgres"),
                             QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(name)));
            const auto demo = model::DemoDatabase::ensure(cluster.directSpec(), name,
                                                          migrations::installDemoSchema);
            QVERIFY2(demo.ok(), qPrintable(demo.error().message));
        }
        QVERIFY(cluster.exec(QStringLiteral("postgres"),
                             QStringLiteral("ALTER DATABASE gui_frozen SET "
                                            "default_transaction_read_only = on")));
        DBX_REQUIRE_STANDBY();
        QVERIFY(test::StandbyCluster::instance().waitForReplay());

        model::LocalServer::Config unused;
        unused.rootDir = m_settingsDir.path() + QStringLiteral("/never-started");
        m_demo = std::make_unique<model::DemoServer>(unused, migrations::installDemoSchema);
        m_store = std::make_unique<model::ConnectionStore>();
        m_database = std::make_unique<model::Database>();
        m_migrations = std::make_unique<migrations::MigrationService>(m_database.get());
        m_connections = std::make_unique<ui::ConnectionController>(m_database.get(), m_demo.get(),
                                                                   m_store.get());
        m_window = std::make_unique<ui::MainWindow>(m_database.get(), m_connections.get());
        m_connections->setDialogParent(m_window.get());
        m_migrationsMenu = ui::MigrationsMenu::install(m_window.get(), m_migrations.get());
        m_browsers = ui::BrowserTabs::install(m_window.get(), m_database.get());
        m_window->connectionStatus()->replication()->setInterval(200);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanupTestCase()
    {
        m_window.reset();
        m_connections.reset();
        m_migrations.reset();
        m_database.reset();
    }

    void standbyIsNamedInTheStatusBarAndTitle()
    {
        QVERIFY(connectTo(test::StandbyCluster::instance().spec(QStringLiteral("gui_replica"))));
        ui::ConnectionStatus *status = m_window->connectionStatus();
        QCOMPARE(status->accessText(), QStringLiteral("hot standby, read-only"));
        QCOMPARE(m_window->windowTitle(),
                 QStringLiteral("gui_replica (hot standby, read-only) — DB Explorer"));
        auto *access = m_window->findChild<QLabel *>(QStringLiteral("statusAccess"));
        QVERIFY(access && access->isVisible());
        QCOMPARE(access->toolTip(), QLatin1String(standbyReason));
        auto *subtitle = m_window->findChild<QLabel *>(QStringLiteral("overviewSubtitle"));
        QVERIFY(subtitle);
        QVERIFY2(subtitle->text().endsWith(QStringLiteral(" · hot standby, read-only")),
                 qPrintable(subtitle->text()));
    }

    void standbyShowsItsReplicationLag()
    {
        ui::ConnectionStatus *status = m_window->connectionStatus();
        QTRY_VERIFY_WITH_TIMEOUT(status->lagText().startsWith(QLatin1String("Replication: ")),
                                 10000);
        static const QRegularExpression words(
            QStringLiteral("^Replication: (lag [0-9]+\\.[0-9] s|no transaction replayed yet), "
                           "[0-9.]+ (bytes|KiB|MiB) to replay$"));
        QVERIFY2(words.match(status->lagText()).hasMatch(), qPrintable(status->lagText()));
        auto *label = m_window->findChild<QLabel *>(QStringLiteral("statusLag"));
        QVERIFY(label->toolTip().contains(QLatin1String("received and not yet replayed")));
        // Refreshed: a write on the primary shows as a newer replayed transaction.
        QVERIFY(test::TestCluster::instance().exec(
            QStringLiteral("gui_replica"),
            QStringLiteral("UPDATE workers SET username = username WHERE id = 1")));
        QVERIFY(test::StandbyCluster::instance().waitForReplay());
        // A read already on its way may still answer for the time before the update.
        QTRY_VERIFY_WITH_TIMEOUT(status->replication()->lastLag() &&
                                     status->replication()->lastLag()->replayAgeSeconds,
                                 10000);
        const model::ReplicationLag lag = status->replication()->lastLag().value();
        QVERIFY2(*lag.replayAgeSeconds < 60, qPrintable(QString::number(*lag.replayAgeSeconds)));
        QVERIFY(!lag.replayLsn.isEmpty());
    }

    void editingIsOffOnTheStandby()
    {
        TableBrowser *browser = openResumes();
        QVERIFY(browser);
        checkEditingOff(browser, QLatin1String(standbyReason));
        // With DBX_SCREENSHOT_DIR set, the README's picture of a grid on a standby.
        if (qEnvironmentVariableIsSet("DBX_SCREENSHOT_DIR")) {
            QTRY_VERIFY(!m_window->connectionStatus()->lagText().isEmpty());
            m_window->resize(1100, 640);
            QTest::qWait(200);
            m_window->grab().save(qEnvironmentVariable("DBX_SCREENSHOT_DIR") +
                                  QStringLiteral("/standby.png"));
        }
    }

    void migrationRunsAreOffOnTheStandby()
    {
        QMenu *menu = m_window->menu(ui::MainWindow::Menu::Migrations);
        QAction *show = menu->findChild<QAction *>(QStringLiteral("actionShowMigrations"));
        QVERIFY(show);
        show->trigger();
        ui::MigrationsPanel *panel = m_migrationsMenu->panel();
        QVERIFY(panel);
        // The state is read (a standby answers reads): every demo revision applied.
        QTRY_VERIFY_WITH_TIMEOUT(m_migrations->hasStatus(), 10000);
        QVERIFY(panel->model()->rowCount() > 0);
        panel->selectRevision(m_migrations->status().revisions.first().id);
        for (const char *name :
             {"upgradeHeadButton", "upgradeHereButton", "downgradeHereButton",
              "downgradeBaseButton", "stepUpButton", "stepDownButton", "stampHereButton"}) {
            auto *button = panel->findChild<QToolButton *>(QLatin1String(name));
            QVERIFY2(button, name);
            QVERIFY2(!button->isEnabled(), name);
            QCOMPARE(button->toolTip(), QLatin1String(standbyMigrations));
        }
        for (const char *name : {"actionMigrateUpgradeHead", "actionMigrateDowngradeStep",
                                 "actionMigrateDowngradeBase"}) {
            auto *action = menu->findChild<QAction *>(QLatin1String(name));
            QVERIFY2(action && !action->isEnabled(), name);
            QCOMPARE(action->toolTip(), QLatin1String(standbyMigrations));
        }
        // Asked for anyway (a shortcut, a script), the plan is refused before anything starts.
        const auto plan = m_migrations->plan(migrations::MigrationPlan::Action::Downgrade,
                                             QStringLiteral("base"));
        QVERIFY(!plan);
        QCOMPARE(plan.error().message, QLatin1String(standbyMigrations));
    }

    void readOnlyDatabaseIsRecognised()
    {
        QVERIFY(connectTo(test::TestCluster::instance().directSpec(QStringLiteral("gui_frozen"))));
        ui::ConnectionStatus *status = m_window->connectionStatus();
        QCOMPARE(status->accessText(),
                 QStringLiteral("read-only (default_transaction_read_only = on)"));
        QCOMPARE(m_window->windowTitle(), QStringLiteral("gui_frozen (read-only) — DB Explorer"));
        QTRY_VERIFY(status->lagText().isEmpty()); // a primary has no lag
        QVERIFY(m_window->findChild<QLabel *>(QStringLiteral("overviewSubtitle"))
                    ->text()
                    .endsWith(QStringLiteral(" · read-only")));
        TableBrowser *browser = openResumes();
        QVERIFY(browser);
        checkEditingOff(browser, QLatin1String(frozenReason));
    }

    void writablePrimaryEditsAsBefore()
    {
        QVERIFY(connectTo(test::TestCluster::instance().directSpec(QStringLiteral("gui_replica"))));
        QVERIFY(m_window->connectionStatus()->accessText().isEmpty());
        QCOMPARE(m_window->windowTitle(), QStringLiteral("gui_replica — DB Explorer"));
        TableBrowser *browser = openResumes();
        QVERIFY(browser);
        browser->selectCell(0, 1);
        QAction *insert = browser->action(TableBrowser::Action::Insert);
        QVERIFY(insert->isEnabled());
        QVERIFY2(insert->toolTip().startsWith(QLatin1String("Add a new row")),
                 qPrintable(insert->toolTip()));
        QVERIFY(browser->action(TableBrowser::Action::Delete)->isEnabled());
        QTRY_VERIFY(m_migrations->hasStatus());
        auto *stamp =
            m_migrationsMenu->panel()->findChild<QToolButton *>(QStringLiteral("stampHereButton"));
        QVERIFY(!stamp->toolTip().contains(QLatin1String("standby")));
    }

    // Edits made on the primary and a reconnect that finds a standby (a failover): they stay
    // pending, Commit is off and says why, and nothing is sent.
    void pendingEditsWaitOnAStandby()
    {
        TableBrowser *browser =
            m_browsers->browser(QStringLiteral("public"), QStringLiteral("resumes"));
        QVERIFY(browser);
        const QModelIndex title = browser->model()->index(0, 1);
        QVERIFY(browser->model()->setData(title, QStringLiteral("Failover engineer")));
        QVERIFY(browser->model()->hasPendingChanges());
        QVERIFY(browser->action(TableBrowser::Action::Commit)->isEnabled());
        QVERIFY(connectTo(test::StandbyCluster::instance().spec(QStringLiteral("gui_replica"))));
        QVERIFY(browser->model()->hasPendingChanges());
        QAction *commit = browser->action(TableBrowser::Action::Commit);
        QVERIFY(!commit->isEnabled());
        QCOMPARE(commit->toolTip(), QLatin1String(standbyReason));
        QVERIFY(!browser->commit());
        QVERIFY(!browser->model()->isCommitting());
        QCOMPARE(browser->message(), QLatin1String(standbyReason));
        QVERIFY(browser->model()->hasPendingChanges());
    }

    // Last: the Russian window says the same (the translator stays installed).
    void russian()
    {
        ui::installTranslations(QStringLiteral("ru"));
        QVERIFY(connectTo(test::StandbyCluster::instance().spec(QStringLiteral("gui_replica"))));
        QCOMPARE(m_window->connectionStatus()->accessText(),
                 QStringLiteral("горячий резерв, только чтение"));
        TableBrowser *browser = openResumes();
        QVERIFY(browser);
        QCOMPARE(browser->action(TableBrowser::Action::Insert)->toolTip(),
                 QStringLiteral("gui_replica — горячий резерв (hot standby): изменения не "
                                "принимаются; вносите их на основном сервере."));
        QTRY_VERIFY_WITH_TIMEOUT(
            m_window->connectionStatus()->lagText().startsWith(QStringLiteral("Репликация: ")),
            10000);
    }
};

QTEST_MAIN(TestReplicaGui)
#include "tst_replicagui.moc"
