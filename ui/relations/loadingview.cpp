#include "ui/relations/loadingview.h"

#include "model/db/database.h"
#include "ui/edit/filterbar.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

namespace dbx::ui {

using model::LoadStrategy;
using model::Relationship;

namespace {

// Left to right: the problem, then the two cures.
const QList<LoadStrategy> kStrategies = {LoadStrategy::Lazy, LoadStrategy::Selectin,
                                         LoadStrategy::Joined};
// Enough of a lazy run to see the pattern repeat; the rest is counted, not listed.
constexpr int kListedStatements = 3;
constexpr int kParamChars = 60;

QString milliseconds(double ms)
{
    return QLocale().toString(ms, 'f', ms < 10 ? 2 : 1);
}

QString paramText(const QVariant &value)
{
    if (value.isNull())
        return QStringLiteral("NULL");
    QString text = value.toString();
    if (text.size() > kParamChars)
        text = text.left(kParamChars) + QChar(0x2026);
    return QLatin1Char('\'') + text.replace(QLatin1Char('\''), QLatin1String("''")) +
           QLatin1Char('\'');
}

} // namespace

LoadingView::LoadingView(model::Database *database, const model::SchemaSnapshot &snapshot,
                         QWidget *parent)
    : QWidget(parent)
    , m_database(database)
    , m_snapshot(snapshot)
    , m_graph(snapshot)
    , m_parents(new QLabel(this))
    , m_relationship(new QComboBox(this))
    , m_run(new QPushButton(tr("Run"), this))
    , m_conditionBox(new QGroupBox(tr("Condition on the related rows"), this))
    , m_conditionLayout(new QVBoxLayout(m_conditionBox))
    , m_orderColumn(new QComboBox(m_conditionBox))
    , m_orderDirection(new QComboBox(m_conditionBox))
    , m_conditionName(new QLineEdit(m_conditionBox))
    , m_summary(new QLabel(this))
    , m_note(new QLabel(this))
    , m_error(new QLabel(this))
{
    setObjectName(QStringLiteral("loadingView"));
    setWindowTitle(tr("Loading strategies"));
    m_parents->setObjectName(QStringLiteral("loadingParents"));
    m_relationship->setObjectName(QStringLiteral("loadingRelationship"));
    m_run->setObjectName(QStringLiteral("loadingRun"));
    m_orderColumn->setObjectName(QStringLiteral("loadingOrderColumn"));
    m_orderDirection->setObjectName(QStringLiteral("loadingOrderDirection"));
    m_conditionName->setObjectName(QStringLiteral("loadingConditionName"));
    m_conditionName->setPlaceholderText(tr("e.g. part-time resumes"));
    m_conditionName->setToolTip(
        tr("With a filter or an order, the Relations panel lists this as a relationship of its "
           "own under this name"));
    m_summary->setObjectName(QStringLiteral("loadingSummary"));
    m_note->setObjectName(QStringLiteral("loadingNote"));
    m_error->setObjectName(QStringLiteral("loadingError"));

    // The panel shares the window with the grid: nothing in it may need more than a narrow
    // column. Long choices are cut in the combo and shown whole in its tooltip.
    m_relationship->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_relationship->setMinimumContentsLength(14);
    m_relationship->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    connect(m_relationship, &QComboBox::currentTextChanged, m_relationship, &QComboBox::setToolTip);
    m_parents->setWordWrap(true);
    m_orderColumn->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_orderDirection->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_orderDirection->addItem(tr("Ascending"), int(Qt::AscendingOrder));
    m_orderDirection->addItem(tr("Descending"), int(Qt::DescendingOrder));
    m_summary->setWordWrap(true);
    QFont strong = m_summary->font();
    strong.setBold(true);
    m_summary->setFont(strong);
    m_note->setWordWrap(true);
    m_error->setWordWrap(true);
    m_error->setVisible(false);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Relationship:"), this));
    top->addWidget(m_relationship, 1);
    top->addWidget(m_run);

    auto *order = new QHBoxLayout;
    order->addWidget(new QLabel(tr("Order by:"), m_conditionBox));
    order->addWidget(m_orderColumn);
    order->addWidget(m_orderDirection);
    order->addStretch(1);
    m_conditionLayout->addLayout(order);
    auto *naming = new QHBoxLayout;
    naming->addWidget(new QLabel(tr("Name:"), m_conditionBox));
    naming->addWidget(m_conditionName, 1);
    m_conditionLayout->addLayout(naming);

    auto *columns = new QHBoxLayout;
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (LoadStrategy strategy : kStrategies) {
        // A short title; what the strategy does wraps below it, so three columns fit a
        // narrow panel in any language.
        auto *box = new QGroupBox(shortName(strategy), this);
        auto *how = new QLabel(strategyName(strategy), box);
        how->setWordWrap(true);
        auto *stats = new QLabel(tr("Not run yet."), box);
        auto *sql = new QPlainTextEdit(box);
        const QString id = QStringList{QStringLiteral("lazy"), QStringLiteral("selectin"),
                                       QStringLiteral("joined")}
                               .value(int(m_boxes.size()));
        box->setObjectName(QStringLiteral("loadingBox_") + id);
        stats->setObjectName(QStringLiteral("loadingStats_") + id);
        sql->setObjectName(QStringLiteral("loadingSql_") + id);
        // Wrapped, never wider than the column: the SQL below takes what is left.
        stats->setWordWrap(true);
        QSizePolicy wrapping(QSizePolicy::Ignored, QSizePolicy::Minimum);
        wrapping.setHeightForWidth(true); // as tall as the wrapped lines need
        stats->setSizePolicy(wrapping);
        how->setSizePolicy(wrapping);
        sql->setMinimumWidth(60);
        sql->setReadOnly(true);
        sql->setFont(fixed);
        sql->setLineWrapMode(QPlainTextEdit::WidgetWidth);
        auto *boxLayout = new QVBoxLayout(box);
        boxLayout->addWidget(how);
        boxLayout->addWidget(stats);
        boxLayout->addWidget(sql, 1);
        columns->addWidget(box, 1);
        m_boxes << box;
        m_stats << stats;
        m_sql << sql;
    }

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_parents);
    layout->addWidget(m_conditionBox);
    layout->addWidget(m_summary);
    layout->addWidget(m_note);
    layout->addWidget(m_error);
    layout->addLayout(columns, 1);

