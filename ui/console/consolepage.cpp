#include "ui/console/consolepage.h"

#include "model/console/consolesession.h"
#include "model/db/database.h"
#include "model/userfile.h"
#include "ui/common/icons.h"
#include "ui/console/consoleresults.h"
#include "ui/console/findbar.h"
#include "ui/console/parameterpanel.h"
#include "ui/console/sqleditor.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QSaveFile>
#include <QSplitter>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace dbx::ui {

namespace {

constexpr qint64 kMaxScriptBytes = 64 * 1024 * 1024;

QString connectionName(const model::Database *database)
{
    const model::ConnectionSpec &spec = database->spec();
    return spec.name.isEmpty() ? spec.database : spec.name;
}

} // namespace

ConsolePage::ConsolePage(model::Database *database, model::ScriptJournal *journal,
                         model::JournalEntry entry, QWidget *parent)
    : QWidget(parent)
    , m_database(database)
    , m_journal(journal)
    , m_entry(std::move(entry))
    , m_session(new model::ConsoleSession(this))
    , m_editor(new SqlEditor(this))
    , m_findBar(nullptr)
    , m_parameters(new ParameterPanel(this))
    , m_results(new ConsoleResults(this))
    , m_toolbar(new QToolBar(this))
    , m_status(new QLabel(this))
    , m_connectionLabel(new QLabel(this))
    , m_parameterScan(new QTimer(this))
{
    setObjectName(QStringLiteral("consolePage"));
    m_status->setObjectName(QStringLiteral("consoleStatus"));
    m_connectionLabel->setObjectName(QStringLiteral("consoleConnection"));
    buildActions();
    buildToolbar();
    buildLayout();
    m_loading = true;
    m_editor->setText(m_entry.text);
    m_editor->setCursorIndex(m_entry.caret);
    m_parameters->setValues(m_entry.parameters);
    m_parameters->setSql(m_entry.text);
    m_loading = false;
    // A tab restored from the journal keeps its modified state, with its text on disk again.
    m_journal->update(m_entry);
    m_parameterScan->setSingleShot(true);
    m_parameterScan->setInterval(150);
    connect(m_parameterScan, &QTimer::timeout, this,
            [this] { m_parameters->setSql(m_editor->text()); });
    connect(m_editor, &QsciScintilla::textChanged, this, &ConsolePage::onTextChanged);
    connect(m_editor, &QsciScintilla::cursorPositionChanged, this, [this] {
        if (!m_loading)
            writeJournal();
    });
    connect(m_parameters, &ParameterPanel::valuesChanged, this, &ConsolePage::writeJournal);
    connect(m_journal, &model::ScriptJournal::writeFailed, this,
            [this](const QString &id, const QString &message) {
                if (id == m_entry.id)
                    m_results->appendInfo(message);
            });
    connectSessionSignals();
    connect(m_database, &model::Database::connected, this, &ConsolePage::connectSession);
    connect(m_database, &model::Database::stateChanged, this, [this](model::Database::State state) {
        if (state == model::Database::State::Disconnected)
            disconnectSession();
    });
    if (m_database->state() == model::Database::State::Connected)
        connectSession();
    updateActions();
    updateStatus();
}

ConsolePage::~ConsolePage()
{
    // Whatever was typed in the last moments reaches the disk before the tab goes.
    if (m_journal)
        m_journal->flush();
}

