#pragma once

#include "migrations/revisiongraph.h"
#include "model/result.h"

#include <QSet>
#include <QStringList>

namespace dbx::migrations {

// What a target on the command line or in the panel means: head, heads, base, a revision id or
// unique prefix, or a step count relative to the current revision.
struct Target {
    enum class Kind { Head, Heads, Base, Revision, Relative };
    Kind kind = Kind::Head;
    QString text;  // as the user wrote it
    int steps = 0; // Relative: +N forwards, -N backwards

    static model::Result<Target> parse(const QString &text);
};

// The revisions a run will apply, revert or record, in the order it will do so. Computed from the
// graph and the set of applied revisions alone, so every rule is unit-testable without a server.
struct MigrationPlan {
    enum class Action { Upgrade, Downgrade, Stamp };
    Action action = Action::Upgrade;
    // The revision the target resolved to, named for people: "3f2a9c1d7b01 (-1)", "base".
    QString target;
    QStringList steps;   // Upgrade: parents first; Downgrade: children first; Stamp: to record
    QStringList unstamp; // Stamp only: applied revisions to forget, children first

    bool isEmpty() const { return steps.isEmpty() && unstamp.isEmpty(); }

    static model::Result<MigrationPlan>
    upgrade(const RevisionGraph &graph, const QSet<QString> &applied, const QString &target);
    // Refuses a plan that passes an irreversible revision, with its reason.
    static model::Result<MigrationPlan>
    downgrade(const RevisionGraph &graph, const QSet<QString> &applied, const QString &target);
    // Makes the applied set equal the target and its ancestors without running any SQL.
    static model::Result<MigrationPlan> stamp(const RevisionGraph &graph,
                                              const QSet<QString> &applied, const QString &target);
    static model::Result<MigrationPlan> make(Action action, const RevisionGraph &graph,
                                             const QSet<QString> &applied, const QString &target);
};

QString actionName(MigrationPlan::Action action);

} // namespace dbx::migrations
