#pragma once

#include <QList>
#include <QObject>
#include <QPointer>

class QAction;
class QTabWidget;

namespace dbx::model {
class Database;
class ScriptJournal;
struct JournalEntry;
} // namespace dbx::model

namespace dbx::ui {

class ConsolePage;
class MainWindow;

// Puts the SQL console into the main window: Query → New Console (Ctrl+T), Open Script…, Run,
// Run Script, Explain, Explain Analyze, Cancel (Ctrl+.), History…, each acting on the console
// tab in front and enabled only while connected. At start it brings back every tab the
// journal holds, unsaved, as it was left (after a crash, a kill or a quit).
class ConsoleMenu : public QObject {
    Q_OBJECT
public:
    // `journal` defaults to one in AppDataLocation/console, owned by the menu.
    static ConsoleMenu *install(MainWindow *window, model::Database *database,
                                model::ScriptJournal *journal = nullptr);

    // A new console on `database`, or on the current connection.
    ConsolePage *newConsole(model::Database *database = nullptr);
    // Opens a .sql file in a new console tab; null with the reason when it cannot be read.
    ConsolePage *openScript(const QString &path, QString *error);
    ConsolePage *currentPage() const;
    QList<ConsolePage *> pages() const;
    model::ScriptJournal *journal() const { return m_journal; }
    QAction *action(const QString &objectName) const;
    // Explain, Explain Analyze and History… stay hidden until whoever provides the plan view
    // and the history connects to the pages' explainRequested / historyRequested.
    void setExplainAvailable(bool available);
    void setHistoryAvailable(bool available);

signals:
    // A console tab was made (new, opened or restored): for completion, plans and history to
    // attach to it.
    void pageCreated(dbx::ui::ConsolePage *page);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    ConsoleMenu(MainWindow *window, model::Database *database, model::ScriptJournal *journal);
    void buildMenu();
    void restoreJournal();
    ConsolePage *addPage(const model::JournalEntry &entry, model::Database *database);
    QString nextTitle() const;
    void updateTab(ConsolePage *page);
    void updateActions();
    void forward(const char *pageAction);
    void chooseScript();

    MainWindow *m_window;
    model::Database *m_database;
    model::ScriptJournal *m_journal;
    QTabWidget *m_tabs;
    QList<QPointer<ConsolePage>> m_pages;
    QList<QAction *> m_pageActions; // enabled with a console in front
    QPointer<QAction> m_databaseCancel;
};

} // namespace dbx::ui
