#include "ui/edit/filterbar.h"

#include "ui/edit/filterbarrow.h"

#include <QComboBox>
#include <QDate>
#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QRegularExpression>
#include <QTime>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <functional>
#include <utility>

namespace dbx::ui {

using model::query::Expr;
using model::query::Filter;
using Op = Filter::Op;

namespace {

// format_type() text of a type name, split into schema and name with the quotes removed.
QStringList typeNameParts(const QString &type)
{
    QStringList parts{QString()};
    bool quoted = false;
    for (qsizetype i = 0; i < type.size(); ++i) {
        const QChar c = type.at(i);
        if (c == QLatin1Char('"')) {
            if (quoted && i + 1 < type.size() && type.at(i + 1) == QLatin1Char('"')) {
                parts.last() += c;
                ++i;
            } else {
                quoted = !quoted;
            }
        } else if (c == QLatin1Char('.') && !quoted) {
            parts << QString();
        } else {
            parts.last() += c;
        }
    }
    return parts;
}

// "t", "yes", true ... as the two values the boolean operators stand for; empty otherwise.
QString booleanText(const QVariant &value)
{
    const QString text = value.toString().trimmed().toLower();
    static const QStringList yes = {QStringLiteral("t"), QStringLiteral("true"),
                                    QStringLiteral("1"), QStringLiteral("yes"),
                                    QStringLiteral("y"), QStringLiteral("on")};
    static const QStringList no = {QStringLiteral("f"), QStringLiteral("false"),
                                   QStringLiteral("0"), QStringLiteral("no"),
                                   QStringLiteral("n"), QStringLiteral("off")};
    if (yes.contains(text))
        return QStringLiteral("true");
    if (no.contains(text))
        return QStringLiteral("false");
    return {};
}

QVariantList valuesOf(const QVariant &value, Op op)
{
    if (FilterBar::takesNoValue(op))
        return {};
    if (value.typeId() == QMetaType::QVariantList || value.typeId() == QMetaType::QStringList)
        return value.toList();
    return {value};
}

void markInvalid(QLineEdit *edit, const QString &error)
{
    // A red frame points at the field; the tooltip says what is wrong with it.
    edit->setStyleSheet(
        error.isEmpty() ? QString() : QStringLiteral("QLineEdit { border: 1px solid #d32f2f; }"));
    edit->setToolTip(error);
}

} // namespace

// The widgets of one condition. Plain data: FilterBar owns the logic, so every string is
// translated in one context.

FilterBar::FilterBar(const model::TableInfo &table, const model::SchemaSnapshot &snapshot,
                     QWidget *parent)
    : QWidget(parent)
    , m_table(table)
    , m_rowsLayout(new QVBoxLayout)
    , m_match(new QComboBox(this))
    , m_add(new QToolButton(this))
    , m_summary(new QLabel(this))
    , m_problem(new QLabel(this))
    , m_apply(new QPushButton(tr("Apply"), this))
    , m_clear(new QPushButton(tr("Clear"), this))
{
    for (const model::ColumnInfo &c : m_table.columns) {
        QStringList labels;
        if (c.dataType.kind == model::TypeKind::Enum) {
            const QStringList parts = typeNameParts(c.type);
            const model::EnumInfo *e = nullptr;
            if (parts.size() == 2) {
                e = snapshot.enumType(parts.first(), parts.last());
            } else {
                // Unqualified: the type is on the search path; the table's schema is likeliest.
                e = snapshot.enumType(m_table.schema, parts.last());
                for (qsizetype i = 0; !e && i < snapshot.schemas.size(); ++i)
                    e = snapshot.enumType(snapshot.schemas.at(i).name, parts.last());
            }
            if (e)
                labels = e->labels;
        }
        m_enumLabels << labels;
    }

    m_match->setObjectName(QStringLiteral("filterMatch"));
    m_match->addItem(tr("Match all"), int(Filter::Logic::And));
    m_match->addItem(tr("Match any"), int(Filter::Logic::Or));
    m_match->setToolTip(tr("Whether a row must pass every condition or at least one"));
    m_add->setObjectName(QStringLiteral("filterAdd"));
    m_add->setText(tr("+ Condition"));
    m_add->setToolTip(tr("Add a condition on a column"));
    m_add->setEnabled(!m_table.columns.isEmpty());
    m_summary->setObjectName(QStringLiteral("filterSummary"));
    m_problem->setObjectName(QStringLiteral("filterProblem"));
    m_problem->setStyleSheet(QStringLiteral("color: #d32f2f;"));
    m_problem->hide();
    m_apply->setObjectName(QStringLiteral("filterApply"));
    m_clear->setObjectName(QStringLiteral("filterClear"));
    m_clear->setToolTip(tr("Remove every condition and show all rows"));

    auto *header = new QHBoxLayout;
    header->setContentsMargins(0, 0, 0, 0);
    header->addWidget(m_match);
    header->addWidget(m_add);
    header->addStretch(1);
    header->addWidget(m_problem);
    header->addWidget(m_summary);
    header->addWidget(m_apply);
    header->addWidget(m_clear);
    m_rowsLayout->setContentsMargins(0, 0, 0, 0);
    m_rowsLayout->setSpacing(2);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->setSpacing(2);
    layout->addLayout(m_rowsLayout);
    layout->addLayout(header);

    connect(m_add, &QToolButton::clicked, this, [this] {
        // A new condition starts on the column of the last one: filters often narrow one column.
        const int column = m_rows.empty() ? 0 : m_rows.back()->column->currentIndex();
        Row *row = addRow(column);
        updateEditors(row);
        validate();
        (row->value->isVisible() ? static_cast<QWidget *>(row->value) : row->op)->setFocus();
    });
    connect(m_apply, &QPushButton::clicked, this, &FilterBar::apply);
    connect(m_clear, &QPushButton::clicked, this, &FilterBar::clear);
    validate();
    updateSummary();
}

FilterBar::~FilterBar() = default;

QString FilterBar::operatorName(Op op)
{
    // Symbols need no translation; words do.
    static const std::pair<Op, const char *> symbols[] = {
        {Op::Eq, "="}, {Op::Ne, "≠"}, {Op::Lt, "<"}, {Op::Le, "≤"}, {Op::Gt, ">"}, {Op::Ge, "≥"},
    };
    static const std::pair<Op, const char *> words[] = {
        {Op::Contains, QT_TR_NOOP("contains")},
        {Op::StartsWith, QT_TR_NOOP("starts with")},
        {Op::EndsWith, QT_TR_NOOP("ends with")},
        {Op::In, QT_TR_NOOP("is one of")},
        {Op::Between, QT_TR_NOOP("between")},
        {Op::IsNull, QT_TR_NOOP("is NULL")},
        {Op::IsNotNull, QT_TR_NOOP("is not NULL")},
    };
    for (const auto &[known, symbol] : symbols) {
        if (known == op)
            return QString::fromUtf8(symbol);
    }
    for (const auto &[known, word] : words) {
        if (known == op)
            return tr(word);
    }
    return {};
}

int FilterBar::columnIndex(const QString &name) const
{
    for (qsizetype i = 0; i < m_table.columns.size(); ++i) {
        if (m_table.columns.at(i).name == name)
            return int(i);
    }
    return -1;
}

FilterBar::Row *FilterBar::addRow(int column)
{
    auto owned = std::make_unique<Row>();
    Row *row = owned.get();
    row->widget = new QWidget(this);
    row->widget->setObjectName(QStringLiteral("filterRow"));
    row->column = new QComboBox(row->widget);
    row->column->setObjectName(QStringLiteral("filterColumn"));
    for (const model::ColumnInfo &c : m_table.columns)
        row->column->addItem(c.name);
    row->column->setCurrentIndex(column);
    row->op = new QComboBox(row->widget);
    row->op->setObjectName(QStringLiteral("filterOperator"));
    row->value = new QLineEdit(row->widget);
    row->value->setObjectName(QStringLiteral("filterValue"));
    row->and_ = new QLabel(tr("and"), row->widget);
    row->value2 = new QLineEdit(row->widget);
    row->value2->setObjectName(QStringLiteral("filterValue2"));
    row->enumValue = new QComboBox(row->widget);
    row->enumValue->setObjectName(QStringLiteral("filterEnumValue"));
    row->enumValues = new QListWidget(row->widget);
    row->enumValues->setObjectName(QStringLiteral("filterEnumValues"));
    // Labels side by side: an enum rarely has more than a handful, and the bar stays low.
    row->enumValues->setFlow(QListView::LeftToRight);
    row->enumValues->setWrapping(true);
    row->enumValues->setMaximumHeight(2 * row->enumValues->fontMetrics().height() + 12);
    row->ignoreCase = new QToolButton(row->widget);
    row->ignoreCase->setObjectName(QStringLiteral("filterIgnoreCase"));
    row->ignoreCase->setText(QStringLiteral("Aa"));
    row->ignoreCase->setCheckable(true);
    row->ignoreCase->setToolTip(tr("Ignore case: upper and lower case letters match each other"));
    row->remove = new QToolButton(row->widget);
    row->remove->setObjectName(QStringLiteral("filterRemove"));
    row->remove->setText(QStringLiteral("✕"));
    row->remove->setToolTip(tr("Remove this condition"));

    auto *layout = new QHBoxLayout(row->widget);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(row->column);
    layout->addWidget(row->op);
    layout->addWidget(row->value, 1);
    layout->addWidget(row->and_);
    layout->addWidget(row->value2, 1);
    layout->addWidget(row->enumValue, 1);
    layout->addWidget(row->enumValues, 1);
    layout->addWidget(row->ignoreCase);
    // Takes the room when no value editor does (NULL checks): the combos keep their size.
    layout->addStretch(0);
    layout->addWidget(row->remove);
    m_rowsLayout->addWidget(row->widget);
    // At once, not when the layout gets round to it: the new row takes the focus next.
    if (isVisible())
        row->widget->show();
    m_rows.push_back(std::move(owned));
    fillOperators(row);

    connect(row->column, &QComboBox::currentIndexChanged, this, [this, row] {
        fillOperators(row);
        updateEditors(row);
        validate();
    });
    connect(row->op, &QComboBox::currentIndexChanged, this, [this, row] {
        updateEditors(row);
        validate();
    });
    for (QLineEdit *edit : {row->value, row->value2}) {
        connect(edit, &QLineEdit::textChanged, this, &FilterBar::validate);
        connect(edit, &QLineEdit::returnPressed, this, &FilterBar::apply);
    }
    connect(row->enumValues, &QListWidget::itemChanged, this, &FilterBar::validate);
    // Queued: the button must not be deleted while it is still emitting clicked().
    connect(
        row->remove, &QToolButton::clicked, row->widget,
        [this, row] {
            removeRow(row);
            validate();
        },
        Qt::QueuedConnection);
    return row;
}

void FilterBar::removeRow(Row *row)
{
    for (auto it = m_rows.begin(); it != m_rows.end(); ++it) {
        if (it->get() == row) {
            delete row->widget;
            m_rows.erase(it);
            return;
        }
    }
}

void FilterBar::removeAllRows()
{
    for (const auto &row : m_rows)
        delete row->widget;
    m_rows.clear();
}

void FilterBar::fillOperators(Row *row)
{
    const int column = row->column->currentIndex();
    const Kind kind = kindOf(column);
    const Op previousOp = row->op->count() ? row->currentOp() : Op::Eq;
    const QString previousFixed = row->op->count() ? row->fixedValue() : QString();
    QSignalBlocker blocker(row->op);
    row->op->clear();
    auto add = [row](const QString &name, Op op, const QString &fixed = QString()) {
        row->op->addItem(name, int(op));
        row->op->setItemData(row->op->count() - 1, fixed, FilterFixedRole);
    };
    QList<Op> ops;
    switch (kind) {
    case Kind::Text:
        ops = {Op::Contains, Op::StartsWith, Op::EndsWith, Op::Eq, Op::Ne};
        break;
    case Kind::Number:
    case Kind::DateTime:
        ops = {Op::Eq, Op::Ne, Op::Lt, Op::Le, Op::Gt, Op::Ge, Op::Between};
        break;
    case Kind::Enum:
        ops = {Op::Eq, Op::Ne, Op::In};
        break;
    case Kind::Boolean:
        add(tr("is true"), Op::Eq, QStringLiteral("true"));
        add(tr("is false"), Op::Eq, QStringLiteral("false"));
        break;
    }
    ops << Op::IsNull << Op::IsNotNull;
    for (const Op op : ops)
        add(operatorName(op), op);

    // Keep the operator across a change of column when the new column offers it.
    int keep = 0;
    for (int i = 0; i < row->op->count(); ++i) {
        if (Op(row->op->itemData(i, FilterOpRole).toInt()) == previousOp &&
            row->op->itemData(i, FilterFixedRole).toString() == previousFixed) {
            keep = i;
            break;
        }
    }
    row->op->setCurrentIndex(keep);

    const QStringList labels = enumLabels(column);
    row->enumValue->clear();
    row->enumValue->addItems(labels);
    row->enumValues->clear();
    for (const QString &label : labels) {
        auto *item = new QListWidgetItem(label, row->enumValues);
        item->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled);
        item->setCheckState(Qt::Unchecked);
    }
    const Check check = checkOf(column);
    QString hint;
    if (check == Check::Integer)
        hint = tr("whole number");
    else if (check == Check::Decimal)
        hint = tr("number");
    else if (check == Check::Date)
        hint = tr("YYYY-MM-DD");
    else if (check == Check::Timestamp)
        hint = tr("YYYY-MM-DD hh:mm:ss");
    else if (check == Check::Time)
        hint = tr("hh:mm:ss");
    row->value->setPlaceholderText(hint);
    row->value2->setPlaceholderText(hint);
}

