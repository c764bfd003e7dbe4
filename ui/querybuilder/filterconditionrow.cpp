#include "ui/querybuilder/filterconditionrow.h"

#include "ui/querybuilder/exprtext.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QToolButton>
#include <QVBoxLayout>

namespace dbx::ui {

using model::query::Expr;
using model::query::Filter;
using Function = Expr::Function;
using Op = Filter::Op;
namespace fv = filtervalues;

namespace {

int shapeOf(Op op)
{
    if (op == Op::In)
        return 3;
    return fv::valueCount(op);
}

QString columnLabel(const model::query::ScopeColumn &column)
{
    return column.source.isEmpty() ? column.name : column.source + u'.' + column.name;
}

// Outputs sit in the column combo after the columns, their data offset by this much.
constexpr int kOutputBase = 1 << 20;

// What HAVING compares for an output: the aggregate itself, without the output's cast.
Expr comparedOf(const model::query::SelectItem &item)
{
    Expr e = item.expr;
    e.cast.clear();
    return e;
}

} // namespace

FilterConditionRow::FilterConditionRow(QWidget *parent)
    : QWidget(parent)
{
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 1, 2, 1);
    outer->setSpacing(2);
    auto *layout = new QHBoxLayout;
    layout->setSpacing(3);
    outer->addLayout(layout);
    // Two values side by side, or a date and time, would be squeezed unreadable in a narrow
    // panel: those get a line of their own.
    m_secondLine = new QHBoxLayout;
    m_secondLine->setSpacing(3);
    outer->addLayout(m_secondLine);

    m_aggregate = new QComboBox(this);
    m_aggregate->setObjectName(QStringLiteral("aggregate"));
    m_aggregate->setToolTip(tr("Compare an aggregate of the column (HAVING)"));
    m_aggregate->addItem(tr("(none)"), int(Function::None));
    m_aggregate->addItem(QStringLiteral("count(*)"), kCountAll);
    m_aggregate->addItem(QStringLiteral("count"), int(Function::Count));
    m_aggregate->addItem(tr("count distinct"), int(Function::CountDistinct));
    m_aggregate->addItem(QStringLiteral("sum"), int(Function::Sum));
    m_aggregate->addItem(QStringLiteral("avg"), int(Function::Avg));
    m_aggregate->addItem(QStringLiteral("min"), int(Function::Min));
    m_aggregate->addItem(QStringLiteral("max"), int(Function::Max));
    m_aggregate->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_aggregate->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    m_aggregate->setVisible(false);
    layout->addWidget(m_aggregate);

    m_column = new QComboBox(this);
    m_column->setObjectName(QStringLiteral("column"));
    m_column->setToolTip(tr("Column"));
    m_column->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_column->setMinimumContentsLength(8);
    m_column->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    layout->addWidget(m_column, 1);

    m_op = new QComboBox(this);
    m_op->setObjectName(QStringLiteral("op"));
    m_op->setToolTip(tr("Comparison"));
    m_op->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_op->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    layout->addWidget(m_op);

    m_ignoreCase = new QToolButton(this);
    m_ignoreCase->setObjectName(QStringLiteral("ignoreCase"));
    m_ignoreCase->setText(QStringLiteral("Aa"));
    m_ignoreCase->setCheckable(true);
    m_ignoreCase->setToolTip(tr("Ignore case: upper and lower case letters match each other"));
    layout->addWidget(m_ignoreCase);

    m_valueLayout = new QHBoxLayout;
    m_valueLayout->setContentsMargins(0, 0, 0, 0);
    m_valueLayout->setSpacing(3);
    layout->addLayout(m_valueLayout, 1);

    connect(m_aggregate, &QComboBox::currentIndexChanged, this, [this] {
        m_column->setEnabled(m_aggregate->currentData().toInt() != kCountAll);
        onShapeChanged();
    });
    connect(m_column, &QComboBox::currentIndexChanged, this, &FilterConditionRow::onShapeChanged);
    connect(m_op, &QComboBox::currentIndexChanged, this, [this] {
        rebuildEditors();
        emitChanged();
    });
    connect(m_ignoreCase, &QToolButton::toggled, this, &FilterConditionRow::emitChanged);
    fillOps(Op::Eq);
    rebuildEditors();
}

void FilterConditionRow::setColumns(const QList<model::query::ScopeColumn> &columns,
                                    const QList<fv::EditorType> &types)
{
    const Filter before = condition();
    const bool quiet = m_quiet;
    m_quiet = true;
    m_columns = columns;
    m_types = types;
    fillColumnCombo();
    setCondition(before);
    m_quiet = quiet;
}