    // Saved as soon as it changes: the Relations panel lists conditions from the settings.
    connect(m_conditionName, &QLineEdit::editingFinished, this, [this] { saveCurrentCondition(); });
    connect(m_orderColumn, &QComboBox::activated, this, [this] { saveCurrentCondition(); });
    connect(m_orderDirection, &QComboBox::activated, this, [this] { saveCurrentCondition(); });
    connect(m_relationship, &QComboBox::currentIndexChanged, this,
            &LoadingView::relationshipChanged);
    connect(m_run, &QPushButton::clicked, this, [this] { run(); });
    setRunning(false);
}

LoadingView::~LoadingView() = default;

QString LoadingView::strategyName(LoadStrategy strategy)
{
    switch (strategy) {
    case LoadStrategy::Lazy:
        return tr("One query per parent");
    case LoadStrategy::Selectin:
        return tr("One query with the key list");
    case LoadStrategy::Joined:
        return tr("One query joining the parents");
    }
    return {};
}

QString LoadingView::shortName(LoadStrategy strategy)
{
    switch (strategy) {
    case LoadStrategy::Lazy:
        return tr("Lazy");
    case LoadStrategy::Selectin:
        return tr("Selectin");
    case LoadStrategy::Joined:
        return tr("Joined");
    }
    return {};
}

QString LoadingView::kindLabel(Relationship::Kind kind)
{
    switch (kind) {
    case Relationship::Kind::ManyToOne:
        return tr("many-to-one");
    case Relationship::Kind::OneToMany:
        return tr("one-to-many");
    case Relationship::Kind::OneToOne:
        return tr("one-to-one");
    case Relationship::Kind::ManyToMany:
        return tr("many-to-many");
    }
    return {};
}

int LoadingView::strategyIndex(LoadStrategy strategy) const
{
    return int(kStrategies.indexOf(strategy));
}

