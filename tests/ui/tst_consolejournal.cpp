// Nothing typed into the console is lost: the test binary runs itself again as a child
// (--journal-child) that opens a real console page, types a script and parameter values,
// waits past the journal's debounce and says so; the parent SIGKILLs it (no clean-up runs) and
// checks that a new page brings back the text, the caret, the parameters and the modified
// mark. Also: the JSON round trip, a closed tab forgotten, a quit kept, an unwritable folder
// reported.

#include "model/console/scriptjournal.h"
#include "model/db/database.h"
#include "typetext.h"
#include "ui/console/consolepage.h"
#include "ui/console/parameterpanel.h"
#include "ui/console/sqleditor.h"

#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QLineEdit>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <cstdio>

using namespace dbx;

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

const char *const kChildFlag = "--journal-child";

QString typedScript()
{
    return s("-- зарплаты\nSELECT avg(compensation) FROM resumes\nWHERE worker_id = :worker_id "
             "AND title <> $1;");
}

// The child: a real page, typed into, left running until it is killed.
int runChild(int argc, char **argv)
{
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("dbexplorer"));
    QCoreApplication::setApplicationName(QStringLiteral("dbexplorer"));
    model::Database database;
    model::ScriptJournal journal;
    model::JournalEntry entry;
    entry.id = journal.newId();
    entry.opened = 1;
    entry.title = s("Console 1");
    ui::ConsolePage page(&database, &journal, entry);
    page.resize(900, 600);
    page.show();
    if (!QTest::qWaitForWindowExposed(&page))
        return 3;
    page.editor()->setFocus();
    test::typeText(page.editor(), typedScript());
    QTest::qWait(400); // the parameter panel follows the text
    QLineEdit *worker = page.parameters()->valueEdit(s("worker_id"));
    QCheckBox *first = page.parameters()->nullBox(s("$1"));
    if (!worker || !first)
        return 4;
    QTest::keyClicks(worker, s("'); DROP TABLE x; --"));
    first->setChecked(true);
    page.editor()->setCursorIndex(typedScript().indexOf(s("FROM")));
    QTest::qWait(journal.debounceMs() * 3);
    std::printf("typed %s\n", page.editor()->text().toUtf8().toHex().constData());
    std::fflush(stdout);
    QTest::qWait(120000); // killed long before
    return 0;
}

} // namespace

class TstConsoleJournal : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void jsonRoundTrip();
    void restoresAfterKill();
    void closedTabForgotten();
    void unwritableFolderReported();

private:
    QTemporaryDir m_data;
};

void TstConsoleJournal::initTestCase()
{
    QVERIFY(m_data.isValid());
    // AppDataLocation is under XDG_DATA_HOME: the child inherits it.
    qputenv("XDG_DATA_HOME", m_data.path().toUtf8());
    QCoreApplication::setOrganizationName(QStringLiteral("dbexplorer"));
    QCoreApplication::setApplicationName(QStringLiteral("dbexplorer"));
    QVERIFY(model::ScriptJournal::defaultDirectory().startsWith(m_data.path()));
}

void TstConsoleJournal::jsonRoundTrip()
{
    model::JournalEntry entry;
    entry.id = s("x");
    entry.opened = 1733230000123;
    entry.title = s("Console 2");
    entry.text = s("SELECT 'ё😀'\r\n;\t");
    entry.filePath = s("/tmp/a b.sql");
    entry.caret = 5;
    entry.modified = true;
    entry.parameters.insert(s("a"), s(""));
    entry.parameters.insert(s("b"), std::nullopt);
    entry.parameters.insert(s("1"), s("'); DROP TABLE x; --"));
    auto back = model::ScriptJournal::fromJson(model::ScriptJournal::toJson(entry));
    QVERIFY(back);
    back->id = entry.id;
    QCOMPARE(*back, entry);
    QVERIFY(!model::ScriptJournal::fromJson("{\"text\": 3}"));
    QVERIFY(!model::ScriptJournal::fromJson("not json"));
}

