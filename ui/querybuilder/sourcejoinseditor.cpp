#include "ui/querybuilder/sourcejoinseditor.h"

#include "ui/querybuilder/exprtext.h"
#include "ui/querybuilder/rowwidgets.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalBlocker>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace dbx::ui {

using model::query::Join;
using model::query::Query;
using model::query::Source;

namespace {
// userData of the source combo: which kind of source an entry stands for.
const QString kTable = QStringLiteral("table");
const QString kCte = QStringLiteral("cte");
const QString kSubquery = QStringLiteral("subquery");

bool mentionsAny(const model::query::Filter &filter, const QStringList &sources)
{
    if (filter.kind == model::query::Filter::Kind::Condition) {
        if (sources.contains(filter.left.source))
            return true;
        for (const auto &right : filter.right)
            if (sources.contains(right.source))
                return true;
    }
    for (const auto &child : filter.children)
        if (mentionsAny(child, sources))
            return true;
    return false;
}
} // namespace

SourceJoinsEditor::SourceJoinsEditor(QWidget *parent)
    : QWidget(parent)
    , m_source(new QComboBox(this))
    , m_alias(new QLineEdit(this))
    , m_joinList(new QTreeWidget(this))
    , m_suggestion(new QComboBox(this))
    , m_addJoin(new QPushButton(tr("Add Join"), this))
{
    m_source->setObjectName(QStringLiteral("sourceTable"));
    compactCombo(m_source, 14);
    m_alias->setObjectName(QStringLiteral("sourceAlias"));
    m_alias->setPlaceholderText(tr("alias"));
    m_alias->setMaximumWidth(110);
    m_joinList->setObjectName(QStringLiteral("joinList"));
    m_joinList->setColumnCount(4);
    m_joinList->setHeaderLabels({tr("Join"), tr("Type"), tr("As"), QString()});
    m_joinList->setRootIsDecorated(false);
    fixColumns(m_joinList, {0, 86, 100, 30});
    m_joinList->setMaximumHeight(104);
    m_suggestion->setObjectName(QStringLiteral("joinSuggestion"));
    compactCombo(m_suggestion, 16);
    m_addJoin->setObjectName(QStringLiteral("addJoin"));

    auto *sourceRow = new QHBoxLayout;
    sourceRow->addWidget(new QLabel(tr("From:"), this));
    sourceRow->addWidget(m_source, 1);
    sourceRow->addWidget(new QLabel(tr("as"), this));
    sourceRow->addWidget(m_alias);
    auto *joinRow = new QHBoxLayout;
    joinRow->addWidget(m_suggestion, 1);
    joinRow->addWidget(m_addJoin);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(sourceRow);
    layout->addWidget(m_joinList);
    layout->addLayout(joinRow);

    connect(m_source, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (!m_loading)
            onSourcePicked(index);
    });
    connect(m_alias, &QLineEdit::editingFinished, this, &SourceJoinsEditor::onAliasEdited);
    connect(m_addJoin, &QPushButton::clicked, this, &SourceJoinsEditor::addSuggestedJoin);
}

void SourceJoinsEditor::load(const Query &query, const EditorScope &scope)
{
    m_scope = scope;
    // A query selects from its own WITH queries as well as from those around it.
    m_ctes = scope.outer + query.ctes;
    m_from = query.from;
    m_joins = query.joins;
    fillSources();
    fillJoins();
    fillSuggestions();
}

void SourceJoinsEditor::store(Query &query) const
{
    query.from = m_from;
    query.joins = m_joins;
}

void SourceJoinsEditor::fillSources()
{
    m_loading = true;
    m_source->clear();
    m_source->addItem(tr("(choose a table)"));
    int current = 0;
    if (m_from.kind == Source::Kind::Subquery) {
        m_source->addItem(tr("subquery %1").arg(m_from.name()), QStringList{kSubquery});
        current = 1;
    }
    for (const auto &cte : m_ctes) {
        m_source->addItem(tr("CTE %1").arg(cte.name), QStringList{kCte, cte.name});
        if (m_from.kind == Source::Kind::Cte && m_from.cte == cte.name)
            current = m_source->count() - 1;
    }
    for (const auto &schema : m_scope.snapshot.schemas) {
        for (const auto &table : schema.tables) {
            m_source->addItem(schema.name + QLatin1Char('.') + table.name,
                              QStringList{kTable, schema.name, table.name});
            const QString fromSchema =
                m_from.schema.isEmpty() ? QStringLiteral("public") : m_from.schema;
            if (m_from.kind == Source::Kind::Table && m_from.table == table.name &&
                fromSchema == schema.name)
                current = m_source->count() - 1;
        }
    }
    m_source->setCurrentIndex(current);
    m_alias->setText(m_from.alias);
    m_loading = false;
}