void LoadingView::setParents(const model::TableRef &table, const QList<QVariantList> &parentKeys)
{
    saveCurrentCondition();
    const bool sameTable = table == m_table && !m_relationships.isEmpty();
    m_table = table;
    m_parentKeys = parentKeys;
    m_parents->setText(tr("Parents: %n row(s) of %1", "", int(parentKeys.size())).arg(table.name));
    if (sameTable) {
        // New parents: a result still on its way, and the one shown, are about other rows.
        ++m_generation;
        setRunning(false);
        relationshipChanged();
        return;
    }
    m_relationships = m_graph.from(table);
    const QSignalBlocker blocker(m_relationship);
    m_relationship->clear();
    for (const Relationship &r : m_relationships) {
        m_relationship->addItem(r.kind == Relationship::Kind::ManyToMany
                                    ? tr("%1 via %2 (many-to-many)").arg(r.to.name, r.via.name)
                                    : tr("%1 (%2)").arg(r.describe(), kindLabel(r.kind)));
    }
    relationshipChanged();
}

int LoadingView::currentRelationship() const
{
    return m_relationship->currentIndex();
}

bool LoadingView::selectRelationship(const QString &table, Relationship::Kind kind)
{
    for (qsizetype i = 0; i < m_relationships.size(); ++i) {
        if (m_relationships.at(i).to.name == table && m_relationships.at(i).kind == kind) {
            m_relationship->setCurrentIndex(int(i));
            return true;
        }
    }
    return false;
}

model::RelatedCondition LoadingView::condition() const
{
    model::RelatedCondition c;
    if (m_filterBar)
        c.filter = m_filterBar->filter();
    c.orderColumn = m_orderColumn->currentData().toString();
    c.order = Qt::SortOrder(m_orderDirection->currentData().toInt());
    c.name = m_conditionName->text().trimmed();
    return c;
}

void LoadingView::setCondition(const model::RelatedCondition &condition)
{
    if (m_filterBar)
        m_filterBar->setFilter(condition.filter);
    const int column = m_orderColumn->findData(condition.orderColumn);
    m_orderColumn->setCurrentIndex(column < 0 ? 0 : column);
    m_orderDirection->setCurrentIndex(m_orderDirection->findData(int(condition.order)));
    m_conditionName->setText(condition.name);
}

void LoadingView::relationshipChanged()
{
    m_relationship->setToolTip(m_relationship->currentText()); // filled with signals blocked
    m_comparison = {};
    for (qsizetype i = 0; i < m_boxes.size(); ++i) {
        m_stats.at(i)->setText(tr("Not run yet."));
        m_sql.at(i)->clear();
    }
    m_summary->clear();
    m_note->clear();
    m_error->setVisible(false);
    rebuildConditionEditors();
    const int index = currentRelationship();
    if (index >= 0) {
        QSettings settings;
        setCondition(model::loadCondition(settings, m_relationships.at(index)));
    }
    setRunning(m_running);
}

void LoadingView::rebuildConditionEditors()
{
    delete m_filterBar;
    m_filterBar = nullptr;
    m_orderColumn->clear();
    m_orderColumn->addItem(tr("(key order)"), QString());
    const int index = currentRelationship();
    const model::TableInfo *related = index < 0
                                          ? nullptr
                                          : m_snapshot.table(m_relationships.at(index).to.schema,
                                                             m_relationships.at(index).to.name);
    m_conditionBox->setEnabled(related != nullptr);
    if (!related)
        return;
    m_conditionBox->setTitle(tr("Condition on %1").arg(related->name));
    for (const model::ColumnInfo &c : related->columns)
        m_orderColumn->addItem(c.name, c.name);
    m_filterBar = new FilterBar(*related, m_snapshot, m_conditionBox);
    m_filterBar->setObjectName(QStringLiteral("loadingFilter"));
    m_conditionLayout->insertWidget(0, m_filterBar);
    connect(m_filterBar, &FilterBar::filterChanged, this, [this] { saveCurrentCondition(); });
}

void LoadingView::saveCurrentCondition()
{
    const int index = currentRelationship();
    if (index < 0 || index >= m_relationships.size() || !m_filterBar)
        return;
    QSettings settings;
    model::saveCondition(settings, m_relationships.at(index), condition());
}

