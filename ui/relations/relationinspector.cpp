#include "ui/relations/relationinspector.h"

#include "model/data/rowlabel.h"
#include "model/data/tabledatamodel.h"
#include "model/db/database.h"
#include "model/edit/editabletablemodel.h"
#include "model/relations/conditiontext.h"
#include "ui/common/sqlpreviewdialog.h"
#include "ui/common/valuedelegate.h"
#include "ui/edit/foreignkeyeditor.h"
#include "ui/relations/addlinkdialog.h"
#include "ui/relations/inspectorvalues.h"

#include <QCoreApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTableWidget>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace dbx::ui {

using inspector::columnIndex;
using inspector::keyText;
using inspector::sameValues;

namespace {

// Identifies a relationship across reloads of the same row and across rows of one table.
QString relationId(const model::Relationship &rel)
{
    return QString::number(int(rel.kind)) + QLatin1Char('|') + rel.constraintName +
           QLatin1Char('|') + rel.toConstraintName + QLatin1Char('|') + rel.via.qualified() +
           QLatin1Char('|') + rel.to.qualified();
}

// A conditional relationship is an entry of its own beside the plain one.
QString entryId(const model::RelatedSummary &summary)
{
    return relationId(summary.rel) +
           (summary.isConditional() ? QLatin1String("|conditional") : QLatin1String());
}

} // namespace

RelationInspector::RelationInspector(model::Database *db, const model::SchemaSnapshot &snapshot,
                                     QWidget *parent)
    : QWidget(parent)
    , m_db(db)
    , m_snapshot(snapshot)
    , m_graph(snapshot)
{
    buildUi();
    updateButtons();
    updatePending();
}

RelationInspector::~RelationInspector() = default;

