#include "ui/querybuilder/outputcolumnseditor.h"

#include "ui/querybuilder/computedcolumnforms.h"
#include "ui/querybuilder/exprtext.h"
#include "ui/querybuilder/rowwidgets.h"

#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSplitter>
#include <QTabWidget>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace dbx::ui {

using model::query::Expr;
using model::query::Query;
using model::query::SelectItem;

namespace {
enum Role { SourceRole = Qt::UserRole, ColumnRole };

} // namespace

OutputColumnsEditor::OutputColumnsEditor(QWidget *parent)
    : QWidget(parent)
    , m_tree(new QTreeWidget(this))
    , m_outputs(new QTreeWidget(this))
    , m_expression(new ExpressionForm(this))
    , m_window(new WindowForm(this))
{
    m_tree->setObjectName(QStringLiteral("columnTree"));
    m_tree->setHeaderLabels({tr("Column"), tr("Type")});
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_tree->header()->setStretchLastSection(false);
    m_outputs->setObjectName(QStringLiteral("outputList"));
    m_outputs->setRootIsDecorated(false);
    m_outputs->setHeaderLabels({tr("Output"), tr("Aggregate"), tr("Cast"), tr("Label"), QString()});
    fixColumns(m_outputs, {0, 118, 92, 130, 30});

    auto *forms = new QTabWidget(this);
    forms->setObjectName(QStringLiteral("computedForms"));
    forms->addTab(m_expression, tr("Expression"));
    forms->addTab(m_window, tr("Window Column"));
    // The forms take the room they need; the lists above them get the rest.
    forms->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_tree);
    auto *right = new QWidget(split);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(new QLabel(tr("Outputs (empty: all columns)"), right));
    rightLayout->addWidget(m_outputs, 1);
    rightLayout->addWidget(forms);
    split->addWidget(right);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);

    connect(m_tree, &QTreeWidget::itemChanged, this, &OutputColumnsEditor::onItemChanged);
    connect(m_expression, &ExpressionForm::added, this, &OutputColumnsEditor::addOutput);
    connect(m_window, &WindowForm::added, this, &OutputColumnsEditor::addOutput);
}

OutputColumnsEditor::Parts OutputColumnsEditor::split(const Expr &expr)
{
    Parts parts;
    parts.cast = expr.cast;
    parts.base = expr;
    parts.base.cast.clear();
    if (expr.kind == Expr::Kind::Aggregate && expr.args.size() == 1) {
        parts.aggregate = expr.function;
        parts.base = expr.args.first();
    }
    return parts;
}

Expr OutputColumnsEditor::compose(const Parts &parts)
{
    Expr expr = parts.aggregate == Expr::Function::None ? parts.base
                                                        : Expr::agg(parts.aggregate, parts.base);
    return parts.cast.isEmpty() ? expr : expr.castTo(parts.cast);
}

void OutputColumnsEditor::load(const Query &query, const EditorScope &scope)
{
    m_scope = scope;
    m_select = query.select;
    m_expression->setScope(scope);
    m_window->setScope(scope);
    fillTree();
    fillOutputs();
}

void OutputColumnsEditor::store(Query &query) const
{
    query.select = m_select;
}

void OutputColumnsEditor::fillTree()
{
    m_filling = true;
    m_tree->clear();
    QTreeWidgetItem *parent = nullptr;
    for (const auto &column : m_scope.columns) {
        if (!parent || parent->data(0, SourceRole).toString() != column.source) {
            parent = new QTreeWidgetItem(m_tree);
            parent->setText(0, tr("%1 (all columns: *)").arg(column.source));
            parent->setData(0, SourceRole, column.source);
            parent->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
            parent->setCheckState(0, Qt::Unchecked);
            parent->setExpanded(true);
        }
        auto *item = new QTreeWidgetItem(parent);
        item->setText(0, column.name);
        item->setText(1, column.type);
        item->setData(0, SourceRole, column.source);
        item->setData(0, ColumnRole, column.name);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(0, Qt::Unchecked);
    }
    m_tree->expandAll();
    m_tree->resizeColumnToContents(1);
    m_filling = false;
    syncChecks();
}

