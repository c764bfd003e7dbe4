#include "ui/querybuilder/filtertreeeditor.h"

#include "ui/querybuilder/exprtext.h"
#include "ui/querybuilder/filterconditionrow.h"
#include "ui/querybuilder/filtervalueeditors.h"

#include <QApplication>
#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace dbx::ui {

using model::query::Filter;
using Logic = Filter::Logic;

namespace {

enum ItemKind { GroupItem = 0, ConditionItem = 1 };
constexpr int kKindRole = Qt::UserRole;

bool isGroup(const QTreeWidgetItem *item)
{
    return item && item->data(0, kKindRole).toInt() == GroupItem;
}

QToolButton *toolButton(const QString &name, const QString &text, const QString &tip,
                        QWidget *parent)
{
    auto *button = new QToolButton(parent);
    button->setObjectName(name);
    button->setText(text);
    button->setToolTip(tip);
    button->setAutoRaise(true);
    return button;
}

} // namespace

FilterTreeEditor::FilterTreeEditor(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);

    auto *buttons = new QHBoxLayout;
    buttons->setSpacing(2);
    m_addCondition = toolButton(QStringLiteral("addCondition"), tr("Add Condition"),
                                tr("Add a condition to the selected group (the arrow: on a "
                                   "chosen column)"),
                                this);
    auto *onColumn = new QMenu(m_addCondition);
    onColumn->setObjectName(QStringLiteral("addConditionMenu"));
    m_addCondition->setMenu(onColumn);
    m_addCondition->setPopupMode(QToolButton::MenuButtonPopup);
    connect(onColumn, &QMenu::aboutToShow, this, &FilterTreeEditor::fillConditionMenu);
    m_addGroup = toolButton(QStringLiteral("addGroup"), tr("Add Group"),
                            tr("Add a nested AND/OR group to the selected group"), this);
    m_remove = toolButton(QStringLiteral("removeItem"), tr("Remove"),
                          tr("Remove the selected condition or group"), this);
    buttons->addWidget(m_addCondition);
    buttons->addWidget(m_addGroup);
    buttons->addWidget(m_remove);
    buttons->addStretch(1);
    layout->addLayout(buttons);

    m_tree = new QTreeWidget(this);
    m_tree->setObjectName(QStringLiteral("filterTree"));
    m_tree->setColumnCount(1);
    m_tree->header()->setVisible(false);
    m_tree->header()->setStretchLastSection(true);
    m_tree->setIndentation(14);
    m_tree->setRootIsDecorated(true);
    m_tree->setSelectionMode(QAbstractItemView::SingleSelection);
    m_tree->setUniformRowHeights(false);
    m_tree->setItemsExpandable(false);
    layout->addWidget(m_tree, 1);

    connect(m_addCondition, &QToolButton::clicked, this, &FilterTreeEditor::addCondition);
    connect(m_addGroup, &QToolButton::clicked, this, &FilterTreeEditor::addGroup);
    connect(m_remove, &QToolButton::clicked, this, &FilterTreeEditor::removeCurrent);
    connect(m_tree, &QTreeWidget::currentItemChanged, this, &FilterTreeEditor::updateButtons);
    // The row widgets cover their items: working in a row must still make it the selected one,
    // or Remove and Add Condition would act on some other row.
    connect(qApp, &QApplication::focusChanged, this,
            [this](QWidget *, QWidget *now) { selectRowOf(now); });

    insertGroup(nullptr, Logic::And);
    updateButtons();
}

void FilterTreeEditor::setColumns(const QList<model::query::ScopeColumn> &columns,
                                  const model::SchemaSnapshot &snapshot)
{
    m_columns = columns;
    m_snapshot = snapshot;
    QList<filtervalues::EditorType> types;
    for (const auto &column : columns)
        types << filtervalues::editorType(column, snapshot);
    for (FilterConditionRow *row : conditionRows())
        row->setColumns(columns, types);
    refreshSizes();
}

void FilterTreeEditor::setAggregateMode(bool on)
{
    m_aggregateMode = on;
    for (FilterConditionRow *row : conditionRows())
        row->setAggregateMode(on);
    refreshSizes();
}

void FilterTreeEditor::setOutputs(const QList<model::query::SelectItem> &outputs)
{
    m_outputs = outputs;
    for (FilterConditionRow *row : conditionRows())
        row->setOutputs(outputs);
}

Filter FilterTreeEditor::completeFilter() const
{
    return read(m_tree->topLevelItem(0), true);
}

