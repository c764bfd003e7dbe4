#pragma once

#include "model/catalog/schemasnapshot.h"
#include "model/query/querydef.h"

#include <QList>
#include <QWidget>

#include <memory>
#include <vector>

class QComboBox;
class QLabel;
class QPushButton;
class QToolButton;
class QVBoxLayout;

namespace dbx::ui {

// A compact bar above a table grid that builds a server-side filter from typed conditions:
// rows of [column][operator][value][remove], all of them or any of them matching. Operators and
// value editors follow the column's type (text, number, date/time, enum, boolean), numbers and
// dates are checked before they reach the server, and the result is a query::Filter (the one
// filter model, rendered by the same generator as the query builder's), never SQL text. Text
// operators match case unless the row's "Aa" (ignore case) is on.
class FilterBar : public QWidget {
    Q_OBJECT
public:
    // IS NULL and IS NOT NULL: the operators without a value.
    using Op = model::query::Filter::Op;
    static bool takesNoValue(Op op);
    FilterBar(const model::TableInfo &table, const model::SchemaSnapshot &snapshot,
              QWidget *parent = nullptr);
    ~FilterBar() override;

    // What the rows describe now (applied or not). Nested groups given to setFilter() that the
    // bar cannot show are kept and returned unchanged.
    model::query::Filter filter() const;
    // The filter of the last Apply or Clear.
    const model::query::Filter &appliedFilter() const { return m_applied; }
    // Shows `filter` as rows, without applying it. Conditions on columns the table does not
    // have are left out.
    void setFilter(const model::query::Filter &filter);
    // Adds one condition row (for "Filter by this value"); `value` is a single value, or a list
    // for BETWEEN and IN. Call apply() to run it.
    void addCondition(const QString &column, Op op, const QVariant &value,
                      bool ignoreCase = false);

    int conditionCount() const { return int(m_rows.size()); }
    // Why Apply is refused (a value that is not a number, an empty IN list); empty when it is not.
    QString validationError() const;

    // Emits filterChanged() with filter(), unless a value is invalid (then returns false).
    bool apply();
    // Removes every condition and emits filterChanged() with an empty filter.
    void clear();

signals:
    void filterChanged(const dbx::model::query::Filter &filter);

private:
    // How a column is filtered: which operators are offered, which editor takes the value.
    enum class Kind { Text, Number, DateTime, Enum, Boolean };
    // What a value must look like before it is sent; None leaves it to the server.
    enum class Check { None, Integer, Decimal, Date, Time, Timestamp };
    struct Row;

    static QString operatorName(Op op);
    static bool isTextOperator(Op op);
    Row *addRow(int column);
    void removeRow(Row *row);
    void removeAllRows();
    void fillOperators(Row *row);
    void selectOperator(Row *row, Op op, const QVariantList &values);
    void setValues(Row *row, const QVariantList &values);
    void updateEditors(Row *row);
    model::query::Filter condition(const Row *row) const;
    QVariantList rowValues(const Row *row) const;
    QString valueError(int column, const QString &text) const;
    QString rowError(const Row *row) const;
    void validate();
    void showProblem(const QString &text);
    void updateSummary();
    Kind kindOf(int column) const;
    Check checkOf(int column) const;
    QStringList enumLabels(int column) const;
    int columnIndex(const QString &name) const;

    model::TableInfo m_table;
    QList<QStringList> m_enumLabels; // per column; empty when the column is no enum
    QList<model::query::Filter> m_keptGroups;
    model::query::Filter::Logic m_logic = model::query::Filter::Logic::And;
    model::query::Filter m_applied;
    std::vector<std::unique_ptr<Row>> m_rows;
    QVBoxLayout *m_rowsLayout;
    QComboBox *m_match;
    QToolButton *m_add;
    QLabel *m_summary;
    QLabel *m_problem;
    QPushButton *m_apply;
    QPushButton *m_clear;
};

} // namespace dbx::ui