void FilterConditionRow::setOutputs(const QList<model::query::SelectItem> &outputs)
{
    QList<model::query::SelectItem> aggregated;
    for (const auto &item : outputs)
        if (item.expr.kind == Expr::Kind::Aggregate)
            aggregated << item;
    if (aggregated == m_outputs)
        return;
    const Filter before = condition();
    const bool quiet = m_quiet;
    m_quiet = true;
    m_outputs = aggregated;
    fillColumnCombo();
    setCondition(before);
    m_quiet = quiet;
}

void FilterConditionRow::fillColumnCombo()
{
    const QSignalBlocker blocker(m_column);
    m_column->clear();
    for (int i = 0; i < m_columns.size(); ++i)
        m_column->addItem(columnLabel(m_columns.at(i)), i);
    if (!m_aggregate->isHidden()) {
        for (int i = 0; i < m_outputs.size(); ++i) {
            const auto &item = m_outputs.at(i);
            m_column->addItem(item.label.isEmpty() ? exprText(comparedOf(item)) : item.label,
                              kOutputBase + i);
        }
    }
}

int FilterConditionRow::currentOutput() const
{
    const int data = m_column->currentIndex() >= 0 ? m_column->currentData().toInt() : -1;
    return data >= kOutputBase ? data - kOutputBase : -1;
}

int FilterConditionRow::outputIndex(const Expr &left) const
{
    for (int i = 0; i < m_outputs.size(); ++i)
        if (comparedOf(m_outputs.at(i)) == left)
            return i;
    return -1;
}

void FilterConditionRow::setAggregateMode(bool on)
{
    m_aggregate->setVisible(on);
    if (!on && m_aggregate->currentIndex() != 0)
        m_aggregate->setCurrentIndex(0);
    const bool quiet = m_quiet;
    m_quiet = true;
    const Filter before = condition();
    fillColumnCombo();
    setCondition(before);
    m_quiet = quiet;
}

fv::EditorType FilterConditionRow::currentType() const
{
    if (const int output = currentOutput(); output >= 0) {
        const Expr e = comparedOf(m_outputs.at(output));
        const Expr arg = e.args.value(0);
        const int column =
            arg.kind == Expr::Kind::Column ? columnIndex(arg.source, arg.column) : -1;
        return fv::aggregateType(e.function,
                                 column >= 0 ? m_types.value(column) : fv::EditorType{});
    }
    const Function function = currentFunction();
    if (m_aggregate->currentData().toInt() == kCountAll)
        return fv::aggregateType(Function::Count, {});
    const int index = m_column->currentData().toInt();
    const fv::EditorType column = m_column->currentIndex() >= 0 && index < m_types.size()
                                      ? m_types.at(index)
                                      : fv::EditorType{};
    return function == Function::None ? column : fv::aggregateType(function, column);
}

Function FilterConditionRow::currentFunction() const
{
    const int data = m_aggregate->currentData().toInt();
    return data == kCountAll ? Function::Count : Function(data);
}

Op FilterConditionRow::currentOp() const
{
    return m_op->currentIndex() >= 0 ? Op(m_op->currentData().toInt()) : Op::Eq;
}

int FilterConditionRow::columnIndex(const QString &source, const QString &name) const
{
    for (int i = 0; i < m_columns.size(); ++i)
        if (m_columns.at(i).name == name && m_columns.at(i).source == source)
            return i;
    // A filter written against the only source may leave the source out.
    for (int i = 0; i < m_columns.size(); ++i)
        if (m_columns.at(i).name == name && (source.isEmpty() || m_columns.at(i).source.isEmpty()))
            return i;
    return -1;
}

void FilterConditionRow::fillOps(Op wanted)
{
    const QSignalBlocker blocker(m_op);
    m_op->clear();
    const QList<Op> ops = fv::opsFor(currentType().type);
    for (Op op : ops)
        m_op->addItem(fv::opLabel(op), int(op));
    int index = m_op->findData(int(wanted));
    if (index < 0 && wanted != Op::Eq) {
        // Shown even when the type would not offer it, so a loaded filter survives unchanged.
        m_op->addItem(fv::opLabel(wanted), int(wanted));
        index = m_op->count() - 1;
    }
    m_op->setCurrentIndex(qMax(0, index));
}

