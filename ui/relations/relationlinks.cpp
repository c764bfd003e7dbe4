// The relation inspector's link editing: many-to-many links added and removed as pending
// inserts and deletes of the association table, committed, reverted or shown as SQL together.

#include "ui/relations/relationinspector.h"

#include "model/data/rowlabel.h"
#include "model/data/tabledatamodel.h"
#include "model/db/database.h"
#include "model/edit/editabletablemodel.h"
#include "ui/common/sqlpreviewdialog.h"
#include "ui/relations/addlinkdialog.h"
#include "ui/relations/inspectorvalues.h"

#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QTableWidget>

#include <algorithm>

namespace dbx::ui {

using inspector::columnIndex;
using inspector::sameValues;

int RelationInspector::pendingLinkChanges() const
{
    int n = 0;
    for (const Links &l : m_links)
        n += int(l.model->changes().size());
    return n;
}

QVariantList RelationInspector::pendingValues(const model::RowChange &insert,
                                              const model::Relationship &rel,
                                              const model::TableInfo &via,
                                              const QString &labelColumn)
{
    // What is known of a new link: the chosen key and label, and the link's attributes.
    QVariantList values(m_rows.columns.size(), QVariant(QString()));
    const qsizetype firstLink =
        m_rows.linkColumnsFrom >= 0 ? m_rows.linkColumnsFrom : m_rows.columns.size();
    for (qsizetype k = 0; k < firstLink; ++k) {
        const QString &name = m_rows.columns.at(k);
        const qsizetype keyPart = rel.toColumns.indexOf(name);
        if (keyPart >= 0)
            values[k] = insert.values.value(columnIndex(via, rel.viaToColumns.value(keyPart)));
        else if (name == labelColumn)
            values[k] = links(rel.via)->labels.value(insert.id);
    }
    for (qsizetype k = firstLink; k < m_rows.columns.size(); ++k)
        values[k] = insert.values.value(columnIndex(via, m_rows.columns.at(k)));
    return values;
}

RelationInspector::Links *RelationInspector::links(const model::TableRef &via)
{
    const QString name = via.qualified();
    auto it = m_links.find(name);
    if (it != m_links.end())
        return &it.value();
    const model::TableInfo *info = m_snapshot.table(via.schema, via.name);
    if (!info)
        return nullptr;
    Links l;
    l.source = new model::TableDataModel(m_db, this);
    l.model = new model::EditableTableModel(m_db, l.source, this);
    l.model->setTable(*info, &m_snapshot);
    model::EditableTableModel *editable = l.model;
    connect(l.model, &model::EditableTableModel::pendingChanged, this, [this] {
        updatePending();
        fillRows();
    });
    connect(l.model, &model::EditableTableModel::commitFinished, this,
            [this, editable](const model::CommitOutcome &o) { commitFinished(o, editable); });
    connect(l.source, &model::TableDataModel::pageLoaded, this,
            [this, name] { removeQueued(&m_links[name]); });
    connect(l.source, &model::TableDataModel::errorOccurred, this,
            [this, name](const model::DbError &e) {
                m_links[name].removeWhenLoaded.clear();
                showMessage(e.message, true);
            });
    return &m_links.insert(name, l).value();
}

RelationInspector::Links *RelationInspector::currentLinks()
{
    const model::Relationship *rel = currentRelation();
    return rel && rel->kind == model::Relationship::Kind::ManyToMany ? links(rel->via) : nullptr;
}

void RelationInspector::updatePending()
{
    const int n = pendingLinkChanges();
    m_pending->setText(tr("%n pending link change(s)", "", n));
    m_pendingBar->setVisible(n > 0 || m_committing > 0);
    m_commit->setEnabled(n > 0 && m_committing == 0);
    m_revert->setEnabled(n > 0 && m_committing == 0);
    m_pendingSql->setEnabled(n > 0);
}

void RelationInspector::addLink()
{
    const model::Relationship *rel = currentRelation();
    if (!rel || rel->kind != model::Relationship::Kind::ManyToMany || !m_rowsReady)
        return;
    const model::TableInfo *target = m_snapshot.table(rel->to.schema, rel->to.name);
    const model::TableInfo *via = m_snapshot.table(rel->via.schema, rel->via.name);
    if (!target || !via)
        return;
    // The dialog runs an event loop: what it was opened for is copied, not pointed at.
    const model::Relationship chosen = *rel;
    const QVariantList fromValues = m_rows.fromValues;
    AddLinkDialog dialog(m_db, chosen, *target, this);
    if (dialog.exec() != QDialog::Accepted || dialog.key().isEmpty())
        return;
    QMap<int, QVariant> values;
    for (int k = 0; k < chosen.viaFromColumns.size(); ++k)
        values.insert(columnIndex(*via, chosen.viaFromColumns.at(k)), fromValues.value(k));
    values.insert(columnIndex(*via, chosen.viaToColumns.value(0)), dialog.key());
    for (const QString &attribute : chosen.linkAttributes)
        values.insert(columnIndex(*via, attribute), dialog.attribute(attribute));
    Links *l = links(chosen.via);
    if (!l)
        return;
    const int row = l->model->insertRecord(values);
    if (row < 0) {
        showMessage(l->model->readOnlyReason(), true);
        return;
    }
    l->labels.insert(l->model->changes().inserts().last()->id, dialog.label());
    showMessage(QString(), false);
    fillRows();
}

void RelationInspector::removeLinks()
{
    Links *l = currentLinks();
    const model::Relationship *rel = currentRelation();
    if (!l || !rel)
        return;
    QList<int> dropInserts;
    for (int r : selectedRows()) {
        const int at = m_gridRows.value(r);
        if (at < 0) {
            dropInserts << l->model->rowOfChange(-at);
            continue;
        }
        const QVariantList key = m_rows.linkKeys.value(at);
        const model::RowChange *c = l->model->changes().forKey(key);
        if (key.isEmpty() || (c && c->isDelete()))
            continue;
        l->removeWhenLoaded << key;
    }
    if (!dropInserts.isEmpty())
        l->model->deleteRecords(dropInserts);
    if (l->removeWhenLoaded.isEmpty())
        return;
    // A delete is buffered against the association row as read (its version), so read exactly
    // the rows being removed; removeQueued() marks them once they are in.
    const model::TableInfo *via = m_snapshot.table(rel->via.schema, rel->via.name);
    if (!via)
        return;
    using model::query::Filter;
    QList<Filter> rows;
    for (const QVariantList &key : std::as_const(l->removeWhenLoaded)) {
        QList<Filter> one;
        for (int k = 0; k < via->primaryKey.size(); ++k)
            one << Filter::column(via->primaryKey.at(k), Filter::Op::Eq, {key.value(k)});
        rows << Filter::group(Filter::Logic::And, one);
    }
    l->source->setFilter(Filter::group(Filter::Logic::Or, rows));
}

void RelationInspector::removeQueued(Links *l)
{
    if (l->removeWhenLoaded.isEmpty())
        return;
    QList<int> rows;
    for (const QVariantList &key : std::as_const(l->removeWhenLoaded)) {
        const int row = l->source->rowOfKey(key);
        if (row >= 0)
            rows << row;
    }
    const bool missing = rows.size() < l->removeWhenLoaded.size();
    l->removeWhenLoaded.clear();
    l->model->deleteRecords(rows);
    if (missing)
        showMessage(tr("Some of these links no longer exist; they were left out."), true);
}

void RelationInspector::commitLinks()
{
    if (m_committing > 0)
        return;
    for (const Links &l : std::as_const(m_links)) {
        const QList<model::EditableTableModel::Problem> problems = l.model->problems();
        if (!problems.isEmpty()) {
            showMessage(tr("Cannot commit: %1").arg(problems.first().message), true);
            return;
        }
    }
    m_commitError.clear();
    showMessage(QString(), false);
    for (Links &l : m_links) {
        if (l.model->hasPendingChanges() && l.model->commit())
            ++m_committing;
    }
    updatePending();
    updateButtons();
}

void RelationInspector::commitFinished(const model::CommitOutcome &outcome,
                                       model::EditableTableModel *from)
{
    if (m_committing == 0)
        return;
    --m_committing;
    switch (outcome.status) {
    case model::CommitOutcome::Status::Committed:
        for (Links &l : m_links) {
            if (l.model == from)
                l.labels.clear();
        }
        break;
    case model::CommitOutcome::Status::Failed:
        m_commitError =
            from->lastFailure().isSet() ? from->lastFailure().message : outcome.error.message;
        break;
    case model::CommitOutcome::Status::Conflicts:
        m_commitError = tr("Someone else changed or removed these links meanwhile; revert and "
                           "try again.");
        break;
    }
    if (m_committing > 0)
        return;
    updatePending();
    if (!m_commitError.isEmpty()) {
        showMessage(tr("Nothing was written: %1").arg(m_commitError), true);
        updateButtons();
        return;
    }
    // Counts and rows changed: read the current row again, keeping the chosen relationship.
    loadCurrent();
    showMessage(tr("Link changes committed."), false);
}

void RelationInspector::revertLinks()
{
    for (Links &l : m_links) {
        l.model->revertAll();
        l.labels.clear();
        l.removeWhenLoaded.clear();
    }
    showMessage(QString(), false);
    updatePending();
    fillRows();
}

void RelationInspector::showPendingSql()
{
    QStringList sql;
    for (const Links &l : std::as_const(m_links)) {
        if (l.model->hasPendingChanges())
            sql << l.model->pendingSql();
    }
    SqlPreviewDialog dialog(tr("Pending link changes"), sql.join(QLatin1Char('\n')), this);
    dialog.setObjectName(QStringLiteral("pendingLinksSqlDialog"));
    dialog.exec();
}

} // namespace dbx::ui
