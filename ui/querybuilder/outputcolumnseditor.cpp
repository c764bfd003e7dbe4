#include "ui/querybuilder/outputcolumnseditor.h"

#include "ui/querybuilder/computedcolumnforms.h"
#include "ui/querybuilder/exprtext.h"
#include "ui/querybuilder/rowwidgets.h"

#include "model/query/querytypes.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QScrollArea>
#include <QSplitter>
#include <QTabWidget>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace dbx::ui {

using model::query::Expr;
using model::query::Query;
using model::query::SelectItem;

namespace {
enum Role { SourceRole = Qt::UserRole, ColumnRole };
// count(*) has no column to aggregate; it sits in the aggregate combo under this marker.
constexpr int kCountAll = -1;

void fillAggregates(QComboBox *combo)
{
    const QStringList names = aggregateNames();
    const QList<Expr::Function> functions = aggregateFunctions();
    for (int i = 0; i < names.size(); ++i) {
        combo->addItem(names.at(i), int(functions.at(i)));
        if (i == 0)
            combo->addItem(QStringLiteral("count(*)"), kCountAll);
    }
}

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
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    m_tree->setToolTip(tr("Check the columns to select; right-click one to aggregate it or "
                          "filter on it"));
    m_outputs->setObjectName(QStringLiteral("outputList"));
    m_outputs->setRootIsDecorated(false);
    m_outputs->setHeaderLabels({tr("Output"), tr("Aggregate"), tr("Cast"), tr("Label"), QString()});
    // The editors take what they need; the output's own name gets the rest of the row.
    fixColumns(m_outputs, {0, 88, 72, 92, 24});
    m_outputs->setContextMenuPolicy(Qt::CustomContextMenu);

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_tree);
    auto *right = new QWidget(split);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    auto *header = new QHBoxLayout;
    auto *title = new QLabel(tr("Outputs (empty: all columns)"), right);
    title->setWordWrap(true);
    header->addWidget(title, 1);
    m_formsToggle = new QToolButton(right);
    m_formsToggle->setObjectName(QStringLiteral("computedToggle"));
    m_formsToggle->setText(tr("Computed…"));
    m_formsToggle->setToolTip(tr("Add an arithmetic expression or a window column"));
    m_formsToggle->setCheckable(true);
    m_formsToggle->setAutoRaise(true);
    header->addWidget(m_formsToggle);
    rightLayout->addLayout(header);
    rightLayout->addWidget(m_outputs, 1);
    rightLayout->addWidget(buildForms());
    split->addWidget(right);
    // The columns to choose from come first: at least as much room as the outputs.
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);

    connect(m_tree, &QTreeWidget::itemChanged, this, &OutputColumnsEditor::onItemChanged);
    connect(m_tree, &QWidget::customContextMenuRequested, this,
            &OutputColumnsEditor::showColumnMenu);
    connect(m_outputs, &QWidget::customContextMenuRequested, this,
            &OutputColumnsEditor::showOutputMenu);
    connect(m_expression, &ExpressionForm::added, this, &OutputColumnsEditor::addOutput);
    connect(m_window, &WindowForm::added, this, &OutputColumnsEditor::addOutput);
}

// Folded away by default: the lists above them need the height more often.
QWidget *OutputColumnsEditor::buildForms()
{
    auto *forms = new QTabWidget;
    forms->setObjectName(QStringLiteral("computedForms"));
    forms->addTab(m_expression, tr("Expression"));
    forms->addTab(m_window, tr("Window Column"));
    m_forms = new QScrollArea(this);
    m_forms->setObjectName(QStringLiteral("computedArea"));
    m_forms->setWidgetResizable(true);
    m_forms->setFrameShape(QFrame::NoFrame);
    m_forms->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_forms->setWidget(forms);
    m_forms->setMaximumHeight(forms->sizeHint().height() + 4);
    m_forms->hide();
    connect(m_formsToggle, &QToolButton::toggled, m_forms, &QWidget::setVisible);
    return m_forms;
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
    } else if (expr.kind == Expr::Kind::Aggregate && expr.args.isEmpty() &&
               expr.function == Expr::Function::Count) {
        parts.countAll = true;
        parts.base = Expr::star();
    }
    return parts;
}

Expr OutputColumnsEditor::compose(const Parts &parts)
{
    Expr expr = parts.countAll                            ? Expr::countAll()
                : parts.aggregate == Expr::Function::None ? parts.base
                                                          : Expr::agg(parts.aggregate, parts.base);
    return parts.cast.isEmpty() ? expr : expr.castTo(parts.cast);
}

