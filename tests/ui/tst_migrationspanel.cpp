// The Migrations menu, panel and status-bar notice in the assembled window, driven through
// their widgets against a database of the private cluster: what the user sees before, during
// and after upgrades and downgrades, and what reached the database.

#include "migrations/demoschema.h"
#include "migrations/migrationservice.h"
#include "migrations/revisionsource.h"
#include "model/connection/connectionstore.h"
#include "model/db/database.h"
#include "model/server/demoserver.h"
#include "testcluster.h"
#include "ui/common/sqlpreviewdialog.h"
#include "ui/connection/connectioncontroller.h"
#include "ui/migrations/migrationactions.h"
#include "ui/migrations/migrationconfirmdialog.h"
#include "ui/migrations/migrationlogview.h"
#include "ui/migrations/migrationsmenu.h"
#include "ui/migrations/migrationsnotice.h"
#include "ui/migrations/migrationspanel.h"
#include "ui/migrations/revisionlistmodel.h"
#include "ui/shell/mainwindow.h"

#include <QAbstractItemModelTester>
#include <QDialogButtonBox>
#include <QLabel>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QToolButton>
#include <QTreeWidget>
#include <QtTest>

using namespace dbx;
using migrations::MigrationService;

namespace {

const QString Database = QStringLiteral("panel_db");
const QString First = QStringLiteral("3f2a9c1d7b01");  // create workers
const QString Second = QStringLiteral("8c41e07d2a55"); // add resumes
const QString Head = QStringLiteral("1b6f8d2e4a70");

int scalar(const QString &sql)
{
    QSqlQuery query(test::TestCluster::instance().open(Database));
    if (!query.exec(sql) || !query.next())
        return -1;
    return query.value(0).toInt();
}

int tableCount(const QString &name)
{
    return scalar(QStringLiteral("SELECT count(*) FROM pg_class WHERE relname = '%1' AND "
                                 "relkind = 'r'")
                      .arg(name));
}

} // namespace

