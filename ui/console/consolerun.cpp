// ConsolePage's running half: what it asks the session to run, and how the session's answers
// (results, notices, errors, the transaction state) reach the results and the editor.

#include "ui/console/consolepage.h"

#include "model/console/consolesession.h"
#include "model/console/resultsetmodel.h"
#include "model/sqlscript.h"
#include "ui/console/consoleresults.h"
#include "ui/console/parameterpanel.h"
#include "ui/console/sqleditor.h"

#include <QAction>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>

namespace dbx::ui {

void ConsolePage::connectSessionSignals()
{
    using model::ConsoleSession;
    connect(m_session, &ConsoleSession::ready, this, [this] {
        updateActions();
        updateStatus();
    });
    connect(
        m_session, &ConsoleSession::connectionFailed, this, [this](const model::DbError &error) {
            m_results->appendInfo(tr("The console's connection failed: %1").arg(error.oneLine()));
            m_results->showMessages();
            updateActions();
            updateStatus();
        });
    connect(m_session, &ConsoleSession::runRejected, this, [this](const model::DbError &error) {
        m_results->appendInfo(error.oneLine());
        m_results->showMessages();
    });
    connect(m_session, &ConsoleSession::statementStarted, this, &ConsolePage::onStatementStarted);
    connect(m_session, &ConsoleSession::resultReady, this, &ConsolePage::onResult);
    connect(m_session, &ConsoleSession::statementFinished, this, &ConsolePage::onStatementFinished);
    connect(m_session, &ConsoleSession::notice, this, &ConsolePage::onNotice);
    connect(m_session, &ConsoleSession::statementFailed, this, &ConsolePage::onFailed);
    connect(m_session, &ConsoleSession::runFinished, this, &ConsolePage::onRunFinished);
    connect(m_session, &ConsoleSession::transactionChanged, this, [this] {
        updateActions();
        updateStatus();
    });
    connect(m_session, &ConsoleSession::transactionEnded, this,
            [this](const QString &command, const model::DbError &error) {
                m_results->appendInfo(error.isError()
                                          ? tr("%1 failed: %2").arg(command, error.oneLine())
                                          : tr("%1 done.").arg(command));
                m_runMessage = error.isError() ? tr("%1 failed").arg(command) : command;
                updateStatus();
            });
    connect(m_session, &ConsoleSession::busyChanged, this, [this] {
        updateActions();
        updateStatus();
    });
    connect(m_results, &ConsoleResults::fetchAllRequested, this, [](QAbstractItemModel *model) {
        if (auto *rows = qobject_cast<model::ResultSetModel *>(model))
            rows->fetchAll();
    });
}

bool ConsolePage::runCurrent()
{
    const EditorSpan span = m_editor->textToRun();
    if (span.isEmpty())
        return false;
    return run(span.start, span.length);
}

bool ConsolePage::runScript()
{
    if (m_editor->text().trimmed().isEmpty())
        return false;
    return run(0, -1);
}

void ConsolePage::runScriptWhenReady()
{
    if (m_session->isReady()) {
        runScript();
        return;
    }
    connect(
        m_session, &model::ConsoleSession::ready, this, [this] { runScript(); },
        Qt::SingleShotConnection);
}

void ConsolePage::cancel()
{
    m_session->cancel();
}

bool ConsolePage::run(qsizetype start, qsizetype length)
{
    if (!m_session->isReady() || m_session->isRunning())
        return false;
    const QString text = m_editor->text();
    if (!confirmRisks(text, start, length))
        return false;
    model::ConsoleRunOptions options;
    options.selectionStart = start;
    options.selectionLength = length;
    options.continueOnError = action(QStringLiteral("actionConsoleContinueOnError"))->isChecked();
    m_editor->clearErrors();
    m_results->clear();
    m_statementText.clear();
    m_models.clear();
    m_rowTabs.clear();
    m_runMessage.clear();
    const bool started = m_session->run(text, m_parameters->values(), options);
    updateActions();
    updateStatus();
    return started;
}

bool ConsolePage::confirmRisks(const QString &text, qsizetype start, qsizetype length)
{
    model::ConsoleRunOptions options;
    options.selectionStart = start;
    options.selectionLength = length;
    const QList<model::StatementRisk> risks = model::ConsoleSession::risksOf(text, options);
    if (risks.isEmpty())
        return true;
    QStringList lines;
    for (const model::StatementRisk &risk : risks)
        lines << tr("Line %1: %2\n    %3")
                     .arg(risk.line)
                     .arg(risk.description,
                          model::abbreviatedSql(risk.statement.simplified(), 200));
    QMessageBox box(
        QMessageBox::Warning, tr("Run Risky Statements?"),
        tr("%n statement(s) can change or remove much data at once:", "", int(risks.size())),
        QMessageBox::NoButton, this);
    box.setObjectName(QStringLiteral("consoleRiskDialog"));
    box.setInformativeText(lines.join(QStringLiteral("\n\n")));
    QPushButton *runButton = box.addButton(tr("Run Anyway"), QMessageBox::AcceptRole);
    runButton->setObjectName(QStringLiteral("consoleRiskRun"));
    box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    return box.clickedButton() == runButton;
}

void ConsolePage::onStatementStarted(int index, const QString &text, int line)
{
    Q_UNUSED(line)
    m_statementText.insert(index, text);
    m_runMessage = tr("statement %1 running").arg(index + 1);
    updateStatus();
}

void ConsolePage::onResult(int index, model::ResultSetModel *model)
{
    QTableView *view = m_results->addRows(m_statementText.value(index), model);
    // The tab owns the result: closing the tab (or the next run) closes its cursor.
    model->setParent(view->parentWidget());
    m_models.insert(index, model);
    m_rowTabs.insert(index, view->parentWidget());
    connect(model, &model::ResultSetModel::countsChanged, this,
            [this, model] { updateRowsStatus(model); });
    connect(model, &model::ResultSetModel::stateChanged, this,
            [this, model] { updateRowsStatus(model); });
    updateRowsStatus(model);
}

void ConsolePage::updateRowsStatus(model::ResultSetModel *model)
{
    const QLocale locale;
    QString status;
    const auto total = model->totalCount();
    if (total)
        status = *total == 1 ? tr("the only row") : tr("all %1 rows").arg(locale.toString(*total));
    else
        status = tr("%1 rows fetched").arg(locale.toString(model->fetchedCount()));
    switch (model->state()) {
    case model::ResultSetModel::State::Closed:
        status += QStringLiteral(" · ") + model->closedReason();
        break;
    case model::ResultSetModel::State::Failed:
        status += QStringLiteral(" · ") + model->error().oneLine();
        break;
    default:
        break;
    }
    const bool more = model->state() == model::ResultSetModel::State::Open && !total;
    m_results->setRowsStatus(model, status, more);
}

void ConsolePage::onStatementFinished(int index, const model::StatementSummary &summary)
{
    const QString text = m_statementText.value(index);
    if (summary.hasResult) {
        QTabWidget *tabs = m_results->tabs();
        const int at = tabs->indexOf(m_rowTabs.value(index));
        if (at >= 0) {
            const auto *model = m_models.value(index).data();
            // Rows still on the server show as "500+": the count is not known yet.
            const QString title = ConsoleResults::titleOf(text);
            const QString ms = QLocale().toString(summary.elapsedMs);
            if (model && !model->totalCount())
                tabs->setTabText(at,
                                 tr("%1 (%2+ rows, %3 ms)")
                                     .arg(title, QLocale().toString(model->fetchedCount()), ms));
            else
                tabs->setTabText(
                    at, tr("%1 (%Ln row(s), %2 ms)", "", model ? int(*model->totalCount()) : 0)
                            .arg(title, ms));
        }
    } else {
        m_results->addCommand(text, summary.command, summary.elapsedMs);
    }
    m_results->appendInfo(tr("%1 — %2 ms    [%3]")
                              .arg(summary.command, QLocale().toString(summary.elapsedMs),
                                   ConsoleResults::titleOf(text)));
}

void ConsolePage::onNotice(int index, const model::Notice &notice)
{
    QString message = notice.message;
    if (!notice.detail.isEmpty())
        message += tr("\n    DETAIL: %1").arg(notice.detail);
    if (!notice.hint.isEmpty())
        message += tr("\n    HINT: %1").arg(notice.hint);
    m_results->appendNotice(m_statementText.value(index), notice.severity, message);
}

void ConsolePage::onFailed(int index, const model::ScriptFailure &failure)
{
    const model::DbError &error = failure.error;
    QString text = error.sqlState.isEmpty()
                       ? tr("ERROR: %1").arg(error.message)
                       : tr("ERROR [%1]: %2").arg(error.sqlState, error.message);
    const QString detail = error.detail == error.hint ? QString() : error.detail;
    if (!detail.isEmpty() && !error.hint.isEmpty())
        text += tr("\n    DETAIL: %1").arg(detail.section(QStringLiteral("\nHINT:"), 0, 0));
    else if (!detail.isEmpty())
        text += tr("\n    DETAIL: %1").arg(detail);
    if (!error.hint.isEmpty())
        text += tr("\n    HINT: %1").arg(error.hint);
    if (failure.line > 0) {
        text += tr("\n    at line %1, column %2").arg(failure.line).arg(failure.column);
        m_editor->markError(failure.line, failure.column, error.message);
    } else {
        text += tr("\n    in the statement at line %1").arg(failure.statementLine);
    }
    m_results->appendError(m_statementText.value(index), text);
    m_results->showMessages();
}

void ConsolePage::onRunFinished(const model::ConsoleRunOutcome &outcome)
{
    if (outcome.cancelled)
        m_runMessage = tr("cancelled");
    else if (outcome.failed > 0)
        m_runMessage = tr("%1 of %2 statements failed").arg(outcome.failed).arg(outcome.statements);
    else
        m_runMessage = tr("%n statement(s) run", "", outcome.executed);
    if (outcome.cancelled)
        m_results->appendInfo(tr("Cancelled."));
    updateActions();
    updateStatus();
}

} // namespace dbx::ui
