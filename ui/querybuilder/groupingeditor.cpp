#include "ui/querybuilder/groupingeditor.h"

#include "ui/querybuilder/filtertreeeditor.h"

#include <QLabel>
#include <QListWidget>
#include <QVBoxLayout>

namespace dbx::ui {

using model::query::Expr;
using model::query::Query;

GroupingEditor::GroupingEditor(QWidget *parent)
    : QWidget(parent)
    , m_list(new QListWidget(this))
    , m_having(new FilterTreeEditor(this))
{
    m_list->setObjectName(QStringLiteral("groupByList"));
    m_having->setObjectName(QStringLiteral("havingEditor"));
    m_having->setAggregateMode(true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("Group by:"), this));
    layout->addWidget(m_list, 2);
    layout->addWidget(new QLabel(tr("Having (conditions on groups):"), this));
    layout->addWidget(m_having, 3);
    connect(m_list, &QListWidget::itemChanged, this, &GroupingEditor::onItemChanged);
    connect(m_having, &FilterTreeEditor::filterChanged, this, &GroupingEditor::changed);
}

void GroupingEditor::load(const Query &query, const EditorScope &scope)
{
    m_scope = scope;
    m_groupBy = query.groupBy;
    m_filling = true;
    m_list->clear();
    for (int i = 0; i < scope.columns.size(); ++i) {
        auto *item = new QListWidgetItem(scope.columnText(i), m_list);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        const Expr expr = Expr::col(scope.columns.at(i).source, scope.columns.at(i).name);
        item->setCheckState(m_groupBy.contains(expr) ? Qt::Checked : Qt::Unchecked);
    }
    m_filling = false;
    m_having->setColumns(scope.columns, scope.snapshot);
    m_having->setOutputs(query.select);
    m_having->setFilter(query.having);
}

void GroupingEditor::setOutputs(const QList<model::query::SelectItem> &select)
{
    m_having->setOutputs(select);
}

void GroupingEditor::setGroupBy(const QList<Expr> &groupBy)
{
    m_groupBy = groupBy;
    m_filling = true;
    for (int i = 0; i < m_list->count() && i < m_scope.columns.size(); ++i) {
        const Expr expr = Expr::col(m_scope.columns.at(i).source, m_scope.columns.at(i).name);
        m_list->item(i)->setCheckState(m_groupBy.contains(expr) ? Qt::Checked : Qt::Unchecked);
    }
    m_filling = false;
}

void GroupingEditor::store(Query &query) const
{
    query.groupBy = m_groupBy;
    query.having = m_having->completeFilter();
}

void GroupingEditor::onItemChanged(QListWidgetItem *item)
{
    if (m_filling)
        return;
    const int i = m_list->row(item);
    const Expr expr = Expr::col(m_scope.columns.at(i).source, m_scope.columns.at(i).name);
    m_groupBy.removeAll(expr);
    if (item->checkState() == Qt::Checked)
        m_groupBy << expr;
    emit changed();
}

} // namespace dbx::ui
