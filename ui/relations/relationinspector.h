#pragma once

#include "model/catalog/schemasnapshot.h"
#include "model/relations/relatedrows.h"
#include "model/relations/relationshipgraph.h"

#include <QHash>
#include <QVariant>
#include <QWidget>

class QHBoxLayout;
class QLabel;
class QListWidget;
class QPushButton;
class QScrollArea;
class QTableWidget;
class QTableWidgetItem;

namespace dbx::model {
class Database;
class EditableTableModel;
class TableDataModel;
struct CommitOutcome;
struct RowChange;
} // namespace dbx::model

namespace dbx::ui {

// The relationships of one row, to walk them both ways: its worker, its resumes, the vacancies
// it replied to through vacancies_replies, each with a count; the rows one of them reaches;
// a double-click follows into such a row and a breadcrumb leads back. Many-to-many links are
// added and removed here as pending inserts and deletes of the association table, committed
// or reverted together, like any other pending edit.
class RelationInspector : public QWidget {
    Q_OBJECT
public:
    // How many related rows one relationship shows at most.
    static constexpr int rowLimit = 200;

    RelationInspector(model::Database *db, const model::SchemaSnapshot &snapshot,
                      QWidget *parent = nullptr);
    ~RelationInspector() override;

    // Starts a new walk at this row (key values as text, in primary-key order).
    void showRow(const model::TableRef &table, const QVariantList &key);
    // The walk so far, first row to current.
    QList<model::TableRef> pathTables() const;
    QList<QVariantList> pathKeys() const;
    // Goes back to step `index` of the walk (0 = where it started).
    void goBack(int index);
    // Follows the chosen relationship into its related row shown at grid row `row`.
    void follow(int row);
    // Pending inserts and deletes of association rows, over all association tables.
    int pendingLinkChanges() const;

signals:
    // The user asked to open a related row in a record window.
    void openRecord(const QString &schema, const QString &table, const QString &keyColumn,
                    const QVariant &keyValue);

private:
    struct Step {
        model::TableRef table;
        QVariantList key;
        QString label;
        QString relationId; // the relationship chosen at this step
    };
    // The edit buffer of one association table.
    struct Links {
        model::TableDataModel *source = nullptr;
        model::EditableTableModel *model = nullptr;
        QList<QVariantList> removeWhenLoaded; // association keys waiting for their row to load
        QHash<int, QString> labels;           // pending insert id -> label of the linked row
    };

    void buildUi();
    void loadCurrent();
    void showSummary(const model::Result<model::RowSummary> &result);
    void selectRelation(int index);
    void showRelated(const model::Result<model::RelatedRows> &result);
    void fillRows();
    QVariantList pendingValues(const model::RowChange &insert, const model::Relationship &rel,
                               const model::TableInfo &via, const QString &labelColumn);
    QTableWidgetItem *gridItem(const QVariant &value, const QFont &font, const QString &tip) const;
    void rebuildBreadcrumb();
    void updateButtons();
    void updatePending();
    const model::Relationship *currentRelation() const;
    bool currentIsLink() const;
    Links *links(const model::TableRef &via);
    Links *currentLinks();
    QList<int> selectedRows() const;

    void openSelected();
    void addLink();
    void removeLinks();
    void removeQueued(Links *links);
    void commitLinks();
    void commitFinished(const model::CommitOutcome &outcome, model::EditableTableModel *from);
    void revertLinks();
    void showPendingSql();
    void showMessage(const QString &text, bool error);

    model::Database *m_db;
    model::SchemaSnapshot m_snapshot;
    model::RelationshipGraph m_graph;
    QList<Step> m_path;
    QList<model::RelatedSummary> m_relations;
    model::RelatedRows m_rows;
    bool m_rowsReady = false;
    // Grid row -> what it shows: >= 0 the index of a related row, < 0 the pending insert with
    // id -value.
    QList<int> m_gridRows;
    quint64 m_generation = 0;
    quint64 m_rowsGeneration = 0;
    QHash<QString, Links> m_links; // by the association's qualified name
    int m_committing = 0;
    QString m_commitError;
    bool m_messageIsError = false;

    QScrollArea *m_breadcrumbArea = nullptr;
    QWidget *m_breadcrumb = nullptr;
    QHBoxLayout *m_crumbs = nullptr;
    QLabel *m_title = nullptr;
    QListWidget *m_relationList = nullptr;
    QLabel *m_rowsStatus = nullptr;
    QTableWidget *m_rowsGrid = nullptr;
    QPushButton *m_open = nullptr;
    QPushButton *m_follow = nullptr;
    QPushButton *m_addLink = nullptr;
    QPushButton *m_removeLink = nullptr;
    QWidget *m_pendingBar = nullptr;
    QLabel *m_pending = nullptr;
    QPushButton *m_commit = nullptr;
    QPushButton *m_revert = nullptr;
    QPushButton *m_pendingSql = nullptr;
    QLabel *m_message = nullptr;
};

} // namespace dbx::ui
