#include "model/relations/relationshipgraph.h"

#include <QSet>

#include <algorithm>

namespace dbx::model {

namespace {

bool sameColumns(QStringList a, QStringList b)
{
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    return a == b;
}

// The foreign key's columns are the whole of a unique constraint or the primary key: at most
// one referencing row per referenced row.
bool isUnique(const TableInfo &table, const QStringList &columns)
{
    if (!table.primaryKey.isEmpty() && sameColumns(table.primaryKey, columns))
        return true;
    for (const UniqueInfo &u : table.uniques) {
        if (sameColumns(u.columns, columns))
            return true;
    }
    for (const IndexInfo &i : table.indexes) {
        if (i.unique && sameColumns(i.columns, columns))
            return true;
    }
    return false;
}

int kindOrder(Relationship::Kind kind)
{
    switch (kind) {
    case Relationship::Kind::ManyToOne:
        return 0;
    case Relationship::Kind::OneToOne:
        return 1;
    case Relationship::Kind::OneToMany:
        return 2;
    case Relationship::Kind::ManyToMany:
        return 3;
    }
    return 4;
}

} // namespace

QString Relationship::kindName() const
{
    switch (kind) {
    case Kind::ManyToOne:
        return QStringLiteral("many-to-one");
    case Kind::OneToMany:
        return QStringLiteral("one-to-many");
    case Kind::OneToOne:
        return QStringLiteral("one-to-one");
    case Kind::ManyToMany:
        return QStringLiteral("many-to-many");
    }
    return {};
}

QString Relationship::describe() const
{
    if (kind == Kind::ManyToMany)
        return to.name + QStringLiteral(" via ") + via.name;
    const QString here = from.name + QLatin1Char('.') + fromColumns.join(QLatin1Char(','));
    const QString there = to.name + QLatin1Char('.') + toColumns.join(QLatin1Char(','));
    return here + QStringLiteral(" → ") + there;
}

RelationshipGraph::RelationshipGraph(const SchemaSnapshot &snapshot)
{
    for (const SchemaInfo &schema : snapshot.schemas) {
        for (const TableInfo &table : schema.tables) {
            const TableRef ref{table.schema, table.name};
            m_tables << ref;
            for (const ForeignKeyInfo &fk : table.foreignKeys) {
                const TableInfo *target = snapshot.table(fk.refSchema, fk.refTable);
                if (!target)
                    continue;
                const bool unique = isUnique(table, fk.columns);
                Relationship out;
                out.kind = unique ? Relationship::Kind::OneToOne : Relationship::Kind::ManyToOne;
                out.constraintName = fk.name;
                out.from = ref;
                out.fromColumns = fk.columns;
                out.to = TableRef{fk.refSchema, fk.refTable};
                out.toColumns = fk.refColumns;
                out.onDelete = fk.onDelete;
                out.owning = true;
                Relationship back = out;
                back.kind = unique ? Relationship::Kind::OneToOne : Relationship::Kind::OneToMany;
                back.from = out.to;
                back.fromColumns = fk.refColumns;
                back.to = ref;
                back.toColumns = fk.columns;
                back.owning = false;
                m_relationships << out << back;
            }
            // An association: two foreign keys whose columns together are the primary key.
            if (table.primaryKey.isEmpty())
                continue;
            for (qsizetype i = 0; i < table.foreignKeys.size(); ++i) {
                for (qsizetype j = i + 1; j < table.foreignKeys.size(); ++j) {
                    const ForeignKeyInfo &a = table.foreignKeys.at(i);
                    const ForeignKeyInfo &b = table.foreignKeys.at(j);
                    if (!sameColumns(a.columns + b.columns, table.primaryKey))
                        continue;
                    if (!snapshot.table(a.refSchema, a.refTable) ||
                        !snapshot.table(b.refSchema, b.refTable))
                        continue;
                    m_associations << ref;
                    QStringList attributes;
                    for (const ColumnInfo &c : table.columns) {
                        if (!table.primaryKey.contains(c.name))
                            attributes << c.name;
                    }
                    for (const auto &[first, second] : {std::pair{&a, &b}, std::pair{&b, &a}}) {
                        Relationship m;
                        m.kind = Relationship::Kind::ManyToMany;
                        m.constraintName = first->name;
                        m.toConstraintName = second->name;
                        m.from = TableRef{first->refSchema, first->refTable};
                        m.fromColumns = first->refColumns;
                        m.to = TableRef{second->refSchema, second->refTable};
                        m.toColumns = second->refColumns;
                        m.via = ref;
                        m.viaFromColumns = first->columns;
                        m.viaToColumns = second->columns;
                        m.linkAttributes = attributes;
                        m.onDelete = first->onDelete;
                        m_relationships << m;
                    }
                }
            }
        }
    }
}

QList<Relationship> RelationshipGraph::from(const TableRef &table) const
{
    QList<Relationship> out;
    for (const Relationship &r : m_relationships) {
        if (r.from == table)
            out << r;
    }
    std::stable_sort(out.begin(), out.end(), [](const Relationship &a, const Relationship &b) {
        if (kindOrder(a.kind) != kindOrder(b.kind))
            return kindOrder(a.kind) < kindOrder(b.kind);
        return a.to.qualified() < b.to.qualified();
    });
    return out;
}

bool RelationshipGraph::isAssociation(const TableRef &table) const
{
    return m_associations.contains(table);
}

QList<TableRef> RelationshipGraph::neighbourhood(const TableRef &table, int depth) const
{
    QList<TableRef> found{table};
    QList<TableRef> frontier{table};
    for (int step = 0; step < depth && !frontier.isEmpty(); ++step) {
        QList<TableRef> next;
        for (const TableRef &t : frontier) {
            for (const Relationship &r : m_relationships) {
                if (r.kind == Relationship::Kind::ManyToMany || !(r.from == t))
                    continue;
                if (!found.contains(r.to)) {
                    found << r.to;
                    next << r.to;
                }
            }
        }
        frontier = next;
    }
    return found;
}

} // namespace dbx::model
