// What joins the console to the rest, in the real window on the demo database: completion from
// the connection's catalog as one types, Explain from the console's toolbar with its parameters
// bound (a plan tab), every statement recorded in the history and run again from it, and the
// way to and from the query builder (Open in Console with the builder's values as parameters,
// Open in Query Builder with the console's SELECT).

#include "demofixture.h"
#include "migrations/demoschema.h"
#include "model/connection/connectionstore.h"
#include "model/console/completioncatalogsource.h"
#include "model/console/consolesession.h"
#include "model/console/queryhistory.h"
#include "model/db/database.h"
#include "model/query/sqlimport.h"
#include "model/server/demoserver.h"
#include "testcluster.h"
#include "typetext.h"
#include "ui/connection/connectioncontroller.h"
#include "ui/console/consolemenu.h"
#include "ui/console/consolepage.h"
#include "ui/console/consoleservices.h"
#include "ui/console/historypanel.h"
#include "ui/console/parameterpanel.h"
#include "ui/console/sqleditor.h"
#include "ui/explain/explainpanel.h"
#include "ui/explain/plantreemodel.h"
#include "ui/explain/planview.h"
#include "ui/querybuilder/querybuildermenu.h"
#include "ui/querybuilder/querybuilderpanel.h"
#include "ui/schema/schemadock.h"
#include "ui/shell/mainwindow.h"

#include <QAction>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace dbx;

namespace {

const QString kDatabase = QStringLiteral("console_services");

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

} // namespace

class TstConsoleServices : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void completionFromTheCatalog();
    void explainWithParametersOpensAPlan();
    void historyRecordsAndRunsAgain();
    void builderToConsoleAndBack();

private:
    ui::ConsolePage *readyConsole();
    bool runAndWait(ui::ConsolePage *page);

    QTemporaryDir m_dir;
    std::unique_ptr<model::Database> m_database;
    std::unique_ptr<model::DemoServer> m_demo;
    std::unique_ptr<model::ConnectionStore> m_store;
    std::unique_ptr<ui::ConnectionController> m_connections;
    std::unique_ptr<ui::MainWindow> m_window;
    std::unique_ptr<model::ScriptJournal> m_journal;
    std::unique_ptr<model::QueryHistory> m_history;
    ui::ConsoleMenu *m_consoles = nullptr;
    ui::QueryBuilderMenu *m_builders = nullptr;
    ui::ConsoleServices *m_services = nullptr;
};

void TstConsoleServices::initTestCase()
{
    DBX_REQUIRE_CLUSTER();
    QVERIFY(m_dir.isValid());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.path());
    const QString fixture = test::freshDemoDatabase(kDatabase);
    QVERIFY2(fixture.isEmpty(), qPrintable(fixture));
    model::LocalServer::Config unused;
    unused.rootDir = m_dir.path() + s("/never-started");
    m_demo = std::make_unique<model::DemoServer>(unused, migrations::installDemoSchema);
    m_store = std::make_unique<model::ConnectionStore>();
    m_database = std::make_unique<model::Database>();
    m_connections =
        std::make_unique<ui::ConnectionController>(m_database.get(), m_demo.get(), m_store.get());
    m_window = std::make_unique<ui::MainWindow>(m_database.get(), m_connections.get());
    m_journal = std::make_unique<model::ScriptJournal>(m_dir.path() + s("/journal"));
    m_history = std::make_unique<model::QueryHistory>(m_dir.path() + s("/history.jsonl"));
    m_builders = ui::QueryBuilderMenu::install(m_window.get(), m_database.get());
    m_consoles = ui::ConsoleMenu::install(m_window.get(), m_database.get(), m_journal.get());
    m_services =
        ui::ConsoleServices::install(m_window.get(), m_consoles, m_builders, m_history.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QSignalSpy loaded(m_window->schemaDock(), &ui::SchemaDock::snapshotLoaded);
    m_connections->connectTo(test::TestCluster::instance().spec(kDatabase), false);
    QVERIFY(loaded.wait(30000));
}

void TstConsoleServices::cleanupTestCase()
{
    m_window.reset();
    m_connections.reset();
    m_database.reset();
}

ui::ConsolePage *TstConsoleServices::readyConsole()
{
    ui::ConsolePage *page = m_consoles->newConsole();
    if (!page || !QTest::qWaitFor([page] { return page->session()->isReady(); }, 20000))
        return nullptr;
    return page;
}

bool TstConsoleServices::runAndWait(ui::ConsolePage *page)
{
    QSignalSpy finished(page->session(), &model::ConsoleSession::runFinished);
    page->action(s("actionConsoleRun"))->trigger();
    return finished.wait(20000);
}

// Typing after FROM lists the demo's tables from the connection's catalog; accepting one
// completes the word.
void TstConsoleServices::completionFromTheCatalog()
{
    model::CompletionCatalogSource *source = m_services->catalogFor(m_database.get());
    QTRY_VERIFY_WITH_TIMEOUT(source->catalog() && !source->isLoading(), 20000);
    ui::ConsolePage *page = readyConsole();
    QVERIFY(page);
    ui::SqlEditor *editor = page->editor();
    editor->setFocus();
    test::typeText(editor, s("SELECT * FROM vacan"));
    QTRY_VERIFY_WITH_TIMEOUT(editor->isListActive(), 5000);
    QTest::keyClick(editor, Qt::Key_Return);
    QTRY_COMPARE(editor->text(), s("SELECT * FROM vacancies"));
}

