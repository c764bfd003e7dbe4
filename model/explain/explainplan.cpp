#include "model/explain/explainplan.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <cmath>

namespace dbx::model::explain {

namespace {

// The translation context of these messages.
struct PlanMessages {
    Q_DECLARE_TR_FUNCTIONS(PlanMessages)
};

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

double num(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toDouble();
}

bool has(const QJsonObject &o, const char *key)
{
    return o.contains(QLatin1String(key));
}

bool isInitPlan(const PlanNode &node)
{
    return node.parentRelationship == QLatin1String("InitPlan");
}

bool isCte(const PlanNode &node)
{
    return isInitPlan(node) && node.subplanName.startsWith(QLatin1String("CTE"));
}

// Children that run as part of the parent's own work (not an InitPlan, a SubPlan or a CTE)
// share its parallel workers.
bool runsWithParent(const QJsonObject &child)
{
    const QString relationship = str(child, "Parent Relationship");
    return relationship != QLatin1String("InitPlan") && relationship != QLatin1String("SubPlan");
}

// Builds the plan in pre-order; children first get their figures so that the parent's
// exclusive values can subtract theirs (PEV2's order of computation).
class PlanBuilder {
public:
    explicit PlanBuilder(ExplainPlan *plan)
        : m_plan(plan)
    {}

    int add(const QJsonObject &object, int parent, int depth, int workers)
    {
        const int index = int(m_plan->nodes.size());
        m_plan->nodes.append(PlanNode{});
        PlanNode node = readNode(object);
        node.id = index + 1;
        node.parent = parent;
        node.depth = depth;
        const int ownWorkers =
            has(object, "Workers Launched") ? int(num(object, "Workers Launched")) : workers;
        node.workersLaunched = ownWorkers;
        for (const QJsonValue &child : object.value(QLatin1String("Plans")).toArray()) {
            const QJsonObject c = child.toObject();
            const bool shared = runsWithParent(c);
            node.children << add(c, index, depth + 1, shared ? ownWorkers : 0);
        }
        computeActuals(&node, workers);
        computeExclusives(&node);
        m_plan->nodes[index] = node;
        return index;
    }

private:
    static PlanNode readNode(const QJsonObject &object)
    {
        PlanNode node;
        node.raw = object;
        node.raw.remove(QLatin1String("Plans"));
        node.nodeType = str(object, "Node Type");
        node.strategy = str(object, "Strategy");
        node.operation = str(object, "Operation");
        node.relation = has(object, "Relation Name") ? str(object, "Relation Name")
                                                     : str(object, "Function Name");
        node.schema = str(object, "Schema");
        node.alias = str(object, "Alias");
        node.index = str(object, "Index Name");
        node.cteName = str(object, "CTE Name");
        node.joinType = str(object, "Join Type");
        node.parentRelationship = str(object, "Parent Relationship");
        node.subplanName = str(object, "Subplan Name");
        node.parallelAware = object.value(QLatin1String("Parallel Aware")).toBool();
        node.startupCost = num(object, "Startup Cost");
        node.totalCost = num(object, "Total Cost");
        node.planRows = num(object, "Plan Rows");
        node.sharedHit = qint64(num(object, "Shared Hit Blocks"));
        node.sharedRead = qint64(num(object, "Shared Read Blocks"));
        return node;
    }

