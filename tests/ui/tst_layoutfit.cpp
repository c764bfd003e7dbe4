// Every panel and dialog of the assembled window in Russian (the longer language) on a
// 1024x700 screen, the smallest the application supports: no window grows past the screen,
// and no text is cut short unless hovering it shows it whole. With DBX_SCREENSHOT_DIR set,
// each step is also saved as a picture.

#include "demofixture.h"
#include "layoutcheck.h"
#include "migrations/demoschema.h"
#include "migrations/migrationservice.h"
#include "model/connection/connectionstore.h"
#include "model/db/database.h"
#include "model/edit/editabletablemodel.h"
#include "model/server/demoserver.h"
#include "seedqueries.h"
#include "testcluster.h"
#include "ui/browser/browsertabs.h"
#include "ui/browser/recordform.h"
#include "ui/browser/tablebrowser.h"
#include "ui/connection/connectioncontroller.h"
#include "ui/import/importdialog.h"
#include "ui/migrations/migrationsmenu.h"
#include "ui/migrations/migrationspanel.h"
#include "ui/querybuilder/querybuildermenu.h"
#include "ui/querybuilder/querybuilderpanel.h"
#include "ui/relations/erdiagrampanel.h"
#include "ui/relations/loadingview.h"
#include "ui/relations/relationinspector.h"
#include "ui/relations/relationsmenu.h"
#include "ui/schema/schemadock.h"
#include "ui/shell/mainwindow.h"
#include "ui/translations.h"

#include <QAction>
#include <QApplication>
#include <QDialog>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>
#include <QToolButton>
#include <QTreeWidget>
#include <QtTest>

#include <functional>

using namespace dbx;

namespace {

// The smallest supported screen; DBX_FIT_SCREEN=1366x768 (and DBX_FIT_LANG=en) look at other
// sizes and languages, for the screenshots.
QSize screenSize()
{
    const QStringList parts = qEnvironmentVariable("DBX_FIT_SCREEN").split(u'x');
    if (parts.size() == 2 && parts.at(0).toInt() > 0 && parts.at(1).toInt() > 0)
        return {parts.at(0).toInt(), parts.at(1).toInt()};
    return {1024, 700};
}

const QSize kScreen = screenSize();
const QString kDb = QStringLiteral("layout_demo");

// Acts on the next modal dialog once it is shown (exec() blocks until it closes).
void whenModal(std::function<void(QWidget *)> act)
{
    auto *timer = new QTimer;
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, [timer, act] {
        if (QWidget *modal = QApplication::activeModalWidget()) {
            timer->stop();
            timer->deleteLater();
            act(modal);
        }
    });
    timer->start();
}

} // namespace

class TestLayoutFit : public QObject {
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
    ui::QueryBuilderMenu *m_queries = nullptr;
    ui::RelationsMenu *m_relations = nullptr;
    ui::MigrationsMenu *m_migrationsMenu = nullptr;
    QStringList m_problems;

    // Lets the layouts settle, then records what does not fit in `window`.
    void look(QWidget *window, const char *step)
    {
        QTest::qWait(150);
        const QString dir = qEnvironmentVariable("DBX_SCREENSHOT_DIR");
        if (!dir.isEmpty())
            window->grab().save(dir + QStringLiteral("/fit-%1.png").arg(QLatin1String(step)));
        for (const QString &problem : test::layoutProblems(window, kScreen))
            m_problems << QLatin1String(step) + QStringLiteral(": ") + problem;
        // Beside every panel the schema stays readable.
        if (window == m_window.get() &&
            m_window->schemaDock()->width() < ui::SchemaDock::minimumUsableWidth)
            m_problems << QStringLiteral("%1: the schema dock is squeezed to %2 px")
                              .arg(QLatin1String(step))
                              .arg(m_window->schemaDock()->width());
    }

    // The problems found so far by this test function, as its failure message.
    QString report()
    {
        const QString text = m_problems.join(QLatin1Char('\n'));
        m_problems.clear();
        return text;
    }

