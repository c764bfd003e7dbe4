#pragma once

#include "ui/browser/columneditors.h"

#include <QPointer>
#include <QWidget>

class QAction;
class QCheckBox;
class QHBoxLayout;
class QLabel;
class QTableView;
class QToolButton;
class QVBoxLayout;

namespace dbx::model {
class Database;
class EditableTableModel;
class TableDataModel;
} // namespace dbx::model

namespace dbx::ui {

// The current row of a grid as a form (the seed's "editing records in forms"): one typed editor
// per column with its rules as a hint, a NULL box for nullable columns, navigation, and below,
// grids of the rows in other tables that reference this one (a worker's resumes). Edits go
// into the same pending changes as the grid's, so the grid and the form never disagree.
class RecordForm : public QWidget {
    Q_OBJECT
public:
    RecordForm(model::Database *database, model::EditableTableModel *model,
               const ColumnEditors *editors, const model::SchemaSnapshot &snapshot,
               QWidget *parent = nullptr);

    int currentRow() const { return m_row; }
    void setCurrentRow(int row);
    // The editor of a column (for tests and focus).
    QWidget *editor(int column) const;
    QCheckBox *nullBox(int column) const;
    // The grids of referencing rows, one per incoming foreign key.
    QList<QTableView *> childGrids() const;
    // Buttons for the grid's row actions (insert, duplicate, delete) beside the navigation.
    void addActions(const QList<QAction *> &actions);

signals:
    void currentRowChanged(int row);
    // A child row was opened: its table and key values.
    void openChildRecord(const QString &schema, const QString &table, const QString &keyColumn,
                         const QVariant &keyValue);

private:
    struct Field {
        QWidget *editor = nullptr;
        QCheckBox *null = nullptr;
        QLabel *problem = nullptr;
        QString refused; // why the editor did not take what was typed
    };
    struct Child {
        model::ForeignKeyInfo fk;
        model::TableInfo table;
        model::TableQuery query;
        model::TableDataModel *model = nullptr;
        QTableView *view = nullptr;
        QLabel *title = nullptr;
    };
    void buildFields(QVBoxLayout *layout);
    void buildChildren(QVBoxLayout *layout, const model::SchemaSnapshot &snapshot);
    void load();
    void loadChildren();
    void store(int column);
    void showProblem(int column);
    void updateNavigation();
    QVariantList currentKey() const;

    model::Database *m_db;
    model::EditableTableModel *m_model;
    const ColumnEditors *m_editors;
    QList<Field> m_fields;
    QList<Child> m_children;
    QLabel *m_position;
    QToolButton *m_first;
    QToolButton *m_prev;
    QToolButton *m_next;
    QToolButton *m_last;
    QHBoxLayout *m_actions;
    QVariantList m_childKey;
    int m_row = -1;
    bool m_loading = false;
};

} // namespace dbx::ui