void RelationInspector::buildUi()
{
    // The walk grows with every step; in a scroll area it never widens the panel, which would
    // move the breadcrumb under the mouse. The newest steps stay in view.
    m_breadcrumbArea = new QScrollArea(this);
    m_breadcrumbArea->setObjectName(QStringLiteral("relationBreadcrumbArea"));
    m_breadcrumbArea->setFrameShape(QFrame::NoFrame);
    m_breadcrumbArea->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_breadcrumbArea->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_breadcrumbArea->setWidgetResizable(true);
    m_breadcrumb = new QWidget(m_breadcrumbArea);
    m_breadcrumb->setObjectName(QStringLiteral("relationBreadcrumb"));
    m_crumbs = new QHBoxLayout(m_breadcrumb);
    m_crumbs->setContentsMargins(0, 0, 0, 0);
    m_crumbs->setSpacing(4);
    m_breadcrumbArea->setWidget(m_breadcrumb);

    m_title = new QLabel(tr("Select a row to see its relationships."), this);
    m_title->setObjectName(QStringLiteral("rowTitle"));
    m_title->setWordWrap(true);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);

    m_relationList = new QListWidget(this);
    m_relationList->setObjectName(QStringLiteral("relationList"));
    connect(m_relationList, &QListWidget::currentRowChanged, this,
            &RelationInspector::selectRelation);

    m_rowsStatus = new QLabel(this);
    m_rowsStatus->setObjectName(QStringLiteral("relatedStatus"));
    m_rowsGrid = new QTableWidget(this);
    m_rowsGrid->setObjectName(QStringLiteral("relatedRows"));
    m_rowsGrid->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_rowsGrid->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_rowsGrid->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_rowsGrid->horizontalHeader()->setStretchLastSection(true);
    m_rowsGrid->verticalHeader()->setDefaultSectionSize(m_rowsGrid->fontMetrics().height() + 6);
    m_rowsGrid->setItemDelegate(new ValueDelegate(m_rowsGrid));
    // Queued: following clears the grid, which must not happen inside its own mouse event.
    connect(
        m_rowsGrid, &QTableWidget::cellDoubleClicked, this, [this](int row, int) { follow(row); },
        Qt::QueuedConnection);
    connect(m_rowsGrid, &QTableWidget::itemSelectionChanged, this,
            &RelationInspector::updateButtons);

    auto makeButton = [this](const QString &text, const char *name, const QString &tip) {
        auto *b = new QPushButton(text, this);
        b->setObjectName(QString::fromLatin1(name));
        b->setToolTip(tip);
        return b;
    };
    m_follow = makeButton(tr("Follow"), "followRelated",
                          tr("Show the selected row's own relationships (double-click a row)"));
    m_open = makeButton(tr("Open"), "openRelated", tr("Open the selected row in a record window"));
    m_addLink = makeButton(tr("Add link…"), "addLink",
                           tr("Link this row to another one through the association table"));
    m_removeLink = makeButton(tr("Remove link"), "removeLink",
                              tr("Remove the selected links (the rows themselves stay)"));
    connect(m_follow, &QPushButton::clicked, this, [this] {
        const QList<int> rows = selectedRows();
        if (!rows.isEmpty())
            follow(rows.first());
    });
    connect(m_open, &QPushButton::clicked, this, &RelationInspector::openSelected);
    connect(m_addLink, &QPushButton::clicked, this, &RelationInspector::addLink);
    connect(m_removeLink, &QPushButton::clicked, this, &RelationInspector::removeLinks);
    // Shown for many-to-many relationships only, but their place is kept: the row of buttons
    // (and with it the panel) keeps its width whatever is chosen.
    for (QPushButton *b : {m_addLink, m_removeLink}) {
        QSizePolicy policy = b->sizePolicy();
        policy.setRetainSizeWhenHidden(true);
        b->setSizePolicy(policy);
    }
    auto *actions = new QHBoxLayout;
    actions->addWidget(m_follow);
    actions->addWidget(m_open);
    actions->addStretch();
    actions->addWidget(m_addLink);
    actions->addWidget(m_removeLink);

    m_pendingBar = new QWidget(this);
    m_pending = new QLabel(m_pendingBar);
    m_pending->setObjectName(QStringLiteral("pendingLinks"));
    m_commit = makeButton(tr("Commit"), "commitLinks", tr("Write the pending link changes"));
    m_revert = makeButton(tr("Revert"), "revertLinks", tr("Forget the pending link changes"));
    m_pendingSql =
        makeButton(tr("Pending SQL"), "pendingLinksSql", tr("Show the SQL that Commit will run"));
    connect(m_commit, &QPushButton::clicked, this, &RelationInspector::commitLinks);
    connect(m_revert, &QPushButton::clicked, this, &RelationInspector::revertLinks);
    connect(m_pendingSql, &QPushButton::clicked, this, &RelationInspector::showPendingSql);
    auto *pending = new QHBoxLayout(m_pendingBar);
    pending->setContentsMargins(0, 0, 0, 0);
    pending->addWidget(m_pending, 1);
    pending->addWidget(m_commit);
    pending->addWidget(m_revert);
    pending->addWidget(m_pendingSql);

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("linkMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();

    auto *lower = new QWidget(this);
    auto *lowerLayout = new QVBoxLayout(lower);
    lowerLayout->setContentsMargins(0, 0, 0, 0);
    lowerLayout->addWidget(m_rowsStatus);
    lowerLayout->addWidget(m_rowsGrid, 1);
    lowerLayout->addLayout(actions);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_relationList);
    splitter->addWidget(lower);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 3);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_breadcrumbArea);
    layout->addWidget(m_title);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_pendingBar);
    layout->addWidget(m_message);
}

void RelationInspector::showRow(const model::TableRef &table, const QVariantList &key)
{
    QString keep;
    if (!m_path.isEmpty() && m_path.first().table == table)
        keep = m_path.last().relationId;
    m_path = {Step{table, key, QString(), keep}};
    loadCurrent();
}

QList<model::TableRef> RelationInspector::pathTables() const
{
    QList<model::TableRef> out;
    for (const Step &s : m_path)
        out << s.table;
    return out;
}

QList<QVariantList> RelationInspector::pathKeys() const
{
    QList<QVariantList> out;
    for (const Step &s : m_path)
        out << s.key;
    return out;
}

void RelationInspector::goBack(int index)
{
    if (index < 0 || index >= m_path.size())
        return;
    m_path.resize(index + 1);
    loadCurrent();
}