    ui::TableBrowser *open(const char *table)
    {
        ui::TableBrowser *b = m_browsers->open(QStringLiteral("public"), QLatin1String(table));
        if (b && !QTest::qWaitFor([b] { return b->model()->source()->isRowLoaded(0); }, 10000))
            return nullptr;
        return b;
    }

private slots:
    void initTestCase()
    {
        DBX_REQUIRE_CLUSTER();
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
        QSettings::setDefaultFormat(QSettings::IniFormat);
        const QString fixture = test::freshDemoDatabase(kDb);
        QVERIFY2(fixture.isEmpty(), qPrintable(fixture));
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
        m_relations = ui::RelationsMenu::install(m_window.get());
        m_queries = ui::QueryBuilderMenu::install(m_window.get(), m_database.get());
        m_window->resize(kScreen);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QSignalSpy loaded(m_window->schemaDock(), &ui::SchemaDock::snapshotLoaded);
        m_connections->connectTo(test::TestCluster::instance().spec(kDb), false);
        QVERIFY(loaded.wait(15000));
    }

    void cleanupTestCase()
    {
        m_window.reset();
        m_connections.reset();
        m_migrations.reset();
        m_database.reset();
    }

    void overview()
    {
        look(m_window.get(), "overview");
        QVERIFY2(m_problems.isEmpty(), qPrintable(report()));
    }

    void tableBrowserAndItsPanels()
    {
        ui::TableBrowser *b = open("resumes");
        QVERIFY(b);
        look(m_window.get(), "grid");
        b->setFormVisible(true);
        look(m_window.get(), "grid-form");
        b->setFormVisible(false);
        b->selectCell(1, 1);
        b->action(ui::TableBrowser::Action::ToggleRelations)->trigger();
        QTRY_VERIFY(!b->relations()->pathTables().isEmpty());
        look(m_window.get(), "grid-relations");
        b->action(ui::TableBrowser::Action::ToggleRelations)->trigger();
        b->action(ui::TableBrowser::Action::ToggleLoading)->trigger();
        look(m_window.get(), "grid-loading");
        QSignalSpy ran(b->loading(), &ui::LoadingView::runFinished);
        QVERIFY(b->loading()->run());
        QVERIFY(ran.wait(15000));
        look(m_window.get(), "grid-loading-run");
        b->action(ui::TableBrowser::Action::ToggleLoading)->trigger();
        QVERIFY2(m_problems.isEmpty(), qPrintable(report()));
    }

    // A commit fills updated_at with a longer value than the grid was sized for.
    void gridAfterACommit()
    {
        ui::TableBrowser *b = open("resumes");
        QVERIFY(b);
        const int title =
            int(b->model()->source()->query().columns().indexOf(QStringLiteral("title")));
        QVERIFY(b->model()->setData(b->model()->index(0, title),
                                    QStringLiteral("Разработчик на Python")));
        QSignalSpy done(b->model(), &model::EditableTableModel::commitFinished);
        QVERIFY(b->commit());
        QVERIFY(done.wait(10000));
        QTRY_VERIFY(b->model()->source()->isRowLoaded(0));
        look(m_window.get(), "grid-committed");
        QVERIFY2(m_problems.isEmpty(), qPrintable(report()));
    }

    void recordFormWithChildGrids()
    {
        ui::TableBrowser *b = open("workers");
        QVERIFY(b);
        b->selectCell(0, 1);
        b->setFormVisible(true);
        QTRY_VERIFY(b->form()->childGrids().first()->model()->rowCount() > 0);
        look(m_window.get(), "form-children");
        b->setFormVisible(false);
        ui::TableBrowser *record = m_browsers->openRecord(
            QStringLiteral("public"), QStringLiteral("resumes"), QStringLiteral("id"), 3);
        QVERIFY(record);
        QTRY_COMPARE(record->model()->rowCount(), 1);
        look(record->window(), "record-window");
        record->window()->close();
        QVERIFY2(m_problems.isEmpty(), qPrintable(report()));
    }

    void queryBuilderEveryTab()
    {
        ui::QueryBuilderPanel *panel = m_queries->showBuilder();
        QVERIFY(panel);
        look(m_window.get(), "builder-empty");
        panel->setQuery(test::seedAvgCompensation());
        QSignalSpy ran(panel, &ui::QueryBuilderPanel::runFinished);
        panel->run();
        QVERIFY(ran.wait(15000));
        auto *tabs = panel->findChild<QTabWidget *>(QStringLiteral("editorTabs"));
        QVERIFY(tabs);
        for (int i = 0; i < tabs->count(); ++i) {
            tabs->setCurrentIndex(i);
            look(m_window.get(), qPrintable(QStringLiteral("builder-tab%1").arg(i)));
        }
        QVERIFY2(m_problems.isEmpty(), qPrintable(report()));
    }

