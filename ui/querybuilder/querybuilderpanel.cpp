#include "ui/querybuilder/querybuilderpanel.h"

#include "ui/querybuilder/sqlimportdialog.h"

#include "model/export/tableexporter.h"
#include "model/query/queryjson.h"
#include "model/query/queryscope.h"
#include "model/query/querysql.h"
#include "model/query/queryvalidator.h"
#include "ui/common/sqlview.h"
#include "ui/explain/explainmenu.h"
#include "ui/querybuilder/editorscope.h"
#include "ui/querybuilder/filtertreeeditor.h"
#include "ui/querybuilder/groupingeditor.h"
#include "ui/querybuilder/joindiagram.h"
#include "ui/querybuilder/orderlimiteditor.h"
#include "ui/querybuilder/outputcolumnseditor.h"
#include "ui/querybuilder/resultsview.h"
#include "ui/querybuilder/rowwidgets.h"
#include "ui/querybuilder/sourcejoinseditor.h"

#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace dbx::ui {

using model::query::Query;

namespace {

QPushButton *button(const QString &text, const char *name, QWidget *parent)
{
    auto *b = new QPushButton(text, parent);
    b->setObjectName(QLatin1String(name));
    return b;
}

// What the chart draws for a grouped result: the first plain output names the groups, the
// aggregate outputs are the bars. A star hides which result column is which: no chart.
void chartColumns(const Query &query, int &category, QList<int> &values)
{
    category = -1;
    values.clear();
    if (!query.isGrouped())
        return;
    for (int i = 0; i < query.select.size(); ++i) {
        const auto &expr = query.select.at(i).expr;
        if (expr.kind == model::query::Expr::Kind::Star)
            return;
        if (expr.isAggregate())
            values << i;
        else if (category < 0 && expr.kind != model::query::Expr::Kind::Window)
            category = i;
    }
}

} // namespace

QueryBuilderPanel::QueryBuilderPanel(model::Database *database, QWidget *parent)
    : QWidget(parent)
    , m_database(database)
{
    setObjectName(QStringLiteral("queryBuilderPanel"));
    buildLayout();
    connect(m_sourceJoins, &SourceJoinsEditor::changed, this, [this] { onEdited(m_sourceJoins); });
    connect(m_sourceJoins, &SourceJoinsEditor::sourceReplaced, this,
            &QueryBuilderPanel::onSourceReplaced);
    connect(m_sourceJoins, &SourceJoinsEditor::sourceRenamed, this,
            &QueryBuilderPanel::onSourceRenamed);
    connect(m_outputs, &OutputColumnsEditor::changed, this, [this] { onEdited(m_outputs); });
    // From a column's or an output's context menu: a condition on it, its value to be typed.
    connect(m_outputs, &OutputColumnsEditor::filterRequested, this,
            [this](const model::query::Expr &column) {
                m_tabs->setCurrentWidget(m_where);
                m_where->addConditionOn(column);
            });
    connect(m_outputs, &OutputColumnsEditor::havingRequested, this,
            [this](const model::query::Expr &aggregate) {
                m_tabs->setCurrentWidget(m_grouping);
                m_grouping->havingEditor()->addConditionOn(aggregate);
            });
    connect(m_where, &FilterTreeEditor::filterChanged, this, [this] { onEdited(m_where); });
    connect(m_grouping, &GroupingEditor::changed, this, [this] { onEdited(m_grouping); });
    connect(m_order, &OrderLimitEditor::changed, this, [this] { onEdited(m_order); });
    connect(m_results, &ResultsView::exportRequested, this, &QueryBuilderPanel::exportResult);
    if (m_database) {
        m_exporter = new model::TableExporter(m_database, this);
        connect(m_exporter, &model::TableExporter::finished, this,
                &QueryBuilderPanel::exportFinished);
    }
    if (m_database)
        connect(m_database, &model::Database::stateChanged, this,
                &QueryBuilderPanel::updateRunButton);
    newQuery();
}

QueryBuilderPanel::~QueryBuilderPanel()
{
    if (m_database && m_ticket)
        m_database->cancel(m_ticket);
}

