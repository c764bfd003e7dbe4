#include "model/catalog/catalogreader.h"

#include "model/db/executor.h"

#include <QCoreApplication>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <functional>

namespace dbx::model {

namespace {

DbError notConnectedError()
{
    DbError error;
    error.kind = DbError::Kind::ConnectionFailed;
    error.message = QCoreApplication::translate(
        "dbx::model::CatalogReader", "Cannot read the schema: not connected to a database.");
    return error;
}

// One row of a catalog query, read by column name so the .sql files can change order freely.
class Row {
public:
    explicit Row(const QHash<QString, int> &index)
        : m_index(index)
    {}
    void setValues(const QVariantList &values) { m_values = &values; }
    QVariant value(const char *name) const
    {
        return m_values->value(m_index.value(QLatin1String(name), -1));
    }
    QString text(const char *name) const { return value(name).toString(); }
    bool flag(const char *name) const { return value(name).toBool(); }
    // JSON arrays of names: unlike PostgreSQL's text form of arrays they need no unquoting.
    QStringList list(const char *name) const
    {
        QStringList items;
        const QJsonArray array = QJsonDocument::fromJson(text(name).toUtf8()).array();
        for (const QJsonValue &item : array)
            items << item.toString();
        return items;
    }

private:
    const QHash<QString, int> &m_index;
    const QVariantList *m_values = nullptr;
};

using RowHandler = std::function<void(const Row &)>;

// Runs one catalog query from the resources and hands every row to `handle`, streamed so no
// copy of the whole result is kept.
Status runCatalogQuery(QSqlDatabase &db, const JobContext *context, const QString &file,
                       const RowHandler &handle)
{
    const QString path = QStringLiteral(":/dbx/catalog/%1").arg(file);
    if (context && context->cancelled())
        return DbError::cancelled();
    QFile source(path);
    if (!source.open(QIODevice::ReadOnly)) {
        return DbError::plain(
            QCoreApplication::translate("dbx::model::CatalogReader",
                                        "The catalog query %1 is missing from the application.")
                .arg(path));
    }
    QHash<QString, int> index;
    Row row(index);
    RowStream stream;
    stream.onColumns = [&](const QStringList &names, const QList<quint32> &) {
        for (int i = 0; i < names.size(); ++i)
            index.insert(names.at(i), i);
    };
    stream.onRow = [&](const QVariantList &values) {
        row.setValues(values);
        handle(row);
        return true;
    };
    const Result<PgRows> done =
        execStream(db, Statement(QString::fromUtf8(source.readAll())), stream, context);
    if (!done)
        return done.error();
    return {};
}

TableInfo::Kind kindFromRelkind(const QString &relkind)
{
    if (relkind == QLatin1String("v"))
        return TableInfo::Kind::View;
    if (relkind == QLatin1String("m"))
        return TableInfo::Kind::MaterializedView;
    if (relkind == QLatin1String("f"))
        return TableInfo::Kind::ForeignTable;
    if (relkind == QLatin1String("p"))
        return TableInfo::Kind::PartitionedTable;
    return TableInfo::Kind::Table;
}

template <typename T> bool byName(const T &a, const T &b)
{
    return a.name < b.name;
}

// Collects the rows of the catalog queries into a snapshot. Relations come first and fix the
// set of schemas and tables; rows of the later queries that name a relation not seen (created
// between two queries) are dropped rather than guessed at.
class SnapshotBuilder {
public:
    void addRelation(const Row &row);
    // Sorts what addRelation collected and indexes it; no schema or table is added afterwards,
    // so the pointers in the lookup tables stay valid.
    void finishRelations();
    void addColumn(const Row &row);
    void addConstraint(const Row &row);
    void addIndex(const Row &row);
    void addEnumLabel(const Row &row);
    void addRoutineOrSequence(const Row &row);
    SchemaSnapshot take();

private:
    static QString key(const QString &schema, const QString &name)
    {
        return schema + QChar(u'\0') + name;
    }
    TableInfo *tableOf(const Row &row) const
    {
        return m_tables.value(key(row.text("schema_name"), row.text("relation_name")));
    }

