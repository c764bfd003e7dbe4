#pragma once

#include "ui/querybuilder/editorscope.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace dbx::ui {

// Builds an output that is not a plain column: arithmetic between two columns
// (compensation - avg_workload_compensation AS compensation_diff).
// Widgets: combos "exprLeft", "exprOp", "exprRight", line edit "exprLabel", button "addExpression".
class ExpressionForm : public QWidget {
    Q_OBJECT
public:
    explicit ExpressionForm(QWidget *parent = nullptr);
    void setScope(const EditorScope &scope);
signals:
    void added(const dbx::model::query::SelectItem &item);

private:
    void add();
    EditorScope m_scope;
    QComboBox *m_left;
    QComboBox *m_op;
    QComboBox *m_right;
    QLineEdit *m_label;
    QPushButton *m_add;
};

// Builds a window column: function(argument) OVER (PARTITION BY ... ORDER BY ...), cast, label.
// Widgets: combos "windowFunction", "windowArgument", checkable list "windowPartition", combo
// "windowOrder" ((none) first), check box "windowOrderDesc", editable combo "windowCast", line
// edit "windowLabel", button "addWindow".
class WindowForm : public QWidget {
    Q_OBJECT
public:
    explicit WindowForm(QWidget *parent = nullptr);
    void setScope(const EditorScope &scope);
signals:
    void added(const dbx::model::query::SelectItem &item);

private:
    void add();
    void updateArgument();
    EditorScope m_scope;
    QComboBox *m_function;
    QComboBox *m_argument;
    QListWidget *m_partition;
    QComboBox *m_order;
    QCheckBox *m_descending;
    QComboBox *m_cast;
    QLineEdit *m_label;
    QPushButton *m_add;
};

} // namespace dbx::ui