void FilterBar::selectOperator(Row *row, Op op, const QVariantList &values)
{
    const bool boolean = kindOf(row->column->currentIndex()) == Kind::Boolean;
    const QString fixed =
        boolean && op == Op::Eq && values.size() == 1 ? booleanText(values.first()) : QString();
    for (int i = 0; i < row->op->count(); ++i) {
        if (Op(row->op->itemData(i, FilterOpRole).toInt()) == op &&
            row->op->itemData(i, FilterFixedRole).toString() == fixed) {
            row->op->setCurrentIndex(i);
            return;
        }
    }
    // Not offered for this type (a filter made elsewhere): shown under its plain name so that
    // nothing is lost.
    const QString name = operatorName(op);
    row->op->addItem(name, int(op));
    row->op->setItemData(row->op->count() - 1, QString(), FilterFixedRole);
    row->op->setCurrentIndex(row->op->count() - 1);
}

void FilterBar::setValues(Row *row, const QVariantList &values)
{
    const Op op = row->currentOp();
    const bool isEnum = kindOf(row->column->currentIndex()) == Kind::Enum;
    if (op == Op::In && isEnum) {
        for (const QVariant &v : values) {
            const QString label = v.toString();
            const QList<QListWidgetItem *> found =
                row->enumValues->findItems(label, Qt::MatchExactly | Qt::MatchCaseSensitive);
            QListWidgetItem *item = found.isEmpty() ? nullptr : found.first();
            if (!item) {
                item = new QListWidgetItem(label, row->enumValues);
                item->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled);
            }
            item->setCheckState(Qt::Checked);
        }
        return;
    }
    if (op == Op::In) {
        QStringList texts;
        for (const QVariant &v : values)
            texts << v.toString();
        row->value->setText(texts.join(QLatin1String(", ")));
        return;
    }
    const QString first = values.value(0).toString();
    row->value->setText(first);
    row->value2->setText(values.value(1).toString());
    if (isEnum && !first.isEmpty()) {
        if (row->enumValue->findText(first, Qt::MatchExactly | Qt::MatchCaseSensitive) < 0)
            row->enumValue->addItem(first);
        row->enumValue->setCurrentText(first);
    }
}