// A column counts as selected when an output shows it, aggregated or not.
void OutputColumnsEditor::syncChecks()
{
    m_filling = true;
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i) {
        QTreeWidgetItem *parent = m_tree->topLevelItem(i);
        const QString source = parent->data(0, SourceRole).toString();
        bool star = false;
        for (const SelectItem &s : m_select)
            star |= s.expr.kind == Expr::Kind::Star && s.expr.source == source;
        parent->setCheckState(0, star ? Qt::Checked : Qt::Unchecked);
        for (int c = 0; c < parent->childCount(); ++c) {
            QTreeWidgetItem *item = parent->child(c);
            bool used = false;
            for (const SelectItem &s : m_select) {
                const Expr base = split(s.expr).base;
                used |= base.kind == Expr::Kind::Column && base.source == source &&
                        base.column == item->data(0, ColumnRole).toString();
            }
            item->setCheckState(0, used ? Qt::Checked : Qt::Unchecked);
        }
    }
    m_filling = false;
}

void OutputColumnsEditor::onItemChanged(QTreeWidgetItem *item)
{
    if (m_filling)
        return;
    const QString source = item->data(0, SourceRole).toString();
    const bool checked = item->checkState(0) == Qt::Checked;
    const bool isStar = !item->parent();
    const Expr expr =
        isStar ? Expr::star(source) : Expr::col(source, item->data(0, ColumnRole).toString());
    if (checked) {
        m_select << SelectItem{expr, QString()};
    } else {
        m_select.removeIf([&](const SelectItem &s) {
            return isStar ? s.expr == expr : split(s.expr).base == expr;
        });
    }
    fillOutputs();
    emit changed();
}

void OutputColumnsEditor::addOutput(const SelectItem &item)
{
    m_select << item;
    fillOutputs();
    emit changed();
}

void OutputColumnsEditor::setAggregate(int row, int index)
{
    Parts parts = split(m_select.at(row).expr);
    parts.aggregate = aggregateFunctions().value(index);
    m_select[row].expr = compose(parts);
    m_outputs->topLevelItem(row)->setText(0, exprText(parts.base));
    emit changed();
}

void OutputColumnsEditor::setCast(int row, const QString &cast)
{
    Parts parts = split(m_select.at(row).expr);
    parts.cast = cast.trimmed();
    m_select[row].expr = compose(parts);
    emit changed();
}

void OutputColumnsEditor::fillOutputs()
{
    m_outputs->clear();
    for (int row = 0; row < m_select.size(); ++row) {
        const SelectItem &select = m_select.at(row);
        const Parts parts = split(select.expr);
        auto *item = new QTreeWidgetItem(m_outputs);
        item->setText(0, exprText(parts.base));
        item->setToolTip(0, exprText(select.expr));
        const bool plain = parts.base.kind == Expr::Kind::Column;
        const bool star = parts.base.kind == Expr::Kind::Star;

        auto *aggregate = new QComboBox;
        aggregate->setObjectName(QStringLiteral("aggregate"));
        aggregate->addItems(aggregateNames());
        aggregate->setCurrentIndex(int(aggregateFunctions().indexOf(parts.aggregate)));
        aggregate->setEnabled(plain || parts.aggregate != Expr::Function::None);
        auto *cast = new QComboBox;
        cast->setObjectName(QStringLiteral("cast"));
        cast->setEditable(true);
        cast->addItems(castTypes());
        cast->setCurrentText(parts.cast);
        cast->setEnabled(!star);
        auto *label = new QLineEdit(select.label);
        label->setObjectName(QStringLiteral("label"));
        label->setPlaceholderText(star ? QString() : tr("as…"));
        label->setEnabled(!star);
        auto *remove = new QToolButton;
        remove->setObjectName(QStringLiteral("removeOutput"));
        remove->setText(QStringLiteral("✕"));
        remove->setToolTip(tr("Remove this output"));
        m_outputs->setItemWidget(item, 1, aggregate);
        m_outputs->setItemWidget(item, 2, cast);
        m_outputs->setItemWidget(item, 3, label);
        m_outputs->setItemWidget(item, 4, remove);

        connect(aggregate, &QComboBox::currentIndexChanged, this,
                [this, row](int index) { setAggregate(row, index); });
        connect(cast, &QComboBox::currentTextChanged, this,
                [this, row](const QString &text) { setCast(row, text); });
        connect(label, &QLineEdit::textChanged, this, [this, row](const QString &text) {
            m_select[row].label = text.trimmed();
            emit changed();
        });
        connect(remove, &QToolButton::clicked, this, [this, row] {
            m_select.removeAt(row);
            fillOutputs();
            syncChecks();
            emit changed();
        });
    }
}

} // namespace dbx::ui
