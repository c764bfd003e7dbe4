// The console page against a real server, typed into as a user does: the statement under the
// caret vs the whole script, :name values from the panel bound (a hostile one round-trips and
// runs nothing extra), a RAISE NOTICE in Messages, an error's position marked in the editor
// with the caret there, DELETE without WHERE asked about (Cancel runs nothing), manual mode
// Commit and Rollback, Cancel of pg_sleep(30).

#include "demofixture.h"
#include "layoutcheck.h"
#include "migrations/demoschema.h"
#include "model/connection/connectionstore.h"
#include "model/console/consolesession.h"
#include "model/console/resultsetmodel.h"
#include "model/console/scriptjournal.h"
#include "model/db/database.h"
#include "model/server/demoserver.h"
#include "testcluster.h"
#include "typetext.h"
#include "ui/connection/connectioncontroller.h"
#include "ui/console/consolemenu.h"
#include "ui/console/consolepage.h"
#include "ui/console/consoleresults.h"
#include "ui/console/parameterpanel.h"
#include "ui/console/sqleditor.h"
#include "ui/schema/schemadock.h"
#include "ui/shell/mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

using namespace dbx;

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

const QString kDatabase = QStringLiteral("console_gui");

// Clicks the button named `name` (or the standard `button`) of the next message box.
void answerNextBox(const QString &name, QMessageBox::StandardButton button = QMessageBox::NoButton)
{
    QTimer::singleShot(0, [name, button] {
        const bool shown = QTest::qWaitFor(
            [] { return qobject_cast<QMessageBox *>(QApplication::activeModalWidget()); }, 5000);
        if (!shown)
            return;
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (button != QMessageBox::NoButton)
            box->button(button)->click();
        else if (auto *named = box->findChild<QPushButton *>(name))
            named->click();
    });
}

qint64 countRows(const QString &sql)
{
    QSqlDatabase db = test::TestCluster::instance().open(kDatabase);
    QSqlQuery query(db);
    if (!query.exec(sql) || !query.next())
        return -1;
    return query.value(0).toLongLong();
}

} // namespace

class TstConsolePage : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();
    void statementUnderCaretVersusScript();
    void hostileParameterBound();
    void noticeInMessages();
    void errorPositionMarked();
    void deleteWithoutWhereAsks();
    void manualCommitAndRollback();
    void cancelSleep();
    void menuInTheWindow();
    void userQueriesFromTheNotes();

private:
    void type(const QString &text);
    bool runAndWait(const char *actionName);
    QString messages() const;

    QTemporaryDir m_dir;
    std::unique_ptr<model::Database> m_database;
    std::unique_ptr<model::ScriptJournal> m_journal;
    std::unique_ptr<ui::ConsolePage> m_page;
};

void TstConsolePage::initTestCase()
{
    DBX_REQUIRE_CLUSTER();
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.path());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    auto &cluster = test::TestCluster::instance();
    QString error;
    QVERIFY2(cluster.recreateDatabase(kDatabase, &error), qPrintable(error));
    QVERIFY(cluster.exec(kDatabase, s("CREATE TABLE x (id int PRIMARY KEY, note text)")));
    m_database = std::make_unique<model::Database>();
    QSignalSpy connected(m_database.get(), &model::Database::connected);
    m_database->connectTo(cluster.spec(kDatabase));
    QVERIFY(connected.wait(30000));
    m_journal = std::make_unique<model::ScriptJournal>(m_dir.path());
}

void TstConsolePage::init()
{
    QVERIFY(test::TestCluster::instance().exec(
        kDatabase, s("TRUNCATE x; INSERT INTO x VALUES (1, 'one'), (2, 'two'), (3, 'three')")));
    model::JournalEntry entry;
    entry.id = m_journal->newId();
    entry.title = s("Console 1");
    m_page = std::make_unique<ui::ConsolePage>(m_database.get(), m_journal.get(), entry);
    m_page->resize(1000, 700);
    m_page->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
    QTRY_VERIFY_WITH_TIMEOUT(m_page->session()->isReady(), 30000);
    m_page->editor()->setFocus();
}

void TstConsolePage::cleanup()
{
    m_page->setClosingWithWindow(true);
    m_page.reset();
}

