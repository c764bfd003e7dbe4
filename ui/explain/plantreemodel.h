#pragma once

#include "model/explain/explainplan.h"

#include <QAbstractItemModel>

namespace dbx::ui {

// The nodes of one plan as a tree for a QTreeView: one row per node with its times, rows,
// loops, buffers and removed rows, and PEV2's highlights (slow nodes, mis-estimates) as a
// background tint of the cell concerned and a text badge in the Flags column, so the level
// reads without colour too. Tints are translucent: they lie on the palette's own base colour
// and keep its text readable in light and dark themes alike.
class PlanTreeModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column { Node, Exclusive, Inclusive, Rows, Loops, Buffers, Removed, Flags, ColumnCount };
    enum Role {
        NodeIndexRole = Qt::UserRole + 1, // index into ExplainPlan::nodes
        SlowSeverityRole,                 // int of model::explain::Severity
        EstimateSeverityRole,
    };

    explicit PlanTreeModel(QObject *parent = nullptr);

    void setPlan(const model::explain::ExplainPlan &plan);
    const model::explain::ExplainPlan &plan() const { return m_plan; }
    QModelIndex indexOfNode(int node) const;

    // The colour PEV2's level is shown in (translucent, see the class comment).
    static QColor tint(model::explain::Severity severity);
    // "!!! slow 97%" / "!! rows ×150 under": the level as text.
    static QString slowBadge(model::explain::Severity severity, double percent);
    static QString estimateBadge(model::explain::Severity severity, double factor,
                                 model::explain::EstimateDirection direction);

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QString text(const model::explain::PlanNode &node, int column) const;
    QString flags(const model::explain::PlanNode &node) const;
    QVariant background(const model::explain::PlanNode &node, int column) const;

    model::explain::ExplainPlan m_plan;
};

} // namespace dbx::ui