class TestMigrationsPanel : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_settingsDir;
    std::unique_ptr<model::DemoServer> m_demo;
    std::unique_ptr<model::ConnectionStore> m_store;
    std::unique_ptr<model::Database> m_database;
    std::unique_ptr<MigrationService> m_service;
    std::unique_ptr<ui::ConnectionController> m_connections;
    std::unique_ptr<ui::MainWindow> m_window;
    ui::MigrationsMenu *m_menu = nullptr;
    std::unique_ptr<QAbstractItemModelTester> m_tester;

    ui::MigrationsPanel *panel() const { return m_menu->panel(); }

    QToolButton *button(const char *name) const
    {
        return panel()->findChild<QToolButton *>(QLatin1String(name));
    }

    void click(const char *name)
    {
        QToolButton *target = button(name);
        QVERIFY2(target, name);
        QVERIFY2(target->isEnabled(), name);
        QTest::mouseClick(target, Qt::LeftButton);
    }

    // The window-modal dialog the last action opened, once it is there.
    template <typename T> T *modal(const QString &name)
    {
        T *dialog = nullptr;
        const bool found = QTest::qWaitFor(
            [&] {
                dialog = qobject_cast<T *>(QApplication::activeModalWidget());
                return dialog && dialog->objectName() == name;
            },
            10000);
        return found ? dialog : nullptr;
    }

    QStringList column(int column) const
    {
        QStringList values;
        const QAbstractItemModel *model = panel()->model();
        for (int row = 0; row < model->rowCount(); ++row)
            values << model->index(row, column).data().toString();
        return values;
    }

    QString stateOf(const QString &id) const
    {
        const int row = panel()->model()->rowOf(id);
        return panel()->model()->index(row, ui::RevisionListModel::StateColumn).data().toString();
    }

    // Confirms the dialog the last action opened and waits until the run and the status
    // refresh after it are over.
    void confirmAndWait(ui::MigrationConfirmDialog *dialog)
    {
        QVERIFY(dialog);
        QPushButton *ok = dialog->findChild<QDialogButtonBox *>(QStringLiteral("confirmButtons"))
                              ->button(QDialogButtonBox::Ok);
        QTRY_VERIFY(ok->isEnabled());
        QSignalSpy status(m_service.get(), &MigrationService::statusChanged);
        QTest::mouseClick(ok, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!m_service->isRunning(), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(!status.isEmpty(), 10000); // refreshed after the run
    }

    void connectToDatabase()
    {
        QSignalSpy status(m_service.get(), &MigrationService::statusChanged);
        m_connections->connectTo(test::TestCluster::instance().spec(Database), false);
        QVERIFY(status.wait(15000));
    }

private slots:
    void initTestCase()
    {
        DBX_REQUIRE_CLUSTER();
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
        m_service = std::make_unique<MigrationService>(m_database.get());
        m_connections = std::make_unique<ui::ConnectionController>(m_database.get(), m_demo.get(),
                                                                   m_store.get());
        m_window = std::make_unique<ui::MainWindow>(m_database.get(), m_connections.get());
        m_connections->setDialogParent(m_window.get());
        m_menu = ui::MigrationsMenu::install(m_window.get(), m_service.get());
        m_window->resize(1200, 760);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        connectToDatabase();
    }

    void cleanupTestCase()
    {
        m_tester.reset();
        m_window.reset();
        m_connections.reset();
        m_service.reset();
        m_database.reset();
    }

    void unmanagedDatabaseHasNoNotice()
    {
        QVERIFY(m_menu->notice());
        QVERIFY(!m_menu->notice()->isVisible());
    }

    void panelListsPendingRevisions()
    {
        QVERIFY(!panel());
        auto *show = m_window->findChild<QAction *>(QStringLiteral("actionShowMigrations"));
        QVERIFY(show);
        show->trigger();
        QVERIFY(panel());
        auto *tabs = m_window->findChild<QTabWidget *>(QStringLiteral("centralTabs"));
        QCOMPARE(tabs->currentWidget(), panel());
        m_tester = std::make_unique<QAbstractItemModelTester>(
            panel()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);

        QCOMPARE(column(ui::RevisionListModel::RevisionColumn),
                 (QStringList{Head, QStringLiteral("e7a0c4b8d913"), QStringLiteral("5d9b3e6f1c22"),
                              Second, First}));
        QCOMPARE(column(ui::RevisionListModel::StateColumn),
                 QStringList(5, QStringLiteral("pending")));
        QCOMPARE(column(ui::RevisionListModel::ParentsColumn).last(), QStringLiteral("(base)"));
        const QString header =
            panel()->findChild<QLabel *>(QStringLiteral("migrationsHeader"))->text();
        QVERIFY2(header.contains(QLatin1String("nothing applied")), qPrintable(header));
        QVERIFY2(header.contains(Head), qPrintable(header));
        QVERIFY(button("upgradeHeadButton")->isEnabled());
        QVERIFY(!button("downgradeBaseButton")->isEnabled());
        QVERIFY(!button("cancelRunButton")->isEnabled());

        // Showing it again raises the same panel rather than opening a second one.
        tabs->setCurrentIndex(0);
        show->trigger();
        QCOMPARE(tabs->currentWidget(), panel());
        QCOMPARE(m_window->findChildren<ui::MigrationsPanel *>().size(), 1);
    }

    void previewShowsSqlAndAppliesNothing()
    {
        click("previewSqlButton");
        auto *dialog = modal<ui::SqlPreviewDialog>(QStringLiteral("sqlPreviewDialog"));
        QVERIFY(dialog);
        const QString sql =
            dialog->findChild<QPlainTextEdit *>(QStringLiteral("previewSql"))->toPlainText();
        QVERIFY2(sql.contains(QLatin1String("CREATE TABLE workers")), qPrintable(sql));
        QVERIFY(
            sql.contains(QRegularExpression(QStringLiteral("INSERT INTO \\S*applied_revisions"))));
        QVERIFY(dialog->findChild<QPushButton *>(QStringLiteral("previewCopy")));
        QVERIFY(dialog->findChild<QPushButton *>(QStringLiteral("previewSave")));
        dialog->close();
        QCOMPARE(tableCount(QStringLiteral("workers")), 0);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM pg_namespace WHERE nspname = "
                                       "'dbx_migrations'")),
                 0);
        QCOMPARE(stateOf(First), QStringLiteral("pending"));
    }

    void upgradeToHeadRunsOnTheWorker()
    {
        auto *log = panel()->findChild<QPlainTextEdit *>(QStringLiteral("migrationLog"));
        QVERIFY(log);
        click("upgradeHeadButton");
        auto *dialog = modal<ui::MigrationConfirmDialog>(QStringLiteral("migrationConfirmDialog"));
        QVERIFY(dialog);
        QCOMPARE(dialog->findChild<QTreeWidget *>(QStringLiteral("confirmRevisions"))
                     ->topLevelItemCount(),
                 5);

        // The event loop keeps turning while the run goes: count timer ticks during it.
        int ticksWhileRunning = 0;
        QTimer ticker;
        ticker.setInterval(1);
        connect(&ticker, &QTimer::timeout, this, [&] {
            if (m_service->isRunning())
                ++ticksWhileRunning;
        });
        ticker.start();
        QPushButton *ok = dialog->findChild<QDialogButtonBox *>(QStringLiteral("confirmButtons"))
                              ->button(QDialogButtonBox::Ok);
        QSignalSpy status(m_service.get(), &MigrationService::statusChanged);
        QTest::mouseClick(ok, Qt::LeftButton);
        // The click returned at once: the run is on the worker, only Cancel is enabled.
        QVERIFY(m_service->isRunning());
        QVERIFY(button("cancelRunButton")->isEnabled());
        QVERIFY(!button("upgradeHeadButton")->isEnabled());
        QVERIFY(!button("previewSqlButton")->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(!m_service->isRunning(), 20000);
        QVERIFY2(ticksWhileRunning > 0, "the event loop stalled during the run");
        QTRY_VERIFY_WITH_TIMEOUT(!status.isEmpty(), 10000); // refreshed after the run

        QCOMPARE(column(ui::RevisionListModel::StateColumn),
                 QStringList(5, QStringLiteral("applied")));
        for (const QString &appliedAt : column(ui::RevisionListModel::AppliedAtColumn))
            QVERIFY(!appliedAt.isEmpty());
        QSqlQuery user(test::TestCluster::instance().open(Database));
        QVERIFY(user.exec(QStringLiteral("SELECT current_user")) && user.next());
        QCOMPARE(column(ui::RevisionListModel::AppliedByColumn),
                 QStringList(5, user.value(0).toString()));
        QVERIFY(!column(ui::RevisionListModel::DurationColumn).first().isEmpty());
        QVERIFY2(log->toPlainText().contains(QLatin1String("CREATE TABLE workers")),
                 qPrintable(log->toPlainText()));
        QVERIFY(log->toPlainText().contains(QLatin1String("Finished")));
        QVERIFY(!button("cancelRunButton")->isEnabled());
        QVERIFY(!panel()->findChild<QLabel *>(QStringLiteral("migrationError"))->isVisible());
        for (const char *table : {"workers", "resumes", "vacancies", "vacancies_replies"})
            QCOMPARE(tableCount(QLatin1String(table)), 1);
        // Up to date and not managed badly: nothing to point out.
        QVERIFY(!m_menu->notice()->isVisible());
    }

    void downgradeAsksWithWhatItDrops()
    {
        QVERIFY(test::TestCluster::instance().exec(
            Database,
            QStringLiteral(
                "INSERT INTO workers (username) VALUES ('ann'), ('bob');"
                "INSERT INTO resumes (title, compensation, workload, worker_id) VALUES "
                "('r1', 10, 'fulltime', 1), ('r2', 20, 'parttime', 2), ('r3', 30, 'parttime', 2);"
                "INSERT INTO vacancies (title) VALUES ('v1'), ('v2');"
                "INSERT INTO vacancies_replies (resume_id, vacancy_id) VALUES (1, 1), (2, 1);")));
        // Down to the first revision: the second one (resumes) and everything after it go.
        panel()->selectRevision(First);
        QVERIFY(button("downgradeHereButton")->isEnabled());
        QVERIFY(!button("upgradeHereButton")->isEnabled());

        const auto askAndRead = [this](QStringList *listed) -> ui::MigrationConfirmDialog * {
            click("downgradeHereButton");
            auto *dialog =
                modal<ui::MigrationConfirmDialog>(QStringLiteral("migrationConfirmDialog"));
            if (!dialog)
                return nullptr;
            auto *dropped = dialog->findChild<QTreeWidget *>(QStringLiteral("droppedObjects"));
            if (!QTest::qWaitFor([dropped] { return dropped->topLevelItemCount() > 0; }, 10000))
                return dialog;
            for (int i = 0; i < dropped->topLevelItemCount(); ++i) {
                const QTreeWidgetItem *item = dropped->topLevelItem(i);
                listed->append(
                    QStringLiteral("%1 %2 %3").arg(item->text(0), item->text(1), item->text(2)));
            }
            return dialog;
        };

        QStringList listed;
        ui::MigrationConfirmDialog *dialog = askAndRead(&listed);
        QVERIFY(dialog);
        QCOMPARE(listed, (QStringList{QStringLiteral("vacancies_replies table 2"),
                                      QStringLiteral("vacancies table 2"),
                                      QStringLiteral("resumes table 3"),
                                      QStringLiteral("workload type ")}));
        const QString summary = dialog->findChild<QLabel *>(QStringLiteral("dropSummary"))->text();
        QVERIFY2(summary.contains(QLatin1String("7 row")), qPrintable(summary));
        QCOMPARE(dialog->findChild<QTreeWidget *>(QStringLiteral("confirmRevisions"))
                     ->topLevelItemCount(),
                 4);

        // Cancelling changes nothing.
        QTest::mouseClick(dialog->findChild<QDialogButtonBox *>(QStringLiteral("confirmButtons"))
                              ->button(QDialogButtonBox::Cancel),
                          Qt::LeftButton);
        QTRY_VERIFY(!QApplication::activeModalWidget());
        QTest::qWait(200);
        QVERIFY(!m_service->isRunning());
        QCOMPARE(tableCount(QStringLiteral("resumes")), 1);
        QCOMPARE(stateOf(Second), QStringLiteral("applied"));

        listed.clear();
        dialog = askAndRead(&listed);
        confirmAndWait(dialog);
        for (const char *table : {"resumes", "vacancies", "vacancies_replies"})
            QCOMPARE(tableCount(QLatin1String(table)), 0);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM pg_type WHERE typname = 'workload'")),
                 0);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM workers")), 2);
        QCOMPARE(stateOf(First), QStringLiteral("applied"));
        QCOMPARE(stateOf(Second), QStringLiteral("pending"));
        QCOMPARE(panel()->selectedRevision(), First); // the selection survives the refresh
        // With DBX_SCREENSHOT_DIR set, the README's picture of the panel after a downgrade.
        if (qEnvironmentVariableIsSet("DBX_SCREENSHOT_DIR"))
            m_window->grab().save(qEnvironmentVariable("DBX_SCREENSHOT_DIR") +
                                  QStringLiteral("/migrations-panel.png"));
    }

    void noticeShowsPendingAndOpensPanel()
    {
        // One revision applied, four pending: the database is behind its revisions.
        ui::MigrationsNotice *notice = m_menu->notice();
        QTRY_VERIFY(notice->isVisible());
        QCOMPARE(notice->text(), QStringLiteral("Migrations: 4 pending"));

        // It is read again whenever a database is connected.
        m_connections->disconnectFromServer();
        QTRY_VERIFY(!notice->isVisible());
        connectToDatabase();
        QTRY_VERIFY(notice->isVisible());
        QCOMPARE(notice->text(), QStringLiteral("Migrations: 4 pending"));

        auto *tabs = m_window->findChild<QTabWidget *>(QStringLiteral("centralTabs"));
        tabs->setCurrentIndex(0);
        QTest::mouseClick(notice, Qt::LeftButton);
        QCOMPARE(tabs->currentWidget(), panel());

        // The menu asks the same question as the panel, then the notice goes away.
        auto *upgrade = m_window->findChild<QAction *>(QStringLiteral("actionMigrateUpgradeHead"));
        QVERIFY(upgrade && upgrade->isEnabled());
        upgrade->trigger();
        confirmAndWait(modal<ui::MigrationConfirmDialog>(QStringLiteral("migrationConfirmDialog")));
        QCOMPARE(column(ui::RevisionListModel::StateColumn),
                 QStringList(5, QStringLiteral("applied")));
        QTRY_VERIFY(!notice->isVisible());
    }

    // "-1" names no revision: the log, the confirmation and the preview's title say which
    // one the step goes to. Step -1's preview is in the preview button's menu.
    void stepsNameTheirTargetRevision()
    {
        const QString below = QStringLiteral("e7a0c4b8d913"); // the head's parent
        auto *log = panel()->findChild<QPlainTextEdit *>(QStringLiteral("migrationLog"));
        QToolButton *preview = button("previewSqlButton");
        QVERIFY(preview && preview->menu());
        QAction *previewStepDown = nullptr;
        for (QAction *action : preview->menu()->actions()) {
            if (action->objectName() == QLatin1String("previewStepDown"))
                previewStepDown = action;
        }
        QVERIFY(previewStepDown && previewStepDown->isEnabled());
        previewStepDown->trigger();
        auto *sql = modal<ui::SqlPreviewDialog>(QStringLiteral("sqlPreviewDialog"));
        QVERIFY(sql);
        QVERIFY2(sql->windowTitle().contains(below + QStringLiteral(" (-1)")),
                 qPrintable(sql->windowTitle()));
        QVERIFY(sql->findChild<QPlainTextEdit *>(QStringLiteral("previewSql"))
                    ->toPlainText()
                    .contains(QLatin1String("DROP TABLE vacancies_replies")));
        sql->close();
        QTRY_VERIFY(!QApplication::activeModalWidget());

        log->clear();
        click("stepDownButton");
        confirmAndWait(modal<ui::MigrationConfirmDialog>(QStringLiteral("migrationConfirmDialog")));
        const QString text = log->toPlainText();
        QVERIFY2(text.contains(QStringLiteral("downgrade of %1 to %2 (-1)").arg(Database, below)),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("Finished downgrade to %1 (-1)").arg(below)),
                 qPrintable(text));
        QVERIFY2(!text.contains(QLatin1String("to -1")), qPrintable(text));
        QCOMPARE(stateOf(Head), QStringLiteral("pending"));
        click("stepUpButton");
        confirmAndWait(modal<ui::MigrationConfirmDialog>(QStringLiteral("migrationConfirmDialog")));
        QVERIFY2(log->toPlainText().contains(Head + QStringLiteral(" (+1)")),
                 qPrintable(log->toPlainText()));
        QCOMPARE(stateOf(Head), QStringLiteral("applied"));
    }

    void modifiedRevisionBlocksTheRun()
    {
        // A project folder: the demo revisions copied out of the application's resources.
        QTemporaryDir folder;
        const QDir embedded(migrations::RevisionSource::embeddedPath());
        for (const QString &name : embedded.entryList({QStringLiteral("*.sql")}, QDir::Files)) {
            const QString copy = folder.filePath(name);
            QVERIFY(QFile::copy(embedded.filePath(name), copy));
            QFile::setPermissions(copy, QFile::ReadOwner | QFile::WriteOwner);
        }
        // New Revision needs files: off with the built-in revisions, on with a folder.
        auto *newRevision = m_window->findChild<QAction *>(QStringLiteral("actionNewRevision"));
        QVERIFY(newRevision && !newRevision->isEnabled());
        QSignalSpy status(m_service.get(), &MigrationService::statusChanged);
        QVERIFY(m_service->setRevisionDirectory(folder.path()));
        QVERIFY(status.wait(10000));
        QVERIFY(newRevision->isEnabled());
        QCOMPARE(column(ui::RevisionListModel::StateColumn),
                 QStringList(5, QStringLiteral("applied")));
        QVERIFY(panel()
                    ->findChild<QLabel *>(QStringLiteral("revisionSource"))
                    ->text()
                    .contains(folder.path()));

        // Back to the second revision, so that there is something to upgrade.
        panel()->selectRevision(Second);
        click("downgradeHereButton");
        confirmAndWait(modal<ui::MigrationConfirmDialog>(QStringLiteral("migrationConfirmDialog")));
        QCOMPARE(stateOf(Head), QStringLiteral("pending"));

        // Someone edits the applied first revision; Refresh reads the files again.
        const QString path = folder.filePath(QStringLiteral("3f2a9c1d7b01_create_workers.sql"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QString text = QString::fromUtf8(file.readAll());
        file.close();
        QVERIFY(text.contains(QLatin1String("username varchar NOT NULL")));
        text.replace(QLatin1String("username varchar NOT NULL"),
                     QLatin1String("username text NOT NULL"));
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(text.toUtf8());
        file.close();
        QSignalSpy reread(m_service.get(), &MigrationService::statusChanged);
        click("refreshMigrationsButton");
        QVERIFY(reread.wait(10000));
        QCOMPARE(stateOf(First), QStringLiteral("modified"));
        QTRY_VERIFY(m_menu->notice()->isVisible());
        QVERIFY2(m_menu->notice()->text().contains(QLatin1String("1 modified")),
                 qPrintable(m_menu->notice()->text()));

        // A run is refused with a clear message before anything is sent.
        click("upgradeHeadButton");
        auto *error = panel()->findChild<QLabel *>(QStringLiteral("migrationError"));
        QTRY_VERIFY(error->isVisible());
        QVERIFY2(error->text().contains(First), qPrintable(error->text()));
        QVERIFY2(error->text().contains(QLatin1String("modified")), qPrintable(error->text()));
        QVERIFY(!QApplication::activeModalWidget());
        QVERIFY(!m_service->isRunning());
        QVERIFY(panel()
                    ->findChild<QPlainTextEdit *>(QStringLiteral("migrationLog"))
                    ->toPlainText()
                    .contains(QLatin1String("is modified")));
        QCOMPARE(stateOf(Head), QStringLiteral("pending"));

        // Stamping where the database stands accepts the edit, after a confirmation naming it.
        panel()->selectRevision(Second);
        click("stampHereButton");
        auto *stamp = modal<ui::MigrationConfirmDialog>(QStringLiteral("migrationConfirmDialog"));
        QVERIFY(stamp);
        const auto *accepted =
            stamp->findChild<QTreeWidget *>(QStringLiteral("confirmRevisions"))->topLevelItem(0);
        QVERIFY(accepted && accepted->childCount() == 1);
        QCOMPARE(accepted->child(0)->text(0), First);
        confirmAndWait(stamp);
        QCOMPARE(stateOf(First), QStringLiteral("applied"));
        QCOMPARE(stateOf(Second), QStringLiteral("applied"));
        QCOMPARE(tableCount(QStringLiteral("resumes")), 1); // a stamp runs no revision SQL

        // Back to the built-in revisions, whose first file now differs from what was recorded.
        QSignalSpy back(m_service.get(), &MigrationService::statusChanged);
        click("useBuiltInRevisionsButton");
        QVERIFY(back.wait(10000));
        QVERIFY(m_service->revisionDirectory().isEmpty());
        QCOMPARE(stateOf(First), QStringLiteral("modified"));
    }
};

QTEST_MAIN(TestMigrationsPanel)
#include "tst_migrationspanel.moc"
