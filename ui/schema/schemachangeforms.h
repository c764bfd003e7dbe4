#pragma once

#include "migrations/schemaedit.h"
#include "model/catalog/schemasnapshot.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QListWidget;
class QTableWidget;

namespace dbx::ui {

// The part of a schema-change dialog that says what to change: each form edits one kind of
// SchemaEdit and signals every edit, so the dialog shows the DDL as it is being written.
class ChangeForm : public QWidget {
    Q_OBJECT
public:
    using QWidget::QWidget;
    virtual migrations::SchemaEdit change() const = 0;

signals:
    void edited();
};

// A type box offering common PostgreSQL types; anything typed is taken as it is.
QComboBox *typeBox(QWidget *parent, const QString &current = {});

// Create Table: the name, and a grid of columns (name, type, NOT NULL, default, primary key).
class CreateTableForm : public ChangeForm {
    Q_OBJECT
public:
    CreateTableForm(const QString &schema, QWidget *parent = nullptr);
    migrations::SchemaEdit change() const override;
    QLineEdit *nameEdit() const { return m_name; }
    QTableWidget *columns() const { return m_columns; }
    // Adds a row (the grid's "Add column" button does the same) and returns its number.
    int addColumn(const migrations::ColumnDef &column = {}, bool primaryKey = false);

private:
    QString m_schema;
    QLineEdit *m_name;
    QTableWidget *m_columns;
};

// Add Column and Alter Column: name, type, NOT NULL, default. Altering keeps the name and
// starts from the column as it is.
class ColumnForm : public ChangeForm {
    Q_OBJECT
public:
    // `existing` null: a new column of `table`; otherwise that column, to alter.
    ColumnForm(const model::TableInfo &table, const model::ColumnInfo *existing,
               QWidget *parent = nullptr);
    migrations::SchemaEdit change() const override;
    QLineEdit *nameEdit() const { return m_name; }
    QComboBox *typeEdit() const { return m_type; }
    QCheckBox *notNullBox() const { return m_notNull; }
    QLineEdit *defaultEdit() const { return m_default; }

private:
    migrations::SchemaEdit m_base;
    QLineEdit *m_name;
    QComboBox *m_type;
    QCheckBox *m_notNull;
    QLineEdit *m_default;
};

// Drop Column: nothing to choose, only what is lost said plainly.
class DropColumnForm : public ChangeForm {
    Q_OBJECT
public:
    DropColumnForm(const model::TableInfo &table, const model::ColumnInfo &column,
                   QWidget *parent = nullptr);
    migrations::SchemaEdit change() const override { return m_change; }

private:
    migrations::SchemaEdit m_change;
};

// Add Index and Add Foreign Key: a name (generated when empty) and the columns, ticked; a
// foreign key also the referenced table, its columns and ON DELETE.
class KeyForm : public ChangeForm {
    Q_OBJECT
public:
    KeyForm(migrations::SchemaEdit::Kind kind, const model::TableInfo &table,
            const model::SchemaSnapshot &snapshot, QWidget *parent = nullptr);
    migrations::SchemaEdit change() const override;
    QListWidget *columnList() const { return m_columns; }

private:
    void referencedTableChosen();

    migrations::SchemaEdit m_base;
    model::SchemaSnapshot m_snapshot;
    QLineEdit *m_name;
    QListWidget *m_columns;
    QCheckBox *m_unique = nullptr;
    QComboBox *m_refTable = nullptr;
    QLineEdit *m_refColumns = nullptr;
    QComboBox *m_onDelete = nullptr;
};

// Add Check: a name (generated when empty) and the condition, an SQL expression.
class CheckForm : public ChangeForm {
    Q_OBJECT
public:
    CheckForm(const model::TableInfo &table, QWidget *parent = nullptr);
    migrations::SchemaEdit change() const override;

private:
    migrations::SchemaEdit m_base;
    QLineEdit *m_name;
    QLineEdit *m_expression;
};

// Rename a table (`column` empty) or one of its columns.
class RenameForm : public ChangeForm {
    Q_OBJECT
public:
    RenameForm(const model::TableInfo &table, const QString &column, QWidget *parent = nullptr);
    migrations::SchemaEdit change() const override;
    QLineEdit *nameEdit() const { return m_name; }

private:
    migrations::SchemaEdit m_base;
    QLineEdit *m_name;
};

} // namespace dbx::ui
