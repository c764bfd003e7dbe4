#include "ui/console/consolemenu.h"

#include "model/console/scriptjournal.h"
#include "model/db/database.h"
#include "ui/common/icons.h"
#include "ui/connection/connectionregistry.h"
#include "ui/connection/connectiontabs.h"
#include "ui/console/consolepage.h"
#include "ui/shell/mainwindow.h"

#include <QAction>
#include <QDateTime>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QRegularExpression>
#include <QTabWidget>
#include <QTimer>

namespace dbx::ui {

ConsoleMenu *ConsoleMenu::install(MainWindow *window, model::Database *database,
                                  model::ScriptJournal *journal)
{
    return new ConsoleMenu(window, database, journal);
}

ConsoleMenu::ConsoleMenu(MainWindow *window, model::Database *database,
                         model::ScriptJournal *journal)
    : QObject(window)
    , m_window(window)
    , m_database(database)
    , m_journal(journal ? journal
                        : new model::ScriptJournal(model::ScriptJournal::defaultDirectory(), this))
    , m_tabs(window->findChild<QTabWidget *>(QStringLiteral("centralTabs")))
{
    setObjectName(QStringLiteral("consoleMenu"));
    buildMenu();
    window->installEventFilter(this);
    connect(database, &model::Database::stateChanged, this, &ConsoleMenu::updateActions);
    connect(window->connections(), &ConnectionRegistry::stateChanged, this,
            &ConsoleMenu::updateActions);
    connect(window->connections(), &ConnectionRegistry::currentChanged, this,
            &ConsoleMenu::updateActions);
    connect(database, &model::Database::busyChanged, this, &ConsoleMenu::updateActions);
    connect(database, &model::Database::connected, this, [this] {
        for (ConsolePage *page : pages())
            updateTab(page);
    });
    // Queued: the tabs also change while the window is being destroyed, when they can no
    // longer be asked which is in front; the menu goes with the window before the call runs.
    if (m_tabs)
        connect(m_tabs, &QTabWidget::currentChanged, this,
                [this] { QTimer::singleShot(0, this, &ConsoleMenu::updateActions); });
    setExplainAvailable(false);
    setHistoryAvailable(false);
    restoreJournal();
    updateActions();
}

void ConsoleMenu::setExplainAvailable(bool available)
{
    for (const char *name : {"actionExplain", "actionExplainAnalyze"})
        action(QString::fromLatin1(name))->setVisible(available);
}

void ConsoleMenu::setHistoryAvailable(bool available)
{
    action(QStringLiteral("actionHistory"))->setVisible(available);
}

void ConsoleMenu::buildMenu()
{
    QMenu *menu = m_window->menu(MainWindow::Menu::Query);
    menu->addSeparator();
    QAction *create = menu->addAction(tr("New &Console"), this, [this] { newConsole(); });
    create->setObjectName(QStringLiteral("actionNewConsole"));
    create->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
    QAction *open = menu->addAction(tr("&Open Script…"), this, &ConsoleMenu::chooseScript);
    open->setObjectName(QStringLiteral("actionOpenScript"));
    auto forwarding = [this, menu](const char *name, const QString &text, const char *pageAction,
                                   const QKeySequence &keys = {}) {
        QAction *a = menu->addAction(text, this, [this, pageAction] { forward(pageAction); });
        a->setObjectName(QString::fromLatin1(name));
        // The console tab's own action has the same keys; here they are only shown, so the
        // two never make an ambiguous shortcut.
        a->setShortcut(keys);
        a->setShortcutContext(Qt::WidgetShortcut);
        m_pageActions << a;
        return a;
    };
    forwarding("actionRunStatement", tr("&Run"), "actionConsoleRun",
               QKeySequence(Qt::CTRL | Qt::Key_Return));
    forwarding("actionRunScript", tr("Run &Script"), "actionConsoleRunScript",
               QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Return));
    forwarding("actionExplain", tr("&Explain"), "actionConsoleExplain");
    forwarding("actionExplainAnalyze", tr("Explain &Analyze"), "actionConsoleExplainAnalyze");
    // Ctrl+. stops what runs in front: the console's statement, or else the main
    // connection's (Database → Cancel Running Statements gives its keys to this one).
    QAction *cancel = menu->addAction(icon(QStringLiteral("cancel")), tr("&Cancel"), this, [this] {
        ConsolePage *page = currentPage();
        if (page && page->action(QStringLiteral("actionConsoleCancel"))->isEnabled())
            page->cancel();
        else if (m_databaseCancel && m_databaseCancel->isEnabled())
            m_databaseCancel->trigger();
    });
    cancel->setObjectName(QStringLiteral("actionConsoleMenuCancel"));
    cancel->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
    m_databaseCancel = m_window->findChild<QAction *>(QStringLiteral("actionCancel"));
    if (m_databaseCancel)
        m_databaseCancel->setShortcut({});
    forwarding("actionHistory", tr("&History…"), "actionConsoleHistory");
    for (QAction *a : {create, open, cancel})
        a->setShortcutContext(Qt::WindowShortcut);
}

