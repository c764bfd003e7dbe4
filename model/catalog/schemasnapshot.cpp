#include "model/catalog/schemasnapshot.h"

#include <algorithm>

namespace dbx::model {

namespace {

// Linear lookups on purpose: a snapshot is searched rarely, and plain lists keep it a value type
// that copies cheaply across threads without index structures to keep in sync.
template <typename List, typename Predicate>
auto findIn(const List &list, Predicate predicate) -> decltype(&*list.cbegin())
{
    const auto it = std::find_if(list.cbegin(), list.cend(), predicate);
    return it == list.cend() ? nullptr : &*it;
}

} // namespace

const ColumnInfo *TableInfo::column(const QString &columnName) const
{
    return findIn(columns, [&](const ColumnInfo &c) { return c.name == columnName; });
}

bool TableInfo::isForeignKeyColumn(const QString &columnName) const
{
    return std::any_of(foreignKeys.cbegin(), foreignKeys.cend(),
                       [&](const ForeignKeyInfo &fk) { return fk.columns.contains(columnName); });
}

const SchemaInfo *SchemaSnapshot::schema(const QString &name) const
{
    return findIn(schemas, [&](const SchemaInfo &s) { return s.name == name; });
}

const TableInfo *SchemaSnapshot::table(const QString &schemaName, const QString &name) const
{
    const SchemaInfo *owner = schema(schemaName);
    if (!owner)
        return nullptr;
    return findIn(owner->tables, [&](const TableInfo &t) { return t.name == name; });
}

const EnumInfo *SchemaSnapshot::enumType(const QString &schemaName, const QString &name) const
{
    const SchemaInfo *owner = schema(schemaName);
    if (!owner)
        return nullptr;
    return findIn(owner->enums, [&](const EnumInfo &e) { return e.name == name; });
}

int SchemaSnapshot::tableCount() const
{
    int count = 0;
    for (const SchemaInfo &s : schemas)
        count += int(s.tables.size());
    return count;
}

bool SchemaInfo::isBookkeeping() const
{
    // The migrations runner's default ledger schema (migrations/ledger.cpp).
    return name == QLatin1String("dbx_migrations");
}

QList<SchemaInfo> SchemaSnapshot::displayOrder() const
{
    QList<SchemaInfo> ordered = schemas;
    const auto rank = [](const SchemaInfo &s) {
        return s.isBookkeeping() ? 2 : s.name == QLatin1String("public") ? 0 : 1;
    };
    std::stable_sort(ordered.begin(), ordered.end(), [&](const SchemaInfo &a, const SchemaInfo &b) {
        return rank(a) != rank(b) ? rank(a) < rank(b) : a.name < b.name;
    });
    return ordered;
}

} // namespace dbx::model
