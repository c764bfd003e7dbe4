#pragma once

#include "model/catalog/schemasnapshot.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace dbx::model {

// A table named by schema and name.
struct TableRef {
    QString schema;
    QString name;

    bool operator==(const TableRef &other) const = default;
    QString qualified() const { return schema + QLatin1Char('.') + name; }
};

// One way to go from a row of `from` to rows of `to`. Every foreign key gives two of these
// (many-to-one from the referencing side, one-to-many from the referenced side; one-to-one both
// ways when the key's columns are unique), and every association table gives a many-to-many in
// each direction between the two tables it links.
struct Relationship {
    enum class Kind { ManyToOne, OneToMany, OneToOne, ManyToMany };
    Kind kind = Kind::ManyToOne;
    QString constraintName; // the foreign key (for many-to-many: the key leaving `from`)
    TableRef from;
    QStringList fromColumns; // columns of `from` that the match uses
    TableRef to;
    QStringList toColumns; // columns of `to` they are compared with
    // Many-to-many only: the association table, its columns matching `from` and `to`, and its
    // other columns (the link's own attributes, like cover_letter).
    TableRef via;
    QStringList viaFromColumns;
    QStringList viaToColumns;
    QStringList linkAttributes;
    QString toConstraintName; // many-to-many: the association's key to `to`
    QString onDelete;         // of the foreign key, as declared
    bool owning = false;      // `from` holds the foreign key (many-to-one, or the unique side)

    bool isSelfReference() const { return from == to; }
    // "many-to-one", "one-to-many", "one-to-one", "many-to-many" (untranslated: for files).
    QString kindName() const;
    // A short label a person reads: "resumes.worker_id → workers.id", "vacancies via
    // vacancies_replies".
    QString describe() const;
};

// The relationships of a database's tables, read from a catalog snapshot. Pure: built once per
// snapshot, no database access.
class RelationshipGraph {
public:
    RelationshipGraph() = default;
    explicit RelationshipGraph(const SchemaSnapshot &snapshot);

    const QList<Relationship> &relationships() const { return m_relationships; }
    // Everything navigable from rows of `table`, in a stable order (many-to-one first, then
    // one-to-one, one-to-many, many-to-many; by table name within each kind).
    QList<Relationship> from(const TableRef &table) const;
    // A table whose primary key is exactly the columns of two foreign keys: it links two
    // tables many-to-many (its other columns are attributes of the link).
    bool isAssociation(const TableRef &table) const;
    // `table` and the tables within `depth` foreign-key steps of it (either direction).
    QList<TableRef> neighbourhood(const TableRef &table, int depth) const;
    QList<TableRef> tables() const { return m_tables; }

private:
    QList<Relationship> m_relationships;
    QList<TableRef> m_tables;
    QList<TableRef> m_associations;
};

} // namespace dbx::model