// One entry per column (in HAVING first per aggregated output, and count(*)), each opening
// the comparisons that fit it: two clicks make the condition, its value is typed next.
void FilterTreeEditor::fillConditionMenu()
{
    QMenu *menu = m_addCondition->menu();
    menu->clear();
    // A row that is never shown answers which comparisons fit: the same rules as the rows'.
    FilterConditionRow probe;
    QList<filtervalues::EditorType> types;
    for (const auto &column : std::as_const(m_columns))
        types << filtervalues::editorType(column, m_snapshot);
    probe.setColumns(m_columns, types);
    probe.setAggregateMode(m_aggregateMode);
    probe.setOutputs(m_outputs);
    if (m_aggregateMode) {
        for (const model::query::SelectItem &item : std::as_const(m_outputs)) {
            if (item.expr.kind != model::query::Expr::Kind::Aggregate)
                continue;
            model::query::Expr left = item.expr;
            left.cast.clear();
            addChoice(menu, probe, item.label.isEmpty() ? exprText(left) : item.label, left);
        }
        addChoice(menu, probe, QStringLiteral("count(*)"), model::query::Expr::countAll());
        menu->addSeparator();
    }
    for (const auto &c : std::as_const(m_columns))
        addChoice(menu, probe, c.source.isEmpty() ? c.name : c.source + u'.' + c.name,
                  model::query::Expr::col(c.source, c.name));
}

void FilterTreeEditor::addChoice(QMenu *menu, const FilterConditionRow &probe, const QString &text,
                                 const model::query::Expr &left)
{
    QMenu *ops = menu->addMenu(text);
    for (Filter::Op op : probe.opsFor(left)) {
        QAction *action = ops->addAction(filtervalues::opLabel(op));
        connect(action, &QAction::triggered, this, [this, left, op] { addConditionOn(left, op); });
    }
}

void FilterTreeEditor::addConditionOn(const model::query::Expr &left, std::optional<Filter::Op> op)
{
    FilterConditionRow *row = insertCondition(targetGroup());
    row->markFresh();
    row->start(left, op);
    QTreeWidgetItem *own = itemOf(row);
    if (own)
        own->setSizeHint(0, row->sizeHint());
    m_tree->doItemsLayout();
    row->focusValue();
    emit filterChanged();
}

Filter FilterTreeEditor::filter() const
{
    return read(m_tree->topLevelItem(0));
}

void FilterTreeEditor::setFilter(const Filter &filter)
{
    m_tree->clear();
    const Filter root =
        filter.kind == Filter::Kind::Group ? filter : Filter::group(Logic::And, {filter});
    QTreeWidgetItem *item = insertGroup(nullptr, root.logic);
    build(item, root);
    m_tree->expandAll();
    refreshSizes();
    m_tree->setCurrentItem(nullptr);
    updateButtons();
}

QTreeWidgetItem *FilterTreeEditor::itemAt(const QList<int> &path) const
{
    QTreeWidgetItem *item = m_tree->topLevelItem(0);
    for (int index : path) {
        if (!item)
            return nullptr;
        item = item->child(index);
    }
    return item;
}

QWidget *FilterTreeEditor::rowWidget(const QList<int> &path) const
{
    QTreeWidgetItem *item = itemAt(path);
    return item ? m_tree->itemWidget(item, 0) : nullptr;
}

void FilterTreeEditor::addCondition()
{
    insertCondition(targetGroup())->markFresh();
    emit filterChanged();
}

void FilterTreeEditor::addGroup()
{
    QTreeWidgetItem *parent = targetGroup();
    const auto *logic =
        m_tree->itemWidget(parent, 0)->findChild<QComboBox *>(QStringLiteral("logic"));
    const Logic outer = logic ? Logic(logic->currentData().toInt()) : Logic::And;
    QTreeWidgetItem *item = insertGroup(parent, outer == Logic::And ? Logic::Or : Logic::And);
    m_tree->setCurrentItem(item);
    emit filterChanged();
}

void FilterTreeEditor::removeCurrent()
{
    QTreeWidgetItem *item = m_tree->currentItem();
    if (!item || !item->parent())
        return;
    QTreeWidgetItem *parent = item->parent();
    delete item;
    m_tree->setCurrentItem(parent);
    refreshSizes();
    updateButtons();
    emit filterChanged();
}

bool FilterTreeEditor::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::MouseButtonPress)
        selectRowOf(qobject_cast<QWidget *>(watched));
    return QWidget::eventFilter(watched, event);
}

void FilterTreeEditor::selectRowOf(QWidget *widget)
{
    QWidget *row = widget;
    while (row && row->parentWidget() != m_tree->viewport())
        row = row->parentWidget();
    if (!row)
        return;
    QTreeWidgetItem *item = itemOf(row);
    if (item && m_tree->currentItem() != item)
        m_tree->setCurrentItem(item);
}

QTreeWidgetItem *FilterTreeEditor::targetGroup() const
{
    QTreeWidgetItem *current = m_tree->currentItem();
    if (isGroup(current))
        return current;
    if (current && current->parent())
        return current->parent();
    return m_tree->topLevelItem(0);
}