void QueryBuilderPanel::buildLayout()
{
    m_run = button(tr("Run"), "queryRun", this);
    m_run->setToolTip(tr("Run the query (Ctrl+Return)"));
    m_levels = new QComboBox(this);
    m_levels->setObjectName(QStringLiteral("editingLevel"));
    compactCombo(m_levels, 14);
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("editorTabs"));
    m_sourceJoins = new SourceJoinsEditor(this);
    m_outputs = new OutputColumnsEditor(this);
    m_where = new FilterTreeEditor(this);
    m_where->setObjectName(QStringLiteral("whereEditor"));
    m_grouping = new GroupingEditor(this);
    m_order = new OrderLimitEditor(this);
    m_sql = new SqlView(this);
    m_results = new ResultsView(this);
    m_tabs->addTab(m_outputs, tr("Columns"));
    m_tabs->addTab(m_where, tr("Filter"));
    m_tabs->addTab(m_grouping, tr("Group"));
    m_tabs->addTab(m_order, tr("Order && Limit"));
    m_diagram = new JoinDiagram(this);
    m_tabs->addTab(m_diagram, tr("Diagram"));

    auto *bar = new QHBoxLayout;
    QPushButton *add = button(tr("New"), "queryNew", this);
    QPushButton *open = button(tr("Open…"), "queryOpen", this);
    QPushButton *save = button(tr("Save…"), "querySave", this);
    QPushButton *fromSql = button(tr("From SQL…"), "queryFromSql", this);
    fromSql->setToolTip(tr("Show a hand-written SELECT in the builder"));
    QPushButton *subquery = m_useAsSubquery = button(tr("Use as Subquery…"), "useAsSubquery", this);
    QPushButton *cte = m_useAsCte = button(tr("Use as CTE…"), "useAsCte", this);
    subquery->setToolTip(tr("Build a new query that selects from this one, written inline"));
    cte->setToolTip(tr("Build a new query that selects from this one, as a WITH query"));
    for (QWidget *w : {static_cast<QWidget *>(add), static_cast<QWidget *>(open),
                       static_cast<QWidget *>(save), static_cast<QWidget *>(fromSql)})
        bar->addWidget(w);
    bar->addStretch();
    bar->addWidget(explainButton(
        m_database, [this] { return model::query::toSql(m_root); }, this));
    bar->addWidget(m_run);
    // The levels on a line of their own: one line for everything would not fit a narrow
    // window in the longer language.
    auto *levels = new QHBoxLayout;
    levels->addWidget(new QLabel(tr("Editing:"), this));
    levels->addWidget(m_levels);
    levels->addWidget(subquery);
    levels->addWidget(cte);
    levels->addStretch();
    auto *console = new QPushButton(tr("Open in Console"), this);
    console->setObjectName(QStringLiteral("queryOpenInConsole"));
    console->setToolTip(tr("The query's SQL in a new console tab, its values as parameters"));
    levels->addWidget(console);
    connect(console, &QPushButton::clicked, this, [this] {
        const model::Statement statement = model::query::toSql(m_root);
        emit consoleRequested(statement.sql, statement.params);
    });

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_sourceJoins);
    leftLayout->addWidget(m_tabs, 1);
    auto *right = new QSplitter(Qt::Vertical, this);
    right->addWidget(m_sql);
    right->addWidget(m_results);
    right->setStretchFactor(0, 2);
    right->setStretchFactor(1, 3);
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->setObjectName(QStringLiteral("queryBuilderSplitter"));
    split->addWidget(left);
    split->addWidget(right);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    split->setSizes({600, 680});
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addLayout(levels);
    layout->addWidget(split, 1);

    connect(add, &QPushButton::clicked, this, &QueryBuilderPanel::newQuery);
    connect(open, &QPushButton::clicked, this, &QueryBuilderPanel::openFile);
    connect(save, &QPushButton::clicked, this, &QueryBuilderPanel::saveFile);
    connect(fromSql, &QPushButton::clicked, this, [this] { importSql(); });
    connect(subquery, &QPushButton::clicked, this, [this] { askWrapName(false); });
    connect(cte, &QPushButton::clicked, this, [this] { askWrapName(true); });
    connect(m_run, &QPushButton::clicked, this, &QueryBuilderPanel::run);
    for (const QKeySequence &keys :
         {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)}) {
        auto *shortcut = new QShortcut(keys, this);
        shortcut->setContext(Qt::WidgetWithChildrenShortcut);
        connect(shortcut, &QShortcut::activated, this, [this] {
            if (m_run->isEnabled())
                run();
        });
    }
    connect(m_levels, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (m_loading || index < 0)
            return;
        const auto levels = model::query::nestedQueries(m_root);
        if (index < levels.size()) {
            m_path = levels.at(index).path;
            loadEditors();
        }
    });
}

