#pragma once

#include "ui/querybuilder/editorscope.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QPushButton;
class QSpinBox;
class QTreeWidget;

namespace dbx::ui {

// ORDER BY, LIMIT, OFFSET and DISTINCT of one query level. Each order row picks an output
// label or a column in scope, a direction and where NULLs go.
// Widgets: tree "orderList" (row n: column 0 combo "orderColumn", 1 combo "orderDirection"
// (asc, desc), 2 combo "orderNulls" (default, first, last), 3 button "removeOrder"), button
// "addOrder", spin boxes "limit" and "offset" (0: none), check box "distinct".
class OrderLimitEditor : public QWidget {
    Q_OBJECT
public:
    explicit OrderLimitEditor(QWidget *parent = nullptr);

    void load(const model::query::Query &query, const EditorScope &scope);
    void store(model::query::Query &query) const;

signals:
    void changed();

private:
    void fillOrder();
    // What ORDER BY may name: the outputs' labels first, then the columns in scope.
    QList<model::query::Expr> m_choices;
    QStringList m_choiceTexts;
    QList<model::query::OrderItem> m_order;
    QTreeWidget *m_list;
    QPushButton *m_add;
    QSpinBox *m_limit;
    QSpinBox *m_offset;
    QCheckBox *m_distinct;
    bool m_filling = false;
};

} // namespace dbx::ui
