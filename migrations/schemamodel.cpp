#include "migrations/schemamodel.h"

#include "model/catalog/catalogreader.h"
#include "model/db/executor.h"

#include <QHash>

#include <functional>

namespace dbx::migrations {

namespace {

using Rows = QList<QVariantList>;

const char *const userSchemas =
    " n.nspname <> 'information_schema' AND left(n.nspname, 3) <> 'pg_' ";

// Constraints of tables as PostgreSQL prints them (their names and the backing indexes are
// compared through these, not through the snapshot's column lists).
const char *const constraintsSql = "SELECT n.nspname, c.relname, con.conname, con.contype::text, "
                                   "       pg_catalog.pg_get_constraintdef(con.oid) "
                                   "FROM pg_catalog.pg_constraint con "
                                   "JOIN pg_catalog.pg_class c ON c.oid = con.conrelid "
                                   "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                                   "WHERE c.relkind IN ('r', 'p') AND %1 ORDER BY 1, 2, 3";

const char *const identitySql =
    "SELECT n.nspname, c.relname, a.attname, "
    "       CASE a.attidentity WHEN 'a' THEN 'always' ELSE 'by default' END "
    "FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid "
    "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
    "WHERE a.attidentity <> '' AND NOT a.attisdropped AND %1";

// Views in creation order (oid), which puts a view after the views it was built on.
const char *const viewsSql =
    "SELECT n.nspname, c.relname, c.relkind = 'm', pg_catalog.pg_get_viewdef(c.oid) "
    "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
    "WHERE c.relkind IN ('v', 'm') AND %1 ORDER BY c.oid";

// Functions and procedures an extension did not install.
const char *const functionsSql =
    "SELECT n.nspname, p.proname, pg_catalog.pg_get_function_identity_arguments(p.oid), "
    "       pg_catalog.pg_get_functiondef(p.oid) "
    "FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace "
    "WHERE p.prokind IN ('f', 'p') AND %1 "
    "  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d "
    "                  WHERE d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass "
    "                    AND d.objid = p.oid AND d.deptype = 'e') "
    "ORDER BY 1, 2, 3";

const char *const triggersSql =
    "SELECT n.nspname, c.relname, t.tgname, pg_catalog.pg_get_triggerdef(t.oid) "
    "FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid "
    "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
    "WHERE NOT t.tgisinternal AND %1 ORDER BY 1, 2, 3";

// Sequences with their owning column; an identity column's own sequence (deptype 'i') is the
// column's business and left out.
const char *const sequencesSql =
    "SELECT n.nspname, c.relname, "
    "       'AS ' || pg_catalog.format_type(s.seqtypid, NULL) || ' INCREMENT BY ' "
    "       || s.seqincrement || ' MINVALUE ' || s.seqmin || ' MAXVALUE ' || s.seqmax "
    "       || ' START WITH ' || s.seqstart || ' CACHE ' || s.seqcache "
    "       || CASE WHEN s.seqcycle THEN ' CYCLE' ELSE ' NO CYCLE' END, "
    "       coalesce(t.relname, ''), coalesce(a.attname, '') "
    "FROM pg_catalog.pg_sequence s JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid "
    "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
    "LEFT JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass "
    "      AND d.objid = c.oid AND d.refobjsubid > 0 AND d.deptype IN ('a', 'i') "
    "LEFT JOIN pg_catalog.pg_class t ON t.oid = d.refobjid "
    "LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid "
    "WHERE %1 AND coalesce(d.deptype, 'a') <> 'i' ORDER BY 1, 2";

// What no DDL is written for, as comparable text.
const char *const othersSql =
    "SELECT 'extension', e.extname, e.extversion, n.nspname FROM pg_catalog.pg_extension e "
    "JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace WHERE e.extname <> 'plpgsql' "
    "UNION ALL SELECT 'domain', t.typname, pg_catalog.format_type(t.typbasetype, t.typtypmod) "
    "  || CASE WHEN t.typnotnull THEN ' NOT NULL' ELSE '' END "
    "  || coalesce(' DEFAULT ' || t.typdefault, ''), n.nspname "
    "  FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace "
    "  WHERE t.typtype = 'd' AND %1 "
    "UNION ALL SELECT 'type', t.typname, CAST(t.typtype AS text), n.nspname "
    "  FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace "
    "  LEFT JOIN pg_catalog.pg_class c ON c.oid = t.typrelid "
    "  WHERE (t.typtype IN ('r', 'm') OR (t.typtype = 'c' AND c.relkind = 'c')) AND %1 "
    "UNION ALL SELECT 'comment', c.relname || coalesce('.' || a.attname, ''), d.description, "
    "  n.nspname FROM pg_catalog.pg_description d "
    "  JOIN pg_catalog.pg_class c ON d.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass "
    "   AND c.oid = d.objoid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
    "  LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.objsubid "
    "   AND d.objsubid > 0 WHERE %1 "
    "UNION ALL SELECT 'policy', c.relname || '.' || p.polname, "
    "  coalesce(pg_catalog.pg_get_expr(p.polqual, p.polrelid), ''), n.nspname "
    "  FROM pg_catalog.pg_policy p JOIN pg_catalog.pg_class c ON c.oid = p.polrelid "
    "  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE %1 "
    "UNION ALL SELECT 'foreign table', c.relname, '', n.nspname FROM pg_catalog.pg_class c "
    "  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'f' AND %1 "
    "UNION ALL SELECT 'partitioning', c.relname, pg_catalog.pg_get_partkeydef(c.oid), n.nspname "
    "  FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
    "  WHERE c.relkind = 'p' AND %1 "
    "ORDER BY 1, 4, 2";

model::Result<Rows> query(QSqlDatabase &db, const char *sql)
{
    const auto rows =
        model::exec(db, model::Statement(QString::fromLatin1(sql).arg(QLatin1String(userSchemas))));
    if (!rows)
        return rows.error();
    return rows->rows;
}

QString text(const QVariantList &row, int column)
{
    return row.value(column).toString();
}

TableDef *findTable(QList<TableDef> &tables, const QString &schema, const QString &name)
{
    for (TableDef &table : tables) {
        if (table.schema == schema && table.name == name)
            return &table;
    }
    return nullptr;
}

SchemaModel fromSnapshot(const model::SchemaSnapshot &snapshot, const QStringList &excluded)
{
    SchemaModel schema;
    for (const model::SchemaInfo &info : snapshot.schemas) {
        if (excluded.contains(info.name))
            continue;
        schema.schemas << info.name;
        for (const model::EnumInfo &e : info.enums)
            schema.enums << EnumDef{e.schema, e.name, e.labels};
        for (const model::TableInfo &t : info.tables) {
            if (t.kind != model::TableInfo::Kind::Table &&
                t.kind != model::TableInfo::Kind::PartitionedTable)
                continue;
            TableDef table{t.schema, t.name, {}, {}, {}, {}};
            for (const model::ColumnInfo &c : t.columns) {
                ColumnDef column;
                column.name = c.name;
                column.type = c.type;
                column.notNull = c.notNull;
                (c.generated ? column.generatedExpr : column.defaultExpr) = c.defaultExpr;
                column.enumSchema = c.dataType.enumSchema;
                column.enumName = c.dataType.enumName;
                table.columns << column;
            }
            for (const model::IndexInfo &index : t.indexes)
                table.indexes << NamedDef{index.name, index.definition};
            schema.tables << table;
        }
    }
    return schema;
}

using RowReader = std::function<void(SchemaModel &, const QVariantList &)>;

model::Status readAll(QSqlDatabase &db, SchemaModel &schema, const QStringList &excluded,
                      const QList<std::pair<const char *, RowReader>> &queries)
{
    for (const auto &[sql, reader] : queries) {
        const auto rows = query(db, sql);
        if (!rows)
            return rows.error();
        for (const QVariantList &row : rows.value()) {
            const int schemaColumn = sql == othersSql ? 3 : 0;
            if (!excluded.contains(text(row, schemaColumn)))
                reader(schema, row);
        }
    }
    return {};
}

void readConstraint(SchemaModel &schema, const QVariantList &row)
{
    if (TableDef *table = findTable(schema.tables, text(row, 0), text(row, 1))) {
        const QString name = text(row, 2);
        table->constraints << ConstraintDef{name, text(row, 3).toLatin1().at(0), text(row, 4)};
        // The index behind a primary key, unique or exclusion constraint comes with it.
        table->indexes.removeIf([&](const NamedDef &index) { return index.name == name; });
    }
}

void readIdentity(SchemaModel &schema, const QVariantList &row)
{
    if (TableDef *table = findTable(schema.tables, text(row, 0), text(row, 1))) {
        for (ColumnDef &column : table->columns) {
            if (column.name == text(row, 2))
                column.identity = text(row, 3);
        }
    }
}

void readTrigger(SchemaModel &schema, const QVariantList &row)
{
    if (TableDef *table = findTable(schema.tables, text(row, 0), text(row, 1)))
        table->triggers << NamedDef{text(row, 2), text(row, 3)};
}

} // namespace

bool ColumnDef::sameShape(const ColumnDef &other) const
{
    return type == other.type && notNull == other.notNull && defaultExpr == other.defaultExpr &&
           identity == other.identity && generatedExpr == other.generatedExpr;
}

bool ColumnDef::operator==(const ColumnDef &other) const
{
    return name == other.name && sameShape(other);
}

const ColumnDef *TableDef::column(const QString &columnName) const
{
    for (const ColumnDef &c : columns) {
        if (c.name == columnName)
            return &c;
    }
    return nullptr;
}

const TableDef *SchemaModel::table(const QString &schema, const QString &name) const
{
    for (const TableDef &t : tables) {
        if (t.schema == schema && t.name == name)
            return &t;
    }
    return nullptr;
}

const EnumDef *SchemaModel::enumType(const QString &schema, const QString &name) const
{
    for (const EnumDef &e : enums) {
        if (e.schema == schema && e.name == name)
            return &e;
    }
    return nullptr;
}

model::Result<SchemaModel> SchemaModel::read(QSqlDatabase &db, const QStringList &excluded)
{
    const auto snapshot = model::CatalogReader::read(db);
    if (!snapshot)
        return snapshot.error();
    SchemaModel schema = fromSnapshot(snapshot.value(), excluded);
    const model::Status read = readAll(
        db, schema, excluded,
        {{constraintsSql, readConstraint},
         {identitySql, readIdentity},
         {triggersSql, readTrigger},
         {viewsSql,
          [](SchemaModel &s, const QVariantList &row) {
              s.views << ViewDef{text(row, 0), text(row, 1), row.value(2).toBool(), text(row, 3)};
          }},
         {functionsSql,
          [](SchemaModel &s, const QVariantList &row) {
              s.functions << FunctionDef{text(row, 0), text(row, 1), text(row, 2), text(row, 3)};
          }},
         {sequencesSql,
          [](SchemaModel &s, const QVariantList &row) {
              s.sequences << SequenceDef{text(row, 0), text(row, 1), text(row, 2), text(row, 3),
                                         text(row, 4)};
          }},
         {othersSql, [](SchemaModel &s, const QVariantList &row) {
              s.others << OtherObject{text(row, 0), displayName(text(row, 3), text(row, 1)),
                                      text(row, 2)};
          }}});
    if (!read)
        return read.error();
    return schema;
}

QString displayName(const QString &schema, const QString &name)
{
    if (schema.isEmpty() || schema == QLatin1String("public"))
        return name;
    return schema + QLatin1Char('.') + name;
}

} // namespace dbx::migrations