    // The part of the query a problem is about is named in Russian too.
    void validationMessagesInRussian()
    {
        if (!qEnvironmentVariable("DBX_FIT_LANG", QStringLiteral("ru")).startsWith(u'r'))
            return; // a look in another language, asked for by hand
        ui::QueryBuilderPanel *panel = m_queries->showBuilder();
        model::query::Query query = test::seedAvgCompensation();
        query.select[1].expr = query.select[1].expr.castTo(QStringLiteral("integer; drop"));
        panel->setQuery(query);
        auto *problems = panel->findChild<QLabel *>(QStringLiteral("sqlProblems"));
        QVERIFY(problems && problems->isVisible());
        QVERIFY2(problems->text().contains(QStringLiteral("столбец вывода 2: ")),
                 qPrintable(problems->text()));
        QVERIFY2(!problems->text().contains(QStringLiteral("select 2")),
                 qPrintable(problems->text()));
        panel->newQuery();
    }

    void erDiagram()
    {
        ui::ErDiagramPanel *diagram = m_relations->showDiagram();
        QVERIFY(diagram);
        QTRY_VERIFY_WITH_TIMEOUT(!diagram->isLayingOut(), 10000);
        look(m_window.get(), "er-diagram");
        QVERIFY2(m_problems.isEmpty(), qPrintable(report()));
    }

    void migrationsPanelAndItsDialogs()
    {
        m_window->findChild<QAction *>(QStringLiteral("actionShowMigrations"))->trigger();
        ui::MigrationsPanel *panel = m_migrationsMenu->panel();
        QVERIFY(panel);
        QTRY_VERIFY(panel->findChild<QToolButton *>(QStringLiteral("stepDownButton"))->isEnabled());
        look(m_window.get(), "migrations");
        QTest::mouseClick(panel->findChild<QToolButton *>(QStringLiteral("stepDownButton")),
                          Qt::LeftButton);
        QTRY_VERIFY(QApplication::activeModalWidget());
        QWidget *confirm = QApplication::activeModalWidget();
        QTest::qWait(300); // the impact of the downgrade is read meanwhile
        look(confirm, "migrations-confirm");
        confirm->close();
        QTRY_VERIFY(!QApplication::activeModalWidget());
        QTest::mouseClick(panel->findChild<QToolButton *>(QStringLiteral("previewSqlButton")),
                          Qt::LeftButton);
        QTRY_VERIFY(QApplication::activeModalWidget());
        QWidget *preview = QApplication::activeModalWidget();
        look(preview, "migrations-preview");
        preview->close();
        QTRY_VERIFY(!QApplication::activeModalWidget());
        QVERIFY2(m_problems.isEmpty(), qPrintable(report()));
    }

    void dialogsOfTheGrid()
    {
        ui::TableBrowser *b = open("workers");
        QVERIFY(b);
        b->selectCell(0, 1);
        whenModal([this](QWidget *modal) {
            QTest::qWait(500); // the cascade is counted meanwhile
            look(modal, "cascade-preview");
            // What the delete takes along, and through which key, readable without hovering.
            auto *effects = modal->findChild<QTreeWidget *>(QStringLiteral("cascadeEffects"));
            if (!effects || effects->topLevelItemCount() == 0)
                m_problems << QStringLiteral("cascade-preview: no effects shown");
            else if (effects->header()->length() > effects->viewport()->width())
                m_problems << QStringLiteral("cascade-preview: the columns need %1 px, %2 shown")
                                  .arg(effects->header()->length())
                                  .arg(effects->viewport()->width());
            qobject_cast<QDialog *>(modal)->reject();
        });
        b->action(ui::TableBrowser::Action::Delete)->trigger();
        whenModal([this](QWidget *modal) {
            look(modal, "export");
            qobject_cast<QDialog *>(modal)->reject();
        });
        b->action(ui::TableBrowser::Action::Export)->trigger();
        QTemporaryDir files;
        const QString csv = files.filePath(QStringLiteral("workers.csv"));
        QFile out(csv);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write("id,name,unknown column with a long name\n1,\"Бобр\",x\n2,,\"\"\n");
        out.close();
        whenModal([this, csv](QWidget *modal) {
            if (auto *import = qobject_cast<ui::ImportDialog *>(modal))
                import->setFile(csv);
            look(modal, "import");
            qobject_cast<QDialog *>(modal)->reject();
        });
        b->action(ui::TableBrowser::Action::Import)->trigger();
        QVERIFY(b->model()->setData(b->model()->index(0, 1), QStringLiteral("Бобр")));
        whenModal([this](QWidget *modal) {
            look(modal, "pending-sql");
            qobject_cast<QDialog *>(modal)->reject();
        });
        b->action(ui::TableBrowser::Action::PendingSql)->trigger();
        b->model()->revertAll();
        QVERIFY2(m_problems.isEmpty(), qPrintable(report()));
    }