QTreeWidgetItem *FilterTreeEditor::insertGroup(QTreeWidgetItem *parent, Logic logic)
{
    auto *item = new QTreeWidgetItem;
    item->setData(0, kKindRole, GroupItem);
    if (parent)
        parent->addChild(item);
    else
        m_tree->addTopLevelItem(item);
    item->setExpanded(true);

    auto *row = new QWidget(m_tree);
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 1, 2, 1);
    layout->setSpacing(4);
    auto *combo = new QComboBox(row);
    combo->setObjectName(QStringLiteral("logic"));
    combo->addItem(tr("AND"), int(Logic::And));
    combo->addItem(tr("OR"), int(Logic::Or));
    combo->setCurrentIndex(combo->findData(int(logic)));
    auto *hint = new QLabel(row);
    hint->setForegroundRole(QPalette::PlaceholderText);
    const auto describe = [hint, combo] {
        hint->setText(Logic(combo->currentData().toInt()) == Logic::And
                          ? tr("all of these match")
                          : tr("any of these matches"));
    };
    describe();
    layout->addWidget(combo);
    layout->addWidget(hint, 1);
    connect(combo, &QComboBox::currentIndexChanged, this, [this, describe] {
        describe();
        emit filterChanged();
    });
    m_tree->setItemWidget(item, 0, row);
    row->installEventFilter(this);
    item->setSizeHint(0, row->sizeHint());
    return item;
}

FilterConditionRow *FilterTreeEditor::insertCondition(QTreeWidgetItem *parent)
{
    auto *item = new QTreeWidgetItem;
    item->setData(0, kKindRole, ConditionItem);
    parent->addChild(item);
    parent->setExpanded(true);

    auto *row = new FilterConditionRow(m_tree);
    QList<filtervalues::EditorType> types;
    for (const auto &column : std::as_const(m_columns))
        types << filtervalues::editorType(column, m_snapshot);
    row->setColumns(m_columns, types);
    row->setAggregateMode(m_aggregateMode);
    row->setOutputs(m_outputs);
    // Looked up again each time: the item may be gone while its widget awaits deletion.
    connect(row, &FilterConditionRow::changed, this, [this, row] {
        QTreeWidgetItem *own = itemOf(row);
        if (own && own->sizeHint(0) != row->sizeHint()) {
            own->setSizeHint(0, row->sizeHint());
            // The view caches row heights: a row that grew a line needs a new layout.
            m_tree->doItemsLayout();
        }
        emit filterChanged();
    });
    m_tree->setItemWidget(item, 0, row);
    row->installEventFilter(this);
    item->setSizeHint(0, row->sizeHint());
    m_tree->setCurrentItem(item);
    return row;
}

void FilterTreeEditor::build(QTreeWidgetItem *parent, const Filter &group)
{
    for (const Filter &child : group.children) {
        if (child.kind == Filter::Kind::Group) {
            build(insertGroup(parent, child.logic), child);
        } else {
            insertCondition(parent)->setCondition(child);
        }
    }
}

Filter FilterTreeEditor::read(const QTreeWidgetItem *item, bool completeOnly) const
{
    QWidget *row = m_tree->itemWidget(const_cast<QTreeWidgetItem *>(item), 0);
    if (!isGroup(item))
        return static_cast<FilterConditionRow *>(row)->condition();
    const auto *logic = row->findChild<QComboBox *>(QStringLiteral("logic"));
    QList<Filter> children;
    for (int i = 0; i < item->childCount(); ++i) {
        const QTreeWidgetItem *child = item->child(i);
        auto *condition = qobject_cast<FilterConditionRow *>(
            m_tree->itemWidget(const_cast<QTreeWidgetItem *>(child), 0));
        if (completeOnly && condition && condition->isBlank())
            continue;
        children << read(child, completeOnly);
    }
    return Filter::group(Logic(logic->currentData().toInt()), children);
}

void FilterTreeEditor::updateButtons()
{
    const QTreeWidgetItem *current = m_tree->currentItem();
    m_remove->setEnabled(current && current->parent());
}

QList<QTreeWidgetItem *> FilterTreeEditor::allItems() const
{
    QList<QTreeWidgetItem *> items;
    QList<QTreeWidgetItem *> pending{m_tree->topLevelItem(0)};
    while (!pending.isEmpty()) {
        QTreeWidgetItem *item = pending.takeFirst();
        if (!item)
            continue;
        items << item;
        for (int i = 0; i < item->childCount(); ++i)
            pending << item->child(i);
    }
    return items;
}

// Walks the items rather than findChildren: removed rows linger until deleteLater runs.
QList<FilterConditionRow *> FilterTreeEditor::conditionRows() const
{
    QList<FilterConditionRow *> rows;
    for (QTreeWidgetItem *item : allItems())
        if (auto *row = qobject_cast<FilterConditionRow *>(m_tree->itemWidget(item, 0)))
            rows << row;
    return rows;
}

QTreeWidgetItem *FilterTreeEditor::itemOf(const QWidget *row) const
{
    for (QTreeWidgetItem *item : allItems())
        if (m_tree->itemWidget(item, 0) == row)
            return item;
    return nullptr;
}

void FilterTreeEditor::refreshSizes()
{
    for (QTreeWidgetItem *item : allItems())
        if (QWidget *row = m_tree->itemWidget(item, 0))
            item->setSizeHint(0, row->sizeHint());
    m_tree->doItemsLayout();
}

} // namespace dbx::ui