void FilterConditionRow::rebuildEditors()
{
    const fv::EditorType type = currentType();
    const int shape = shapeOf(currentOp());
    if (shape == m_editorShape && type.type == m_editorType && type.enumLabels == m_editorLabels)
        return;
    // Carry typed values over when the value type stays; a new type starts empty.
    QList<QVariant> carried;
    const bool sameType = type.type == m_editorType && m_editorShape >= 0;
    if (sameType) {
        const fv::EditorType old{m_editorType, m_editorLabels};
        if (m_editorShape == 3) {
            carried = fv::listValues(m_value, old);
        } else {
            if (m_value)
                carried << fv::value(m_value, old);
            if (m_value2)
                carried << fv::value(m_value2, old);
        }
    }
    for (QWidget *w : {m_value, static_cast<QWidget *>(m_and), m_value2})
        delete w;
    m_value = m_value2 = nullptr;
    m_and = nullptr;

    const bool ownLine = shape == 2 || (shape == 1 && type.type == fv::ValueType::DateTime);
    QHBoxLayout *line = ownLine ? m_secondLine : m_valueLayout;
    if (shape >= 1) {
        m_value = fv::createEditor(type, shape == 3, this);
        m_value->setObjectName(QStringLiteral("value"));
        line->addWidget(m_value, 1);
        fv::onEdited(m_value, this, [this] { emitChanged(); });
    }
    if (shape == 2) {
        m_and = new QLabel(tr("and"), this);
        line->addWidget(m_and);
        m_value2 = fv::createEditor(type, false, this);
        m_value2->setObjectName(QStringLiteral("value2"));
        line->addWidget(m_value2, 1);
        fv::onEdited(m_value2, this, [this] { emitChanged(); });
    }
    // Shown now rather than by the layout's queued show, so sizeHint() counts them at once and
    // the tree sizes the row right.
    for (QWidget *w : {m_value, static_cast<QWidget *>(m_and), m_value2})
        if (w)
            w->show();
    if (shape == 3 && m_value) {
        fv::setListValues(m_value, carried);
    } else {
        if (m_value && !carried.isEmpty() && carried.at(0).isValid())
            fv::setValue(m_value, type, carried.at(0));
        if (m_value2 && carried.size() > 1 && carried.at(1).isValid())
            fv::setValue(m_value2, type, carried.at(1));
    }
    m_editorType = type.type;
    m_editorLabels = type.enumLabels;
    m_editorShape = shape;
    const Op op = currentOp();
    m_ignoreCase->setVisible(op == Op::Contains || op == Op::StartsWith || op == Op::EndsWith);
}

void FilterConditionRow::onShapeChanged()
{
    if (!m_quiet)
        m_unknownLeft.reset(); // the user picked something real
    fillOps(currentOp());
    rebuildEditors();
    emitChanged();
}

void FilterConditionRow::emitChanged()
{
    // An output chosen in the column combo is an aggregate already.
    m_aggregate->setEnabled(currentOutput() < 0);
    if (m_quiet)
        return;
    m_edited = true;
    m_unknownRight.reset(); // from now on the editors say what the values are
    emit changed();
}

QList<Op> FilterConditionRow::opsFor(const Expr &left) const
{
    auto *self = const_cast<FilterConditionRow *>(this);
    const bool quiet = m_quiet;
    self->m_quiet = true;
    const Filter before = condition();
    self->setCondition(Filter::condition(left, Op::Eq, {}));
    const QList<Op> ops = fv::opsFor(currentType().type);
    self->setCondition(before);
    self->m_quiet = quiet;
    return ops;
}

void FilterConditionRow::start(const Expr &left, std::optional<Op> wanted)
{
    const bool quiet = m_quiet;
    m_quiet = true;
    Filter condition = Filter::condition(left, Op::Eq, {});
    setCondition(condition);
    const fv::EditorType type = currentType();
    Op op = Op::Eq;
    if (wanted)
        op = *wanted;
    else if (left.isAggregate())
        op = Op::Gt;
    else if (type.type == fv::ValueType::Text && fv::opsFor(type.type).contains(Op::Contains))
        op = Op::Contains;
    fillOps(op);
    rebuildEditors();
    m_aggregate->setEnabled(currentOutput() < 0);
    m_edited = false;
    m_quiet = quiet;
}

void FilterConditionRow::focusValue()
{
    if (m_value)
        m_value->setFocus();
}

void FilterConditionRow::markFresh()
{
    m_fresh = true;
    m_edited = false;
}

