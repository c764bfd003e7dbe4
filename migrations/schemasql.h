#pragma once

#include "migrations/schemadiff.h"

#include <array>

namespace dbx::migrations {

// Writes the statements that turn one SchemaModel into another. Statements go into phases that
// PostgreSQL's dependencies impose (what reads an object is dropped before it and created after
// it), so the output runs top to bottom in one transaction. Renames are applied first to a copy
// of the source, so everything after them compares the renamed objects by name.
class SchemaSqlWriter {
public:
    SchemaSqlWriter(SchemaModel source, const SchemaModel &target, const DiffOptions &options);
    SchemaChange write();

private:
    enum Phase {
        CreateSchemas,
        DropTriggers,
        DropViews,
        DropForeignKeys,
        DropConstraints,
        Renames,
        DropTables,
        DropColumns,
        Enums,
        CreateSequences,
        CreateFunctions,
        CreateTables,
        AlterColumns,
        OwnSequences,
        DropSequences,
        DropFunctions,
        AddConstraints,
        AddForeignKeys,
        CreateViews,
        CreateTriggers,
        DropEnums,
        DropSchemas,
        PhaseCount
    };

    void put(Phase phase, const QString &statement);
    void findRenames();
    void renameTables(bool apply);
    void renameColumns(bool apply);
    void findChangedKeys();
    void writeSchemas();
    void writeEnums();
    void writeEnum(const EnumDef &from, const EnumDef &to);
    void recreateEnum(const EnumDef &from, const EnumDef &to);
    bool labelUsed(const QString &label) const;
    void writeSequences();
    void writeFunctions();
    void writeTables();
    void writeColumns(const TableDef &from, const TableDef &to);
    void alterColumn(const TableDef &table, const ColumnDef &from, const ColumnDef &to);
    void writeTableParts(const TableDef *from, const TableDef &to);
    void dropTableParts(const TableDef &from, const TableDef *to);
    void writeViews();
    QString columnSql(const ColumnDef &column) const;
    bool referencesChangedKey(const ConstraintDef &foreignKey) const;

    SchemaModel m_source; // renamed as the rename statements leave it
    const SchemaModel &m_target;
    DiffOptions m_options;
    std::array<QStringList, PhaseCount> m_phases;
    SchemaChange m_change;
    bool m_rebuildViews = false;
    QStringList m_changedKeyTables; // tables whose primary or unique keys are replaced
};

} // namespace dbx::migrations
