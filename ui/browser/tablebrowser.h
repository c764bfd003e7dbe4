#pragma once

#include "model/catalog/schemasnapshot.h"
#include "model/edit/editabletablemodel.h"
#include "ui/browser/browserbanner.h"
#include "ui/browser/columneditors.h"
#include "ui/common/panelguard.h"

#include <QMap>
#include <QWidget>

class QAction;
class QLabel;
class QSplitter;
class QTableView;
class QToolBar;

namespace dbx::model {
class Database;
struct DbError;
} // namespace dbx::model

namespace dbx::ui {

class CellDelegate;
class FilterBar;
class LoadingView;
class RecordForm;
class RelationInspector;
class RowFollower;

// One table or view to browse and edit: the lazy grid with typed editors and pending changes,
// the filter bar, the record form beside it, and the actions around them (insert, duplicate,
// delete with a cascade preview, set NULL, refresh, commit, revert, pending SQL, export).
// Nothing here waits for the server: every action goes through the models.
class TableBrowser : public QWidget, public PanelGuard {
    Q_OBJECT
public:
    enum class Action {
        Refresh,
        RefreshRow,
        Insert,
        Duplicate,
        Delete,
        SetNull,
        RevertRow,
        Commit,
        RevertAll,
        PendingSql,
        ToggleForm,
        Export,
        Import,
        CopyJson,
        ToggleRelations,
        ToggleLoading,
    };

    TableBrowser(model::Database *database, model::Database *background,
                 const model::TableInfo &table, const model::SchemaSnapshot &snapshot,
                 QWidget *parent = nullptr);
    ~TableBrowser() override;

    const model::TableInfo &table() const { return m_table; }
    QTableView *view() const { return m_view; }
    model::EditableTableModel *model() const { return m_model; }
    FilterBar *filterBar() const { return m_filter; }
    RecordForm *form() const { return m_form; }
    RelationInspector *relations() const { return m_relations; }
    LoadingView *loading() const { return m_loading; }
    QAction *action(Action which) const { return m_actions.value(which); }
    // The message line above the grid (errors, read-only reason, commit results).
    QString message() const;

    void setFormVisible(bool visible);
    bool isFormVisible() const;
    void selectCell(int row, int column);
    // Applies a filter on one column (used by record windows and "Filter by this value").
    void filterBy(const QString &column, const QVariant &value);
    // Commits pending changes (after closing an open editor). False when refused at once.
    bool commit();

    bool confirmClose() override;

signals:
    void openRecord(const QString &schema, const QString &table, const QString &keyColumn,
                    const QVariant &keyValue);
    // The table's rows were counted (unfiltered): after opening, and after every commit.
    void rowCountKnown(const QString &schema, const QString &table, qint64 rows);

private:
    void buildActions();
    void buildToolbar();
    void balancePanels();
    void widenColumnsAfterCommit();
    void buildContextMenu();
    void updateActions();
    void updateStatus();
    void showBanner(BrowserBanner::Kind kind, const QString &text);
    void refreshBanner();
    QString problemsText(const QList<model::EditableTableModel::Problem> &problems) const;
    void revertAll();
    void finishEditing();
    void deleteSelected();
    void setNullOnSelection();
    void showPendingSql();
    void exportGrid();
    void importRows();
    void copyRowAsJson();
    // The relationship panels follow the grid: the current row, the loaded rows of the page.
    void updateRelations();
    void updateLoadingParents();
    void commitFinished(const model::CommitOutcome &outcome);
    void resolveConflicts();
    QList<int> selectedRows() const;
    bool isReferenced() const;

    model::Database *m_db;
    model::TableInfo m_table;
    model::SchemaSnapshot m_snapshot;
    model::TableDataModel *m_source;
    model::EditableTableModel *m_model;
    ColumnEditors m_editors;
    CellDelegate *m_delegate;
    QToolBar *m_toolbar;
    FilterBar *m_filter;
    BrowserBanner *m_banner;
    QSplitter *m_splitter;
    QTableView *m_view;
    RecordForm *m_form;
    RelationInspector *m_relations;
    LoadingView *m_loading;
    QLabel *m_status;
    QMap<Action, QAction *> m_actions;
    RowFollower *m_follower;
    bool m_sizedColumns = false;
    bool m_widenColumns = false; // after a commit, for the rows it brings back
};

} // namespace dbx::ui
