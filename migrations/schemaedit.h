#pragma once

#include "migrations/schemadiff.h"
#include "model/catalog/schemasnapshot.h"
#include "model/db/sqlresult.h"
#include "model/result.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <utility>

class QObject;

namespace dbx::model {
class Database;
}

namespace dbx::migrations {

// A schema change made from the GUI, as a value: what the user asked for on one table. It
// writes no DDL itself: it describes the table before and after as schema models, and the
// autogenerate writer (SchemaDiff::change) writes the upgrade, the downgrade and what they
// lose, so a change from a dialog and a generated revision are the same SQL. Names are quoted
// by sqlident; types, defaults and check expressions are the user's SQL, not values.
struct SchemaEdit {
    enum class Kind {
        CreateTable,
        AddColumn,
        AlterColumn,
        DropColumn,
        AddIndex,
        AddForeignKey,
        AddCheck,
        RenameTable,
        RenameColumn,
        AddEnumLabel,
    };
    Kind kind = Kind::CreateTable;
    QString schema; // empty: found through the search_path
    QString table;  // every kind but AddEnumLabel
    // CreateTable: every column; AddColumn: the one added; AlterColumn: the wanted state.
    QList<ColumnDef> columns;
    QStringList primaryKey; // CreateTable: the key's columns
    // AlterColumn and DropColumn: the column as it is now, for the downgrade.
    ColumnDef previous;
    QString column;  // AlterColumn, DropColumn, RenameColumn: the column changed
    QString newName; // RenameTable, RenameColumn; AddEnumLabel: the label added
    // AddIndex, AddForeignKey, AddCheck: the index's or constraint's name (empty: generated)
    QString constraintName;
    QStringList keyColumns; // AddIndex, AddForeignKey
    bool unique = false;    // AddIndex
    QString refSchema;      // AddForeignKey
    QString refTable;
    QStringList refColumns;
    QString onDelete;   // "NO ACTION" (empty), "CASCADE", "SET NULL", "SET DEFAULT", "RESTRICT"
    QString expression; // AddCheck: the condition, without CHECK ( )
    // AddEnumLabel: the type as it is, the label the new one follows (empty: first), and the
    // columns of that type, which the downgrade converts when it recreates the type.
    EnumDef enumType;
    QString afterLabel;
    QList<TableDef> enumColumns;

    // Empty when the change can be written; otherwise what is missing or wrong, for people.
    QString problem() const;
    // The table before and after the change, as the writer compares them.
    std::pair<SchemaModel, SchemaModel> states() const;
    // The writer's statements and data-loss warnings; empty when problem() is not.
    SchemaChange upgrade() const;
    SchemaChange downgrade() const;
    // A one-line description: the default message of its revision.
    QString summary() const;
    // The name the index or constraint gets (constraintName, or PostgreSQL's way of naming).
    QString effectiveConstraintName() const;

    // Last: the macro leaves what follows it private.
    Q_DECLARE_TR_FUNCTIONS(dbx::migrations::SchemaEdit)
};

// A column of the schema tree's snapshot as the writer compares it.
ColumnDef columnDefOf(const model::ColumnInfo &info);

// The statements as a script, one per line, each ended by ";".
QString scriptOf(const SchemaChange &change);

// Runs an edit's upgrade now on the database's worker, in one transaction: all of it or, on
// any error, nothing (the server's error comes back as it was sent).
model::Ticket runSchemaEdit(model::Database &database, const SchemaEdit &edit, QObject *context,
                            std::function<void(model::Ticket, const model::Status &)> done);

} // namespace dbx::migrations
