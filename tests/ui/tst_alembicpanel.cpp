// The Migrations panel with an Alembic project, in the assembled window offscreen: the demo
// schema's Alembic project opened, upgraded and downgraded through the panel's buttons with
// Debian's alembic, the log showing Alembic's own lines, and what reached the database.

#include "alembicfixture.h"
#include "migrations/alembicsession.h"
#include "migrations/demoschema.h"
#include "migrations/migrationservice.h"
#include "model/connection/connectionstore.h"
#include "model/db/database.h"
#include "model/server/demoserver.h"
#include "revisionfixture.h"
#include "testcluster.h"
#include "ui/connection/connectioncontroller.h"
#include "ui/migrations/alembicrevisionmodel.h"
#include "ui/migrations/alembicsettingsdialog.h"
#include "ui/migrations/alembicview.h"
#include "ui/migrations/migrationlogview.h"
#include "ui/migrations/migrationsmenu.h"
#include "ui/migrations/migrationspanel.h"
#include "ui/shell/mainwindow.h"
#include "ui/translations.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTableView>
#include <QToolBar>
#include <QToolButton>
#include <QtTest>

using namespace dbx;
using test::AlembicDemoProject;

namespace {

const QString Database = QStringLiteral("alembic_panel");

// As the panel says them, in whatever language it runs.
QString Applied()
{
    return migrations::alembicStateLabel(migrations::AlembicRevision::State::Applied);
}
QString Pending()
{
    return migrations::alembicStateLabel(migrations::AlembicRevision::State::Pending);
}

} // namespace

class TestAlembicPanel : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_settingsDir;
    AlembicDemoProject m_project;
    std::unique_ptr<model::DemoServer> m_demo;
    std::unique_ptr<model::ConnectionStore> m_store;
    std::unique_ptr<model::Database> m_database;
    std::unique_ptr<migrations::MigrationService> m_service;
    std::unique_ptr<ui::ConnectionController> m_connections;
    std::unique_ptr<ui::MainWindow> m_window;
    ui::MigrationsMenu *m_menu = nullptr;
    std::unique_ptr<QAbstractItemModelTester> m_tester;

    ui::AlembicView *view() const { return m_menu->panel()->alembicView(); }

    QWidget *buttonOf(const char *action) const
    {
        for (QToolBar *bar : view()->findChildren<QToolBar *>()) {
            for (QAction *candidate : bar->actions()) {
                if (candidate->objectName() == QLatin1String(action))
                    return bar->widgetForAction(candidate);
            }
        }
        return nullptr;
    }

    // Clicks the action's button and waits until Alembic and the read-back after it are done.
    void clickAndWait(const char *action, bool confirm = false)
    {
        QWidget *button = buttonOf(action);
        QVERIFY2(button, action);
        QVERIFY2(button->isEnabled(), action);
        QSignalSpy finished(view()->session(), &migrations::AlembicSession::runFinished);
        QTest::mouseClick(button, Qt::LeftButton);
        if (confirm) {
            QMessageBox *box = nullptr;
            QVERIFY(QTest::qWaitFor(
                [&] {
                    box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
                    return box != nullptr;
                },
                5000));
            QCOMPARE(box->objectName(), QStringLiteral("alembicConfirmDowngrade"));
            QTest::mouseClick(box->button(QMessageBox::Yes), Qt::LeftButton);
        }
        QVERIFY(finished.wait(60000));
    }

    QStringList states() const
    {
        QStringList values;
        for (int row = 0; row < view()->model()->rowCount(); ++row)
            values << view()
                          ->model()
                          ->index(row, ui::AlembicRevisionModel::StateColumn)
                          .data()
                          .toString();
        return values;
    }

    QSqlDatabase db() const { return test::TestCluster::instance().openDirect(Database); }

