#pragma once

#include "model/result.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace dbx::migrations {

// The schema of a database as autogenerate compares it: every object of a kind it can write
// DDL for, in the form PostgreSQL itself prints (format_type, pg_get_expr, pg_get_*def), so two
// databases built by the same statements give equal values. Tables, columns, enum types and
// indexes come from model::CatalogReader; the rest (constraint and view definitions, functions,
// triggers, sequences) from queries of its own.
struct ColumnDef {
    QString name;
    QString type; // format_type: "character varying(256)"
    bool notNull = false;
    QString defaultExpr;   // pg_get_expr, empty when none
    QString identity;      // "always", "by default" or empty
    QString generatedExpr; // GENERATED ALWAYS AS (...) STORED, empty when not generated
    QString enumSchema;    // when the type is an enum (its labels are in SchemaModel::enums)
    QString enumName;

    bool sameShape(const ColumnDef &other) const;
    bool operator==(const ColumnDef &other) const;
};

struct ConstraintDef {
    QString name;
    char type = 'c'; // p primary, u unique, f foreign, c check, x exclusion
    QString
        definition; // pg_get_constraintdef: "FOREIGN KEY (a) REFERENCES t(id) ON DELETE CASCADE"
    bool operator==(const ConstraintDef &other) const = default;
};

struct NamedDef {
    QString name;
    QString definition; // index: pg_get_indexdef; trigger: pg_get_triggerdef
    bool operator==(const NamedDef &other) const = default;
};

struct TableDef {
    QString schema;
    QString name;
    QList<ColumnDef> columns;         // by position
    QList<ConstraintDef> constraints; // by name
    QList<NamedDef> indexes;          // not those behind a constraint
    QList<NamedDef> triggers;

    const ColumnDef *column(const QString &columnName) const;
};

struct EnumDef {
    QString schema;
    QString name;
    QStringList labels;
};

struct SequenceDef {
    QString schema;
    QString name;
    QString options;      // "AS integer INCREMENT BY 1 MINVALUE 1 ..."
    QString ownedByTable; // a column owning it (serial), empty when none
    QString ownedByColumn;
};

struct ViewDef {
    QString schema;
    QString name;
    bool materialized = false;
    QString definition; // pg_get_viewdef
};

struct FunctionDef {
    QString schema;
    QString name;
    QString identityArguments; // "i integer, t text"
    QString definition;        // pg_get_functiondef: a whole CREATE OR REPLACE FUNCTION
};

// Something in the database autogenerate writes no DDL for (a domain, an extension, a comment,
// a policy): compared as text so a difference is named in the revision, never skipped.
struct OtherObject {
    QString kind; // "extension", "domain", "comment", ...
    QString name;
    QString definition;
};

struct SchemaModel {
    QStringList schemas;
    QList<EnumDef> enums;
    QList<SequenceDef> sequences;
    QList<FunctionDef> functions;
    QList<TableDef> tables;
    QList<ViewDef> views; // in creation order (a view after the views it reads)
    QList<OtherObject> others;

    const TableDef *table(const QString &schema, const QString &name) const;
    const EnumDef *enumType(const QString &schema, const QString &name) const;

    // Reads every user schema except `excludedSchemas` (the migrations' own bookkeeping).
    static model::Result<SchemaModel> read(QSqlDatabase &db, const QStringList &excludedSchemas);
};

// "workers.email" for an object of public, "hr.workers.email" elsewhere: how the differences
// name objects to people.
QString displayName(const QString &schema, const QString &name);

} // namespace dbx::migrations