void FilterBar::updateEditors(Row *row)
{
    const Op op = row->currentOp();
    const bool isEnum = kindOf(row->column->currentIndex()) == Kind::Enum;
    const bool valueless = FilterBar::takesNoValue(op) || !row->fixedValue().isEmpty();
    const bool enumList = !valueless && isEnum && op == Op::In;
    const bool enumCombo = !valueless && isEnum && op != Op::In;
    row->value->setVisible(!valueless && !enumList && !enumCombo);
    row->and_->setVisible(!valueless && op == Op::Between);
    row->value2->setVisible(!valueless && op == Op::Between);
    row->enumValue->setVisible(enumCombo);
    row->enumValues->setVisible(enumList);
    row->ignoreCase->setVisible(!valueless && isTextOperator(op));
}

void FilterBar::validate()
{
    QString first;
    QString shown;
    for (const auto &row : m_rows) {
        const QString error = rowError(row.get());
        if (first.isEmpty())
            first = error;
        // Only a field holding something wrong turns red; an empty one just keeps Apply off.
        const bool typed = kindOf(row->column->currentIndex()) != Kind::Text;
        for (QLineEdit *edit : {row->value, row->value2}) {
            const QString text = edit->text().trimmed();
            const QString wrong = typed && !edit->isHidden() && !text.isEmpty()
                                      ? valueError(row->column->currentIndex(), text)
                                      : QString();
            markInvalid(edit, wrong);
            if (shown.isEmpty())
                shown = wrong;
        }
    }
    m_apply->setEnabled(first.isEmpty());
    m_apply->setToolTip(first.isEmpty() ? tr("Filter the rows on the server (Enter)") : first);
    showProblem(shown);
}