private slots:
    void initTestCase()
    {
        DBX_REQUIRE_CLUSTER();
        QVERIFY(m_project.isValid());
        if (qEnvironmentVariableIsSet("DBX_ALEMBIC_SCREENSHOT_LANG"))
            ui::installTranslations(qEnvironmentVariable("DBX_ALEMBIC_SCREENSHOT_LANG"));
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QString error;
        QVERIFY2(test::TestCluster::instance().recreateDatabase(Database, &error),
                 qPrintable(error));
        model::LocalServer::Config unused;
        unused.rootDir = m_settingsDir.path() + QStringLiteral("/never-started");
        m_demo = std::make_unique<model::DemoServer>(unused, migrations::installDemoSchema);
        m_store = std::make_unique<model::ConnectionStore>();
        m_database = std::make_unique<model::Database>();
        m_service = std::make_unique<migrations::MigrationService>(m_database.get());
        m_connections = std::make_unique<ui::ConnectionController>(m_database.get(), m_demo.get(),
                                                                   m_store.get());
        m_window = std::make_unique<ui::MainWindow>(m_database.get(), m_connections.get());
        m_connections->setDialogParent(m_window.get());
        m_menu = ui::MigrationsMenu::install(m_window.get(), m_service.get());
        // For the README's screenshots: another language or screen size on request.
        const QStringList size =
            qEnvironmentVariable("DBX_ALEMBIC_SCREENSHOT_SIZE", QStringLiteral("1366x768"))
                .split(QLatin1Char('x'));
        m_window->resize(size.value(0).toInt(), size.value(1).toInt());
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QSignalSpy status(m_service.get(), &migrations::MigrationService::statusChanged);
        m_connections->connectTo(test::TestCluster::instance().spec(Database), false);
        QVERIFY(status.wait(15000));
    }

    void cleanupTestCase()
    {
        m_tester.reset();
        m_window.reset();
        m_connections.reset();
        m_service.reset();
        m_database.reset();
    }

    void panelOpensTheProject()
    {
        m_window->findChild<QAction *>(QStringLiteral("actionShowMigrations"))->trigger();
        ui::MigrationsPanel *panel = m_menu->panel();
        QVERIFY(panel);
        auto *button = panel->findChild<QToolButton *>(QStringLiteral("alembicProjectButton"));
        QVERIFY(button && button->isEnabled());
        QTest::mouseClick(button, Qt::LeftButton);
        QVERIFY(view());
        QTRY_VERIFY(view()->isVisible());
        m_tester = std::make_unique<QAbstractItemModelTester>(
            view()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(!view()->openProject(QStringLiteral("/tmp")));
        QVERIFY(view()
                    ->findChild<QLabel *>(QStringLiteral("alembicError"))
                    ->text()
                    .contains(QLatin1String("alembic.ini")));

        QVERIFY(view()->openProject(m_project.path()));
        QTRY_VERIFY_WITH_TIMEOUT(!view()->session()->isRunning(), 30000);
        QCOMPARE(view()->model()->rowCount(), 3);
        QCOMPARE(states(), (QStringList{Pending(), Pending(), Pending()}));
        QCOMPARE(ui::AlembicView::recentProjects().value(0), QDir(m_project.path()).absolutePath());
        QVERIFY(!buttonOf("alembicStepDown")->isEnabled());
        auto *cancel = view()->findChild<QToolButton *>(QStringLiteral("alembicCancelButton"));
        QVERIFY(cancel && !cancel->isEnabled());
    }

    void upgradeShowsAlembicsLines()
    {
        clickAndWait("alembicUpgradeHead");
        const QString shot = qEnvironmentVariable("DBX_ALEMBIC_SCREENSHOT");
        if (!shot.isEmpty()) {
            view()->selectRevision(QLatin1String(AlembicDemoProject::Resumes));
            QTest::qWait(200);
            QVERIFY(m_window->grab().save(shot));
        }
        QCOMPARE(states(), (QStringList{Applied(), Applied(), Applied()}));
        const QString log = view()->log()->text();
        QVERIFY2(log.contains(QLatin1String(
                     "INFO  [alembic.runtime.migration] Running upgrade 8c41e07d2a55 -> "
                     "1b6f8d2e4a70, add vacancies and replies")),
                 qPrintable(log));
        QVERIFY(log.contains(QLatin1String("Alembic connected to database alembic_panel")));
        QVERIFY(view()
                    ->findChild<QLabel *>(QStringLiteral("alembicHeader"))
                    ->text()
                    .contains(QLatin1String("Database alembic_panel: alembic_version at "
                                            "1b6f8d2e4a70.")));
        QCOMPARE(test::alembicVersion(db()), QLatin1String(AlembicDemoProject::Vacancies));
        QCOMPARE(test::demoObjects(db()).size(), 5);
        QVERIFY(view()
                    ->model()
                    ->index(0, ui::AlembicRevisionModel::RevisionColumn)
                    .data()
                    .toString()
                    .contains(QLatin1String("(head, current)")));
    }

    void downgradeToASelectedRevisionAndOneStep()
    {
        view()->selectRevision(QLatin1String(AlembicDemoProject::Resumes));
        clickAndWait("alembicDowngradeHere", true);
        QCOMPARE(states(), (QStringList{Pending(), Applied(), Applied()}));
        QCOMPARE(test::alembicVersion(db()), QLatin1String(AlembicDemoProject::Resumes));
        QVERIFY(view()->log()->text().contains(
            QLatin1String("Running downgrade 1b6f8d2e4a70 -> 8c41e07d2a55")));
        clickAndWait("alembicStepDown", true);
        QCOMPARE(states(), (QStringList{Pending(), Pending(), Applied()}));
        QCOMPARE(test::demoObjects(db()), QStringList{QStringLiteral("workers")});
    }

    void offlineSqlGoesToTheLog()
    {
        view()->selectRevision({});
        clickAndWait("alembicSql");
        QVERIFY(view()->log()->text().contains(QLatin1String("CREATE TABLE vacancies_replies")));
        QCOMPARE(test::alembicVersion(db()), QLatin1String(AlembicDemoProject::Workers));
    }

    void settingsChooseTheInterpreter()
    {
        ui::AlembicSettingsDialog dialog(view()->session()->tool());
        auto *python = dialog.findChild<QLineEdit *>(QStringLiteral("alembicInterpreter"));
        QCOMPARE(python->text(), QStringLiteral("/usr/bin/python3"));
        python->setText(QStringLiteral("/nonexistent/python3"));
        QVERIFY(!dialog.findChild<QLabel *>(QStringLiteral("alembicSettingsProblem"))->isHidden());
        QCOMPARE(dialog.tool().interpreter, QStringLiteral("/nonexistent/python3"));
    }

    void cancelFromThePanel()
    {
        m_project.addRevision(
            QStringLiteral("5100000000ee"), QLatin1String(AlembicDemoProject::Vacancies),
            QStringLiteral("a long one"), {QStringLiteral("SELECT pg_sleep(60)")});
        QTest::mouseClick(buttonOf("alembicRefresh"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(
            view()->model()->rowCount() == 4 && !view()->session()->isRunning(), 30000);
        QSignalSpy finished(view()->session(), &migrations::AlembicSession::runFinished);
        QTest::mouseClick(buttonOf("alembicUpgradeHead"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(view()->log()->text().contains(QLatin1String("-> 5100000000ee")),
                                 30000);
        auto *cancel = view()->findChild<QToolButton *>(QStringLiteral("alembicCancelButton"));
        QVERIFY2(cancel->isEnabled(), qPrintable(view()->log()->text().right(1500)));
        QTest::mouseClick(cancel, Qt::LeftButton);
        QVERIFY(finished.wait(30000));
        const QString log = view()->log()->text();
        QVERIFY(log.contains(QLatin1String("Alembic was stopped.")));
        QVERIFY2(log.contains(QLatin1String("Alembic left the database at 3f2a9c1d7b01")),
                 qPrintable(log));
        QCOMPARE(test::alembicVersion(db()), QLatin1String(AlembicDemoProject::Workers));
        QCOMPARE(test::demoObjects(db()), QStringList{QStringLiteral("workers")});
        QVERIFY(!cancel->isEnabled());
    }

    void backToTheOwnRevisions()
    {
        auto *back = view()->findChild<QToolButton *>(QStringLiteral("alembicBackButton"));
        QVERIFY(back && back->isVisible());
        QTest::mouseClick(back, Qt::LeftButton);
        auto *pages = m_menu->panel()->findChild<QStackedWidget *>();
        QCOMPARE(pages->currentIndex(), 0);
        QVERIFY(
            m_menu->panel()->findChild<QTableView *>(QStringLiteral("revisionTable"))->isVisible());
    }
};

QTEST_MAIN(TestAlembicPanel)
#include "tst_alembicpanel.moc"