void TstConsoleJournal::restoresAfterKill()
{
    QDir(model::ScriptJournal::defaultDirectory()).removeRecursively();
    QProcess child;
    child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    child.start(QCoreApplication::applicationFilePath(), {QString::fromLatin1(kChildFlag)});
    QVERIFY(child.waitForStarted());
    QByteArray out;
    QTRY_VERIFY_WITH_TIMEOUT((out += child.readAllStandardOutput()).contains('\n'), 60000);
    QVERIFY2(out.startsWith("typed "), out.constData());
    const QString typed = QString::fromUtf8(QByteArray::fromHex(out.mid(6).trimmed()));
    QCOMPARE(typed, typedScript());
    ::kill(pid_t(child.processId()), SIGKILL);
    QVERIFY(child.waitForFinished(10000));
    QCOMPARE(child.exitStatus(), QProcess::CrashExit);

    model::Database database;
    model::ScriptJournal journal;
    const QList<model::JournalEntry> entries = journal.entries();
    QCOMPARE(entries.size(), 1);
    ui::ConsolePage page(&database, &journal, entries.first());
    QCOMPARE(page.editor()->text(), typedScript());
    QCOMPARE(page.editor()->cursorIndex(), typedScript().indexOf(s("FROM")));
    QCOMPARE(page.title(), s("Console 1*"));
    QCOMPARE(page.parameters()->names(), (QStringList{s("worker_id"), s("$1")}));
    QCOMPARE(page.parameters()->valueEdit(s("worker_id"))->text(), s("'); DROP TABLE x; --"));
    QVERIFY(page.parameters()->nullBox(s("$1"))->isChecked());
    // Quitting keeps the entry for the next start; nothing is asked.
    page.setClosingWithWindow(true);
    QVERIFY(page.confirmClose());
    QCOMPARE(journal.entries().size(), 1);
}

void TstConsoleJournal::closedTabForgotten()
{
    QTemporaryDir dir;
    model::Database database;
    model::ScriptJournal journal(dir.path());
    journal.setDebounceMs(50);
    model::JournalEntry entry;
    entry.id = journal.newId();
    entry.title = s("Console 7");
    {
        ui::ConsolePage page(&database, &journal, entry);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        page.editor()->setFocus();
        QTest::keyClicks(page.editor(), s("SELECT 1"));
        QCOMPARE(page.title(), s("Console 7*"));
        QTRY_COMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 1);
        QCOMPARE(journal.entries().first().text, s("SELECT 1"));
        // Saved to a file: the tab's title is the file's name, no longer modified.
        QString error;
        const QString path = dir.filePath(s("report.sql"));
        QVERIFY2(page.saveTo(path, &error), qPrintable(error));
        QCOMPARE(page.title(), s("report.sql"));
        QFile saved(path);
        QVERIFY(saved.open(QIODevice::ReadOnly));
        QCOMPARE(saved.readAll(), QByteArray("SELECT 1"));
        // Closed on purpose with nothing unsaved: no question, the entry is gone.
        QVERIFY(page.confirmClose());
    }
    QCOMPARE(QDir(dir.path()).entryList({s("*.json")}, QDir::Files), QStringList());
}

void TstConsoleJournal::unwritableFolderReported()
{
    QTemporaryDir dir;
    // A file where the folder should be: it cannot be created.
    const QString blocked = dir.filePath(s("blocked"));
    QFile file(blocked);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    model::ScriptJournal journal(blocked + s("/console"));
    QSignalSpy failed(&journal, &model::ScriptJournal::writeFailed);
    model::JournalEntry entry;
    entry.id = s("a");
    entry.text = s("SELECT 1");
    journal.update(entry);
    QString error;
    QVERIFY(!journal.flush(&error));
    QVERIFY2(error.contains(s("cannot be created")), qPrintable(error));
    QCOMPARE(failed.size(), 1);
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        if (qstrcmp(argv[i], kChildFlag) == 0)
            return runChild(argc, argv);
    }
    QApplication app(argc, argv);
    TstConsoleJournal test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_consolejournal.moc"
