#pragma once

#include "model/catalog/schemasnapshot.h"
#include "model/query/querydef.h"
#include "model/query/queryscope.h"

#include <QList>
#include <QWidget>

#include <optional>

class QMenu;
class QTreeWidget;
class QTreeWidgetItem;
class QToolButton;

namespace dbx::ui {

class FilterConditionRow;

// Edits a WHERE or HAVING filter (model::query::Filter) as a tree of AND/OR groups and
// conditions, producing the AST and never SQL text. Each condition's value editor follows the
// column's type (enum labels, date pickers, validated numbers), so the filter carries values of
// the right QVariant type: qint64 for integer columns, double for other numbers and for avg(),
// QString for text and enums, QDate, QDateTime, bool.
//
// Driving it from a test or the panel:
// - Buttons (QToolButton): "addCondition", "addGroup", "removeItem". The tree is the
//   QTreeWidget "filterTree"; its single top-level item is the root group, which cannot be
//   removed. Each item's widget is tree->itemWidget(item, 0), also reachable by path with
//   rowWidget(path): {} is the root group, {1} its second child, {1, 0} that child's first child.
// - A group row holds the QComboBox "logic" (index 0 AND, 1 OR; userData the int of
//   Filter::Logic). A new group starts with the opposite logic of the group it is added to and
//   becomes the current item, so the next "Add Condition" lands inside it.
// - A condition row holds the QComboBoxes "aggregate" (aggregate mode only: "(none)", "count(*)",
//   count, count distinct, sum, avg, min, max; userData int(Expr::Function), -1 for count(*)),
//   "column" ("source.column", userData the index into setColumns' list) and "op" (userData
//   int(Filter::Op)), then the value editor "value" and, for between, "value2". The editors are
//   rebuilt when the type or the operator's shape changes: look them up again after changing
//   "column", "aggregate" or "op". In takes comma-separated values in one QLineEdit "value".
// - "Add Condition" adds to the current group, or to the group of the current condition, or to
//   the root; the new condition becomes current. Its menu (the arrow) adds one on a chosen
//   column, or in HAVING on an aggregated output or count(*).
class FilterTreeEditor : public QWidget {
    Q_OBJECT
public:
    explicit FilterTreeEditor(QWidget *parent = nullptr);

    // What conditions can compare: the columns in scope, and the snapshot for enum labels.
    void setColumns(const QList<model::query::ScopeColumn> &columns,
                    const model::SchemaSnapshot &snapshot);
    // HAVING: a condition's left side may be an aggregate of a column, or count(*).
    void setAggregateMode(bool on);
    bool aggregateMode() const { return m_aggregateMode; }
    // HAVING: the select list, whose aggregated outputs are offered by their labels.
    void setOutputs(const QList<model::query::SelectItem> &outputs);
    model::query::Filter filter() const;
    // The filter without the conditions just added and not filled in yet: what the query
    // uses, so that a condition being written raises no problem before it is edited.
    model::query::Filter completeFilter() const;
    void setFilter(const model::query::Filter &filter); // does not emit filterChanged

    QTreeWidget *tree() const { return m_tree; }
    QWidget *rowWidget(const QList<int> &path) const;
    QTreeWidgetItem *itemAt(const QList<int> &path) const;

public slots:
    void addCondition();
    // A condition on `left` (a column, or an aggregate in HAVING), its value editor focused.
    // The "Add Condition" button's menu offers the columns (and outputs) for this.
    void addConditionOn(const model::query::Expr &left,
                        std::optional<model::query::Filter::Op> op = std::nullopt);
    void addGroup();
    void removeCurrent();

signals:
    void filterChanged();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void selectRowOf(QWidget *widget);
    QTreeWidgetItem *targetGroup() const;
    QTreeWidgetItem *insertGroup(QTreeWidgetItem *parent, model::query::Filter::Logic logic);
    FilterConditionRow *insertCondition(QTreeWidgetItem *parent);
    void build(QTreeWidgetItem *parent, const model::query::Filter &group);
    model::query::Filter read(const QTreeWidgetItem *item, bool completeOnly = false) const;
    void fillConditionMenu();
    void addChoice(QMenu *menu, const FilterConditionRow &probe, const QString &text,
                   const model::query::Expr &left);
    void updateButtons();
    QList<QTreeWidgetItem *> allItems() const;
    QList<FilterConditionRow *> conditionRows() const;
    QTreeWidgetItem *itemOf(const QWidget *row) const;
    void refreshSizes();

    QTreeWidget *m_tree = nullptr;
    QToolButton *m_addCondition = nullptr;
    QToolButton *m_addGroup = nullptr;
    QToolButton *m_remove = nullptr;
    QList<model::query::ScopeColumn> m_columns;
    QList<model::query::SelectItem> m_outputs;
    model::SchemaSnapshot m_snapshot;
    bool m_aggregateMode = false;
};

} // namespace dbx::ui
