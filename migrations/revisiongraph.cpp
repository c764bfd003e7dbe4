#include "migrations/revisiongraph.h"

#include "migrations/migrationerror.h"

#include <QCoreApplication>

namespace dbx::migrations {

namespace {

QString location(const Revision &revision)
{
    return QStringLiteral("%1:%2").arg(revision.fileName).arg(revision.idLine);
}

// Depth-first search along parent links; returns the ids of one cycle ("a -> b -> a") or an
// empty list.
class CycleFinder {
public:
    explicit CycleFinder(const QHash<QString, const Revision *> &byId)
        : m_byId(byId)
    {}

    QStringList find()
    {
        for (auto it = m_byId.cbegin(); it != m_byId.cend(); ++it) {
            if (!m_state.contains(it.key()) && visit(it.key()))
                return m_cycle;
        }
        return {};
    }

private:
    bool visit(const QString &id)
    {
        m_state.insert(id, Visiting);
        m_path.append(id);
        for (const QString &parent : m_byId.value(id)->parents) {
            if (!m_byId.contains(parent))
                continue;
            if (m_state.value(parent, Unseen) == Visiting) {
                m_cycle = m_path.mid(m_path.indexOf(parent));
                m_cycle.append(parent);
                return true;
            }
            if (!m_state.contains(parent) && visit(parent))
                return true;
        }
        m_path.removeLast();
        m_state.insert(id, Done);
        return false;
    }

    enum State { Unseen, Visiting, Done };
    const QHash<QString, const Revision *> &m_byId;
    QHash<QString, State> m_state;
    QStringList m_path;
    QStringList m_cycle;
};

QStringList graphProblems(const QList<Revision> &revisions, QHash<QString, const Revision *> *byId)
{
    QStringList problems;
    for (const Revision &revision : revisions) {
        if (const Revision *first = byId->value(revision.id)) {
            problems.append(fileLine(revision.fileName, revision.idLine,
                                     QCoreApplication::translate(
                                         "RevisionGraph", "duplicate revision id %1 (also in %2)")
                                         .arg(revision.id, location(*first))));
            continue;
        }
        byId->insert(revision.id, &revision);
    }
    for (const Revision &revision : revisions) {
        for (const QString &parent : revision.parents) {
            if (!byId->contains(parent))
                problems.append(fileLine(
                    revision.fileName, revision.parentsLine,
                    QCoreApplication::translate("RevisionGraph", "unknown parent revision %1")
                        .arg(parent)));
        }
    }
    const QStringList cycle = CycleFinder(*byId).find();
    if (!cycle.isEmpty()) {
        const Revision *first = byId->value(cycle.first());
        // Parent links point backwards in time; show the cycle in upgrade direction.
        QStringList forward = cycle;
        std::reverse(forward.begin(), forward.end());
        problems.append(fileLine(first->fileName, first->parentsLine,
                                 QCoreApplication::translate("RevisionGraph", "revision cycle: %1")
                                     .arg(forward.join(QLatin1String(" -> ")))));
    }
    return problems;
}

} // namespace

model::Result<RevisionGraph> RevisionGraph::build(const QList<Revision> &revisions)
{
    QHash<QString, const Revision *> byId;
    const QStringList problems = graphProblems(revisions, &byId);
    if (!problems.isEmpty())
        return invalidRequest(problems.first(), problems.mid(1).join(QLatin1Char('\n')));

    // Kahn's algorithm; among the revisions whose parents are placed, the earliest given wins.
    RevisionGraph graph;
    QSet<QString> placed;
    QList<bool> done(revisions.size(), false);
    while (graph.m_revisions.size() < revisions.size()) {
        for (qsizetype i = 0; i < revisions.size(); ++i) {
            if (done.at(i))
                continue;
            const Revision &revision = revisions.at(i);
            const bool ready = std::all_of(revision.parents.cbegin(), revision.parents.cend(),
                                           [&](const QString &p) { return placed.contains(p); });
            if (!ready)
                continue;
            done[i] = true;
            placed.insert(revision.id);
            graph.m_index.insert(revision.id, int(graph.m_revisions.size()));
            graph.m_revisions.append(revision);
            for (const QString &parent : revision.parents)
                graph.m_children[parent].append(revision.id);
            break;
        }
    }
    return graph;
}

const Revision *RevisionGraph::find(const QString &id) const
{
    const auto it = m_index.constFind(id);
    return it == m_index.cend() ? nullptr : &m_revisions.at(*it);
}

model::Result<QString> RevisionGraph::resolve(const QString &idOrPrefix) const
{
    if (contains(idOrPrefix))
        return idOrPrefix;
    QStringList candidates;
    if (!idOrPrefix.isEmpty()) {
        for (const Revision &revision : m_revisions) {
            if (revision.id.startsWith(idOrPrefix))
                candidates.append(revision.id);
        }
    }
    if (candidates.size() == 1)
        return candidates.first();
    if (candidates.isEmpty())
        return invalidRequest(
            QCoreApplication::translate("RevisionGraph", "no revision %1").arg(idOrPrefix));
    return invalidRequest(
        QCoreApplication::translate("RevisionGraph", "the prefix %1 is ambiguous: it matches %2")
            .arg(idOrPrefix, candidates.join(QLatin1String(", "))));
}

QStringList RevisionGraph::heads() const
{
    QStringList result;
    for (const Revision &revision : m_revisions) {
        if (!m_children.contains(revision.id))
            result.append(revision.id);
    }
    return result;
}

QStringList RevisionGraph::bases() const
{
    QStringList result;
    for (const Revision &revision : m_revisions) {
        if (revision.parents.isEmpty())
            result.append(revision.id);
    }
    return result;
}

QSet<QString> RevisionGraph::ancestorsOf(const QStringList &ids) const
{
    QSet<QString> seen;
    QStringList pending = ids;
    while (!pending.isEmpty()) {
        const QString id = pending.takeLast();
        if (seen.contains(id) || !contains(id))
            continue;
        seen.insert(id);
        pending.append(find(id)->parents);
    }
    return seen;
}

QSet<QString> RevisionGraph::descendantsOf(const QString &id) const
{
    QSet<QString> seen;
    QStringList pending = children(id);
    while (!pending.isEmpty()) {
        const QString next = pending.takeLast();
        if (seen.contains(next))
            continue;
        seen.insert(next);
        pending.append(children(next));
    }
    return seen;
}

QStringList RevisionGraph::ordered(const QSet<QString> &ids) const
{
    QStringList result;
    for (const Revision &revision : m_revisions) {
        if (ids.contains(revision.id))
            result.append(revision.id);
    }
    return result;
}

QStringList RevisionGraph::currentHeads(const QSet<QString> &applied) const
{
    QStringList result;
    for (const Revision &revision : m_revisions) {
        if (!applied.contains(revision.id))
            continue;
        const QStringList kids = children(revision.id);
        if (std::none_of(kids.cbegin(), kids.cend(),
                         [&](const QString &kid) { return applied.contains(kid); }))
            result.append(revision.id);
    }
    return result;
}

} // namespace dbx::migrations