void ConsolePage::buildActions()
{
    auto make = [this](const char *name, const QString &text, const QString &iconName = {}) {
        auto *action = new QAction(text, this);
        action->setObjectName(QString::fromLatin1(name));
        if (!iconName.isEmpty())
            action->setIcon(icon(iconName));
        addAction(action);
        return action;
    };
    QAction *runAction = make("actionConsoleRun", tr("Run"), QStringLiteral("run"));
    runAction->setToolTip(tr("Run the selection, or the statement under the caret (Ctrl+Enter)"));
    runAction->setShortcuts(
        {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    connect(runAction, &QAction::triggered, this, &ConsolePage::runCurrent);
    QAction *script = make("actionConsoleRunScript", tr("Run Script"), QStringLiteral("runscript"));
    script->setToolTip(tr("Run every statement of the script (Ctrl+Shift+Enter)"));
    script->setShortcuts({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Return),
                          QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Enter)});
    connect(script, &QAction::triggered, this, &ConsolePage::runScript);
    QAction *cancelAction = make("actionConsoleCancel", tr("Cancel"), QStringLiteral("cancel"));
    cancelAction->setToolTip(tr("Stop the running statement on the server (Ctrl+.)"));
    connect(cancelAction, &QAction::triggered, this, &ConsolePage::cancel);
    QAction *keepGoing = make("actionConsoleContinueOnError", tr("Continue on Error"));
    keepGoing->setCheckable(true);
    keepGoing->setToolTip(tr("Run the statements after a failing one too (by default the "
                             "script stops at the first error)"));
    QAction *autoCommit = make("actionConsoleAutoCommit", tr("Auto-commit"));
    autoCommit->setCheckable(true);
    autoCommit->setChecked(true);
    autoCommit->setToolTip(tr("On: every statement commits on its own. Off (manual): a "
                              "transaction stays open until Commit or Rollback"));
    connect(autoCommit, &QAction::toggled, this, [this](bool on) {
        m_session->setAutoCommit(on);
        updateActions();
        updateStatus();
    });
    QAction *commitAction = make("actionConsoleCommit", tr("Commit"), QStringLiteral("check"));
    connect(commitAction, &QAction::triggered, this, [this] { m_session->commit(); });
    QAction *rollbackAction =
        make("actionConsoleRollback", tr("Rollback"), QStringLiteral("rollback"));
    connect(rollbackAction, &QAction::triggered, this, [this] { m_session->rollback(); });
    QAction *readOnly = make("actionConsoleReadOnly", tr("Read-only"));
    readOnly->setCheckable(true);
    readOnly->setToolTip(tr("Run in read-only transactions: nothing can be changed"));
    connect(readOnly, &QAction::toggled, this, [this](bool on) {
        m_session->setReadOnly(on);
        updateStatus();
    });
    QAction *explain = make("actionConsoleExplain", tr("Explain"));
    connect(explain, &QAction::triggered, this,
            [this] { emit explainRequested(m_editor->textToRun().text, false); });
    QAction *analyze = make("actionConsoleExplainAnalyze", tr("Explain Analyze"));
    connect(analyze, &QAction::triggered, this,
            [this] { emit explainRequested(m_editor->textToRun().text, true); });
    QAction *history = make("actionConsoleHistory", tr("History…"));
    connect(history, &QAction::triggered, this, &ConsolePage::historyRequested);
    QAction *saveAction = make("actionConsoleSave", tr("Save"));
    saveAction->setShortcut(QKeySequence::Save);
    connect(saveAction, &QAction::triggered, this, &ConsolePage::save);
    QAction *saveAsAction = make("actionConsoleSaveAs", tr("Save As…"));
    // No keys: Ctrl+Shift+S shows and hides the schema dock window-wide.
    connect(saveAsAction, &QAction::triggered, this, &ConsolePage::saveAs);
    for (QAction *a : actions())
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
}

QAction *ConsolePage::action(const QString &objectName) const
{
    for (QAction *a : actions()) {
        if (a->objectName() == objectName)
            return a;
    }
    return nullptr;
}