void QueryBuilderPanel::setSnapshot(const model::SchemaSnapshot &snapshot)
{
    m_snapshot = snapshot;
    m_diagram->setSnapshot(snapshot);
    loadEditors();
    refreshSql();
}

void QueryBuilderPanel::setQuery(const Query &query)
{
    m_root = query;
    m_path.clear();
    m_autoGroupBy.clear(); // a query read or made elsewhere groups as it says
    fillLevels();
    loadEditors();
    m_results->clear();
    refreshSql();
}

void QueryBuilderPanel::newQuery()
{
    setQuery(Query());
}

Query &QueryBuilderPanel::current()
{
    Query *query = model::query::queryAt(m_root, m_path);
    if (!query) {
        m_path.clear();
        return m_root;
    }
    return *query;
}

EditorScope QueryBuilderPanel::scope()
{
    EditorScope s;
    s.snapshot = m_snapshot;
    s.outer = model::query::outerCtes(m_root, m_path);
    s.columns = model::query::columnsInScope(current(), m_snapshot, s.outer);
    return s;
}

void QueryBuilderPanel::loadEditors(const QObject *except)
{
    m_loading = true;
    const Query &query = current();
    const EditorScope s = scope();
    if (except != m_sourceJoins)
        m_sourceJoins->load(query, s);
    if (except != m_outputs)
        m_outputs->load(query, s);
    if (except != m_where) {
        m_where->setColumns(s.columns, s.snapshot);
        m_where->setFilter(query.where);
    }
    if (except != m_grouping)
        m_grouping->load(query, s);
    if (except != m_order)
        m_order->load(query, s);
    m_loading = false;
}

void QueryBuilderPanel::fillLevels()
{
    m_loading = true;
    m_levels->clear();
    int currentIndex = 0;
    const auto levels = model::query::nestedQueries(m_root);
    for (const auto &level : levels) {
        QString text;
        switch (level.level) {
        case model::query::NestedQuery::Level::Main:
            text = tr("main query");
            break;
        case model::query::NestedQuery::Level::Cte:
            text = tr("CTE %1").arg(level.name);
            break;
        case model::query::NestedQuery::Level::Subquery:
            text = tr("subquery %1").arg(level.name);
            break;
        }
        m_levels->addItem(QString(level.depth * 2, QLatin1Char(' ')) + text);
        if (level.path == m_path)
            currentIndex = m_levels->count() - 1;
    }
    m_levels->setCurrentIndex(currentIndex);
    m_levels->setEnabled(levels.size() > 1);
    m_loading = false;
}

void QueryBuilderPanel::onEdited(QObject *editor)
{
    if (m_loading)
        return;
    Query &query = current();
    if (editor == m_sourceJoins)
        m_sourceJoins->store(query);
    else if (editor == m_outputs)
        m_outputs->store(query);
    else if (editor == m_where)
        query.where = m_where->completeFilter();
    else if (editor == m_grouping)
        m_grouping->store(query);
    else if (editor == m_order)
        m_order->store(query);
    // Joins change the columns every other editor offers; outputs change what ORDER BY can
    // name. Other edits concern only their own editor, which must not be rebuilt under the
    // user's cursor.
    if (editor == m_sourceJoins) {
        loadEditors(m_sourceJoins);
    } else if (editor == m_outputs) {
        m_loading = true;
        groupByItself(query);
        m_order->load(query, scope());
        m_grouping->setOutputs(query.select);
        m_grouping->setGroupBy(query.groupBy);
        m_loading = false;
    }
    refreshSql();
}

