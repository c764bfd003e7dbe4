#include "model/explain/plantext.h"

#include <QJsonArray>
#include <QStringList>

namespace dbx::model::explain {

namespace {

QString fixed(double value, int decimals)
{
    return QString::number(value, 'f', decimals);
}

QString figures(const PlanNode &node, bool analyzed)
{
    QString text = QStringLiteral("  (cost=%1..%2 rows=%3 width=%4)")
                       .arg(fixed(node.startupCost, 2), fixed(node.totalCost, 2))
                       .arg(qint64(node.planRows))
                       .arg(node.raw.value(QLatin1String("Plan Width")).toInt());
    if (!analyzed)
        return text;
    if (!node.executed)
        return text + QLatin1String(" (never executed)");
    return text +
           QStringLiteral(" (actual time=%1..%2 rows=%3 loops=%4)")
               .arg(fixed(node.raw.value(QLatin1String("Actual Startup Time")).toDouble(), 3),
                    fixed(node.raw.value(QLatin1String("Actual Total Time")).toDouble(), 3))
               .arg(qint64(node.actualRows))
               .arg(qint64(node.loops));
}

// The properties EXPLAIN's text form lists under a node, in its order.
const char *const kDetailKeys[] = {
    "Output",
    "Group Key",
    "Sort Key",
    "Presorted Key",
    "Hash Cond",
    "Merge Cond",
    "Join Filter",
    "Index Cond",
    "Recheck Cond",
    "Filter",
    "Rows Removed by Join Filter",
    "Rows Removed by Filter",
    "Rows Removed by Index Recheck",
    "One-Time Filter",
    "Cache Key",
    "Sort Method",
    "Workers Planned",
    "Workers Launched",
    "Heap Fetches",
};

QString valueText(const QJsonValue &value)
{
    if (value.isArray()) {
        QStringList parts;
        for (const QJsonValue &v : value.toArray())
            parts << v.toVariant().toString();
        return parts.join(QLatin1String(", "));
    }
    return value.toVariant().toString();
}

QString buffersLine(const PlanNode &node)
{
    QStringList shared;
    const auto add = [&](const char *key, const char *word) {
        const qint64 v = qint64(node.raw.value(QLatin1String(key)).toDouble());
        if (v > 0)
            shared << QStringLiteral("%1=%2").arg(QLatin1String(word)).arg(v);
    };
    add("Shared Hit Blocks", "hit");
    add("Shared Read Blocks", "read");
    add("Shared Dirtied Blocks", "dirtied");
    add("Shared Written Blocks", "written");
    return shared.isEmpty() ? QString() : QLatin1String("shared ") + shared.join(QLatin1Char(' '));
}

void writeNode(const ExplainPlan &plan, int index, int indent, QStringList *lines)
{
    const PlanNode &node = plan.nodes.at(index);
    const QString pad(indent, QLatin1Char(' '));
    const bool root = node.parent < 0;
    if (!node.subplanName.isEmpty())
        lines->append(pad + node.subplanName);
    const QString lead = root ? QString()
                              : (node.subplanName.isEmpty() ? pad : pad + QLatin1String("  ")) +
                                    QLatin1String("->  ");
    lines->append(lead + node.title() + figures(node, plan.analyzed));
    const QString detailPad(lead.size() + 2, QLatin1Char(' '));
    for (const char *key : kDetailKeys) {
        const QJsonValue value = node.raw.value(QLatin1String(key));
        if (value.isUndefined())
            continue;
        // As in the server's text form, a count of removed rows shows only when there are any.
        if (qstrncmp(key, "Rows Removed", 12) == 0 && value.toDouble() <= 0)
            continue;
        QString text = valueText(value);
        if (qstrcmp(key, "Sort Method") == 0)
            text += QStringLiteral("  Memory: %1kB")
                        .arg(node.raw.value(QLatin1String("Sort Space Used")).toInt());
        lines->append(detailPad + QLatin1String(key) + QLatin1String(": ") + text);
    }
    const QString buffers = buffersLine(node);
    if (!buffers.isEmpty())
        lines->append(detailPad + QLatin1String("Buffers: ") + buffers);
    for (int child : node.children)
        writeNode(plan, child, lead.size() + 2, lines);
}

} // namespace

QString planText(const ExplainPlan &plan)
{
    if (plan.nodes.isEmpty())
        return {};
    QStringList lines;
    writeNode(plan, 0, 0, &lines);
    if (plan.planningMs >= 0)
        lines << QStringLiteral("Planning Time: %1 ms").arg(fixed(plan.planningMs, 3));
    for (const TriggerTime &t : plan.triggers)
        lines << QStringLiteral("Trigger %1: time=%2 calls=%3")
                     .arg(t.name, fixed(t.timeMs, 3))
                     .arg(t.calls);
    if (plan.executionMs >= 0)
        lines << QStringLiteral("Execution Time: %1 ms").arg(fixed(plan.executionMs, 3));
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

} // namespace dbx::model::explain