void SourceJoinsEditor::fillJoins()
{
    m_joinList->clear();
    for (int i = 0; i < m_joins.size(); ++i) {
        const Join &join = m_joins.at(i);
        auto *item = new QTreeWidgetItem(m_joinList);
        // "resumes on workers.id = resumes.worker_id": what is joined and how, as read.
        QStringList on;
        for (const auto &condition : join.on.children)
            if (condition.kind == model::query::Filter::Kind::Condition &&
                condition.right.size() == 1)
                on << exprText(condition.left) + QStringLiteral(" = ") +
                          exprText(condition.right.first());
        const QString target =
            join.target.kind == Source::Kind::Table ? join.target.table : join.target.name();
        item->setText(0, on.isEmpty() ? target : tr("%1 on %2").arg(target, on.join(tr(" and "))));
        item->setToolTip(0, join.foreignKey.isEmpty()
                                ? item->text(0)
                                : tr("%1 (foreign key %2)").arg(item->text(0), join.foreignKey));
        auto *type = new QComboBox;
        type->setObjectName(QStringLiteral("joinType"));
        type->addItems({tr("inner"), tr("left"), tr("right"), tr("full")});
        type->setCurrentIndex(int(join.type));
        auto *alias = new QLineEdit(join.target.alias);
        alias->setObjectName(QStringLiteral("joinAlias"));
        alias->setPlaceholderText(join.target.name());
        alias->setMaximumWidth(90);
        auto *remove = new QToolButton;
        remove->setObjectName(QStringLiteral("removeJoin"));
        remove->setText(QStringLiteral("✕"));
        remove->setToolTip(tr("Remove this join"));
        m_joinList->setItemWidget(item, 1, type);
        m_joinList->setItemWidget(item, 2, alias);
        m_joinList->setItemWidget(item, 3, remove);
        connect(type, &QComboBox::currentIndexChanged, this, [this, i](int index) {
            m_joins[i].type = Join::Type(index);
            emit changed();
        });
        connect(alias, &QLineEdit::editingFinished, this, [this, i, alias] {
            const QString before = m_joins.at(i).target.name();
            m_joins[i].target.alias = alias->text().trimmed();
            const QString after = m_joins.at(i).target.name();
            if (before != after)
                emit sourceRenamed(before, after);
        });
        connect(remove, &QToolButton::clicked, this, [this, i] {
            // Joins conditioned on the removed one (the far side of a many-to-many) go too.
            QStringList gone{m_joins.takeAt(i).target.name()};
            for (int j = i; j < m_joins.size();) {
                if (mentionsAny(m_joins.at(j).on, gone)) {
                    gone << m_joins.takeAt(j).target.name();
                } else {
                    ++j;
                }
            }
            fillJoins();
            fillSuggestions();
            emit changed();
        });
    }
}

void SourceJoinsEditor::fillSuggestions()
{
    Query query;
    query.from = m_from;
    query.joins = m_joins;
    m_suggestions = model::query::joinSuggestions(query, m_scope.snapshot);
    m_suggestion->clear();
    for (const auto &suggestion : m_suggestions)
        m_suggestion->addItem(suggestion.label);
    // With a placeholder set, QComboBox leaves the first item unselected.
    m_suggestion->setCurrentIndex(m_suggestions.isEmpty() ? -1 : 0);
    m_suggestion->setEnabled(!m_suggestions.isEmpty());
    m_addJoin->setEnabled(!m_suggestions.isEmpty());
    m_suggestion->setPlaceholderText(tr("no foreign keys to follow"));
}

void SourceJoinsEditor::onSourcePicked(int index)
{
    const QStringList data = m_source->itemData(index).toStringList();
    if (data.isEmpty() || data.first() == kSubquery)
        return;
    Source picked = data.first() == kCte ? Source::fromCte(data.at(1))
                                         : Source::fromTable(data.at(1), data.at(2));
    if (picked.kind == m_from.kind && picked.table == m_from.table &&
        picked.schema == m_from.schema && picked.cte == m_from.cte)
        return;
    m_from = picked;
    m_joins.clear();
    {
        const QSignalBlocker blocker(m_alias);
        m_alias->clear();
    }
    if (m_from.kind == Source::Kind::Subquery)
        return;
    fillJoins();
    fillSuggestions();
    emit sourceReplaced();
    emit changed();
}

void SourceJoinsEditor::onAliasEdited()
{
    const QString before = m_from.name();
    m_from.alias = m_alias->text().trimmed();
    if (m_from.name() != before)
        emit sourceRenamed(before, m_from.name());
}

void SourceJoinsEditor::addSuggestedJoin()
{
    const int index = m_suggestion->currentIndex();
    if (index < 0 || index >= m_suggestions.size())
        return;
    m_joins << m_suggestions.at(index).joins;
    fillJoins();
    fillSuggestions();
    emit changed();
}

} // namespace dbx::ui