bool LoadingView::run()
{
    const int index = currentRelationship();
    if (m_running || !m_database || index < 0)
        return false;
    if (m_parentKeys.isEmpty()) {
        showError(tr("There are no parent rows to load related rows for."));
        return false;
    }
    if (m_filterBar && !m_filterBar->validationError().isEmpty()) {
        showError(m_filterBar->validationError());
        return false;
    }
    saveCurrentCondition();
    m_error->setVisible(false);
    const quint64 generation = ++m_generation;
    setRunning(true);
    model::compareStrategies(
        *m_database, m_snapshot, m_relationships.at(index), m_parentKeys, kStrategies, condition(),
        this, [this, generation](model::Ticket, const model::Result<model::StrategyComparison> &r) {
            if (generation != m_generation)
                return; // the relationship or parents changed meanwhile
            setRunning(false);
            if (!r.ok()) {
                showError(r.error().oneLine());
                emit runFinished(false);
                return;
            }
            m_comparison = r.value();
            showComparison();
            emit runFinished(true);
        });
    return true;
}

int LoadingView::queryCount(LoadStrategy strategy) const
{
    const int i = strategyIndex(strategy);
    if (i < 0 || i >= m_comparison.loads.size())
        return 0;
    return 1 + int(m_comparison.loads.at(i).statements.size());
}

QString LoadingView::summaryText() const
{
    return m_summary->text();
}

QString LoadingView::sqlText(LoadStrategy strategy) const
{
    const int i = strategyIndex(strategy);
    return i < 0 ? QString() : m_sql.at(i)->toPlainText();
}

QString LoadingView::statsText(LoadStrategy strategy) const
{
    const int i = strategyIndex(strategy);
    return i < 0 ? QString() : m_stats.at(i)->text();
}

QString LoadingView::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

QString LoadingView::sqlListing(const model::RelatedLoad &load) const
{
    QStringList parts;
    const qsizetype shown = std::min<qsizetype>(load.statements.size(), kListedStatements);
    for (qsizetype n = 0; n < shown; ++n) {
        const model::LoggedStatement &st = load.statements.at(n);
        QString text =
            tr("-- %1. rows: %2, %3 ms").arg(n + 1).arg(st.rows).arg(milliseconds(st.ms)) +
            QLatin1Char('\n') + st.sql + QLatin1Char(';');
        for (qsizetype p = 0; p < st.params.size(); ++p)
            text += QStringLiteral("\n-- $%1 = %2").arg(p + 1).arg(paramText(st.params.at(p)));
        parts << text;
    }
    const int more = int(load.statements.size() - shown);
    if (more > 0)
        parts << tr("… and %1 more statements like these, one per parent").arg(more);
    if (load.statements.isEmpty())
        parts << tr("-- No statement: there was no parent key to look up.");
    return parts.join(QLatin1String("\n\n"));
}

void LoadingView::showComparison()
{
    const model::ParentPage &page = m_comparison.parents;
    QStringList summary;
    for (qsizetype i = 0; i < m_comparison.loads.size() && i < m_boxes.size(); ++i) {
        const model::RelatedLoad &load = m_comparison.loads.at(i);
        const int queries = queryCount(load.strategy);
        const double ms = page.statement.ms + load.totalMs;
        const QString label = shortName(load.strategy);
        summary << tr("%1: %n queries, %2 ms", "", queries).arg(label, milliseconds(ms));
        m_stats.at(i)->setText(
            tr("%n queries: 1 for the page of parents + %1 for %2", "", queries)
                .arg(load.statements.size())
                .arg(m_relationships.value(currentRelationship()).to.name) +
            QLatin1Char('\n') +
            tr("Related rows loaded: %1, in %2 ms").arg(load.rowCount()).arg(milliseconds(ms)));
        m_sql.at(i)->setPlainText(sqlListing(load));
    }
    m_summary->setText(summary.join(QStringLiteral("  ·  ")));
    m_note->setText(tr("Each count includes the one query that read the page of parents "
                       "(rows: %1, %2 ms), as a grid does before loading related rows.")
                        .arg(page.statement.rows)
                        .arg(milliseconds(page.statement.ms)));
}

void LoadingView::showError(const QString &message)
{
    m_error->setText(message);
    m_error->setVisible(true);
}

void LoadingView::setRunning(bool running)
{
    m_running = running;
    m_run->setEnabled(!running && m_database && currentRelationship() >= 0);
    m_run->setText(running ? tr("Running…") : tr("Run"));
    m_relationship->setEnabled(!running);
}

} // namespace dbx::ui
