#pragma once

#include "migrations/revision.h"
#include "model/result.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QStringList>

namespace dbx::migrations {

// The revisions as a directed acyclic graph (parents -> children), checked once when built:
// every later question (heads, ancestors, order of a plan) can then assume a valid graph. Order
// comes from the graph, never from file names; ties keep the order in which files were given.
class RevisionGraph {
public:
    RevisionGraph() = default;
    // Rejects duplicate ids, unknown parents and cycles, naming the file and line of each.
    static model::Result<RevisionGraph> build(const QList<Revision> &revisions);

    // Topological order: every revision after all of its parents.
    const QList<Revision> &revisions() const { return m_revisions; }
    bool isEmpty() const { return m_revisions.isEmpty(); }
    bool contains(const QString &id) const { return m_index.contains(id); }
    const Revision *find(const QString &id) const;
    // A full id or a unique prefix of one; an ambiguous prefix is an error naming candidates.
    model::Result<QString> resolve(const QString &idOrPrefix) const;

    QStringList heads() const; // revisions without children, in order
    QStringList bases() const; // revisions without parents, in order
    QStringList children(const QString &id) const { return m_children.value(id); }
    // `ids` and everything they descend from.
    QSet<QString> ancestorsOf(const QStringList &ids) const;
    // Everything that descends from `id`, without `id` itself.
    QSet<QString> descendantsOf(const QString &id) const;
    // `ids` sorted parents first (reverse for a downgrade).
    QStringList ordered(const QSet<QString> &ids) const;
    // The applied revisions none of whose children are applied: where the database stands.
    QStringList currentHeads(const QSet<QString> &applied) const;

private:
    QList<Revision> m_revisions;
    QHash<QString, int> m_index;
    QHash<QString, QStringList> m_children;
};

} // namespace dbx::migrations
