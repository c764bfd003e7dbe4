#pragma once

#include "ui/edit/filterbar.h"

#include <QComboBox>

class QLabel;
class QLineEdit;
class QListWidget;
class QToolButton;

namespace dbx::ui {

// One condition row of the filter bar: its widgets, shared by the files that build the rows
// and the one that reads conditions from them.
constexpr int FilterOpRole = Qt::UserRole;
constexpr int FilterFixedRole = Qt::UserRole + 1;

struct FilterBar::Row {
    QWidget *widget = nullptr;
    QComboBox *column = nullptr;
    QComboBox *op = nullptr;
    QLineEdit *value = nullptr;
    QLabel *and_ = nullptr;
    QLineEdit *value2 = nullptr;
    QComboBox *enumValue = nullptr;
    QListWidget *enumValues = nullptr;
    QToolButton *ignoreCase = nullptr;
    QToolButton *remove = nullptr;

    FilterBar::Op currentOp() const { return FilterBar::Op(op->currentData(FilterOpRole).toInt()); }
    QString fixedValue() const { return op->currentData(FilterFixedRole).toString(); }
};

} // namespace dbx::ui