    SchemaSnapshot m_snapshot;
    QHash<QString, SchemaInfo *> m_schemas;
    QHash<QString, TableInfo *> m_tables;
    EnumInfo *m_lastEnum = nullptr;
};

void SnapshotBuilder::addRelation(const Row &row)
{
    if (m_snapshot.database.isEmpty())
        m_snapshot.database = row.text("database_name");
    const QString schemaName = row.text("schema_name");
    if (m_snapshot.schemas.isEmpty() || m_snapshot.schemas.constLast().name != schemaName) {
        SchemaInfo schema;
        schema.name = schemaName;
        m_snapshot.schemas << schema;
    }
    // A schema without relations comes as one row with a NULL relation.
    if (row.value("relation_name").isNull())
        return;
    TableInfo table;
    table.schema = schemaName;
    table.name = row.text("relation_name");
    table.kind = kindFromRelkind(row.text("relation_kind"));
    table.comment = row.text("relation_comment");
    table.estimatedRows = row.value("estimated_rows").toLongLong();
    m_snapshot.schemas.last().tables << table;
}

void SnapshotBuilder::finishRelations()
{
    std::sort(m_snapshot.schemas.begin(), m_snapshot.schemas.end(), byName<SchemaInfo>);
    for (SchemaInfo &schema : m_snapshot.schemas) {
        std::sort(schema.tables.begin(), schema.tables.end(), byName<TableInfo>);
        m_schemas.insert(schema.name, &schema);
        for (TableInfo &table : schema.tables)
            m_tables.insert(key(schema.name, table.name), &table);
    }
}

void SnapshotBuilder::addColumn(const Row &row)
{
    TableInfo *table = tableOf(row);
    if (!table)
        return;
    ColumnInfo column;
    column.name = row.text("column_name");
    column.type = row.text("column_type");
    column.dataType = ColumnType::fromCatalog(quint32(row.value("type_oid").toLongLong()),
                                              row.text("type_category"),
                                              quint32(row.value("base_type_oid").toLongLong()));
    column.dataType.enumSchema = row.text("enum_schema");
    column.dataType.enumName = row.text("enum_name");
    column.notNull = row.flag("not_null");
    column.defaultExpr = row.text("default_expr");
    column.identity = row.flag("is_identity");
    column.generated = row.flag("is_generated");
    column.position = row.value("position").toInt();
    table->columns << column;
}

void SnapshotBuilder::addConstraint(const Row &row)
{
    TableInfo *table = tableOf(row);
    if (!table)
        return;
    const QString type = row.text("constraint_type");
    const QString name = row.text("constraint_name");
    if (type == QLatin1String("p")) {
        table->primaryKey = row.list("columns");
    } else if (type == QLatin1String("f")) {
        ForeignKeyInfo fk;
        fk.name = name;
        fk.columns = row.list("columns");
        fk.refSchema = row.text("ref_schema");
        fk.refTable = row.text("ref_relation");
        fk.refColumns = row.list("ref_columns");
        fk.onDelete = row.text("on_delete");
        fk.onUpdate = row.text("on_update");
        table->foreignKeys << fk;
    } else if (type == QLatin1String("u")) {
        table->uniques << UniqueInfo{name, row.list("columns")};
    } else if (type == QLatin1String("c")) {
        table->checks << CheckInfo{name, row.text("check_definition")};
    }
}

void SnapshotBuilder::addIndex(const Row &row)
{
    TableInfo *table = tableOf(row);
    if (!table)
        return;
    IndexInfo index;
    index.name = row.text("index_name");
    index.columns = row.list("columns");
    index.unique = row.flag("is_unique");
    index.primary = row.flag("is_primary");
    index.method = row.text("method");
    index.definition = row.text("definition");
    table->indexes << index;
}

void SnapshotBuilder::addEnumLabel(const Row &row)
{
    SchemaInfo *schema = m_schemas.value(row.text("schema_name"));
    if (!schema)
        return;
    const QString name = row.text("type_name");
    // Labels arrive grouped by type and in enumsortorder, so a new type starts a new entry.
    if (!m_lastEnum || m_lastEnum->schema != schema->name || m_lastEnum->name != name) {
        schema->enums << EnumInfo{schema->name, name, {}};
        m_lastEnum = &schema->enums.last();
    }
    if (!row.value("label").isNull())
        m_lastEnum->labels << row.text("label");
}

void SnapshotBuilder::addRoutineOrSequence(const Row &row)
{
    SchemaInfo *schema = m_schemas.value(row.text("schema_name"));
    if (!schema)
        return;
    if (row.text("object_kind") == QLatin1String("sequence"))
        schema->sequences << row.text("object_name");
    else
        schema->functions << RoutineInfo{row.text("object_name"), row.text("arguments")};
}

SchemaSnapshot SnapshotBuilder::take()
{
    for (SchemaInfo &schema : m_snapshot.schemas) {
        std::sort(schema.enums.begin(), schema.enums.end(), byName<EnumInfo>);
        for (TableInfo &table : schema.tables) {
            std::sort(
                table.columns.begin(), table.columns.end(),
                [](const ColumnInfo &a, const ColumnInfo &b) { return a.position < b.position; });
        }
    }
    m_schemas.clear();
    m_tables.clear();
    m_lastEnum = nullptr;
    return std::move(m_snapshot);
}

} // namespace

Result<SchemaSnapshot> CatalogReader::read(QSqlDatabase &db, const JobContext *context)
{
    if (context && context->error().isError())
        return context->error();
    if (!db.isValid() || !db.isOpen())
        return notConnectedError();

    SnapshotBuilder builder;
    using Add = void (SnapshotBuilder::*)(const Row &);
    const std::pair<const char *, Add> steps[] = {
        {"relations.sql", &SnapshotBuilder::addRelation},
        {"columns.sql", &SnapshotBuilder::addColumn},
        {"constraints.sql", &SnapshotBuilder::addConstraint},
        {"indexes.sql", &SnapshotBuilder::addIndex},
        {"enums.sql", &SnapshotBuilder::addEnumLabel},
        {"routines.sql", &SnapshotBuilder::addRoutineOrSequence},
    };
    for (const auto &[file, add] : steps) {
        const Status status = runCatalogQuery(db, context, QLatin1String(file),
                                              [&](const Row &row) { (builder.*add)(row); });
        if (!status)
            return status.error();
        if (add == &SnapshotBuilder::addRelation)
            builder.finishRelations();
    }
    if (context && context->cancelled())
        return DbError::cancelled();
    SchemaSnapshot snapshot = builder.take();
    if (snapshot.database.isEmpty())
        snapshot.database = db.databaseName();
    return snapshot;
}

} // namespace dbx::model
