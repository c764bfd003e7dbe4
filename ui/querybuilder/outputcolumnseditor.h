#pragma once

#include "ui/querybuilder/editorscope.h"

#include <QWidget>

class QScrollArea;
class QToolButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace dbx::ui {

class ExpressionForm;
class WindowForm;

// The SELECT list of one query level. Left, the sources with a check box per column (checked:
// selected) and one per source for "all columns (*)"; right, the outputs in order, each with an
// aggregate (count(*) among them), a cast and a label, plus forms that add arithmetic and window
// columns, folded away until asked for. An aggregate chosen on an output without a label names
// it ("avg_compensation"). A column's context menu adds it aggregated or filters on it; an
// aggregated output's context menu puts a condition on it (HAVING).
// Widgets: tree "columnTree" (top-level item per source, its children the columns; column 0
// checkable); tree "outputList" (row n: column 1 combo "aggregate", 2 editable combo "cast",
// 3 line edit "label", 4 button "removeOutput"); tool button "computedToggle" showing the
// ExpressionForm and WindowForm (see there).
class OutputColumnsEditor : public QWidget {
    Q_OBJECT
public:
    explicit OutputColumnsEditor(QWidget *parent = nullptr);

    void load(const model::query::Query &query, const EditorScope &scope);
    void store(model::query::Query &query) const;

    // An output split into what its row edits: base expression, aggregate, cast.
    struct Parts {
        model::query::Expr base;
        model::query::Expr::Function aggregate = model::query::Expr::Function::None;
        bool countAll = false; // count(*): the base is then all columns
        QString cast;
    };
    static Parts split(const model::query::Expr &expr);
    static model::query::Expr compose(const Parts &parts);
    // The label an aggregated output gets when none was typed: "avg_compensation", "count".
    static QString defaultLabel(const Parts &parts);

    // The context menus' actions, as a user reaches them (for tests).
    void addAggregated(const QString &source, const QString &column,
                       model::query::Expr::Function function);

signals:
    void changed();
    // "Filter on this column": a WHERE condition on it, to be filled in.
    void filterRequested(const dbx::model::query::Expr &column);
    // "Condition on this output": a HAVING condition on the aggregate, to be filled in.
    void havingRequested(const dbx::model::query::Expr &aggregate);

private:
    void fillTree();
    void fillOutputs();
    void syncChecks();
    void onItemChanged(QTreeWidgetItem *item);
    void addOutput(const model::query::SelectItem &item);
    void setAggregate(int row, int index);
    void setCast(int row, const QString &cast);
    QString outputText(const model::query::Expr &base) const;
    void showColumnMenu(const QPoint &at);
    void showOutputMenu(const QPoint &at);
    QWidget *buildForms();

    EditorScope m_scope;
    QList<model::query::SelectItem> m_select;
    QTreeWidget *m_tree;
    QTreeWidget *m_outputs;
    ExpressionForm *m_expression;
    WindowForm *m_window;
    QToolButton *m_formsToggle = nullptr;
    QScrollArea *m_forms = nullptr;
    bool m_filling = false;
};

} // namespace dbx::ui
