#pragma once

#include "model/catalog/schemasnapshot.h"
#include "model/query/querydef.h"
#include "model/query/queryscope.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <functional>

class QObject;
class QWidget;

namespace dbx::ui {

// The typed side of a filter condition: which kind of value a column (or an aggregate of it)
// compares with, which operators make sense for it, and the editor that produces a QVariant of
// the right type. Kept apart from the row widget so the rules can be read (and changed) in one
// place, and so the operator words stay identical wherever the builder shows them.
namespace filtervalues {

enum class ValueType { Text, Integer, Decimal, Boolean, Enum, Date, DateTime, Other };

struct EditorType {
    ValueType type = ValueType::Text;
    QStringList enumLabels; // ValueType::Enum
};

EditorType editorType(const model::query::ScopeColumn &column,
                      const model::SchemaSnapshot &snapshot);
// What an aggregate of `column` yields: count → integer, avg → decimal, sum keeps the numeric
// kind, min/max keep the column's type.
EditorType aggregateType(model::query::Expr::Function function, const EditorType &column);

QString opLabel(model::query::Filter::Op op);
// In display order.
QList<model::query::Filter::Op> opsFor(ValueType type);
// How many value editors an operator needs: 0, 1 or 2; In takes one list editor.
int valueCount(model::query::Filter::Op op);

// `list`: one line edit taking comma-separated values (the In operator).
QWidget *createEditor(const EditorType &type, bool list, QWidget *parent);
// An invalid QVariant when the editor holds nothing usable.
QVariant value(const QWidget *editor, const EditorType &type);
QList<QVariant> listValues(const QWidget *editor, const EditorType &type);
void setValue(QWidget *editor, const EditorType &type, const QVariant &value);
void setListValues(QWidget *editor, const QList<QVariant> &values);
// Calls `changed` on every edit the user makes in `editor`.
void onEdited(QWidget *editor, QObject *context, const std::function<void()> &changed);

} // namespace filtervalues
} // namespace dbx::ui