void FilterBar::showProblem(const QString &text)
{
    m_problem->setText(text);
    m_problem->setVisible(!text.isEmpty());
}

Filter FilterBar::filter() const
{
    QList<Filter> parts;
    for (const auto &row : m_rows)
        parts << condition(row.get());
    parts << m_keptGroups;
    return Filter::group(Filter::Logic(m_match->currentData().toInt()), parts);
}

void FilterBar::setFilter(const Filter &filter)
{
    removeAllRows();
    m_keptGroups.clear();
    const QList<Filter> parts =
        filter.kind == Filter::Kind::Condition ? QList<Filter>{filter} : filter.children;
    const Filter::Logic logic =
        filter.kind == Filter::Kind::Condition ? Filter::Logic::And : filter.logic;
    m_match->setCurrentIndex(m_match->findData(int(logic)));
    for (const Filter &c : parts) {
        // A row shows a test of one of the table's columns against values; anything else
        // (a nested group, a test between columns) is kept as it is.
        const bool plain = c.kind == Filter::Kind::Condition &&
                           c.left.kind == Expr::Kind::Column && c.left.source.isEmpty() &&
                           std::all_of(c.right.cbegin(), c.right.cend(), [](const Expr &e) {
                               return e.kind == Expr::Kind::Value;
                           });
        const int column = plain ? columnIndex(c.left.column) : -1;
        if (column < 0) {
            if (c.kind == Filter::Kind::Group)
                m_keptGroups << c;
            continue;
        }
        QVariantList values;
        for (const Expr &e : c.right)
            values << e.value;
        Row *row = addRow(column);
        selectOperator(row, c.op, values);
        setValues(row, values);
        row->ignoreCase->setChecked(c.ignoreCase);
        updateEditors(row);
    }
    validate();
}