void RelationInspector::follow(int row)
{
    const model::Relationship *rel = currentRelation();
    if (!rel || row < 0 || row >= m_gridRows.size() || m_path.isEmpty())
        return;
    QVariantList key;
    const int at = m_gridRows.at(row);
    if (at >= 0) {
        key = m_rows.keys.value(at);
    } else if (Links *l = currentLinks()) {
        // A link not committed yet still names an existing row: its key is in the insert.
        const model::RowChange *c = l->model->changes().byId(-at);
        const model::TableInfo *via = m_snapshot.table(rel->via.schema, rel->via.name);
        if (c && via) {
            for (const QString &column : rel->viaToColumns)
                key << c->values.value(columnIndex(*via, column));
        }
    }
    if (key.isEmpty())
        return;
    m_path << Step{rel->to, key, QString(), QString()};
    loadCurrent();
}

void RelationInspector::loadCurrent()
{
    // "Committed" belongs to the row it was said on; a failure stays while its links are pending.
    if (!m_messageIsError)
        m_message->hide();
    const quint64 generation = ++m_generation;
    ++m_rowsGeneration;
    m_relations.clear();
    m_rows = {};
    m_rowsReady = false;
    {
        const QSignalBlocker block(m_relationList);
        m_relationList->clear();
    }
    fillRows();
    rebuildBreadcrumb();
    if (m_path.isEmpty())
        return;
    const Step &step = m_path.last();
    m_title->setText(tr("%1 #%2").arg(step.table.name, keyText(step.key)));
    m_rowsStatus->setText(tr("Loading…"));
    model::loadRowSummary(
        *m_db, m_snapshot, m_graph, step.table, step.key,
        model::savedConditions(m_graph, step.table), this,
        [this, generation](model::Ticket, const model::Result<model::RowSummary> &result) {
            if (generation == m_generation)
                showSummary(result);
        });
}

void RelationInspector::showSummary(const model::Result<model::RowSummary> &result)
{
    Step &step = m_path.last();
    const QString name = tr("%1 #%2").arg(step.table.name, keyText(step.key));
    if (!result.ok()) {
        m_title->setText(name);
        m_rowsStatus->setText(result.error().message);
        return;
    }
    step.label = result->label;
    m_title->setText(step.label.isEmpty() ? name : tr("%1 · %2").arg(name, step.label));
    rebuildBreadcrumb();
    m_relations = result->relations;
    int select = m_relations.isEmpty() ? -1 : 0;
    const QSignalBlocker block(m_relationList);
    for (int i = 0; i < m_relations.size(); ++i) {
        const model::RelatedSummary &s = m_relations.at(i);
        auto *item = new QListWidgetItem(s.label, m_relationList);
        if (s.isConditional()) {
            // Marked as a narrowing of the plain relationship above it.
            item->setText(QStringLiteral("\u21b3 ") + s.label);
            QFont italic = item->font();
            italic.setItalic(true);
            item->setFont(italic);
            item->setToolTip(tr("%1, only rows where %2 (a condition saved in the Loading panel)")
                                 .arg(s.rel.describe(), model::describeFilter(s.condition.filter)));
        } else {
            item->setToolTip(s.rel.describe());
        }
        if (entryId(s) == step.relationId)
            select = i;
    }
    if (m_relations.isEmpty())
        m_rowsStatus->setText(tr("This row has no relationships."));
    m_relationList->setCurrentRow(select);
    selectRelation(select);
}

void RelationInspector::selectRelation(int index)
{
    const quint64 generation = ++m_rowsGeneration;
    m_rows = {};
    m_rowsReady = false;
    fillRows();
    if (index < 0 || index >= m_relations.size() || m_path.isEmpty())
        return;
    const model::RelatedSummary &entry = m_relations.at(index);
    const model::Relationship &rel = entry.rel;
    m_path.last().relationId = entryId(entry);
    if (rel.kind == model::Relationship::Kind::ManyToMany)
        links(rel.via);
    m_rowsStatus->setText(tr("Loading…"));
    model::loadRelatedRows(
        *m_db, m_snapshot, rel, m_path.last().key, rowLimit, entry.condition, this,
        [this, generation](model::Ticket, const model::Result<model::RelatedRows> &result) {
            if (generation == m_rowsGeneration)
                showRelated(result);
        });
}

void RelationInspector::showRelated(const model::Result<model::RelatedRows> &result)
{
    if (!result.ok()) {
        m_rowsStatus->setText(result.error().message);
        return;
    }
    m_rows = result.value();
    m_rowsReady = true;
    fillRows();
}