    // The server reports times and rows per loop: times become totals over the loops, shared
    // among the processes of a parallel plan (the Gather's launched workers and its leader).
    void computeActuals(PlanNode *node, int workers) const
    {
        const QJsonObject &o = node->raw;
        if (!has(o, "Actual Total Time") && !has(o, "Actual Loops"))
            return;
        node->loops = num(o, "Actual Loops");
        node->executed = node->loops > 0;
        node->actualRows = num(o, "Actual Rows");
        node->inclusiveMs = num(o, "Actual Total Time") * node->loops / (workers + 1);
        double children = 0;
        for (int c : std::as_const(node->children)) {
            const PlanNode &child = m_plan->nodes.at(c);
            // An InitPlan runs where its value is first needed, which is not under its parent,
            // except for a Result node whose whole work is computing it.
            if (!isInitPlan(child) || node->nodeType == QLatin1String("Result"))
                children += child.inclusiveMs;
        }
        node->exclusiveMs = qMax(0.0, node->inclusiveMs - children);
        const double loops = qMax(1.0, node->loops);
        auto removed = [&](const char *key) {
            return has(o, key) ? qint64(std::llround(num(o, key) * loops)) : qint64(-1);
        };
        node->removedByFilter = removed("Rows Removed by Filter");
        node->removedByJoinFilter = removed("Rows Removed by Join Filter");
        node->removedByIndexRecheck = removed("Rows Removed by Index Recheck");
        if (node->executed) {
            // The planner never estimates fewer than one row; a node that returned none is
            // compared as if it returned one, so "planned 1, got 0" is no mis-estimate.
            const double actual = qMax(1.0, node->actualRows);
            const double planned = qMax(1.0, node->planRows);
            node->estimateFactor = actual >= planned ? actual / planned : planned / actual;
            if (node->actualRows > node->planRows)
                node->estimateDirection = EstimateDirection::Under;
            else if (node->actualRows < node->planRows)
                node->estimateDirection = EstimateDirection::Over;
        }
    }

    void computeExclusives(PlanNode *node) const
    {
        qint64 hit = 0;
        qint64 read = 0;
        for (int c : std::as_const(node->children)) {
            const PlanNode &child = m_plan->nodes.at(c);
            if (!child.subplanName.isEmpty())
                continue;
            hit += child.sharedHit;
            read += child.sharedRead;
        }
        node->exclusiveSharedHit = qMax<qint64>(0, node->sharedHit - hit);
        node->exclusiveSharedRead = qMax<qint64>(0, node->sharedRead - read);
    }

