#include "ui/querybuilder/orderlimiteditor.h"

#include "ui/querybuilder/rowwidgets.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QSpinBox>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace dbx::ui {

using model::query::Expr;
using model::query::OrderItem;
using model::query::Query;

OrderLimitEditor::OrderLimitEditor(QWidget *parent)
    : QWidget(parent)
    , m_list(new QTreeWidget(this))
    , m_add(new QPushButton(tr("Add Order"), this))
    , m_limit(new QSpinBox(this))
    , m_offset(new QSpinBox(this))
    , m_distinct(new QCheckBox(tr("Distinct rows (SELECT DISTINCT)"), this))
{
    m_list->setObjectName(QStringLiteral("orderList"));
    m_list->setRootIsDecorated(false);
    m_list->setHeaderLabels({tr("Order by"), tr("Direction"), tr("NULLs"), QString()});
    fixColumns(m_list, {0, 110, 86, 30});
    m_add->setObjectName(QStringLiteral("addOrder"));
    for (QSpinBox *spin : {m_limit, m_offset}) {
        spin->setRange(0, 1000000000);
        spin->setSpecialValueText(tr("none"));
    }
    m_limit->setObjectName(QStringLiteral("limit"));
    m_offset->setObjectName(QStringLiteral("offset"));
    m_distinct->setObjectName(QStringLiteral("distinct"));

    auto *addRow = new QHBoxLayout;
    addRow->addStretch();
    addRow->addWidget(m_add);
    auto *form = new QFormLayout;
    form->addRow(tr("Limit:"), m_limit);
    form->addRow(tr("Offset:"), m_offset);
    form->addRow(QString(), m_distinct);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_list, 1);
    layout->addLayout(addRow);
    layout->addLayout(form);

    connect(m_add, &QPushButton::clicked, this, [this] {
        if (m_choices.isEmpty())
            return;
        m_order << OrderItem{m_choices.first(), false, OrderItem::Nulls::Default};
        fillOrder();
        emit changed();
    });
    for (QSpinBox *spin : {m_limit, m_offset})
        connect(spin, &QSpinBox::valueChanged, this, [this] {
            if (!m_filling)
                emit changed();
        });
    connect(m_distinct, &QCheckBox::toggled, this, [this] {
        if (!m_filling)
            emit changed();
    });
}

void OrderLimitEditor::load(const Query &query, const EditorScope &scope)
{
    m_choices.clear();
    m_choiceTexts.clear();
    for (const auto &item : query.select) {
        if (item.label.isEmpty())
            continue;
        m_choices << Expr::col(QString(), item.label);
        m_choiceTexts << item.label;
    }
    for (int i = 0; i < scope.columns.size(); ++i) {
        m_choices << Expr::col(scope.columns.at(i).source, scope.columns.at(i).name);
        m_choiceTexts << scope.columnText(i);
    }
    m_order = query.orderBy;
    m_filling = true;
    m_limit->setValue(query.limit < 0 ? 0 : int(query.limit));
    m_offset->setValue(int(query.offset));
    m_distinct->setChecked(query.distinct);
    m_filling = false;
    fillOrder();
    m_add->setEnabled(!m_choices.isEmpty());
}

void OrderLimitEditor::store(Query &query) const
{
    query.orderBy = m_order;
    query.limit = m_limit->value() == 0 ? -1 : m_limit->value();
    query.offset = m_offset->value();
    query.distinct = m_distinct->isChecked();
}

void OrderLimitEditor::fillOrder()
{
    m_list->clear();
    for (int row = 0; row < m_order.size(); ++row) {
        const OrderItem &order = m_order.at(row);
        auto *item = new QTreeWidgetItem(m_list);
        auto *column = new QComboBox;
        column->setObjectName(QStringLiteral("orderColumn"));
        column->addItems(m_choiceTexts);
        qsizetype index = m_choices.indexOf(order.expr);
        if (index < 0) {
            // An expression this level no longer offers (e.g. after a schema change): kept.
            column->addItem(order.expr.source.isEmpty()
                                ? order.expr.column
                                : order.expr.source + QLatin1Char('.') + order.expr.column);
            index = column->count() - 1;
        }
        column->setCurrentIndex(int(index));
        auto *direction = new QComboBox;
        direction->setObjectName(QStringLiteral("orderDirection"));
        direction->addItems({tr("ascending"), tr("descending")});
        direction->setCurrentIndex(order.descending ? 1 : 0);
        auto *nulls = new QComboBox;
        nulls->setObjectName(QStringLiteral("orderNulls"));
        nulls->addItems({tr("default"), tr("first"), tr("last")});
        nulls->setCurrentIndex(int(order.nulls));
        auto *remove = new QToolButton;
        remove->setObjectName(QStringLiteral("removeOrder"));
        remove->setText(QStringLiteral("✕"));
        m_list->setItemWidget(item, 0, column);
        m_list->setItemWidget(item, 1, direction);
        m_list->setItemWidget(item, 2, nulls);
        m_list->setItemWidget(item, 3, remove);
        connect(column, &QComboBox::currentIndexChanged, this, [this, row](int i) {
            if (i >= 0 && i < m_choices.size()) {
                m_order[row].expr = m_choices.at(i);
                emit changed();
            }
        });
        connect(direction, &QComboBox::currentIndexChanged, this, [this, row](int i) {
            m_order[row].descending = i == 1;
            emit changed();
        });
        connect(nulls, &QComboBox::currentIndexChanged, this, [this, row](int i) {
            m_order[row].nulls = OrderItem::Nulls(i);
            emit changed();
        });
        connect(remove, &QToolButton::clicked, this, [this, row] {
            m_order.removeAt(row);
            fillOrder();
            emit changed();
        });
    }
}

} // namespace dbx::ui
