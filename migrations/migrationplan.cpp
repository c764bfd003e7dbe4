#include "migrations/migrationplan.h"

#include "migrations/migrationerror.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace dbx::migrations {

namespace {

QString joined(const QStringList &ids)
{
    return ids.join(QLatin1String(", "));
}

model::Result<QStringList> stepForward(const RevisionGraph &graph, QString at, int steps)
{
    for (int i = 0; i < steps; ++i) {
        const QStringList next = at.isEmpty() ? graph.bases() : graph.children(at);
        const QString from = at.isEmpty() ? QStringLiteral("base") : at;
        if (next.isEmpty())
            return invalidRequest(
                QCoreApplication::translate("MigrationPlan",
                                            "+%1 goes past the head: only %2 step(s) are possible")
                    .arg(steps)
                    .arg(i));
        if (next.size() > 1)
            return invalidRequest(QCoreApplication::translate(
                                      "MigrationPlan",
                                      "cannot step forward from %1: it branches to %2; name the "
                                      "revision instead")
                                      .arg(from, joined(next)));
        at = next.first();
    }
    return QStringList{at};
}

// Stepping back over a merge leads to all of its parents at once, which is fine for the last
// step (a downgrade then reverts just the merge) but ambiguous for any step after it.
model::Result<QStringList> stepBack(const RevisionGraph &graph, const QString &from, int steps)
{
    QStringList at = from.isEmpty() ? QStringList{} : QStringList{from};
    for (int i = 0; i < steps; ++i) {
        if (at.isEmpty())
            return invalidRequest(
                QCoreApplication::translate("MigrationPlan",
                                            "-%1 goes past base: only %2 step(s) are possible")
                    .arg(steps)
                    .arg(i));
        if (at.size() > 1)
            return invalidRequest(QCoreApplication::translate(
                                      "MigrationPlan",
                                      "cannot step back past the merge of %1; name the revision "
                                      "instead")
                                      .arg(joined(at)));
        at = graph.find(at.first())->parents;
    }
    return at;
}

// The revisions a target designates given where the database stands; empty means base.
model::Result<QStringList> destination(const Target &target, const RevisionGraph &graph,
                                       const QSet<QString> &applied)
{
    switch (target.kind) {
    case Target::Kind::Base:
        return QStringList{};
    case Target::Kind::Heads:
        return graph.heads();
    case Target::Kind::Head: {
        const QStringList heads = graph.heads();
        if (heads.size() > 1)
            return invalidRequest(
                QCoreApplication::translate(
                    "MigrationPlan", "there are several heads (%1): name one, or use \"heads\"")
                    .arg(joined(heads)));
        return heads;
    }
    case Target::Kind::Revision: {
        const auto id = graph.resolve(target.text);
        if (!id)
            return id.error();
        return QStringList{id.value()};
    }
    case Target::Kind::Relative:
        break;
    }
    const QStringList current = graph.currentHeads(applied);
    if (current.size() > 1)
        return invalidRequest(
            QCoreApplication::translate("MigrationPlan",
                                        "a relative target needs one current revision, but the "
                                        "database is at %1")
                .arg(joined(current)));
    return target.steps > 0 ? stepForward(graph, current.value(0), target.steps)
                            : stepBack(graph, current.value(0), -target.steps);
}

// The target as logs and confirmations name it: the revision it resolved to, with the words
// the user chose beside it when they were not an id ("3f2a9c1d7b01 (-1)", "base (-2)").
QString namedTarget(const Target &target, const QStringList &destination)
{
    const QString resolved = destination.isEmpty() ? QStringLiteral("base") : joined(destination);
    return resolved == target.text ? resolved
                                   : QStringLiteral("%1 (%2)").arg(resolved, target.text);
}

} // namespace

model::Result<Target> Target::parse(const QString &text)
{
    static const QRegularExpression relative(QStringLiteral("^([+-])([0-9]{1,6})$"));
    static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{1,12}$"));
    Target target;
    target.text = text.trimmed();
    if (target.text == QLatin1String("head"))
        return target;
    if (target.text == QLatin1String("heads")) {
        target.kind = Kind::Heads;
        return target;
    }
    if (target.text == QLatin1String("base")) {
        target.kind = Kind::Base;
        return target;
    }
    if (const QRegularExpressionMatch match = relative.match(target.text); match.hasMatch()) {
        target.kind = Kind::Relative;
        target.steps = match.captured(2).toInt();
        if (target.steps == 0)
            return invalidRequest(QCoreApplication::translate(
                "MigrationPlan", "a relative target needs at least one step: +1 or -1"));
        if (match.captured(1) == QLatin1String("-"))
            target.steps = -target.steps;
        return target;
    }
    if (hex.match(target.text).hasMatch()) {
        target.kind = Kind::Revision;
        return target;
    }
    return invalidRequest(QCoreApplication::translate(
                              "MigrationPlan",
                              "unknown target \"%1\": use head, heads, base, a revision id or "
                              "prefix, +N or -N")
                              .arg(text));
}