    ExplainPlan *m_plan;
};

// A CTE runs while its scans read it, so their times contain its own: each scan gives up its
// share of the CTE's time, in proportion to its own time.
void fixCteScans(ExplainPlan *plan)
{
    for (const PlanNode &cte : std::as_const(plan->nodes)) {
        if (!isCte(cte))
            continue;
        QList<int> scans;
        double scanTotal = 0;
        for (int i = 0; i < plan->nodes.size(); ++i) {
            const PlanNode &n = plan->nodes.at(i);
            if (!n.cteName.isEmpty() && QLatin1String("CTE ") + n.cteName == cte.subplanName) {
                scans << i;
                scanTotal += n.inclusiveMs;
            }
        }
        if (scanTotal <= 0)
            continue;
        for (int i : std::as_const(scans)) {
            PlanNode &scan = plan->nodes[i];
            scan.exclusiveMs =
                qMax(0.0, scan.exclusiveMs - cte.inclusiveMs * scan.inclusiveMs / scanTotal);
        }
    }
}

// An InitPlan's value is computed by the first node that needs it ("$0" in its filter, or
// "(InitPlan 1)" from PostgreSQL 17): that node's time contains the InitPlan's.
void fixInitPlanUsers(ExplainPlan *plan)
{
    static const QRegularExpression nameRx(
        QStringLiteral("^(InitPlan\\s+\\d+)(?:\\s+\\(returns\\s+(\\$\\d+)[^)]*\\))?"));
    for (const PlanNode &init : std::as_const(plan->nodes)) {
        if (!isInitPlan(init) || isCte(init))
            continue;
        const QRegularExpressionMatch m = nameRx.match(init.subplanName);
        if (!m.hasMatch())
            continue;
        const QString name = m.captured(2).isEmpty() ? m.captured(1) : m.captured(2);
        const QRegularExpression use(QRegularExpression::escape(name) + QStringLiteral("(?!\\d)"));
        for (PlanNode &user : plan->nodes) {
            if (isInitPlan(user) || user.exclusiveMs <= 0)
                continue;
            for (auto it = user.raw.constBegin(); it != user.raw.constEnd(); ++it) {
                if (it.value().isString() && use.match(it.value().toString()).hasMatch()) {
                    user.exclusiveMs = qMax(0.0, user.exclusiveMs - init.inclusiveMs);
                    break;
                }
            }
        }
    }
}

DbError planError(const QString &why)
{
    return DbError::plain(
        PlanMessages::tr("This is not an EXPLAIN (FORMAT JSON) plan: %1").arg(why));
}

} // namespace

QString PlanNode::title() const
{
    QString name = nodeType;
    if (nodeType == QLatin1String("Aggregate")) {
        if (strategy == QLatin1String("Hashed"))
            name = QStringLiteral("HashAggregate");
        else if (strategy == QLatin1String("Sorted"))
            name = QStringLiteral("GroupAggregate");
        else if (strategy == QLatin1String("Mixed"))
            name = QStringLiteral("MixedAggregate");
    } else if (nodeType == QLatin1String("ModifyTable") && !operation.isEmpty()) {
        name = operation;
    }
    if (!joinType.isEmpty() && joinType != QLatin1String("Inner")) {
        const QString base =
            nodeType.endsWith(QLatin1String(" Join")) ? nodeType.chopped(5) : nodeType;
        name = base + QLatin1Char(' ') + joinType + QLatin1String(" Join");
    }
    const QString partial = raw.value(QLatin1String("Partial Mode")).toString();
    if (!partial.isEmpty() && partial != QLatin1String("Simple"))
        name.prepend(partial + QLatin1Char(' '));
    if (parallelAware)
        name.prepend(QLatin1String("Parallel "));
    if (raw.value(QLatin1String("Scan Direction")).toString() == QLatin1String("Backward"))
        name += QLatin1String(" Backward");
    if (!index.isEmpty())
        name += QLatin1String(" using ") + index;
    const QString target = !relation.isEmpty() ? relation : cteName;
    if (!target.isEmpty()) {
        name += QLatin1String(" on ") + target;
        if (!alias.isEmpty() && alias != target)
            name += QLatin1Char(' ') + alias;
    } else if (!alias.isEmpty()) {
        name += QLatin1String(" on ") + alias;
    }
    return name;
}

double ExplainPlan::totalMs() const
{
    if (executionMs > 0)
        return executionMs;
    return nodes.isEmpty() ? 0 : root().inclusiveMs;
}

double ExplainPlan::timePercent(const PlanNode &node) const
{
    const double total = totalMs();
    return analyzed && total > 0 ? node.exclusiveMs * 100.0 / total : 0;
}

Severity ExplainPlan::slowSeverity(const PlanNode &node) const
{
    const double p = timePercent(node);
    return p > 90   ? Severity::Critical
           : p > 40 ? Severity::High
           : p > 10 ? Severity::Notable
                    : Severity::None;
}

Severity estimateSeverity(const PlanNode &node)
{
    const double f = node.estimateFactor;
    return f > 1000  ? Severity::Critical
           : f > 100 ? Severity::High
           : f > 10  ? Severity::Notable
                     : Severity::None;
}

Result<ExplainPlan> parsePlan(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        return planError(
            PlanMessages::tr("%1 at character %2").arg(error.errorString()).arg(error.offset));
    QJsonObject top;
    if (doc.isArray() && !doc.array().isEmpty())
        top = doc.array().first().toObject();
    else if (doc.isObject())
        top = doc.object();
    if (!top.value(QLatin1String("Plan")).isObject())
        return planError(PlanMessages::tr("no \"Plan\" object"));

    ExplainPlan plan;
    plan.json = json;
    const QJsonObject root = top.value(QLatin1String("Plan")).toObject();
    plan.analyzed = has(root, "Actual Loops");
    plan.hasBuffers = has(root, "Shared Hit Blocks");
    if (has(top, "Planning Time"))
        plan.planningMs = num(top, "Planning Time");
    if (has(top, "Execution Time"))
        plan.executionMs = num(top, "Execution Time");
    for (const QJsonValue &t : top.value(QLatin1String("Triggers")).toArray()) {
        const QJsonObject o = t.toObject();
        plan.triggers << TriggerTime{str(o, "Trigger Name"), str(o, "Relation"), num(o, "Time"),
                                     qint64(num(o, "Calls"))};
    }
    PlanBuilder(&plan).add(root, -1, 0, 0);
    if (plan.analyzed) {
        fixCteScans(&plan);
        fixInitPlanUsers(&plan);
    }
    return plan;
}

} // namespace dbx::model::explain
