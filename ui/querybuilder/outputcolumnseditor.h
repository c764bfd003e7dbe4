#pragma once

#include "ui/querybuilder/editorscope.h"

#include <QWidget>

class QTreeWidget;
class QTreeWidgetItem;

namespace dbx::ui {

class ExpressionForm;
class WindowForm;

// The SELECT list of one query level. Left, the sources with a check box per column (checked:
// selected) and one per source for "all columns (*)"; right, the outputs in order, each with an
// aggregate, a cast and a label, plus forms that add arithmetic and window columns.
// Widgets: tree "columnTree" (top-level item per source, its children the columns; column 0
// checkable); tree "outputList" (row n: column 1 combo "aggregate", 2 editable combo "cast",
// 3 line edit "label", 4 button "removeOutput"); ExpressionForm and WindowForm (see there).
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
        QString cast;
    };
    static Parts split(const model::query::Expr &expr);
    static model::query::Expr compose(const Parts &parts);

signals:
    void changed();

private:
    void fillTree();
    void fillOutputs();
    void syncChecks();
    void onItemChanged(QTreeWidgetItem *item);
    void addOutput(const model::query::SelectItem &item);
    void setAggregate(int row, int index);
    void setCast(int row, const QString &cast);

    EditorScope m_scope;
    QList<model::query::SelectItem> m_select;
    QTreeWidget *m_tree;
    QTreeWidget *m_outputs;
    ExpressionForm *m_expression;
    WindowForm *m_window;
    bool m_filling = false;
};

} // namespace dbx::ui
