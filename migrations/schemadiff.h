#pragma once

#include "migrations/schemamodel.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace dbx::migrations {

// One object that is not the same in two schemas, named the way people look for it
// ("column", "workers.email").
struct SchemaDifference {
    enum class Side {
        OnlyInTarget, // the wanted state has it, the current one does not
        OnlyInSource, // the current state has it, the wanted one does not
        Changed,
    };
    QString kind;
    QString name;
    Side side = Side::Changed;
    QString sourceText; // the definition in each, for Changed
    QString targetText;
    bool expressible = true; // false: autogenerate writes no DDL for this kind

    // "column workers.email: in the database, not in the revisions", with the two sides named
    // by the caller.
    QString describe(const QString &targetName, const QString &sourceName) const;
};

struct DiffOptions {
    // A dropped table or column and an added one of the same shape become a rename.
    bool renames = false;
    // How the two sides are named in what the change says it cannot express.
    QString targetName;
    QString sourceName;
};

// The statements that turn one schema into another, in dependency order, with what they lose.
struct SchemaChange {
    QStringList statements;       // each a whole statement ending in ";"
    QStringList warnings;         // data that the statements lose
    QStringList notExpressed;     // differences no statement is written for
    QStringList renameCandidates; // drops + adds of one shape, when renames were not chosen
    bool isEmpty() const { return statements.isEmpty() && notExpressed.isEmpty(); }
};

class SchemaDiff {
public:
    // Every object that differs between `source` and `target`, sorted by kind and name.
    static QList<SchemaDifference> differences(const SchemaModel &source,
                                               const SchemaModel &target);
    // Only the kinds autogenerate writes DDL for: what verification must find equal.
    static QList<SchemaDifference> expressibleDifferences(const SchemaModel &source,
                                                          const SchemaModel &target);
    // The SQL that makes `source` into `target`.
    static SchemaChange change(const SchemaModel &source, const SchemaModel &target,
                               const DiffOptions &options = {});
};

} // namespace dbx::migrations