void TstConsolePage::type(const QString &text)
{
    const QStringList lines = text.split(u'\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (i > 0)
            QTest::keyClick(m_page->editor(), Qt::Key_Return);
        test::typeText(m_page->editor(), lines.at(i));
    }
}

// Triggers the page's action and waits for the run to end; false when it did not start.
bool TstConsolePage::runAndWait(const char *actionName)
{
    QSignalSpy finished(m_page->session(), &model::ConsoleSession::runFinished);
    m_page->action(QString::fromLatin1(actionName))->trigger();
    if (finished.isEmpty() && !finished.wait(30000))
        return false;
    return true;
}

QString TstConsolePage::messages() const
{
    return m_page->results()->messages()->toPlainText();
}

void TstConsolePage::statementUnderCaretVersusScript()
{
    type(s("SELECT 1 AS a;\nSELECT id, note FROM x ORDER BY id;\nSELECT 'ё' AS c;"));
    m_page->editor()->setCursorIndex(m_page->editor()->text().indexOf(s("note")));
    // Ctrl+Enter: only the statement under the caret.
    QSignalSpy finished(m_page->session(), &model::ConsoleSession::runFinished);
    QTest::keyClick(m_page->editor(), Qt::Key_Return, Qt::ControlModifier);
    QVERIFY(finished.wait(30000));
    ui::ConsoleResults *results = m_page->results();
    QCOMPARE(results->statementTabCount(), 1);
    QVERIFY2(results->tabs()->tabText(0).startsWith(s("SELECT id, note FROM x")),
             qPrintable(results->tabs()->tabText(0)));
    auto *view = results->tabs()->widget(0)->findChild<QTableView *>(s("consoleRows"));
    QVERIFY(view);
    QTRY_COMPARE(view->model()->rowCount(), 3);
    QTRY_COMPARE(view->model()->index(2, 1).data().toString(), s("three"));
    QVERIFY(results->tabs()
                ->widget(0)
                ->findChild<QLabel *>(s("consoleRowsStatus"))
                ->text()
                .contains(s("3")));
    // Ctrl+Shift+Enter: every statement, a tab each.
    QTest::keyClick(m_page->editor(), Qt::Key_Return, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY(finished.wait(30000));
    QCOMPARE(results->statementTabCount(), 3);
    auto *last = results->tabs()->widget(2)->findChild<QTableView *>(s("consoleRows"));
    QTRY_COMPARE(last->model()->index(0, 0).data().toString(), s("ё"));
}

void TstConsolePage::hostileParameterBound()
{
    type(s("SELECT :v AS v, length(:v) AS n"));
    QTRY_VERIFY(m_page->parameters()->valueEdit(s("v")));
    const QString hostile = s("'); DROP TABLE x; --");
    QTest::keyClicks(m_page->parameters()->valueEdit(s("v")), hostile);
    m_page->editor()->setFocus();
    QVERIFY(runAndWait("actionConsoleRun"));
    auto *view = m_page->results()->tabs()->widget(0)->findChild<QTableView *>(s("consoleRows"));
    QVERIFY2(view, qPrintable(messages()));
    QTRY_COMPARE(view->model()->index(0, 0).data().toString(), hostile);
    QCOMPARE(view->model()->index(0, 1).data().toString(), QString::number(hostile.size()));
    QCOMPARE(countRows(s("SELECT count(*) FROM x")), 3); // the table is still there
    // A parameter without a value is refused before anything runs.
    m_page->editor()->selectAll();
    type(s("SELECT :missing"));
    QTest::qWait(300);
    m_page->action(s("actionConsoleRun"))->trigger();
    QTRY_VERIFY(messages().contains(s("missing")));
}

void TstConsolePage::noticeInMessages()
{
    type(s("DO $$ BEGIN RAISE NOTICE 'hello %', 6 * 7; END $$"));
    QVERIFY(runAndWait("actionConsoleRun"));
    QVERIFY2(messages().contains(s("NOTICE: hello 42")), qPrintable(messages()));
    QVERIFY2(messages().contains(s("DO $$ BEGIN")), qPrintable(messages()));
}

void TstConsolePage::errorPositionMarked()
{
    type(s("SELECT 1;\nSELECT id,\n       nosuch FROM x;"));
    QVERIFY(runAndWait("actionConsoleRunScript"));
    QVERIFY2(messages().contains(s("42703")), qPrintable(messages()));
    QVERIFY2(messages().contains(s("line 3, column 8")), qPrintable(messages()));
    QVERIFY(m_page->editor()->hasErrorMark());
    int line = -1, index = -1;
    m_page->editor()->getCursorPosition(&line, &index);
    QCOMPARE(line, 2);
    QCOMPARE(index, 7);
    QVERIFY(m_page->editor()->annotation(2).contains(s("nosuch")));
    // The first statement ran before the failing one; stop at the first error by default.
    QCOMPARE(m_page->results()->statementTabCount(), 1);
}

void TstConsolePage::deleteWithoutWhereAsks()
{
    type(s("DELETE FROM x"));
    answerNextBox({}, QMessageBox::Cancel);
    QSignalSpy started(m_page->session(), &model::ConsoleSession::statementStarted);
    QVERIFY(!m_page->runCurrent());
    QTest::qWait(200);
    QCOMPARE(started.size(), 0);
    QCOMPARE(countRows(s("SELECT count(*) FROM x")), 3);
    // Run Anyway does run it.
    answerNextBox(s("consoleRiskRun"));
    QSignalSpy finished(m_page->session(), &model::ConsoleSession::runFinished);
    QVERIFY(m_page->runCurrent());
    QVERIFY(finished.wait(30000));
    QCOMPARE(countRows(s("SELECT count(*) FROM x")), 0);
}

void TstConsolePage::manualCommitAndRollback()
{
    m_page->action(s("actionConsoleAutoCommit"))->setChecked(false);
    type(s("INSERT INTO x VALUES (10, 'ten')"));
    QVERIFY(runAndWait("actionConsoleRun"));
    QTRY_VERIFY2(m_page->statusText().contains(s("in transaction")),
                 qPrintable(m_page->statusText()));
    QCOMPARE(countRows(s("SELECT count(*) FROM x WHERE id = 10")), 0); // not yet committed
    QSignalSpy ended(m_page->session(), &model::ConsoleSession::transactionEnded);
    m_page->action(s("actionConsoleCommit"))->trigger();
    QVERIFY(ended.wait(30000));
    QCOMPARE(countRows(s("SELECT count(*) FROM x WHERE id = 10")), 1);
    QVERIFY(!m_page->statusText().contains(s("in transaction")));

    m_page->editor()->selectAll();
    type(s("DELETE FROM x WHERE id = 10"));
    QVERIFY(runAndWait("actionConsoleRun"));
    QTRY_VERIFY(m_page->statusText().contains(s("in transaction")));
    m_page->action(s("actionConsoleRollback"))->trigger();
    QVERIFY(ended.wait(30000));
    QCOMPARE(countRows(s("SELECT count(*) FROM x WHERE id = 10")), 1);

    // A failed statement leaves the transaction failed until Rollback.
    m_page->editor()->selectAll();
    type(s("SELECT 1 / 0"));
    QVERIFY(runAndWait("actionConsoleRun"));
    QTRY_VERIFY2(m_page->statusText().contains(s("failed — Rollback needed")),
                 qPrintable(m_page->statusText()));
    m_page->action(s("actionConsoleRollback"))->trigger();
    QVERIFY(ended.wait(30000));
    QTRY_VERIFY(!m_page->statusText().contains(s("Rollback needed")));
}

void TstConsolePage::cancelSleep()
{
    type(s("SELECT pg_sleep(30)"));
    QSignalSpy started(m_page->session(), &model::ConsoleSession::statementStarted);
    QSignalSpy finished(m_page->session(), &model::ConsoleSession::runFinished);
    m_page->action(s("actionConsoleRun"))->trigger();
    QVERIFY(started.wait(30000));
    QTRY_VERIFY(m_page->action(s("actionConsoleCancel"))->isEnabled());
    QTest::qWait(200); // the statement is on the server
    QElapsedTimer timer;
    timer.start();
    m_page->action(s("actionConsoleCancel"))->trigger();
    QVERIFY(finished.wait(10000));
    QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
    QVERIFY2(messages().contains(s("57014")) || messages().contains(s("Cancelled")),
             qPrintable(messages()));
    QVERIFY(m_page->statusText().contains(s("cancelled")));
}

// Query → New Console in the real window; the journal's tabs come back when the menu is
// installed; Run from the menu runs the tab in front; quitting asks nothing and keeps them.
void TstConsolePage::menuInTheWindow()
{
    QTemporaryDir dir;
    model::ScriptJournal journal(dir.path());
    model::JournalEntry kept;
    kept.id = journal.newId();
    kept.opened = 1;
    kept.title = s("Console 4");
    kept.text = s("SELECT count(*) AS n FROM x");
    kept.modified = true;
    journal.update(kept);
    QVERIFY(journal.flush());

    model::LocalServer::Config unused;
    unused.rootDir = dir.path() + s("/never-started");
    model::DemoServer demo(unused, migrations::installDemoSchema);
    model::ConnectionStore store;
    ui::ConnectionController connections(m_database.get(), &demo, &store);
    ui::MainWindow window(m_database.get(), &connections);
    ui::ConsoleMenu *menu = ui::ConsoleMenu::install(&window, m_database.get(), &journal);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(menu->pages().size(), 1);
    auto *tabs = window.findChild<QTabWidget *>(s("centralTabs"));
    ui::ConsolePage *restored = menu->pages().first();
    const model::ConnectionSpec &spec = m_database->spec();
    // One connection open: the tab keeps its title and its tooltip names the connection (with
    // several, the text names it too: tst_connections).
    QCOMPARE(tabs->tabText(tabs->indexOf(restored)), s("Console 4*"));
    QVERIFY2(tabs->tabToolTip(tabs->indexOf(restored))
                 .contains(spec.name.isEmpty() ? spec.database : spec.name),
             qPrintable(tabs->tabToolTip(tabs->indexOf(restored))));
    QCOMPARE(restored->editor()->text(), kept.text);

    QAction *create = menu->action(s("actionNewConsole"));
    QVERIFY(create->isEnabled());
    QTest::keyClick(&window, Qt::Key_T, Qt::ControlModifier);
    QCOMPARE(menu->pages().size(), 2);
    ui::ConsolePage *fresh = menu->currentPage();
    QCOMPARE(fresh->entry().title, s("Console 5"));
    QVERIFY(!menu->action(s("actionExplain"))->isVisible()); // until a plan view is wired

    tabs->setCurrentWidget(restored);
    QTRY_VERIFY_WITH_TIMEOUT(restored->session()->isReady(), 30000);
    QSignalSpy finished(restored->session(), &model::ConsoleSession::runFinished);
    menu->action(s("actionRunStatement"))->trigger();
    QVERIFY(finished.wait(30000));
    auto *view = restored->results()->tabs()->widget(0)->findChild<QTableView *>(s("consoleRows"));
    QVERIFY(view);
    QTRY_COMPARE(view->model()->index(0, 0).data().toString(), s("3"));

    // Quit: no question, both tabs stay journaled for the next start.
    window.close();
    QVERIFY(!window.isVisible());
    QCOMPARE(journal.entries().size(), 2);
}

// The user's own queries from their notes, typed into consoles on the demo database: the
// avg-compensation GROUP BY / HAVING with :name values bound from the panel, and the JOIN +
// window + CTE compensation_diff. The window fits 1024x700; with DBX_SCREENSHOT_DIR set the
// README's screenshots are saved there.
void TstConsolePage::userQueriesFromTheNotes()
{
    std::unique_ptr<model::Database> demo;
    model::SchemaSnapshot snapshot;
    const QString failed = test::openDemoSession(s("console_demo"), &demo, &snapshot);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    QTemporaryDir dir;
    model::ScriptJournal journal(dir.path());
    model::LocalServer::Config unused;
    unused.rootDir = dir.path() + s("/never-started");
    model::DemoServer server(unused, migrations::installDemoSchema);
    model::ConnectionStore store;
    ui::ConnectionController connections(demo.get(), &server, &store);
    ui::MainWindow window(demo.get(), &connections);
    ui::ConsoleMenu *menu = ui::ConsoleMenu::install(&window, demo.get(), &journal);
    window.resize(1366, 768);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.schemaDock()->reload();
    const QString shots = qEnvironmentVariable("DBX_SCREENSHOT_DIR");

    auto typeInto = [](ui::ConsolePage *page, const QString &text) {
        page->editor()->setFocus();
        for (const QString &line : text.split(u'\n')) {
            if (!page->editor()->text().isEmpty())
                QTest::keyClick(page->editor(), Qt::Key_Return);
            // The editor keeps the previous line's indentation: start each line afresh.
            page->editor()->SendScintilla(QsciScintilla::SCI_LINEEND);
            page->editor()->SendScintilla(QsciScintilla::SCI_DELLINELEFT);
            test::typeText(page->editor(), line);
        }
    };
    auto runAll = [](ui::ConsolePage *page) {
        QTRY_VERIFY_WITH_TIMEOUT(page->session()->isReady(), 30000);
        QSignalSpy finished(page->session(), &model::ConsoleSession::runFinished);
        // The action itself: under a display without a window manager the window may never
        // become active, and shortcuts need an active window (the keys are tested above).
        page->action(s("actionConsoleRunScript"))->trigger();
        QVERIFY(finished.wait(30000));
    };

    ui::ConsolePage *average = menu->newConsole();
    typeInto(average, s("-- Average pay by workload, from the notes (GROUP BY / HAVING)\n"
                        "SELECT workload, avg(compensation)::int AS avg_compensation\n"
                        "FROM resumes\n"
                        "WHERE title LIKE :like_language AND compensation > :min_compensation\n"
                        "GROUP BY workload\n"
                        "HAVING avg(compensation) > :min_average;"));
    QTRY_COMPARE(average->parameters()->names(),
                 (QStringList{s("like_language"), s("min_compensation"), s("min_average")}));
    QTest::keyClicks(average->parameters()->valueEdit(s("like_language")), s("%Python%"));
    QTest::keyClicks(average->parameters()->valueEdit(s("min_compensation")), s("40000"));
    QTest::keyClicks(average->parameters()->valueEdit(s("min_average")), s("70000"));
    runAll(average);
    auto *rows = average->results()->tabs()->widget(0)->findChild<QTableView *>(s("consoleRows"));
    QVERIFY2(rows, qPrintable(average->results()->messages()->toPlainText()));
    QTRY_VERIFY(rows->model()->rowCount() >= 1);
    QCOMPARE(rows->model()->headerData(1, Qt::Horizontal).toString(), s("avg_compensation"));
    QTest::qWait(200);
    if (!shots.isEmpty())
        QVERIFY(window.grab().save(shots + s("/console-avg-compensation.png")));

    ui::ConsolePage *diff = menu->newConsole();
    typeInto(diff, s("WITH helper2 AS (\n"
                     "    SELECT *, compensation - avg_workload_compensation AS compensation_diff\n"
                     "    FROM (SELECT w.id, w.username, r.compensation, r.workload,\n"
                     "                 avg(r.compensation) OVER (PARTITION BY workload)::int\n"
                     "                     AS avg_workload_compensation\n"
                     "          FROM resumes r\n"
                     "          JOIN workers w ON r.worker_id = w.id) helper1\n"
                     ")\n"
                     "SELECT * FROM helper2\n"
                     "ORDER BY compensation_diff DESC;\n"
                     "DO $$ BEGIN RAISE NOTICE 'compensation_diff computed'; END $$;"));
    runAll(diff);
    QCOMPARE(diff->results()->statementTabCount(), 2);
    auto *diffRows = diff->results()->tabs()->widget(0)->findChild<QTableView *>(s("consoleRows"));
    QVERIFY2(diffRows, qPrintable(diff->results()->messages()->toPlainText()));
    QTRY_VERIFY(diffRows->model()->rowCount() >= 5);
    QCOMPARE(diffRows->model()->headerData(5, Qt::Horizontal).toString(), s("compensation_diff"));
    QVERIFY(diff->results()->messages()->toPlainText().contains(s("compensation_diff computed")));
    diff->results()->tabs()->setCurrentIndex(0);
    QTest::qWait(200);
    if (!shots.isEmpty())
        QVERIFY(window.grab().save(shots + s("/console-compensation-diff.png")));

    window.resize(1024, 700);
    QTest::qWait(200);
    const QStringList problems = test::layoutProblems(&window, QSize(1024, 700));
    if (!shots.isEmpty())
        QVERIFY(window.grab().save(shots + s("/console-1024.png")));
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    window.close();
}

QTEST_MAIN(TstConsolePage)
#include "tst_consolepage.moc"