// Explain on the console's toolbar: the statement under the caret with its :id bound, in a plan
// tab of its own.
void TstConsoleServices::explainWithParametersOpensAPlan()
{
    ui::ConsolePage *page = readyConsole();
    QVERIFY(page);
    page->editor()->setText(s("SELECT * FROM workers w JOIN resumes r ON r.worker_id = w.id "
                              "WHERE w.id = :id"));
    page->parameters()->setValues({{s("id"), s("1")}});
    auto *tabs = m_window->findChild<QTabWidget *>(s("centralTabs"));
    const int before = tabs->count();
    QAction *explain = page->action(s("actionConsoleExplain"));
    QVERIFY(explain && explain->isEnabled());
    explain->trigger();
    QCOMPARE(tabs->count(), before + 1);
    auto *plan = qobject_cast<ui::ExplainPanel *>(tabs->currentWidget());
    QVERIFY(plan);
    QTRY_VERIFY_WITH_TIMEOUT(!plan->isRunning(), 20000);
    QVERIFY(plan->planView()->model()->rowCount() > 0);
    QVERIFY2(tabs->tabText(tabs->currentIndex()).startsWith(s("Plan: SELECT")),
             qPrintable(tabs->tabText(tabs->currentIndex())));
    QVERIFY(plan->planView()->outcome().statement.params == QVariantList{s("1")});
}

// Every statement run lands in the history with its connection, rows and status; Run Again
// from the history runs it once more in the console in front.
void TstConsoleServices::historyRecordsAndRunsAgain()
{
    ui::ConsolePage *page = readyConsole();
    QVERIFY(page);
    const qsizetype before = m_history->entries().size();
    page->editor()->setText(s("SELECT count(*) FROM vacancies_replies"));
    QVERIFY(runAndWait(page));
    QTRY_COMPARE(m_history->entries().size(), before + 1);
    const model::HistoryEntry entry = m_history->entries().last();
    QCOMPARE(entry.sql, s("SELECT count(*) FROM vacancies_replies"));
    QCOMPARE(entry.status, model::HistoryEntry::Status::Ok);
    QCOMPARE(entry.database, kDatabase);
    QVERIFY(!entry.connection.isEmpty());

    page->editor()->setText(s("SELECT nope FROM workers"));
    QVERIFY(runAndWait(page));
    QTRY_COMPARE(m_history->entries().size(), before + 2);
    QCOMPARE(m_history->entries().last().status, model::HistoryEntry::Status::Failed);
    QVERIFY(m_history->entries().last().error.contains(s("nope")));

    QSignalSpy finished(page->session(), &model::ConsoleSession::runFinished);
    emit m_services->historyMenu()->runAgain(entry.sql);
    QVERIFY(finished.wait(20000));
    QVERIFY(page->editor()->text().endsWith(entry.sql));
    QVERIFY(page->editor()->text().startsWith(s("SELECT nope FROM workers")));
    QTRY_COMPARE(m_history->entries().size(), before + 3);
    QCOMPARE(m_history->entries().last().sql, entry.sql);
}

// The builder's Open in Console writes its SQL with $n and puts the values in the parameter
// panel; the console's Open in Query Builder hands its SELECT to From SQL.
void TstConsoleServices::builderToConsoleAndBack()
{
    ui::QueryBuilderPanel *builder = m_builders->showBuilder();
    QTRY_VERIFY_WITH_TIMEOUT(m_window->schemaDock()->snapshot().table(s("public"), s("workers")),
                             20000);
    auto query = model::query::importSql(s("SELECT username FROM workers WHERE id = 2"),
                                         m_window->schemaDock()->snapshot());
    QVERIFY2(query, qPrintable(query ? QString() : query.error().message));
    builder->setQuery(query.value());
    const int consoles = int(m_consoles->pages().size());
    auto *open = builder->findChild<QPushButton *>(s("queryOpenInConsole"));
    QVERIFY(open);
    open->click();
    QCOMPARE(int(m_consoles->pages().size()), consoles + 1);
    ui::ConsolePage *page = m_consoles->pages().last();
    QVERIFY2(page->editor()->text().contains(s("$1")), qPrintable(page->editor()->text()));
    QCOMPARE(page->parameters()->values().value(s("1")), std::optional<QString>(s("2")));
    QTRY_VERIFY_WITH_TIMEOUT(page->session()->isReady(), 20000);
    QVERIFY(runAndWait(page));

    page->editor()->setText(s("SELECT title FROM vacancies"));
    QAction *toBuilder = page->findChild<QAction *>(s("actionConsoleOpenInBuilder"));
    QVERIFY(toBuilder);
    toBuilder->trigger();
    QDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = builder->findChild<QDialog *>(s("importSqlDialog"))) != nullptr);
    auto *text = dialog->findChild<QPlainTextEdit *>();
    QVERIFY(text);
    QCOMPARE(text->toPlainText(), s("SELECT title FROM vacancies"));
    dialog->close();
}

QTEST_MAIN(TstConsoleServices)
#include "tst_consoleservices.moc"