// An aggregate among the outputs groups the query by its plain columns, as the user meant
// (a missing GROUP BY is the first thing the validator would report). Only while the
// grouping is still the one made here: a GROUP BY chosen by hand is left alone.
void QueryBuilderPanel::groupByItself(Query &query)
{
    const bool ours = query.groupBy.isEmpty() || query.groupBy == m_autoGroupBy;
    if (!ours)
        return;
    QList<model::query::Expr> plain;
    bool aggregated = false;
    for (const model::query::SelectItem &item : std::as_const(query.select)) {
        aggregated |= item.expr.isAggregate();
        if (item.expr.kind == model::query::Expr::Kind::Column && item.expr.cast.isEmpty())
            plain << item.expr;
    }
    query.groupBy = aggregated ? plain : QList<model::query::Expr>{};
    m_autoGroupBy = query.groupBy;
}

void QueryBuilderPanel::onSourceReplaced()
{
    Query &query = current();
    m_sourceJoins->store(query);
    query.select.clear();
    query.where = {};
    query.groupBy.clear();
    query.having = {};
    query.orderBy.clear();
}

void QueryBuilderPanel::onSourceRenamed(const QString &from, const QString &to)
{
    Query &query = current();
    m_sourceJoins->store(query);
    model::query::renameSource(query, from, to);
    loadEditors();
    refreshSql();
}

void QueryBuilderPanel::refreshSql()
{
    m_diagram->setQuery(current());
    m_problems.clear();
    const bool empty =
        m_root.from.kind == model::query::Source::Kind::Table && m_root.from.table.isEmpty();
    if (empty) {
        m_sql->setSql(QString(), {}, QString());
        m_sql->setProblems({});
    } else {
        for (const auto &problem : model::query::validate(m_root, m_snapshot))
            m_problems << (problem.where.isEmpty()
                               ? problem.message
                               : tr("%1: %2").arg(problem.where, problem.message));
        const auto generated = model::query::toSql(m_root);
        m_sql->setSql(generated.sql, generated.params, model::query::toLiteralSql(m_root));
        m_sql->setProblems(m_problems);
    }
    updateRunButton();
    emit queryChanged();
}

void QueryBuilderPanel::updateRunButton()
{
    if (m_ticket) {
        m_run->setText(tr("Cancel"));
        m_run->setEnabled(true);
        return;
    }
    m_run->setText(tr("Run"));
    const bool connected = m_database && m_database->state() == model::Database::State::Connected;
    const bool empty =
        m_root.from.kind == model::query::Source::Kind::Table && m_root.from.table.isEmpty();
    m_run->setEnabled(connected && !empty && m_problems.isEmpty());
    // Building on a query needs one to build on.
    m_useAsSubquery->setEnabled(!empty);
    m_useAsCte->setEnabled(!empty);
    m_run->setToolTip(!connected              ? tr("Connect to a database to run the query")
                      : empty                 ? tr("Choose a source table first")
                      : !m_problems.isEmpty() ? tr("Fix the problems shown above the SQL first")
                                              : tr("Run the query (Ctrl+Return)"));
}

void QueryBuilderPanel::run()
{
    if (m_ticket) {
        m_database->cancel(m_ticket);
        return;
    }
    if (!m_run->isEnabled())
        return;
    m_ran = m_root;
    m_results->showRunning();
    m_ticket = model::query::runQuery(
        *m_database, m_ran, kMaxRows, this,
        [this](model::Ticket ticket, const model::Result<model::query::QueryRows> &result) {
            onRunDone(ticket, result);
        });
    updateRunButton();
}

void QueryBuilderPanel::onRunDone(model::Ticket ticket,
                                  const model::Result<model::query::QueryRows> &result)
{
    if (ticket != m_ticket)
        return;
    m_ticket = 0;
    updateRunButton();
    if (!result.ok()) {
        const auto &error = result.error();
        if (error.isCancelled())
            m_results->showError(tr("The query was cancelled."));
        else
            m_results->showError(error.message, error.detail);
        emit runFinished(false);
        return;
    }
    int category = -1;
    QList<int> values;
    chartColumns(m_ran, category, values);
    m_results->showRows(result.value(), category, values);
    emit runFinished(true);
}

