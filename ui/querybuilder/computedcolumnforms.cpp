#include "ui/querybuilder/computedcolumnforms.h"

#include "ui/querybuilder/exprtext.h"
#include "ui/querybuilder/rowwidgets.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>

namespace dbx::ui {

using model::query::Expr;
using model::query::OrderItem;
using model::query::SelectItem;

namespace {

QComboBox *named(QComboBox *combo, const char *name)
{
    combo->setObjectName(QLatin1String(name));
    compactCombo(combo, 8);
    return combo;
}

void fillColumns(QComboBox *combo, const EditorScope &scope)
{
    const int previous = combo->currentIndex();
    combo->clear();
    for (int i = 0; i < scope.columns.size(); ++i)
        combo->addItem(scope.columnText(i), i);
    if (previous >= 0 && previous < combo->count())
        combo->setCurrentIndex(previous);
}

Expr columnAt(const EditorScope &scope, const QComboBox *combo)
{
    const int i = combo->currentData().toInt();
    if (combo->currentIndex() < 0 || i < 0 || i >= scope.columns.size())
        return {};
    return Expr::col(scope.columns.at(i).source, scope.columns.at(i).name);
}

} // namespace

ExpressionForm::ExpressionForm(QWidget *parent)
    : QWidget(parent)
    , m_left(named(new QComboBox(this), "exprLeft"))
    , m_op(named(new QComboBox(this), "exprOp"))
    , m_right(named(new QComboBox(this), "exprRight"))
    , m_label(new QLineEdit(this))
    , m_add(new QPushButton(tr("Add Expression"), this))
{
    m_op->addItems(
        {QStringLiteral("-"), QStringLiteral("+"), QStringLiteral("*"), QStringLiteral("/")});
    m_op->setMinimumContentsLength(2);
    m_label->setObjectName(QStringLiteral("exprLabel"));
    m_label->setPlaceholderText(tr("label, e.g. compensation_diff"));
    m_add->setObjectName(QStringLiteral("addExpression"));
    auto *operands = new QHBoxLayout;
    operands->addWidget(m_left, 1);
    operands->addWidget(m_op);
    operands->addWidget(m_right, 1);
    auto *layout = new QFormLayout(this);
    layout->addRow(tr("Compute:"), operands);
    layout->addRow(tr("Label:"), m_label);
    layout->addRow(QString(), m_add);
    connect(m_add, &QPushButton::clicked, this, &ExpressionForm::add);
}

void ExpressionForm::setScope(const EditorScope &scope)
{
    m_scope = scope;
    fillColumns(m_left, scope);
    fillColumns(m_right, scope);
    m_add->setEnabled(!scope.columns.isEmpty());
}

void ExpressionForm::add()
{
    if (m_left->currentIndex() < 0 || m_right->currentIndex() < 0)
        return;
    SelectItem item;
    item.expr =
        Expr::arith(columnAt(m_scope, m_left), m_op->currentText(), columnAt(m_scope, m_right));
    item.label = m_label->text().trimmed();
    m_label->clear();
    emit added(item);
}

WindowForm::WindowForm(QWidget *parent)
    : QWidget(parent)
    , m_function(named(new QComboBox(this), "windowFunction"))
    , m_argument(named(new QComboBox(this), "windowArgument"))
    , m_partition(new QListWidget(this))
    , m_order(named(new QComboBox(this), "windowOrder"))
    , m_descending(new QCheckBox(tr("descending"), this))
    , m_cast(named(new QComboBox(this), "windowCast"))
    , m_label(new QLineEdit(this))
    , m_add(new QPushButton(tr("Add Window Column"), this))
{
    m_function->addItems(windowFunctionNames());
    m_partition->setObjectName(QStringLiteral("windowPartition"));
    m_partition->setMaximumHeight(72);
    m_descending->setObjectName(QStringLiteral("windowOrderDesc"));
    m_cast->setEditable(true);
    m_cast->addItems(castTypes());
    m_label->setObjectName(QStringLiteral("windowLabel"));
    m_label->setPlaceholderText(tr("label, e.g. avg_workload_compensation"));
    m_add->setObjectName(QStringLiteral("addWindow"));
    auto *call = new QHBoxLayout;
    call->addWidget(m_function);
    call->addWidget(m_argument, 1);
    auto *order = new QHBoxLayout;
    order->addWidget(m_order, 1);
    order->addWidget(m_descending);
    auto *layout = new QFormLayout(this);
    layout->addRow(tr("Function:"), call);
    layout->addRow(tr("Partition by:"), m_partition);
    layout->addRow(tr("Order by:"), order);
    layout->addRow(tr("Cast to:"), m_cast);
    layout->addRow(tr("Label:"), m_label);
    layout->addRow(QString(), m_add);
    connect(m_function, &QComboBox::currentIndexChanged, this, &WindowForm::updateArgument);
    connect(m_add, &QPushButton::clicked, this, &WindowForm::add);
}

void WindowForm::setScope(const EditorScope &scope)
{
    m_scope = scope;
    fillColumns(m_argument, scope);
    m_partition->clear();
    for (int i = 0; i < scope.columns.size(); ++i) {
        auto *item = new QListWidgetItem(scope.columnText(i), m_partition);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Unchecked);
    }
    m_order->clear();
    m_order->addItem(tr("(none)"), -1);
    for (int i = 0; i < scope.columns.size(); ++i)
        m_order->addItem(scope.columnText(i), i);
    m_add->setEnabled(!scope.columns.isEmpty());
    updateArgument();
}

void WindowForm::updateArgument()
{
    // Ranking functions take no argument.
    const auto function = windowFunctions().value(m_function->currentIndex());
    m_argument->setEnabled(function != Expr::Function::Rank &&
                           function != Expr::Function::DenseRank &&
                           function != Expr::Function::RowNumber);
}

void WindowForm::add()
{
    const auto function = windowFunctions().value(m_function->currentIndex());
    QList<Expr> args;
    if (m_argument->isEnabled() && m_argument->currentIndex() >= 0)
        args << columnAt(m_scope, m_argument);
    QList<Expr> partition;
    for (int i = 0; i < m_partition->count(); ++i)
        if (m_partition->item(i)->checkState() == Qt::Checked)
            partition << Expr::col(m_scope.columns.at(i).source, m_scope.columns.at(i).name);
    QList<OrderItem> order;
    if (m_order->currentData().toInt() >= 0) {
        OrderItem item;
        item.expr = columnAt(m_scope, m_order);
        item.descending = m_descending->isChecked();
        order << item;
    }
    SelectItem item;
    item.expr = Expr::window(function, args, partition, order);
    if (!m_cast->currentText().trimmed().isEmpty())
        item.expr = item.expr.castTo(m_cast->currentText().trimmed());
    item.label = m_label->text().trimmed();
    m_label->clear();
    emit added(item);
}

} // namespace dbx::ui
