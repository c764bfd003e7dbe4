#include "ui/console/consoleservices.h"

#include "model/console/completioncatalogsource.h"
#include "model/console/consolesession.h"
#include "model/console/queryhistory.h"
#include "model/db/database.h"
#include "model/script/scriptrunner.h"
#include "ui/common/icons.h"
#include "ui/connection/connectionregistry.h"
#include "ui/console/completioncontroller.h"
#include "ui/console/consolemenu.h"
#include "ui/console/consolepage.h"
#include "ui/console/historypanel.h"
#include "ui/console/parameterpanel.h"
#include "ui/console/sqleditor.h"
#include "ui/explain/explainpanel.h"
#include "ui/querybuilder/querybuildermenu.h"
#include "ui/shell/mainwindow.h"

#include <QAction>
#include <QDateTime>
#include <QMessageBox>
#include <QToolBar>

namespace dbx::ui {

namespace {

constexpr int kPlanTitleChars = 24;

// "Plan: SELECT w.username…": which statement a plan tab shows.
QString planTitle(const QString &sql, bool analyze)
{
    QString words = sql.simplified();
    if (words.size() > kPlanTitleChars)
        words = words.left(kPlanTitleChars - 1) + QChar(0x2026);
    return analyze ? ConsoleServices::tr("Analyze: %1").arg(words)
                   : ConsoleServices::tr("Plan: %1").arg(words);
}

// A bound value as the parameter panel holds it: the text the server types, or NULL.
std::optional<QString> parameterText(const QVariant &value)
{
    if (value.isNull())
        return std::nullopt;
    if (value.typeId() == QMetaType::QDateTime)
        return value.toDateTime().toString(Qt::ISODateWithMs);
    return value.toString();
}

} // namespace

ConsoleServices *ConsoleServices::install(MainWindow *window, ConsoleMenu *consoles,
                                          QueryBuilderMenu *builders, model::QueryHistory *history)
{
    return new ConsoleServices(window, consoles, builders, history);
}

ConsoleServices::ConsoleServices(MainWindow *window, ConsoleMenu *consoles,
                                 QueryBuilderMenu *builders, model::QueryHistory *history)
    : QObject(window)
    , m_window(window)
    , m_consoles(consoles)
    , m_builders(builders)
    , m_history(history ? history
                        : new model::QueryHistory(model::QueryHistory::defaultPath(),
                                                  model::QueryHistory::kMaxEntries, this))
    , m_historyMenu(HistoryMenu::install(window, m_history))
{
    setObjectName(QStringLiteral("consoleServices"));
    consoles->setExplainAvailable(true);
    connect(consoles, &ConsoleMenu::pageCreated, this, &ConsoleServices::attach);
    for (ConsolePage *page : consoles->pages())
        attach(page);
    connect(m_historyMenu, &HistoryMenu::copyToEditor, this,
            [this](const QString &sql) { insertStatement(sql, false); });
    connect(m_historyMenu, &HistoryMenu::runAgain, this,
            [this](const QString &sql) { insertStatement(sql, true); });
    if (builders)
        connect(builders, &QueryBuilderMenu::consoleRequested, this,
                &ConsoleServices::openInConsole);
}

model::CompletionCatalogSource *ConsoleServices::catalogFor(model::Database *database)
{
    if (auto *source = m_catalogs.value(database))
        return source;
    auto *source = new model::CompletionCatalogSource(database, this);
    m_catalogs.insert(database, source);
    // Read again on every connect: another database, or one changed meanwhile.
    connect(database, &model::Database::connected, source,
            &model::CompletionCatalogSource::refresh);
    if (database->state() == model::Database::State::Connected)
        source->refresh();
    return source;
}

void ConsoleServices::attach(ConsolePage *page)
{
    model::CompletionCatalogSource *source = catalogFor(page->database());
    new CompletionController(page->editor(), source);
    connect(page->session(), &model::ConsoleSession::statementStarted, source,
            [source](int, const QString &text) { source->statementRan(text); });
    connect(page, &ConsolePage::explainRequested, this,
            [this, page](const QString &sql, bool analyze) { explain(page, sql, analyze); });
    connect(page, &ConsolePage::historyRequested, m_historyMenu, &HistoryMenu::showHistory);
    attachActions(page);
    recordHistory(page);
}

// Explain, Explain Analyze and Open in Query Builder on the tab's toolbar, beside Run.
void ConsoleServices::attachActions(ConsolePage *page)
{
    QToolBar *bar = page->toolbar();
    bar->addSeparator();
    for (const char *name : {"actionConsoleExplain", "actionConsoleExplainAnalyze"})
        bar->addAction(page->action(QString::fromLatin1(name)));
    auto *builder = new QAction(icon(QStringLiteral("table")), tr("Open in Query Builder"), page);
    builder->setObjectName(QStringLiteral("actionConsoleOpenInBuilder"));
    builder->setToolTip(tr("Read the SELECT at the caret into the query builder"));
    builder->setEnabled(m_builders != nullptr);
    connect(builder, &QAction::triggered, this, [this, page] { openInBuilder(page); });
    page->addAction(builder);
    bar->addAction(builder);
}

// Every statement the tab runs, with its connection, time, duration, rows and outcome.
void ConsoleServices::recordHistory(ConsolePage *page)
{
    struct Running {
        QString sql;
        QDateTime startedAt;
    };
    auto running = std::make_shared<QHash<int, Running>>();
    model::ConsoleSession *session = page->session();
    const auto entry = [this, page, running](int index) {
        const Running was = running->take(index);
        model::HistoryEntry e;
        e.startedAt = was.startedAt;
        e.connection = m_window->connections()->label(page->database());
        e.database = page->database()->serverInfo().database;
        e.durationMs = was.startedAt.msecsTo(QDateTime::currentDateTimeUtc());
        e.sql = was.sql;
        return e;
    };
    connect(session, &model::ConsoleSession::statementStarted, this,
            [running](int index, const QString &text) {
                running->insert(index, {text, QDateTime::currentDateTimeUtc()});
            });
    connect(session, &model::ConsoleSession::statementFinished, this,
            [this, entry](int index, const model::StatementSummary &summary) {
                model::HistoryEntry e = entry(index);
                e.durationMs = summary.elapsedMs;
                e.rows = summary.rowsAffected;
                m_history->append(e);
            });
    connect(session, &model::ConsoleSession::statementFailed, this,
            [this, entry](int index, const model::ScriptFailure &failure) {
                model::HistoryEntry e = entry(index);
                const bool cancelled = failure.error.sqlState == QLatin1String("57014");
                e.status = cancelled ? model::HistoryEntry::Status::Cancelled
                                     : model::HistoryEntry::Status::Failed;
                e.error = failure.error.message.simplified();
                m_history->append(e);
            });
}

void ConsoleServices::explain(ConsolePage *page, const QString &sql, bool analyze)
{
    if (sql.trimmed().isEmpty())
        return;
    // The same parameters as a run: `:name` becomes $n with the panel's values bound.
    auto steps = model::ScriptRunner::prepare(sql, page->parameters()->values());
    if (!steps || steps->isEmpty()) {
        QMessageBox::warning(page, tr("Explain"),
                             steps ? tr("There is no statement to explain.")
                                   : steps.error().message);
        return;
    }
    // On the tab's own connection, so its SET and temporary tables count.
    model::Database *database = &page->session()->database();
    if (database->state() != model::Database::State::Connected)
        database = page->database();
    auto *panel = new ExplainPanel(m_window);
    m_window->addPanel(panel, icon(QStringLiteral("run")), planTitle(sql, analyze),
                       page->database());
    panel->start(database, steps->first().statement,
                 analyze ? model::explain::ExplainMode::Analyze
                         : model::explain::ExplainMode::Plan);
}

ConsolePage *ConsoleServices::targetPage()
{
    if (ConsolePage *page = m_consoles->currentPage())
        return page;
    const QList<ConsolePage *> pages = m_consoles->pages();
    ConsolePage *page = pages.isEmpty() ? m_consoles->newConsole() : pages.last();
    m_window->showPanel(page);
    return page;
}

// Appends the statement below what the editor holds, selected, and runs the selection when
// asked: nothing typed is replaced.
void ConsoleServices::insertStatement(const QString &sql, bool run)
{
    ConsolePage *page = targetPage();
    SqlEditor *editor = page->editor();
    int firstLine = 0;
    if (editor->text().trimmed().isEmpty()) {
        editor->setText(sql);
    } else {
        if (!editor->text().endsWith(QLatin1Char('\n')))
            editor->append(QStringLiteral("\n"));
        editor->append(QStringLiteral("\n"));
        firstLine = editor->lines() - 1;
        editor->append(sql);
    }
    const int lastLine = editor->lines() - 1;
    editor->setSelection(firstLine, 0, lastLine, int(editor->text(lastLine).size()));
    editor->setFocus();
    if (run)
        page->runCurrent();
}

ConsolePage *ConsoleServices::openInConsole(model::Database *database, const QString &sql,
                                            const QVariantList &values)
{
    ConsolePage *page = m_consoles->newConsole(database);
    page->editor()->setText(sql);
    model::ParameterValues bound;
    for (int i = 0; i < values.size(); ++i)
        bound.insert(QString::number(i + 1), parameterText(values.at(i)));
    page->parameters()->setValues(bound);
    m_window->showPanel(page);
    return page;
}

void ConsoleServices::openInBuilder(ConsolePage *page)
{
    if (!m_builders)
        return;
    const QString sql = page->editor()->textToRun().text.trimmed();
    m_window->connections()->setCurrent(page->database());
    m_builders->importSql(sql);
}

} // namespace dbx::ui
