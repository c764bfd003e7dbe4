#pragma once

#include "ui/querybuilder/filtervalueeditors.h"

#include <QWidget>

#include <optional>

class QComboBox;
class QHBoxLayout;
class QLabel;
class QToolButton;

namespace dbx::ui {

// One condition of the filter tree: [aggregate] column operator value(s), each a real widget
// with a fixed objectName ("aggregate", "column", "op", "ignoreCase", "value", "value2") so
// tests and the
// panel drive it as a user would. The value editors follow the column's type and the
// operator's shape and are rebuilt only when one of those changes, keeping what was typed.
class FilterConditionRow : public QWidget {
    Q_OBJECT
public:
    explicit FilterConditionRow(QWidget *parent = nullptr);

    void setColumns(const QList<model::query::ScopeColumn> &columns,
                    const QList<filtervalues::EditorType> &types);
    void setAggregateMode(bool on);
    // HAVING: the aggregated outputs of the select list, offered beside the columns under
    // their labels ("avg_compensation" compares avg(compensation)).
    void setOutputs(const QList<model::query::SelectItem> &outputs);
    model::query::Filter condition() const;
    void setCondition(const model::query::Filter &condition); // does not emit changed
    // A new condition on `left` (a column, or an aggregate in HAVING) with the comparison
    // most often meant for it: contains for text, greater than for aggregates.
    void start(const model::query::Expr &left,
               std::optional<model::query::Filter::Op> op = std::nullopt);
    // The comparisons offered for `left`, in display order.
    QList<model::query::Filter::Op> opsFor(const model::query::Expr &left) const;
    void focusValue();
    // Added by the user just now (not read from a filter); until it is edited and while it
    // lacks a value it is blank: not part of the query, so it raises no problem yet.
    void markFresh();
    bool isBlank() const;

signals:
    void changed();

private:
    // count(*) has no column; it sits in the aggregate combo under this marker.
    static constexpr int kCountAll = -1;

    filtervalues::EditorType currentType() const;
    model::query::Expr::Function currentFunction() const;
    model::query::Filter::Op currentOp() const;
    int columnIndex(const QString &source, const QString &name) const;
    int currentOutput() const;
    int outputIndex(const model::query::Expr &left) const;
    void fillColumnCombo();
    void fillOps(model::query::Filter::Op wanted);
    void rebuildEditors();
    void onShapeChanged();
    void emitChanged();

    QList<model::query::ScopeColumn> m_columns;
    QList<filtervalues::EditorType> m_types;
    QList<model::query::SelectItem> m_outputs;
    QComboBox *m_aggregate = nullptr;
    QComboBox *m_column = nullptr;
    QComboBox *m_op = nullptr;
    QToolButton *m_ignoreCase = nullptr; // contains / starts with / ends with: ILIKE
    QHBoxLayout *m_valueLayout = nullptr;
    QHBoxLayout *m_secondLine = nullptr;
    QWidget *m_value = nullptr;
    QLabel *m_and = nullptr;
    QWidget *m_value2 = nullptr;
    // What the current editors were built for, to rebuild them only when it changes.
    filtervalues::ValueType m_editorType = filtervalues::ValueType::Text;
    QStringList m_editorLabels;
    int m_editorShape = -1; // 0 none, 1 single, 2 between, 3 list
    std::optional<model::query::Expr> m_unknownLeft;
    std::optional<QList<model::query::Expr>> m_unknownRight;
    bool m_quiet = false;
    bool m_fresh = false;
    bool m_edited = false;
};

} // namespace dbx::ui
