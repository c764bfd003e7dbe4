#pragma once

#include "model/console/scriptjournal.h"
#include "ui/common/panelguard.h"

#include <QHash>
#include <QPointer>
#include <QWidget>

class QAction;
class QLabel;
class QTimer;
class QToolBar;

namespace dbx::model {
class ConsoleSession;
class Database;
class ResultSetModel;
struct ConsoleRunOutcome;
struct Notice;
struct ScriptFailure;
struct StatementSummary;
} // namespace dbx::model

namespace dbx::ui {

class ConsoleResults;
class FindBar;
class ParameterPanel;
class SqlEditor;

// One SQL console tab: the editor (with its find bar and parameters) above the results of the
// last run, a toolbar, and a status line with the transaction state. Its own ConsoleSession
// (a connection of its own, opened with the main connection's settings) runs what it is
// asked to. Everything typed is journaled as it changes; the journal entry goes only when
// the tab is closed on purpose.
class ConsolePage : public QWidget, public PanelGuard {
    Q_OBJECT
public:
    ConsolePage(model::Database *database, model::ScriptJournal *journal, model::JournalEntry entry,
                QWidget *parent = nullptr);
    ~ConsolePage() override;

    SqlEditor *editor() const { return m_editor; }
    ParameterPanel *parameters() const { return m_parameters; }
    FindBar *findBar() const { return m_findBar; }
    ConsoleResults *results() const { return m_results; }
    model::ConsoleSession *session() const { return m_session; }
    // The connection the tab belongs to (its session opens with the same settings).
    model::Database *database() const { return m_database; }
    QToolBar *toolbar() const { return m_toolbar; }
    // The page's actions by object name: actionConsoleRun, actionConsoleRunScript,
    // actionConsoleCancel, actionConsoleContinueOnError, actionConsoleAutoCommit,
    // actionConsoleCommit, actionConsoleRollback, actionConsoleReadOnly, actionConsoleExplain,
    // actionConsoleExplainAnalyze, actionConsoleHistory, actionConsoleSave,
    // actionConsoleSaveAs.
    QAction *action(const QString &objectName) const;

    const model::JournalEntry &entry() const { return m_entry; }
    // The tab's title: the file name or "Console N", with "*" while modified.
    QString title() const;
    QString statusText() const;
    bool isModified() const;

    // Reads a .sql file into this page; false with the reason when it cannot be read.
    bool openFile(const QString &path, QString *error);
    // Writes the text to `path` (which becomes the page's file).
    bool saveTo(const QString &path, QString *error);
    bool save();   // to its file, or asks for one
    bool saveAs(); // asks for a file

    // Opens the page's own session with the main connection's settings (again after a
    // reconnect); the page refuses to run until it is ready.
    void connectSession();
    void disconnectSession();

    // Runs the selection or the statement under the caret / the whole script, after asking
    // about risky statements. False when nothing ran.
    bool runCurrent();
    bool runScript();
    // Runs the whole script as soon as the session is ready (a script opened from the
    // command line with --run).
    void runScriptWhenReady();
    void cancel();

    // The main window is closing: the journal keeps the text, so nothing is asked.
    void setClosingWithWindow(bool closing) { m_closingWithWindow = closing; }
    bool confirmClose() override;

signals:
    void titleChanged(const QString &title);
    // The hooks for the plan view and the history (wired by whoever provides them).
    void explainRequested(const QString &sql, bool analyze);
    void historyRequested();

private:
    void buildActions();
    void buildToolbar();
    void buildLayout();
    void onTextChanged();
    void writeJournal();
    void setModified(bool modified);
    void updateActions();
    void updateStatus();

    // Running (consolerun.cpp).
    void connectSessionSignals();
    bool run(qsizetype start, qsizetype length);
    bool confirmRisks(const QString &text, qsizetype start, qsizetype length);
    void onStatementStarted(int index, const QString &text, int line);
    void onResult(int index, model::ResultSetModel *model);
    void onStatementFinished(int index, const model::StatementSummary &summary);
    void onNotice(int index, const model::Notice &notice);
    void onFailed(int index, const model::ScriptFailure &failure);
    void onRunFinished(const model::ConsoleRunOutcome &outcome);
    void updateRowsStatus(model::ResultSetModel *model);

    model::Database *m_database;
    model::ScriptJournal *m_journal;
    model::JournalEntry m_entry;
    model::ConsoleSession *m_session;
    SqlEditor *m_editor;
    FindBar *m_findBar;
    ParameterPanel *m_parameters;
    ConsoleResults *m_results;
    QToolBar *m_toolbar;
    QLabel *m_status;
    QLabel *m_connectionLabel;
    QTimer *m_parameterScan;
    QHash<int, QString> m_statementText; // by index, in the run going on
    QHash<int, QPointer<model::ResultSetModel>> m_models;
    QHash<int, QPointer<QWidget>> m_rowTabs; // the result tab of each statement with rows
    QString m_runMessage;
    bool m_closingWithWindow = false;
    bool m_loading = false;
};

} // namespace dbx::ui