void ConsolePage::buildToolbar()
{
    m_toolbar->setObjectName(QStringLiteral("consoleToolbar"));
    // Icons with tooltips keep the bar within a 1024-pixel screen in Russian too; Run, the
    // action used most, keeps its word, and the toggles (no icon) show theirs.
    m_toolbar->setToolButtonStyle(Qt::ToolButtonIconOnly);
    m_toolbar->setIconSize(QSize(16, 16));
    for (const char *name : {"actionConsoleRun", "actionConsoleRunScript", "actionConsoleCancel"})
        m_toolbar->addAction(action(QString::fromLatin1(name)));
    if (auto *run = qobject_cast<QToolButton *>(
            m_toolbar->widgetForAction(action(QStringLiteral("actionConsoleRun")))))
        run->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_toolbar->addSeparator();
    m_toolbar->addAction(action(QStringLiteral("actionConsoleContinueOnError")));
    m_toolbar->addSeparator();
    for (const char *name : {"actionConsoleAutoCommit", "actionConsoleCommit",
                             "actionConsoleRollback", "actionConsoleReadOnly"})
        m_toolbar->addAction(action(QString::fromLatin1(name)));
}

void ConsolePage::buildLayout()
{
    m_findBar = new FindBar(m_editor, this);
    auto *editorArea = new QWidget;
    auto *editorLayout = new QVBoxLayout(editorArea);
    editorLayout->setContentsMargins(0, 0, 0, 0);
    editorLayout->setSpacing(0);
    editorLayout->addWidget(m_editor, 1);
    editorLayout->addWidget(m_findBar);
    m_findBar->setParent(editorArea);
    auto *top = new QSplitter(Qt::Horizontal);
    top->addWidget(editorArea);
    top->addWidget(m_parameters);
    top->setStretchFactor(0, 4);
    top->setStretchFactor(1, 1);
    top->setSizes({760, 340});
    auto *split = new QSplitter(Qt::Vertical);
    split->setObjectName(QStringLiteral("consoleSplitter"));
    split->addWidget(top);
    split->addWidget(m_results);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_toolbar);
    layout->addWidget(split, 1);
    // The connection on the status line, not the tool bar: in Russian the bar needs its width.
    auto *statusRow = new QHBoxLayout;
    statusRow->addWidget(m_status, 1);
    statusRow->addWidget(m_connectionLabel);
    layout->addLayout(statusRow);
}

void ConsolePage::onTextChanged()
{
    if (m_loading)
        return;
    m_parameterScan->start();
    setModified(true);
    writeJournal();
}

void ConsolePage::writeJournal()
{
    m_entry.text = m_editor->text();
    m_entry.caret = m_editor->cursorIndex();
    m_entry.parameters = m_parameters->values();
    m_journal->update(m_entry);
}

void ConsolePage::setModified(bool modified)
{
    if (m_entry.modified == modified)
        return;
    m_entry.modified = modified;
    emit titleChanged(title());
}

bool ConsolePage::isModified() const
{
    return m_entry.modified;
}

QString ConsolePage::title() const
{
    const QString name =
        m_entry.filePath.isEmpty() ? m_entry.title : QFileInfo(m_entry.filePath).fileName();
    return m_entry.modified ? name + QLatin1Char('*') : name;
}

bool ConsolePage::openFile(const QString &path, QString *error)
{
    const auto bytes = model::readUserFile(path, kMaxScriptBytes);
    if (!bytes.ok()) {
        *error = bytes.error().message;
        return false;
    }
    m_loading = true;
    m_editor->setText(QString::fromUtf8(bytes.value()));
    m_editor->setCursorIndex(0);
    m_parameters->setSql(m_editor->text());
    m_loading = false;
    m_entry.filePath = QFileInfo(path).absoluteFilePath();
    m_entry.modified = false;
    writeJournal();
    emit titleChanged(title());
    return true;
}

bool ConsolePage::saveTo(const QString &path, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(m_editor->text().toUtf8()) < 0 ||
        !file.commit()) {
        *error = tr("The script could not be saved to %1: %2")
                     .arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    m_entry.filePath = QFileInfo(path).absoluteFilePath();
    m_entry.modified = false;
    writeJournal();
    emit titleChanged(title());
    return true;
}

bool ConsolePage::save()
{
    if (m_entry.filePath.isEmpty())
        return saveAs();
    QString error;
    if (saveTo(m_entry.filePath, &error))
        return true;
    QMessageBox::warning(this, tr("Save Script"), error);
    return false;
}

