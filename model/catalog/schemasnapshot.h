#pragma once

#include "model/catalog/columntype.h"

#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace dbx::model {

// What the catalog says about one database at one moment: a plain value, read on the worker
// thread and handed to the UI, which never queries the catalog itself.
struct ColumnInfo {
    QString name;
    QString type;        // format_type(): "character varying(256)", "workload", "integer"
    ColumnType dataType; // what the type is to the application (kind, OIDs, enum)
    bool notNull = false;
    QString defaultExpr;    // pg_get_expr of the default, empty when none
    bool identity = false;  // GENERATED ... AS IDENTITY
    bool generated = false; // GENERATED ALWAYS AS (...) STORED
    int position = 0;       // attnum
};

struct ForeignKeyInfo {
    QString name;
    QStringList columns;
    QString refSchema;
    QString refTable;
    QStringList refColumns;
    QString onDelete; // "CASCADE", "SET NULL", "SET DEFAULT", "RESTRICT", "NO ACTION"
    QString onUpdate;
};

struct IndexInfo {
    QString name;
    QStringList columns; // expressions appear as their text
    bool unique = false;
    bool primary = false;
    QString method;     // btree, gin, ...
    QString definition; // pg_get_indexdef
};

struct CheckInfo {
    QString name;
    QString expression; // pg_get_constraintdef: "CHECK ((compensation > 0))"
};

struct UniqueInfo {
    QString name;
    QStringList columns;
};

struct TableInfo {
    enum class Kind { Table, View, MaterializedView, ForeignTable, PartitionedTable };
    QString schema;
    QString name;
    Kind kind = Kind::Table;
    QString comment;
    qint64 estimatedRows = -1; // pg_class.reltuples, -1 when never analysed
    QList<ColumnInfo> columns;
    QStringList primaryKey;
    QList<ForeignKeyInfo> foreignKeys;
    QList<UniqueInfo> uniques;
    QList<CheckInfo> checks;
    QList<IndexInfo> indexes;

    const ColumnInfo *column(const QString &columnName) const;
    bool isForeignKeyColumn(const QString &columnName) const;
};

struct EnumInfo {
    QString schema;
    QString name;
    QStringList labels; // in their declared order
};

// A function or procedure; overloads are one entry each.
struct RoutineInfo {
    QString name;
    QString arguments; // pg_get_function_identity_arguments: "i integer, t text"
};

struct SchemaInfo {
    QString name;
    QList<TableInfo> tables; // tables and views, by name
    QList<EnumInfo> enums;
    QList<RoutineInfo> functions; // by name, then arguments
    QStringList sequences;        // by name

    // A schema the application keeps for itself (the migrations' ledger, dbx_migrations): shown,
    // but after the user's schemas and dimmed.
    bool isBookkeeping() const;
};

struct SchemaSnapshot {
    QString database;
    QList<SchemaInfo> schemas; // user schemas by name; pg_catalog, information_schema and
                               // pg_toast* are left out

    const SchemaInfo *schema(const QString &name) const;
    const TableInfo *table(const QString &schema, const QString &name) const;
    const EnumInfo *enumType(const QString &schema, const QString &name) const;
    int tableCount() const;
    // The schemas as people look for them: public first, the other user schemas by name, the
    // bookkeeping schemas last.
    QList<SchemaInfo> displayOrder() const;
};

} // namespace dbx::model

Q_DECLARE_METATYPE(dbx::model::SchemaSnapshot)