model::Result<MigrationPlan> MigrationPlan::upgrade(const RevisionGraph &graph,
                                                    const QSet<QString> &applied,
                                                    const QString &targetText)
{
    const auto target = Target::parse(targetText);
    if (!target)
        return target.error();
    if (target->kind == Target::Kind::Relative && target->steps < 0)
        return invalidRequest(
            QCoreApplication::translate("MigrationPlan", "upgrade goes forwards: use downgrade %1")
                .arg(target->text));
    const auto dest = destination(target.value(), graph, applied);
    if (!dest)
        return dest.error();
    MigrationPlan plan;
    plan.action = Action::Upgrade;
    plan.target = namedTarget(target.value(), dest.value());
    plan.steps = graph.ordered(graph.ancestorsOf(dest.value()) - applied);
    return plan;
}

model::Result<MigrationPlan> MigrationPlan::downgrade(const RevisionGraph &graph,
                                                      const QSet<QString> &applied,
                                                      const QString &targetText)
{
    const auto target = Target::parse(targetText);
    if (!target)
        return target.error();
    if ((target->kind == Target::Kind::Relative && target->steps > 0) ||
        target->kind == Target::Kind::Heads)
        return invalidRequest(QCoreApplication::translate(
                                  "MigrationPlan", "downgrade needs a revision, -N or base, not %1")
                                  .arg(target->text));
    const auto dest = destination(target.value(), graph, applied);
    if (!dest)
        return dest.error();
    QSet<QString> remove;
    if (dest->isEmpty())
        remove = applied;
    for (const QString &to : dest.value()) {
        if (!applied.contains(to))
            return invalidRequest(
                QCoreApplication::translate(
                    "MigrationPlan", "%1 is not applied, so the database cannot go down to it")
                    .arg(to));
        remove |= graph.descendantsOf(to) & applied;
    }
    MigrationPlan plan;
    plan.action = Action::Downgrade;
    plan.target = namedTarget(target.value(), dest.value());
    plan.steps = graph.ordered(remove);
    std::reverse(plan.steps.begin(), plan.steps.end());
    for (const QString &id : plan.steps) {
        const Revision *revision = graph.find(id);
        if (revision->downgrade.kind == Downgrade::Kind::Irreversible)
            return invalidRequest(
                QCoreApplication::translate(
                    "MigrationPlan", "cannot downgrade through %1 (%2): it is irreversible: %3")
                    .arg(id, revision->message, revision->downgrade.reason));
    }
    return plan;
}

model::Result<MigrationPlan> MigrationPlan::stamp(const RevisionGraph &graph,
                                                  const QSet<QString> &applied,
                                                  const QString &targetText)
{
    const auto target = Target::parse(targetText);
    if (!target)
        return target.error();
    const auto dest = destination(target.value(), graph, applied);
    if (!dest)
        return dest.error();
    const QSet<QString> wanted = graph.ancestorsOf(dest.value());
    MigrationPlan plan;
    plan.action = Action::Stamp;
    plan.target = namedTarget(target.value(), dest.value());
    plan.steps = graph.ordered(wanted - applied);
    plan.unstamp = graph.ordered(applied - wanted);
    std::reverse(plan.unstamp.begin(), plan.unstamp.end());
    return plan;
}

model::Result<MigrationPlan> MigrationPlan::make(Action action, const RevisionGraph &graph,
                                                 const QSet<QString> &applied,
                                                 const QString &target)
{
    switch (action) {
    case Action::Upgrade:
        return upgrade(graph, applied, target);
    case Action::Downgrade:
        return downgrade(graph, applied, target);
    case Action::Stamp:
        break;
    }
    return stamp(graph, applied, target);
}

QString actionName(MigrationPlan::Action action)
{
    switch (action) {
    case MigrationPlan::Action::Upgrade:
        return QStringLiteral("upgrade");
    case MigrationPlan::Action::Downgrade:
        return QStringLiteral("downgrade");
    case MigrationPlan::Action::Stamp:
        break;
    }
    return QStringLiteral("stamp");
}

} // namespace dbx::migrations