void RelationInspector::fillRows()
{
    const model::Relationship *rel = currentRelation();
    Links *l = currentIsLink() ? currentLinks() : nullptr;
    m_rowsGrid->clear();
    m_gridRows.clear();
    QStringList headers;
    for (int c = 0; c < m_rows.columns.size(); ++c) {
        const bool link = m_rows.linkColumnsFrom >= 0 && c >= m_rows.linkColumnsFrom;
        headers << (link ? tr("%1 (link)").arg(m_rows.columns.at(c)) : m_rows.columns.at(c));
    }
    for (int i = 0; i < m_rows.rows.size(); ++i)
        m_gridRows << i;
    // New links waiting for Commit, for this row: shown below the committed ones.
    const model::TableInfo *via =
        l && rel ? m_snapshot.table(rel->via.schema, rel->via.name) : nullptr;
    if (l && via && m_rowsReady) {
        for (const model::RowChange &c : l->model->changes().changes()) {
            if (!c.isInsert())
                continue;
            QVariantList from;
            for (const QString &column : rel->viaFromColumns)
                from << c.values.value(columnIndex(*via, column));
            if (sameValues(from, m_rows.fromValues))
                m_gridRows << -c.id;
        }
    }
    m_rowsGrid->setColumnCount(int(headers.size()));
    m_rowsGrid->setHorizontalHeaderLabels(headers);
    m_rowsGrid->setRowCount(int(m_gridRows.size()));
    const model::TableInfo *target = rel ? m_snapshot.table(rel->to.schema, rel->to.name) : nullptr;
    const QString labelColumn = target ? model::labelColumn(*target) : QString();
    QStringList rowHeaders;
    for (int r = 0; r < m_gridRows.size(); ++r) {
        const int at = m_gridRows.at(r);
        QVariantList values;
        QString header = QString::number(r + 1);
        QString tip;
        QFont font = m_rowsGrid->font();
        if (at >= 0) {
            values = m_rows.rows.at(at);
            const model::RowChange *c =
                l ? l->model->changes().forKey(m_rows.linkKeys.value(at)) : nullptr;
            if (c && c->isDelete()) {
                header = QStringLiteral("✕");
                tip = tr("Link removed, not committed yet");
                font.setStrikeOut(true);
            }
        } else {
            values = pendingValues(*l->model->changes().byId(-at), *rel, *via, labelColumn);
            header = QStringLiteral("+");
            tip = tr("New link, not committed yet");
            font.setItalic(true);
        }
        rowHeaders << header;
        for (int c = 0; c < values.size(); ++c)
            m_rowsGrid->setItem(r, c, gridItem(values.at(c), font, tip));
    }
    m_rowsGrid->setVerticalHeaderLabels(rowHeaders);
    m_rowsGrid->resizeColumnsToContents();
    for (int c = 0; c < m_rowsGrid->columnCount(); ++c)
        m_rowsGrid->setColumnWidth(c, qMin(m_rowsGrid->columnWidth(c), 260));
    if (m_rowsReady) {
        const qsizetype n = m_rows.rows.size();
        QString status = m_rows.truncated ? tr("First %n related row(s)", "", int(n))
                                          : tr("%n related row(s)", "", int(n));
        const int added = int(m_gridRows.size() - n);
        if (added > 0)
            status = tr("%1; %n new link(s) not committed yet", "", added).arg(status);
        m_rowsStatus->setText(status);
    } else if (!rel) {
        m_rowsStatus->clear();
    }
    updateButtons();
}

QTableWidgetItem *RelationInspector::gridItem(const QVariant &value, const QFont &font,
                                              const QString &tip) const
{
    auto *item = new QTableWidgetItem(value.isNull() ? QStringLiteral("NULL") : value.toString());
    item->setFont(font);
    item->setData(model::TableDataModel::IsNullRole, value.isNull()); // the delegate paints it
    if (!tip.isEmpty())
        item->setToolTip(tip);
    return item;
}