bool ConsolePage::saveAs()
{
    const QString suggested =
        m_entry.filePath.isEmpty() ? m_entry.title + QStringLiteral(".sql") : m_entry.filePath;
    const QString path = QFileDialog::getSaveFileName(this, tr("Save Script"), suggested,
                                                      tr("SQL scripts (*.sql);;All files (*)"));
    if (path.isEmpty())
        return false;
    QString error;
    if (saveTo(path, &error))
        return true;
    QMessageBox::warning(this, tr("Save Script"), error);
    return false;
}

bool ConsolePage::confirmClose()
{
    if (m_closingWithWindow)
        return true; // the journal brings it back at the next start
    if (m_session->isRunning()) {
        const auto answer = QMessageBox::question(
            this, tr("Close Console"), tr("A statement is still running. Cancel it and close?"),
            QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
        if (answer != QMessageBox::Yes)
            return false;
        m_session->cancel();
    }
    if (m_entry.modified && !m_editor->text().trimmed().isEmpty()) {
        QMessageBox box(QMessageBox::Question, tr("Close Console"),
                        tr("Save the changes to %1 before closing?").arg(title().chopped(1)),
                        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
        box.setObjectName(QStringLiteral("consoleCloseQuestion"));
        box.setDefaultButton(QMessageBox::Save);
        const int answer = box.exec();
        if (answer == QMessageBox::Cancel || (answer == QMessageBox::Save && !save()))
            return false;
    }
    m_journal->forget(m_entry.id);
    m_journal = nullptr; // nothing more to keep
    return true;
}

void ConsolePage::connectSession()
{
    if (m_database->state() != model::Database::State::Connected)
        return;
    m_connectionLabel->setText(tr("Connection: %1").arg(connectionName(m_database)));
    m_session->open(m_database->spec());
    updateActions();
    updateStatus();
}

void ConsolePage::disconnectSession()
{
    m_session->database().disconnectFromServer();
    m_connectionLabel->setText(tr("Not connected"));
    updateActions();
    updateStatus();
}

void ConsolePage::updateActions()
{
    const bool ready =
        m_session->isReady() && m_database->state() == model::Database::State::Connected;
    const bool running = m_session->isRunning();
    const bool manual = !m_session->autoCommit();
    const bool open = m_session->transaction() != model::ConsoleSession::Transaction::Idle;
    for (const char *name : {"actionConsoleRun", "actionConsoleRunScript", "actionConsoleExplain",
                             "actionConsoleExplainAnalyze"})
        action(QString::fromLatin1(name))->setEnabled(ready && !running);
    action(QStringLiteral("actionConsoleCancel"))->setEnabled(running);
    action(QStringLiteral("actionConsoleCommit"))
        ->setEnabled(ready && !running && (manual || open));
    action(QStringLiteral("actionConsoleRollback"))
        ->setEnabled(ready && !running && (manual || open));
}

QString ConsolePage::statusText() const
{
    return m_status->text();
}

void ConsolePage::updateStatus()
{
    QStringList parts;
    if (m_database->state() != model::Database::State::Connected)
        parts << tr("Not connected");
    else if (!m_session->isReady())
        parts << tr("Connecting…");
    else if (m_session->isRunning())
        parts << tr("Running…");
    parts << (m_session->autoCommit() ? tr("auto-commit") : tr("manual transactions"));
    if (m_session->readOnly())
        parts << tr("read-only");
    switch (m_session->transaction()) {
    case model::ConsoleSession::Transaction::Idle:
        break;
    case model::ConsoleSession::Transaction::InTransaction:
        parts << tr("in transaction");
        break;
    case model::ConsoleSession::Transaction::Failed:
        parts << tr("failed — Rollback needed");
        break;
    }
    if (!m_runMessage.isEmpty())
        parts << m_runMessage;
    m_status->setText(parts.join(QStringLiteral(" · ")));
}

} // namespace dbx::ui