bool FilterConditionRow::isBlank() const
{
    if (!m_fresh || m_edited || m_editorShape <= 0)
        return false;
    const Filter c = condition();
    for (const Expr &e : c.right)
        if (e.kind == Expr::Kind::Value && !e.value.isNull() &&
            !(e.value.typeId() == QMetaType::QString && e.value.toString().isEmpty()))
            return false;
    return true;
}

Filter FilterConditionRow::condition() const
{
    Expr left;
    const int index = m_column->currentIndex() >= 0 ? m_column->currentData().toInt() : -1;
    if (index >= 0 && index < m_columns.size())
        left = Expr::col(m_columns.at(index).source, m_columns.at(index).name);
    if (const int output = currentOutput(); output >= 0)
        left = comparedOf(m_outputs.at(output));
    else if (m_aggregate->currentData().toInt() == kCountAll)
        left = Expr::countAll();
    else if (currentFunction() != Function::None)
        left = Expr::agg(currentFunction(), left);

    if (m_unknownLeft)
        left = *m_unknownLeft;

    const Op op = currentOp();
    const fv::EditorType type = currentType();
    QList<Expr> right;
    if (op == Op::In) {
        for (const QVariant &v : fv::listValues(m_value, type))
            right << Expr::val(v);
    } else {
        if (m_value)
            right << Expr::val(fv::value(m_value, type));
        if (m_value2)
            right << Expr::val(fv::value(m_value2, type));
    }
    if (m_unknownRight)
        right = *m_unknownRight;
    return Filter::condition(left, op, right)
        .ignoringCase(!m_ignoreCase->isHidden() && m_ignoreCase->isChecked());
}

void FilterConditionRow::setCondition(const Filter &condition)
{
    const bool quiet = m_quiet;
    m_quiet = true;
    Expr column = condition.left;
    int aggregate = int(Function::None);
    if (const int output = outputIndex(condition.left); output >= 0 && !m_aggregate->isHidden()) {
        // An aggregate the select list names: shown under the output's label.
        m_aggregate->setCurrentIndex(0);
        m_column->setCurrentIndex(m_column->findData(kOutputBase + output));
        m_unknownLeft.reset();
        m_unknownRight.reset();
        fillOps(condition.op);
        m_editorShape = -1;
        rebuildEditors();
        const fv::EditorType type = currentType();
        if (m_value && !condition.right.isEmpty())
            fv::setValue(m_value, type, condition.right.at(0).value);
        if (m_value2 && condition.right.size() > 1)
            fv::setValue(m_value2, type, condition.right.at(1).value);
        m_aggregate->setEnabled(false);
        m_quiet = quiet;
        return;
    }
    m_aggregate->setEnabled(true);
    if (condition.left.kind == Expr::Kind::Aggregate) {
        aggregate = condition.left.args.isEmpty() ? kCountAll : int(condition.left.function);
        column = condition.left.args.value(0);
    }
    m_aggregate->setCurrentIndex(qMax(0, m_aggregate->findData(aggregate)));
    const int index = column.kind == Expr::Kind::Column && !column.column.isEmpty()
                          ? columnIndex(column.source, column.column)
                          : -1;
    if (index >= 0)
        m_column->setCurrentIndex(m_column->findData(index));
    // A column not (yet) in scope is kept as it was rather than replaced by whatever the combo
    // shows: the filter may arrive before its columns, or name one a join no longer brings.
    m_unknownLeft.reset();
    m_unknownRight.reset();
    if (index < 0 && column.kind == Expr::Kind::Column && !column.column.isEmpty()) {
        m_unknownLeft = condition.left;
        m_column->setCurrentIndex(-1); // blank rather than some other column's name
        // Without the column's type the editors cannot type the values: keep them as given.
        m_unknownRight = condition.right;
    }
    fillOps(condition.op);
    {
        const QSignalBlocker blocker(m_ignoreCase);
        m_ignoreCase->setChecked(condition.ignoreCase);
    }
    // Values from the filter replace whatever the editors held.
    m_editorShape = -1;
    rebuildEditors();
    const fv::EditorType type = currentType();
    if (condition.op == Op::In) {
        QList<QVariant> values;
        for (const Expr &e : condition.right)
            values << e.value;
        fv::setListValues(m_value, values);
    } else {
        if (m_value && !condition.right.isEmpty())
            fv::setValue(m_value, type, condition.right.at(0).value);
        if (m_value2 && condition.right.size() > 1)
            fv::setValue(m_value2, type, condition.right.at(1).value);
    }
    m_quiet = quiet;
}

} // namespace dbx::ui