void RelationInspector::rebuildBreadcrumb()
{
    while (QLayoutItem *item = m_crumbs->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    for (int i = 0; i < m_path.size(); ++i) {
        const Step &step = m_path.at(i);
        if (i > 0)
            m_crumbs->addWidget(new QLabel(QStringLiteral("›"), m_breadcrumb));
        const QString text = tr("%1 #%2").arg(step.table.name, keyText(step.key));
        const QString tip = step.label.isEmpty() ? text : step.label;
        // The current step is where the user is, not a way back: plain bold text.
        if (i == m_path.size() - 1) {
            auto *here = new QLabel(text, m_breadcrumb);
            here->setObjectName(QStringLiteral("crumb_%1").arg(i));
            here->setToolTip(tip);
            QFont f = here->font();
            f.setBold(true);
            here->setFont(f);
            m_crumbs->addWidget(here);
            continue;
        }
        auto *crumb = new QToolButton(m_breadcrumb);
        crumb->setObjectName(QStringLiteral("crumb_%1").arg(i));
        crumb->setText(text);
        crumb->setToolTip(tr("Back to %1").arg(tip));
        crumb->setAutoRaise(true);
        crumb->setCursor(Qt::PointingHandCursor);
        connect(crumb, &QToolButton::clicked, this, [this, i] { goBack(i); });
        m_crumbs->addWidget(crumb);
    }
    m_crumbs->addStretch();
    // One step has nowhere to go back to; the title names the row already.
    m_breadcrumbArea->setVisible(m_path.size() > 1);
    m_breadcrumbArea->setFixedHeight(m_breadcrumb->sizeHint().height());
    QTimer::singleShot(0, this, [this] {
        m_breadcrumbArea->horizontalScrollBar()->setValue(
            m_breadcrumbArea->horizontalScrollBar()->maximum());
    });
}

const model::Relationship *RelationInspector::currentRelation() const
{
    const int i = m_relationList->currentRow();
    return i >= 0 && i < m_relations.size() ? &m_relations.at(i).rel : nullptr;
}

bool RelationInspector::currentIsLink() const
{
    const model::Relationship *rel = currentRelation();
    return rel && rel->kind == model::Relationship::Kind::ManyToMany;
}

QList<int> RelationInspector::selectedRows() const
{
    QList<int> rows;
    for (const QModelIndex &i : m_rowsGrid->selectionModel()->selectedRows())
        rows << i.row();
    std::sort(rows.begin(), rows.end());
    return rows;
}

void RelationInspector::updateButtons()
{
    const model::Relationship *rel = currentRelation();
    const QList<int> rows = selectedRows();
    const model::TableInfo *target = rel ? m_snapshot.table(rel->to.schema, rel->to.name) : nullptr;
    const bool one = rows.size() == 1;
    m_follow->setEnabled(one && target && !target->primaryKey.isEmpty());
    m_open->setEnabled(one && target && target->primaryKey.size() == 1 &&
                       m_gridRows.value(rows.first()) >= 0);
    const bool link = currentIsLink();
    m_addLink->setVisible(link);
    m_removeLink->setVisible(link);
    // The picker searches one key column; a composite target key cannot be chosen there. A
    // conditional entry shows only some links: one added there might not match its filter.
    const int entry = m_relationList->currentRow();
    const bool conditional =
        entry >= 0 && entry < m_relations.size() && m_relations.at(entry).isConditional();
    m_addLink->setEnabled(link && m_rowsReady && m_committing == 0 && rel->toColumns.size() == 1 &&
                          !conditional);
    m_addLink->setToolTip(
        conditional ? tr("Add links from the unfiltered relationship above.")
        : link && rel->toColumns.size() != 1
            ? tr("Links to a table with a key of several columns are added in its grid.")
            : tr("Link this row to another one through the association table"));
    m_removeLink->setEnabled(link && !rows.isEmpty() && m_committing == 0);
}

void RelationInspector::openSelected()
{
    const model::Relationship *rel = currentRelation();
    const QList<int> rows = selectedRows();
    if (!rel || rows.size() != 1)
        return;
    const model::TableInfo *target = m_snapshot.table(rel->to.schema, rel->to.name);
    const int at = m_gridRows.value(rows.first(), -1);
    if (!target || target->primaryKey.size() != 1 || at < 0)
        return;
    emit openRecord(rel->to.schema, rel->to.name, target->primaryKey.first(),
                    m_rows.keys.value(at).value(0));
}

void RelationInspector::showMessage(const QString &text, bool error)
{
    m_messageIsError = error;
    m_message->setText(text);
    m_message->setStyleSheet(error ? QStringLiteral("color: #b00020;") : QString());
    m_message->setVisible(!text.isEmpty());
}

} // namespace dbx::ui