void FilterBar::addCondition(const QString &column, Op op, const QVariant &value, bool ignoreCase)
{
    const int index = columnIndex(column);
    if (index < 0)
        return;
    const QVariantList values = valuesOf(value, op);
    Row *row = addRow(index);
    selectOperator(row, op, values);
    setValues(row, values);
    row->ignoreCase->setChecked(ignoreCase);
    updateEditors(row);
    validate();
}

bool FilterBar::apply()
{
    validate();
    if (!m_apply->isEnabled()) {
        showProblem(m_apply->toolTip());
        return false;
    }
    m_applied = filter();
    updateSummary();
    emit filterChanged(m_applied);
    return true;
}

void FilterBar::clear()
{
    removeAllRows();
    m_keptGroups.clear();
    m_applied = Filter::group(Filter::Logic(m_match->currentData().toInt()));
    validate();
    updateSummary();
    emit filterChanged(m_applied);
}

void FilterBar::updateSummary()
{
    std::function<int(const Filter &)> count = [&count](const Filter &f) {
        if (f.kind == Filter::Kind::Condition)
            return 1;
        int n = 0;
        for (const Filter &child : f.children)
            n += count(child);
        return n;
    };
    const int n = count(m_applied);
    m_summary->setText(n == 0 ? tr("No filter") : tr("%n condition(s) active", "", n));
}

} // namespace dbx::ui
