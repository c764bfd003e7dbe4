#pragma once

#include "model/catalog/schemasnapshot.h"
#include "model/export/tableexporter.h"
#include "model/query/querydef.h"
#include "model/query/querynesting.h"
#include "model/query/queryrunner.h"

#include <QWidget>

class QComboBox;
class QPushButton;
class QTabWidget;

namespace dbx::model {
class Database;
} // namespace dbx::model

namespace dbx::ui {

class FilterTreeEditor;
class GroupingEditor;
class JoinDiagram;
class OrderLimitEditor;
class OutputColumnsEditor;
class ResultsView;
class SourceJoinsEditor;
class SqlView;
struct EditorScope;

// The visual query builder: assembles the editors of one query level (source and joins,
// outputs, WHERE, grouping, order), the live SQL beside them and the results below it, and the
// buttons around them (New, Open, Save, Use as Subquery/CTE, Run/Cancel). It owns the query
// being built; editors edit the level chosen in "Editing:" (the main query, a CTE or a
// subquery) and the whole statement is validated, shown and run after every change.
// Widgets: buttons "queryNew", "queryOpen", "querySave", "useAsSubquery", "useAsCte",
// "queryRun" (text "Cancel" while running), combo "editingLevel", tab widget "editorTabs",
// FilterTreeEditor "whereEditor", and the editors' own widgets (see their headers). Open, Save,
// From SQL ("queryFromSql"), Export and the two "Use as" buttons open non-blocking dialogs
// ("openQueryDialog", "saveQueryDialog", "importSqlDialog", "exportDialog", "wrapNameDialog")
// that a test fills and accepts.
class QueryBuilderPanel : public QWidget {
    Q_OBJECT
public:
    static constexpr qint64 kMaxRows = 10000;

    explicit QueryBuilderPanel(model::Database *database, QWidget *parent = nullptr);
    ~QueryBuilderPanel() override;

    void setSnapshot(const model::SchemaSnapshot &snapshot);
    // Replaces the whole query (Open does this); editing goes back to the main query.
    void setQuery(const model::query::Query &query);
    const model::query::Query &query() const { return m_root; }
    bool isRunning() const { return m_ticket != 0; }
    SqlView *sqlView() const { return m_sql; }
    JoinDiagram *diagram() const { return m_diagram; }
    ResultsView *results() const { return m_results; }

    // Opens From SQL with `sql` to read into the builder (a console's SELECT).
    void importSql(const QString &sql);

public slots:
    void newQuery();
    void run();
    void useAsSubquery(const QString &name);
    void useAsCte(const QString &name);

signals:
    // After every run, with or without rows.
    void runFinished(bool ok);
    // After the SQL view was updated for a change.
    void queryChanged();
    // Open in Console: the query's SQL with $n and the values they stand for.
    void consoleRequested(const QString &sql, const QVariantList &values);
    // After an export wrote its file.
    void exported(const dbx::model::ExportSummary &summary);

private:
    void buildLayout();
    model::query::Query &current();
    EditorScope scope();
    void loadEditors(const QObject *except = nullptr);
    void fillLevels();
    void onEdited(QObject *editor);
    void onSourceReplaced();
    void groupByItself(model::query::Query &query);
    void onSourceRenamed(const QString &from, const QString &to);
    void refreshSql();
    void updateRunButton();
    void onRunDone(model::Ticket ticket, const model::Result<model::query::QueryRows> &result);
    void askWrapName(bool asCte);
    void openFile();
    void importSql();
    void saveFile();
    void exportResult();
    void exportFinished(const model::Result<model::ExportSummary> &result);

    model::Database *m_database;
    model::SchemaSnapshot m_snapshot;
    model::query::Query m_root;
    model::query::QueryPath m_path;
    model::query::Query m_ran;               // the query whose rows the results show
    QList<model::query::Expr> m_autoGroupBy; // the GROUP BY the builder made itself
    QStringList m_problems;
    model::Ticket m_ticket = 0;
    model::TableExporter *m_exporter = nullptr;

    QPushButton *m_run = nullptr;
    QPushButton *m_useAsSubquery = nullptr;
    QPushButton *m_useAsCte = nullptr;
    QComboBox *m_levels = nullptr;
    QTabWidget *m_tabs = nullptr;
    SourceJoinsEditor *m_sourceJoins = nullptr;
    OutputColumnsEditor *m_outputs = nullptr;
    FilterTreeEditor *m_where = nullptr;
    GroupingEditor *m_grouping = nullptr;
    OrderLimitEditor *m_order = nullptr;
    JoinDiagram *m_diagram = nullptr;
    SqlView *m_sql = nullptr;
    ResultsView *m_results = nullptr;
    bool m_loading = false;
};

} // namespace dbx::ui
