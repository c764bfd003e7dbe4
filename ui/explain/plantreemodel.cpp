#include "ui/explain/plantreemodel.h"

#include <QColor>
#include <QLocale>

namespace dbx::ui {

using model::explain::EstimateDirection;
using model::explain::PlanNode;
using model::explain::Severity;

namespace {

QString ms(double value)
{
    const int decimals = value < 10 ? 3 : value < 1000 ? 2 : 0;
    return PlanTreeModel::tr("%1 ms").arg(QLocale().toString(value, 'f', decimals));
}

QString count(double value)
{
    return QLocale().toString(qint64(value));
}

} // namespace

PlanTreeModel::PlanTreeModel(QObject *parent)
    : QAbstractItemModel(parent)
{}

void PlanTreeModel::setPlan(const model::explain::ExplainPlan &plan)
{
    beginResetModel();
    m_plan = plan;
    endResetModel();
}

QModelIndex PlanTreeModel::indexOfNode(int node) const
{
    if (node < 0 || node >= m_plan.nodes.size())
        return {};
    const int parent = m_plan.nodes.at(node).parent;
    const int row = parent < 0 ? 0 : int(m_plan.nodes.at(parent).children.indexOf(node));
    return createIndex(row, 0, quintptr(node));
}

QColor PlanTreeModel::tint(Severity severity)
{
    switch (severity) {
    case Severity::Notable:
        return QColor(255, 193, 7, 80); // amber
    case Severity::High:
        return QColor(253, 126, 20, 120); // orange
    case Severity::Critical:
        return QColor(220, 53, 69, 140); // red
    case Severity::None:
        break;
    }
    return {};
}

QString PlanTreeModel::slowBadge(Severity severity, double percent)
{
    if (severity == Severity::None)
        return {};
    return QString(int(severity), QLatin1Char('!')) + QLatin1Char(' ') +
           tr("slow %1%").arg(qRound(percent));
}

QString PlanTreeModel::estimateBadge(Severity severity, double factor, EstimateDirection direction)
{
    if (severity == Severity::None)
        return {};
    const QString way = direction == EstimateDirection::Under ? tr("under") : tr("over");
    return QString(int(severity), QLatin1Char('!')) + QLatin1Char(' ') +
           tr("rows ×%1 %2").arg(QLocale().toString(qint64(qRound64(factor))), way);
}

QModelIndex PlanTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, quintptr(0));
    const PlanNode &p = m_plan.nodes.at(int(parent.internalId()));
    return createIndex(row, column, quintptr(p.children.at(row)));
}

QModelIndex PlanTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    const int parent = m_plan.nodes.at(int(child.internalId())).parent;
    return parent < 0 ? QModelIndex() : indexOfNode(parent);
}

int PlanTreeModel::rowCount(const QModelIndex &parent) const
{
    if (m_plan.nodes.isEmpty())
        return 0;
    if (!parent.isValid())
        return 1;
    if (parent.column() != 0)
        return 0;
    return int(m_plan.nodes.at(int(parent.internalId())).children.size());
}

int PlanTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QString PlanTreeModel::text(const PlanNode &node, int column) const
{
    const bool analyzed = m_plan.analyzed;
    const bool ran = analyzed && node.executed;
    switch (column) {
    case Node:
        return node.subplanName.isEmpty() ? node.title()
                                          : node.subplanName + QLatin1String(": ") + node.title();
    case Exclusive:
        if (!ran)
            return analyzed ? tr("never executed") : QString();
        return ms(node.exclusiveMs) +
               QStringLiteral("  %1%").arg(QLocale().toString(m_plan.timePercent(node), 'f', 1));
    case Inclusive:
        return ran ? ms(node.inclusiveMs) : QString();
    case Rows: {
        const QString planned = count(node.planRows * qMax(1.0, node.loops));
        if (!ran)
            return planned;
        QString arrow;
        if (node.estimateDirection == EstimateDirection::Under)
            arrow = QStringLiteral(" ▲");
        else if (node.estimateDirection == EstimateDirection::Over)
            arrow = QStringLiteral(" ▼");
        return tr("%1 → %2 (×%3%4)")
            .arg(planned, count(node.actualRows * node.loops),
                 QLocale().toString(node.estimateFactor, 'f', node.estimateFactor < 10 ? 1 : 0),
                 arrow);
    }
    case Loops:
        return ran ? count(node.loops) : QString();
    case Buffers:
        if (!m_plan.hasBuffers)
            return {};
        return tr("hit %1 · read %2")
            .arg(count(double(node.exclusiveSharedHit)), count(double(node.exclusiveSharedRead)));
    case Removed: {
        QStringList parts;
        if (node.removedByFilter >= 0)
            parts << tr("filter %1").arg(count(double(node.removedByFilter)));
        if (node.removedByJoinFilter >= 0)
            parts << tr("join filter %1").arg(count(double(node.removedByJoinFilter)));
        if (node.removedByIndexRecheck >= 0)
            parts << tr("recheck %1").arg(count(double(node.removedByIndexRecheck)));
        return parts.join(QStringLiteral(" · "));
    }
    case Flags:
        return flags(node);
    }
    return {};
}

QString PlanTreeModel::flags(const PlanNode &node) const
{
    QStringList badges;
    badges << slowBadge(m_plan.slowSeverity(node), m_plan.timePercent(node));
    badges << estimateBadge(model::explain::estimateSeverity(node), node.estimateFactor,
                            node.estimateDirection);
    badges.removeAll(QString());
    return badges.join(QLatin1String("  "));
}

QVariant PlanTreeModel::background(const PlanNode &node, int column) const
{
    const Severity slow = m_plan.slowSeverity(node);
    const Severity estimate = model::explain::estimateSeverity(node);
    switch (column) {
    case Exclusive:
        return slow == Severity::None ? QVariant() : QVariant(tint(slow));
    case Rows:
        return estimate == Severity::None ? QVariant() : QVariant(tint(estimate));
    case Flags: {
        const Severity worst = qMax(slow, estimate);
        return worst == Severity::None ? QVariant() : QVariant(tint(worst));
    }
    default:
        return {};
    }
}

QVariant PlanTreeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const int nodeIndex = int(index.internalId());
    const PlanNode &node = m_plan.nodes.at(nodeIndex);
    switch (role) {
    case Qt::DisplayRole:
        return text(node, index.column());
    case Qt::ToolTipRole:
        if (index.column() == Node)
            return node.title();
        return text(node, index.column());
    case Qt::BackgroundRole:
        return background(node, index.column());
    case Qt::TextAlignmentRole:
        if (index.column() != Node && index.column() != Flags && index.column() != Removed)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case NodeIndexRole:
        return nodeIndex;
    case SlowSeverityRole:
        return int(m_plan.slowSeverity(node));
    case EstimateSeverityRole:
        return int(model::explain::estimateSeverity(node));
    default:
        return {};
    }
}

QVariant PlanTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Node:
        return tr("Node");
    case Exclusive:
        return tr("Exclusive");
    case Inclusive:
        return tr("Inclusive");
    case Rows:
        return tr("Rows planned → actual");
    case Loops:
        return tr("Loops");
    case Buffers:
        return tr("Shared buffers");
    case Removed:
        return tr("Rows removed");
    case Flags:
        return tr("Flags");
    }
    return {};
}

} // namespace dbx::ui