    void conflictAndLinkDialogs()
    {
        ui::TableBrowser *b = open("vacancies");
        QVERIFY(b);
        const int pay =
            int(b->model()->source()->query().columns().indexOf(QStringLiteral("compensation")));
        const int id = b->model()->index(0, 0).data(Qt::EditRole).toInt();
        QVERIFY(b->model()->setData(b->model()->index(0, pay), 4321));
        QVERIFY(test::TestCluster::instance().exec(
            kDb, QStringLiteral("UPDATE vacancies SET title = 'Изменено другим' WHERE id = %1")
                     .arg(id)));
        whenModal([this](QWidget *modal) {
            look(modal, "conflict");
            qobject_cast<QDialog *>(modal)->reject();
        });
        QSignalSpy done(b->model(), &model::EditableTableModel::commitFinished);
        QVERIFY(b->commit());
        QVERIFY(done.wait(10000));
        b->model()->revertAll();

        // A resume's vacancies through vacancies_replies: the dialog that adds a link.
        ui::TableBrowser *resumes = open("resumes");
        resumes->selectCell(0, 1);
        resumes->action(ui::TableBrowser::Action::ToggleRelations)->trigger();
        auto *list = resumes->relations()->findChild<QListWidget *>(QStringLiteral("relationList"));
        QTRY_VERIFY(list->count() > 0);
        for (int i = 0; i < list->count(); ++i)
            if (list->item(i)->text().contains(QStringLiteral("vacancies_replies")) &&
                list->item(i)->text().startsWith(QStringLiteral("vacancies")))
                list->setCurrentRow(i);
        auto *add = resumes->relations()->findChild<QPushButton *>(QStringLiteral("addLink"));
        QTRY_VERIFY(add->isVisible() && add->isEnabled());
        whenModal([this](QWidget *modal) {
            look(modal, "add-link");
            qobject_cast<QDialog *>(modal)->reject();
        });
        QTest::mouseClick(add, Qt::LeftButton);
        resumes->action(ui::TableBrowser::Action::ToggleRelations)->trigger();
        QVERIFY2(m_problems.isEmpty(), qPrintable(report()));
    }

    void connectionDialog()
    {
        m_connections->showDialog();
        QTRY_VERIFY(QApplication::activeModalWidget());
        QWidget *dialog = QApplication::activeModalWidget();
        look(dialog, "connection");
        dialog->close();
        QVERIFY2(m_problems.isEmpty(), qPrintable(report()));
    }

    void sqlImportDialog()
    {
        ui::QueryBuilderPanel *panel = m_queries->showBuilder();
        QTest::mouseClick(panel->findChild<QPushButton *>(QStringLiteral("queryFromSql")),
                          Qt::LeftButton);
        auto *dialog = panel->findChild<QDialog *>(QStringLiteral("importSqlDialog"));
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        look(dialog, "import-sql");
        dialog->close();
        QVERIFY2(m_problems.isEmpty(), qPrintable(report()));
    }
};

int main(int argc, char **argv)
{
    // The offscreen platform with a screen of the smallest supported size.
    QTemporaryDir dir;
    QFile config(dir.filePath(QStringLiteral("screen.json")));
    if (!config.open(QIODevice::WriteOnly))
        return 1;
    config.write(QStringLiteral(R"({"screens": [{"name": "small", "x": 0, "y": 0, "width": %1, )"
                                R"("height": %2, "logicalDpi": 96}]})")
                     .arg(kScreen.width())
                     .arg(kScreen.height())
                     .toUtf8());
    config.close();
    qputenv("QT_QPA_PLATFORM", "offscreen:configfile=" + config.fileName().toLocal8Bit());
    QApplication app(argc, argv);
    const QString language = qEnvironmentVariable("DBX_FIT_LANG");
    ui::installTranslations(language.isEmpty() ? QStringLiteral("ru") : language);
    TestLayoutFit test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_layoutfit.moc"