QAction *ConsoleMenu::action(const QString &objectName) const
{
    return m_window->findChild<QAction *>(objectName);
}

void ConsoleMenu::restoreJournal()
{
    for (const model::JournalEntry &entry : m_journal->entries())
        addPage(entry, m_database);
}

QString ConsoleMenu::nextTitle() const
{
    static const QRegularExpression numbered(QStringLiteral("(\\d+)$"));
    int highest = 0;
    for (const ConsolePage *page : pages()) {
        const auto match = numbered.match(page->entry().title);
        if (match.hasMatch())
            highest = std::max(highest, match.captured(1).toInt());
    }
    return tr("Console %1").arg(highest + 1);
}

ConsolePage *ConsoleMenu::newConsole(model::Database *database)
{
    model::JournalEntry entry;
    entry.id = m_journal->newId();
    entry.opened = QDateTime::currentMSecsSinceEpoch();
    entry.title = nextTitle();
    return addPage(entry, database ? database : m_window->connections()->current());
}

ConsolePage *ConsoleMenu::openScript(const QString &path, QString *error)
{
    ConsolePage *page = newConsole();
    if (!page->openFile(path, error)) {
        page->confirmClose();
        delete page;
        return nullptr;
    }
    return page;
}

void ConsoleMenu::chooseScript()
{
    const QString path = QFileDialog::getOpenFileName(m_window, tr("Open Script"), QString(),
                                                      tr("SQL scripts (*.sql);;All files (*)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!openScript(path, &error))
        QMessageBox::warning(m_window, tr("Open Script"), error);
}

ConsolePage *ConsoleMenu::addPage(const model::JournalEntry &entry, model::Database *database)
{
    auto *page = new ConsolePage(database, m_journal, entry, m_window);
    m_pages << page;
    m_window->addPanel(page, icon(QStringLiteral("run")), page->title(), database);
    connect(page, &ConsolePage::titleChanged, this, [this, page] { updateTab(page); });
    connect(page, &QObject::destroyed, this,
            [this] { QTimer::singleShot(0, this, &ConsoleMenu::updateActions); });
    updateTab(page);
    emit pageCreated(page);
    updateActions();
    return page;
}

// The connection's name, colour and tooltip come with every tab (ConnectionTabs); the console
// adds its title and "*".
void ConsoleMenu::updateTab(ConsolePage *page)
{
    m_window->connectionTabs()->retitle(page, page->title());
    if (!m_tabs || page->entry().filePath.isEmpty())
        return;
    if (const int at = m_tabs->indexOf(page); at >= 0)
        m_tabs->setTabToolTip(at, QDir::toNativeSeparators(page->entry().filePath) +
                                      QLatin1Char('\n') + m_tabs->tabToolTip(at));
}

ConsolePage *ConsoleMenu::currentPage() const
{
    return m_tabs ? qobject_cast<ConsolePage *>(m_tabs->currentWidget()) : nullptr;
}

QList<ConsolePage *> ConsoleMenu::pages() const
{
    QList<ConsolePage *> alive;
    for (const QPointer<ConsolePage> &page : m_pages) {
        if (page)
            alive << page;
    }
    return alive;
}

void ConsoleMenu::forward(const char *pageAction)
{
    if (ConsolePage *page = currentPage()) {
        if (QAction *a = page->action(QString::fromLatin1(pageAction)); a && a->isEnabled())
            a->trigger();
    }
}

void ConsoleMenu::updateActions()
{
    const model::Database *current = m_window->connections()->current();
    const bool connected = current && current->state() == model::Database::State::Connected;
    ConsolePage *front = currentPage();
    const bool inFront = front != nullptr;
    for (const char *name : {"actionNewConsole", "actionOpenScript", "actionConsoleMenuCancel"}) {
        if (QAction *a = action(QString::fromLatin1(name)))
            a->setEnabled(connected);
    }
    const bool pageConnected =
        inFront && front->database()->state() == model::Database::State::Connected;
    for (QAction *a : std::as_const(m_pageActions))
        a->setEnabled(pageConnected);
}

bool ConsoleMenu::eventFilter(QObject *watched, QEvent *event)
{
    // Quitting never asks about console scripts: the journal brings them back. The flag is
    // dropped again in case another tab refuses to close.
    if (watched == m_window && event->type() == QEvent::Close) {
        for (ConsolePage *page : pages())
            page->setClosingWithWindow(true);
        QTimer::singleShot(0, this, [this] {
            for (ConsolePage *page : pages())
                page->setClosingWithWindow(false);
        });
    }
    return QObject::eventFilter(watched, event);
}

} // namespace dbx::ui