void QueryBuilderPanel::askWrapName(bool asCte)
{
    // Non-blocking, so the panel (and a test) keeps running while the name is asked for.
    auto *dialog = new QInputDialog(this);
    dialog->setObjectName(QStringLiteral("wrapNameDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(asCte ? tr("Use as CTE") : tr("Use as Subquery"));
    dialog->setLabelText(asCte ? tr("Name of the WITH query:") : tr("Name of the subquery:"));
    dialog->setTextValue(asCte ? QStringLiteral("helper%1").arg(m_root.ctes.size() + 1)
                               : QStringLiteral("sub"));
    connect(dialog, &QInputDialog::textValueSelected, this, [this, asCte](const QString &text) {
        const QString name = text.trimmed();
        if (name.isEmpty())
            return;
        if (asCte)
            useAsCte(name);
        else
            useAsSubquery(name);
    });
    dialog->open();
}

void QueryBuilderPanel::useAsSubquery(const QString &name)
{
    setQuery(model::query::wrapAsSubquery(m_root, name));
}

void QueryBuilderPanel::useAsCte(const QString &name)
{
    setQuery(model::query::wrapAsCte(m_root, name));
}

void QueryBuilderPanel::openFile()
{
    auto *dialog =
        new QFileDialog(this, tr("Open Query"), QString(), tr("Queries (*.json);;All files (*)"));
    dialog->setObjectName(QStringLiteral("openQueryDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptOpen);
    dialog->setFileMode(QFileDialog::ExistingFile);
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &path) {
        const auto query = model::query::readQueryFile(path);
        if (!query.ok()) {
            m_results->showError(tr("Could not open %1.").arg(path), query.error().message);
            return;
        }
        setQuery(query.value());
    });
    dialog->open();
}

void QueryBuilderPanel::importSql(const QString &sql)
{
    auto *dialog = new SqlImportDialog(m_snapshot, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setSql(sql);
    connect(dialog, &SqlImportDialog::imported, this,
            [this](const model::query::Query &query) { setQuery(query); });
    dialog->open();
}

void QueryBuilderPanel::importSql()
{
    auto *dialog = new SqlImportDialog(m_snapshot, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // Starts from what the builder shows, for editing by hand and reading back.
    if (m_root.from.kind != model::query::Source::Kind::Table || !m_root.from.table.isEmpty())
        dialog->setSql(model::query::toLiteralSql(m_root));
    connect(dialog, &SqlImportDialog::imported, this,
            [this](const model::query::Query &query) { setQuery(query); });
    dialog->open();
}

void QueryBuilderPanel::saveFile()
{
    auto *dialog =
        new QFileDialog(this, tr("Save Query"), QString(), tr("Queries (*.json);;All files (*)"));
    dialog->setObjectName(QStringLiteral("saveQueryDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setDefaultSuffix(QStringLiteral("json"));
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &path) {
        const auto status = model::query::writeQueryFile(path, m_root);
        if (!status.ok())
            m_results->showError(tr("Could not save %1.").arg(path), status.error().message);
    });
    dialog->open();
}

void QueryBuilderPanel::exportResult()
{
    auto *dialog =
        new QFileDialog(this, tr("Export Result"), QString(), tr("CSV (*.csv);;JSON (*.json)"));
    dialog->setObjectName(QStringLiteral("exportDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setDefaultSuffix(QStringLiteral("csv"));
    // The grid may hold only the first rows: the query runs again, every row streamed to the
    // file (COPY or a cursor), so an export of millions of rows needs no memory.
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &path) {
        if (!m_exporter)
            return;
        const auto format = path.endsWith(QStringLiteral(".json"), Qt::CaseInsensitive)
                                ? model::ExportFormat::Json
                                : model::ExportFormat::Csv;
        const model::Statement generated = model::query::toSql(m_ran);
        m_results->showStatus(tr("Exporting to %1…").arg(path));
        m_exporter->startStatement({generated.sql, generated.params}, format, path);
    });
    dialog->open();
}

void QueryBuilderPanel::exportFinished(const model::Result<model::ExportSummary> &result)
{
    if (!result.ok()) {
        m_results->showStatus(tr("The export failed: %1").arg(result.error().message));
        return;
    }
    m_results->showStatus(tr("Exported %n row(s) to %1.", "", int(result->rows)).arg(result->path));
    emit exported(result.value());
}

} // namespace dbx::ui