QString OutputColumnsEditor::defaultLabel(const Parts &parts)
{
    if (parts.countAll)
        return QStringLiteral("count");
    if (parts.aggregate == Expr::Function::None || parts.base.kind != Expr::Kind::Column)
        return {};
    const QString function = parts.aggregate == Expr::Function::CountDistinct
                                 ? QStringLiteral("count_distinct")
                                 : model::query::functionName(parts.aggregate);
    return function + QLatin1Char('_') + parts.base.column;
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
            parent->setToolTip(0, parent->text(0));
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

void OutputColumnsEditor::setAggregate(int row, int data)
{
    Parts parts = split(m_select.at(row).expr);
    const QString before = defaultLabel(parts);
    parts.countAll = data == kCountAll;
    parts.aggregate = parts.countAll ? Expr::Function::None : Expr::Function(data);
    if (parts.countAll)
        parts.base = Expr::star();
    m_select[row].expr = compose(parts);
    // An output nobody named is named after what it computes; a typed label stays.
    SelectItem &item = m_select[row];
    if (item.label.isEmpty() || item.label == before) {
        item.label = defaultLabel(parts);
        if (auto *label =
                qobject_cast<QLineEdit *>(m_outputs->itemWidget(m_outputs->topLevelItem(row), 3))) {
            const QSignalBlocker quiet(label);
            label->setText(item.label);
            label->setCursorPosition(0); // its start, not its end, when it is cut
        }
    }
    m_outputs->topLevelItem(row)->setText(0, outputText(parts.base));
    emit changed();
}

// A column's bare name when no other source in scope has one of that name: the row then
// reads "compensation", not "resumes.compens…".
QString OutputColumnsEditor::outputText(const Expr &base) const
{
    if (base.kind != Expr::Kind::Column || base.source.isEmpty())
        return exprText(base);
    int same = 0;
    for (const auto &column : m_scope.columns)
        same += column.name == base.column ? 1 : 0;
    return same <= 1 ? base.column : exprText(base);
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
        item->setText(0, outputText(parts.base));
        item->setToolTip(0, exprText(select.expr));
        const bool plain = parts.base.kind == Expr::Kind::Column;
        const bool star = parts.base.kind == Expr::Kind::Star;

        auto *aggregate = new QComboBox;
        aggregate->setObjectName(QStringLiteral("aggregate"));
        fillAggregates(aggregate);
        aggregate->setCurrentIndex(
            qMax(0, aggregate->findData(parts.countAll ? kCountAll : int(parts.aggregate))));
        aggregate->setEnabled(plain || parts.countAll || parts.aggregate != Expr::Function::None);
        auto *cast = new QComboBox;
        cast->setObjectName(QStringLiteral("cast"));
        cast->setEditable(true);
        cast->addItems(castTypes());
        cast->setCurrentText(parts.cast);
        cast->setEnabled(!star);
        auto *label = new QLineEdit(select.label);
        label->setObjectName(QStringLiteral("label"));
        label->setCursorPosition(0);
        label->setToolTip(tr("The output's name in the result (AS)"));
        label->setPlaceholderText(star ? QString() : tr("as…"));
        label->setEnabled(!star);
        auto *remove = new QToolButton;
        remove->setObjectName(QStringLiteral("removeOutput"));
        remove->setText(QStringLiteral("✕"));
        remove->setToolTip(tr("Remove this output"));
        // Tab goes from the label on to the next output, not to this button.
        remove->setFocusPolicy(Qt::ClickFocus);
        m_outputs->setItemWidget(item, 1, aggregate);
        m_outputs->setItemWidget(item, 2, cast);
        m_outputs->setItemWidget(item, 3, label);
        m_outputs->setItemWidget(item, 4, remove);

        connect(aggregate, &QComboBox::currentIndexChanged, this,
                [this, row, aggregate] { setAggregate(row, aggregate->currentData().toInt()); });
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

void OutputColumnsEditor::addAggregated(const QString &source, const QString &column,
                                        Expr::Function function)
{
    Parts parts;
    parts.base = Expr::col(source, column);
    parts.aggregate = function;
    addOutput(SelectItem{compose(parts), defaultLabel(parts)});
    syncChecks();
}

void OutputColumnsEditor::showColumnMenu(const QPoint &at)
{
    QTreeWidgetItem *item = m_tree->itemAt(at);
    if (!item || !item->parent())
        return;
    const QString source = item->data(0, SourceRole).toString();
    const QString column = item->data(0, ColumnRole).toString();
    QMenu menu(this);
    const bool numeric =
        item->text(1).isEmpty() ||
        std::any_of(m_scope.columns.cbegin(), m_scope.columns.cend(),
                    [&](const model::query::ScopeColumn &c) {
                        return c.source == source && c.name == column && c.dataType.isNumeric();
                    });
    for (Expr::Function function : {Expr::Function::Avg, Expr::Function::Sum, Expr::Function::Count,
                                    Expr::Function::Min, Expr::Function::Max}) {
        if (!numeric && (function == Expr::Function::Avg || function == Expr::Function::Sum))
            continue;
        const QString name = model::query::functionName(function);
        QAction *action = menu.addAction(tr("Add %1(%2)").arg(name, column));
        action->setObjectName(QStringLiteral("aggregate_") + name);
        connect(action, &QAction::triggered, this,
                [this, source, column, function] { addAggregated(source, column, function); });
    }
    menu.addSeparator();
    QAction *filter = menu.addAction(tr("Filter on %1").arg(column));
    filter->setObjectName(QStringLiteral("filterOnColumn"));
    connect(filter, &QAction::triggered, this,
            [this, source, column] { emit filterRequested(Expr::col(source, column)); });
    menu.exec(m_tree->viewport()->mapToGlobal(at));
}

void OutputColumnsEditor::showOutputMenu(const QPoint &at)
{
    QTreeWidgetItem *item = m_outputs->itemAt(at);
    const int row = item ? m_outputs->indexOfTopLevelItem(item) : -1;
    if (row < 0 || row >= m_select.size())
        return;
    Expr expr = m_select.at(row).expr;
    expr.cast.clear(); // HAVING compares the aggregate itself
    QMenu menu(this);
    const QString name = m_select.at(row).label.isEmpty() ? exprText(expr) : m_select.at(row).label;
    QAction *having = menu.addAction(tr("Condition on %1 (HAVING)").arg(name));
    having->setObjectName(QStringLiteral("havingOnOutput"));
    having->setEnabled(expr.isAggregate());
    connect(having, &QAction::triggered, this, [this, expr] { emit havingRequested(expr); });
    menu.exec(m_outputs->viewport()->mapToGlobal(at));
}

} // namespace dbx::ui
