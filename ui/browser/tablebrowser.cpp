#include "ui/browser/tablebrowser.h"

#include "model/data/tabledatamodel.h"
#include "model/db/database.h"
#include "model/edit/editabletablemodel.h"
#include "model/export/nestedjson.h"
#include "ui/browser/celldelegate.h"
#include "ui/browser/conflictdialog.h"
#include "ui/browser/recordform.h"
#include "ui/edit/cascadepreviewdialog.h"
#include "ui/edit/filterbar.h"
#include "ui/export/exportdialog.h"
#include "ui/common/icons.h"
#include "ui/common/sqlpreviewdialog.h"
#include "ui/relations/loadingview.h"
#include "ui/relations/relationinspector.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QScrollBar>
#include <QSplitter>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

namespace dbx::ui {

using model::CommitOutcome;
using model::EditableTableModel;

namespace {
constexpr int maxInitialColumnWidth = 320;
}

TableBrowser::TableBrowser(model::Database *database, model::Database *background,
                           const model::TableInfo &table, const model::SchemaSnapshot &snapshot,
                           QWidget *parent)
    : QWidget(parent)
    , m_db(database)
    , m_table(table)
    , m_snapshot(snapshot)
    , m_source(new model::TableDataModel(database, this, background))
    , m_model(new EditableTableModel(database, m_source, this))
    , m_editors(database, table, snapshot)
    , m_delegate(new CellDelegate(&m_editors, this))
    , m_toolbar(new QToolBar(this))
    , m_filter(new FilterBar(table, snapshot, this))
    , m_message(new QLabel(this))
    , m_splitter(new QSplitter(Qt::Horizontal, this))
    , m_view(new QTableView(m_splitter))
    , m_form(nullptr)
    , m_relations(nullptr)
    , m_loading(nullptr)
    , m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("tableBrowser"));
    m_model->setTable(table, &snapshot);

    m_view->setObjectName(QStringLiteral("grid"));
    m_view->setModel(m_model);
    m_view->setItemDelegate(m_delegate);
    m_view->setSelectionBehavior(QAbstractItemView::SelectItems);
    m_view->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                            QAbstractItemView::AnyKeyPressed);
    m_view->setWordWrap(false);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    // Fixed row heights: a ten-million-row grid must never measure its rows.
    QHeaderView *rows = m_view->verticalHeader();
    rows->setSectionResizeMode(QHeaderView::Fixed);
    rows->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    QHeaderView *columns = m_view->horizontalHeader();
    columns->setSectionsClickable(true);
    columns->setSortIndicatorShown(true);
    columns->setSortIndicator(-1, Qt::AscendingOrder);
    columns->setHighlightSections(false);
    connect(columns, &QHeaderView::sortIndicatorChanged, this,
            [this](int section, Qt::SortOrder order) { m_model->sort(section, order); });

    m_form = new RecordForm(database, m_model, &m_editors, snapshot, m_splitter);
    m_form->hide();
    m_relations = new RelationInspector(database, snapshot, m_splitter);
    m_relations->hide();
    m_loading = new LoadingView(database, snapshot, m_splitter);
    m_loading->hide();
    m_splitter->addWidget(m_view);
    m_splitter->addWidget(m_form);
    m_splitter->addWidget(m_relations);
    m_splitter->addWidget(m_loading);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);

    m_message->setObjectName(QStringLiteral("browserMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();
    m_status->setObjectName(QStringLiteral("browserStatus"));

    buildActions();
    buildContextMenu();
    m_form->addActions({m_actions.value(Action::Insert), m_actions.value(Action::Duplicate),
                        m_actions.value(Action::Delete)});

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_toolbar);
    layout->addWidget(m_filter);
    layout->addWidget(m_message);
    layout->addWidget(m_splitter, 1);
    layout->addWidget(m_status);

    connect(m_filter, &FilterBar::filterChanged, m_source, &model::TableDataModel::setFilter);
    connect(m_model, &EditableTableModel::pendingChanged, this, [this] {
        updateActions();
        updateStatus();
    });
    connect(m_model, &EditableTableModel::commitFinished, this, &TableBrowser::commitFinished);
    connect(m_source, &model::TableDataModel::exactCountKnown, this, &TableBrowser::updateStatus);
    connect(m_model, &QAbstractItemModel::modelReset, this, &TableBrowser::updateStatus);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &TableBrowser::updateStatus);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &TableBrowser::updateStatus);
    connect(m_source, &model::TableDataModel::errorOccurred, this,
            [this](const model::DbError &error) { showMessage(error.oneLine(), true); });
    connect(m_source, &model::TableDataModel::pageLoaded, this, [this] {
        if (m_sizedColumns)
            return;
        m_sizedColumns = true;
        // A current cell from the start, so the row actions and the form have a row to act on.
        if (!m_view->currentIndex().isValid() && m_model->rowCount() > 0)
            m_view->setCurrentIndex(m_model->index(0, 0));
        m_view->resizeColumnsToContents();
        for (int c = 0; c < m_model->columnCount(); ++c) {
            if (m_view->columnWidth(c) > maxInitialColumnWidth)
                m_view->setColumnWidth(c, maxInitialColumnWidth);
        }
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (m_form->isVisible() && current.isValid())
                    m_form->setCurrentRow(current.row());
                updateRelations();
                updateActions();
            });
    connect(m_form, &RecordForm::currentRowChanged, this, [this](int row) {
        if (row >= 0 && m_view->currentIndex().row() != row)
            selectCell(row, qMax(0, m_view->currentIndex().column()));
    });
    connect(m_form, &RecordForm::openChildRecord, this, &TableBrowser::openRecord);
    connect(m_relations, &RelationInspector::openRecord, this, &TableBrowser::openRecord);

    const QString readOnly = m_model->readOnlyReason();
    if (!readOnly.isEmpty())
        showMessage(readOnly, false);
    updateActions();
    updateStatus();
}

TableBrowser::~TableBrowser() = default;

void TableBrowser::buildActions()
{
    auto add = [this](Action id, const QString &text, const QString &iconName,
                      const QKeySequence &shortcut, const QString &tip) {
        auto *action = new QAction(text, this);
        if (!iconName.isEmpty())
            action->setIcon(icon(iconName));
        if (!shortcut.isEmpty())
            action->setShortcut(shortcut);
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        action->setToolTip(shortcut.isEmpty() ? tip
                                              : tip + QStringLiteral(" (%1)").arg(shortcut.toString(
                                                          QKeySequence::NativeText)));
        addAction(action);
        m_actions.insert(id, action);
        return action;
    };
    add(Action::Refresh, tr("Reload"), QStringLiteral("refresh"), QKeySequence(Qt::Key_F5),
        tr("Read the rows again from the database; pending changes stay"));
    add(Action::RefreshRow, tr("Refresh Row"), QString(), QKeySequence(Qt::SHIFT | Qt::Key_F5),
        tr("Read the current row again from the database"));
    add(Action::Insert, tr("Insert"), QString(), QKeySequence(Qt::Key_Insert),
        tr("Add a new row (saved on Commit)"));
    add(Action::Duplicate, tr("Duplicate"), QString(), QKeySequence(Qt::CTRL | Qt::Key_D),
        tr("Add a copy of the current row without the values the server fills"));
    add(Action::Delete, tr("Delete"), QString(), QKeySequence(Qt::CTRL | Qt::Key_Delete),
        tr("Mark the selected rows for deletion, after showing what the delete takes along"));
    add(Action::SetNull, tr("Set NULL"), QString(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N),
        tr("Set the selected cells to NULL"));
    add(Action::RevertRow, tr("Revert Row"), QString(), QKeySequence(),
        tr("Drop the pending changes of the selected rows"));
    add(Action::Commit, tr("Commit"), QString(), QKeySequence(Qt::CTRL | Qt::Key_S),
        tr("Apply every pending change in one transaction"));
    add(Action::RevertAll, tr("Revert All"), QString(), QKeySequence(),
        tr("Drop every pending change"));
    add(Action::PendingSql, tr("Pending SQL"), QString(), QKeySequence(),
        tr("Show exactly what Commit will run"));
    add(Action::ToggleForm, tr("Form"), QString(), QKeySequence(Qt::CTRL | Qt::Key_R),
        tr("Show the current row as a form with the rows that reference it"));
    add(Action::Export, tr("Export…"), QString(), QKeySequence(Qt::CTRL | Qt::Key_E),
        tr("Export the rows (with the filter and sort) or the selection to CSV or JSON"));
    add(Action::ToggleRelations, tr("Relations"), QString(), QKeySequence(Qt::CTRL | Qt::Key_L),
        tr("Show the current row's relationships: follow them both ways, add and remove "
           "many-to-many links"));
    add(Action::ToggleLoading, tr("Loading"), QString(), QKeySequence(),
        tr("Compare lazy, joined and selectin loading of a relationship over the loaded rows"));
    m_actions.value(Action::ToggleRelations)->setCheckable(true);
    m_actions.value(Action::ToggleLoading)->setCheckable(true);
    add(Action::CopyJson, tr("Copy as JSON with Related Rows"), QString(), QKeySequence(),
        tr("Copy the current row with the rows that reference it (two levels) as nested JSON"));
    m_actions.value(Action::ToggleForm)->setCheckable(true);

    m_toolbar->setObjectName(QStringLiteral("browserToolbar"));
    m_toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_toolbar->setIconSize(QSize(16, 16));
    for (Action a :
         {Action::Refresh, Action::Insert, Action::Duplicate, Action::Delete, Action::SetNull})
        m_toolbar->addAction(m_actions.value(a));
    m_toolbar->addSeparator();
    for (Action a : {Action::Commit, Action::RevertAll, Action::PendingSql})
        m_toolbar->addAction(m_actions.value(a));
    m_toolbar->addSeparator();
    for (Action a :
         {Action::ToggleForm, Action::ToggleRelations, Action::ToggleLoading, Action::Export})
        m_toolbar->addAction(m_actions.value(a));

    connect(m_actions.value(Action::Refresh), &QAction::triggered, m_source,
            &model::TableDataModel::reload);
    connect(m_actions.value(Action::RefreshRow), &QAction::triggered, this, [this] {
        for (int row : selectedRows())
            m_model->refreshRecord(row);
    });
    connect(m_actions.value(Action::Insert), &QAction::triggered, this, [this] {
        finishEditing();
        const int row = m_model->insertRecord();
        int column = 0;
        while (column < m_model->columnCount() - 1 && !m_model->isColumnEditable(column))
            ++column;
        if (row >= 0)
            selectCell(row, column);
    });
    connect(m_actions.value(Action::Duplicate), &QAction::triggered, this, [this] {
        finishEditing();
        const int current = m_view->currentIndex().row();
        if (current < 0)
            return;
        const int row = m_model->duplicateRecord(current);
        if (row >= 0)
            selectCell(row, qMax(0, m_view->currentIndex().column()));
    });
    connect(m_actions.value(Action::Delete), &QAction::triggered, this,
            &TableBrowser::deleteSelected);
    connect(m_actions.value(Action::SetNull), &QAction::triggered, this,
            &TableBrowser::setNullOnSelection);
    connect(m_actions.value(Action::RevertRow), &QAction::triggered, this,
            [this] { m_model->revertRecords(selectedRows()); });
    connect(m_actions.value(Action::Commit), &QAction::triggered, this, &TableBrowser::commit);
    connect(m_actions.value(Action::RevertAll), &QAction::triggered, this, [this] {
        finishEditing();
        m_model->revertAll();
        showMessage(tr("Pending changes discarded."), false);
    });
    connect(m_actions.value(Action::PendingSql), &QAction::triggered, this,
            &TableBrowser::showPendingSql);
    connect(m_actions.value(Action::ToggleForm), &QAction::toggled, this,
            &TableBrowser::setFormVisible);
    connect(m_actions.value(Action::Export), &QAction::triggered, this, &TableBrowser::exportGrid);
    connect(m_actions.value(Action::CopyJson), &QAction::triggered, this,
            &TableBrowser::copyRowAsJson);
    connect(m_actions.value(Action::ToggleRelations), &QAction::toggled, this, [this](bool on) {
        m_relations->setVisible(on);
        updateRelations();
    });
    connect(m_actions.value(Action::ToggleLoading), &QAction::toggled, this, [this](bool on) {
        m_loading->setVisible(on);
        updateLoadingParents();
    });
}

void TableBrowser::buildContextMenu()
{
    connect(m_view, &QWidget::customContextMenuRequested, this, [this](const QPoint &at) {
        const QModelIndex index = m_view->indexAt(at);
        QMenu menu(this);
        if (index.isValid()) {
            const QString column = m_table.columns.value(index.column()).name;
            const QVariant value = index.data(Qt::EditRole);
            const bool isNull = index.data(model::TableDataModel::IsNullRole).toBool();
            QAction *filter = menu.addAction(
                isNull ? tr("Filter: %1 is NULL").arg(column)
                       : tr("Filter: %1 = %2").arg(column, CellDelegate::cellText(index).left(40)));
            connect(filter, &QAction::triggered, this, [this, column, value, isNull] {
                if (isNull)
                    m_filter->addCondition(column, model::query::Filter::Op::IsNull, {});
                else
                    m_filter->addCondition(column, model::query::Filter::Op::Eq, value);
                m_filter->apply();
            });
            QAction *copy = menu.addAction(tr("Copy Value"));
            connect(copy, &QAction::triggered, this, [index] {
                QApplication::clipboard()->setText(index.data(Qt::DisplayRole).toString());
            });
            menu.addSeparator();
        }
        for (Action a : {Action::SetNull, Action::RefreshRow, Action::RevertRow, Action::Duplicate,
                         Action::Delete, Action::ToggleForm, Action::CopyJson})
            menu.addAction(m_actions.value(a));
        menu.exec(m_view->viewport()->mapToGlobal(at));
    });
}

QList<int> TableBrowser::selectedRows() const
{
    QList<int> rows;
    for (const QModelIndex &i : m_view->selectionModel()->selectedIndexes()) {
        if (!rows.contains(i.row()))
            rows << i.row();
    }
    if (rows.isEmpty() && m_view->currentIndex().isValid())
        rows << m_view->currentIndex().row();
    return rows;
}

void TableBrowser::updateActions()
{
    const bool editable = m_model->readOnlyReason().isEmpty();
    const bool pending = m_model->hasPendingChanges();
    const bool busy = m_model->isCommitting();
    const bool current = m_view->currentIndex().isValid();
    m_actions.value(Action::Insert)->setEnabled(editable && !busy);
    m_actions.value(Action::Duplicate)->setEnabled(editable && !busy && current);
    m_actions.value(Action::Delete)->setEnabled(editable && !busy && current);
    m_actions.value(Action::SetNull)->setEnabled(editable && !busy && current);
    m_actions.value(Action::RevertRow)->setEnabled(pending && !busy);
    m_actions.value(Action::Commit)->setEnabled(pending && !busy);
    m_actions.value(Action::RevertAll)->setEnabled(pending && !busy);
    m_actions.value(Action::PendingSql)->setEnabled(pending);
    m_actions.value(Action::CopyJson)->setEnabled(current && !m_table.primaryKey.isEmpty());
    m_actions.value(Action::Commit)
        ->setText(pending ? tr("Commit (%1)").arg(m_model->changes().size()) : tr("Commit"));
}

void TableBrowser::updateStatus()
{
    const qint64 rows = m_source->rowCount();
    QString text = m_source->isCountExact()
                       ? tr("%Ln row(s)", nullptr, rows)
                       : tr("about %Ln row(s) (estimate; counting…)", nullptr, rows);
    if (!m_source->query().filter().isEmpty())
        text += tr(" · filtered");
    const qsizetype pending = m_model->changes().size();
    if (pending > 0)
        text += tr(" · %n pending change(s), not committed", nullptr, int(pending));
    if (!m_model->readOnlyReason().isEmpty())
        text += tr(" · read-only");
    m_status->setText(text);
}

void TableBrowser::showMessage(const QString &text, bool error)
{
    m_message->setText(text);
    m_message->setStyleSheet(error ? QStringLiteral("QLabel { background: #ffebee; color: #b71c1c;"
                                                    " padding: 4px; }")
                                   : QStringLiteral("QLabel { background: #e3f2fd; color: #0d47a1;"
                                                    " padding: 4px; }"));
    m_message->setVisible(!text.isEmpty());
}

QString TableBrowser::message() const
{
    return m_message->isVisible() ? m_message->text() : QString();
}

void TableBrowser::finishEditing()
{
    // An open editor holds a value not yet in the model: closing it hands the value over.
    QWidget *focus = QApplication::focusWidget();
    if (focus && (m_view->isAncestorOf(focus) || m_form->isAncestorOf(focus)))
        focus->clearFocus();
    m_view->setFocus();
}

void TableBrowser::selectCell(int row, int column)
{
    const QModelIndex index = m_model->index(row, column);
    if (!index.isValid())
        return;
    m_view->setCurrentIndex(index);
    m_view->scrollTo(index);
}

void TableBrowser::filterBy(const QString &column, const QVariant &value)
{
    m_filter->addCondition(column, model::query::Filter::Op::Eq, value);
    m_filter->apply();
}

void TableBrowser::setFormVisible(bool visible)
{
    QAction *toggle = m_actions.value(Action::ToggleForm);
    if (toggle->isChecked() != visible)
        toggle->setChecked(visible); // comes back here through toggled()
    m_form->setVisible(visible);
    if (visible)
        m_form->setCurrentRow(qMax(0, m_view->currentIndex().row()));
}

bool TableBrowser::isFormVisible() const
{
    return m_form->isVisible();
}

void TableBrowser::setNullOnSelection()
{
    finishEditing();
    QStringList refused;
    for (const QModelIndex &i : m_view->selectionModel()->selectedIndexes()) {
        const model::ColumnInfo &c = m_table.columns.at(i.column());
        if (c.notNull) {
            if (!refused.contains(c.name))
                refused << c.name;
            continue;
        }
        m_model->setData(i, QVariant(), Qt::EditRole);
    }
    if (!refused.isEmpty())
        showMessage(
            tr("%1 cannot be NULL (NOT NULL column).").arg(refused.join(QStringLiteral(", "))),
            true);
}

bool TableBrowser::isReferenced() const
{
    for (const model::SchemaInfo &s : m_snapshot.schemas) {
        for (const model::TableInfo &t : s.tables) {
            for (const model::ForeignKeyInfo &fk : t.foreignKeys) {
                if (fk.refSchema == m_table.schema && fk.refTable == m_table.name)
                    return true;
            }
        }
    }
    return false;
}

void TableBrowser::deleteSelected()
{
    finishEditing();
    const QList<int> rows = selectedRows();
    QList<QVariantList> keys;
    for (int row : rows) {
        if (!m_model->isInsertRow(row)) {
            const QVariantList key = m_source->rowKey(row);
            if (!key.isEmpty())
                keys << key;
        }
    }
    if (!keys.isEmpty() && isReferenced()) {
        CascadePreviewDialog preview(m_db, m_snapshot, m_table, keys, this);
        if (preview.exec() != QDialog::Accepted)
            return;
    }
    m_model->deleteRecords(rows);
    showMessage(
        tr("%n row(s) marked for deletion; Commit deletes them.", nullptr, int(rows.size())),
        false);
}

void TableBrowser::showPendingSql()
{
    finishEditing();
    SqlPreviewDialog dialog(tr("Pending SQL — %1").arg(m_table.name), m_model->pendingSql(), this);
    dialog.exec();
}

void TableBrowser::exportGrid()
{
    QList<QVariantList> keys;
    const QModelIndexList selected = m_view->selectionModel()->selectedIndexes();
    if (selected.size() > 1) {
        for (int row : selectedRows()) {
            if (!m_model->isInsertRow(row)) {
                const QVariantList key = m_source->rowKey(row);
                if (!key.isEmpty())
                    keys << key;
            }
        }
    }
    ExportDialog dialog(m_db->spec(), m_source->query(), keys, this);
    dialog.exec();
}

void TableBrowser::copyRowAsJson()
{
    const int row = m_view->currentIndex().row();
    const QVariantList key =
        row < 0 || m_model->isInsertRow(row) ? QVariantList() : m_source->rowKey(row);
    if (key.isEmpty())
        return;
    model::loadNestedJson(*m_db, m_snapshot, m_table, key, this,
                          [this](model::Ticket, const model::Result<QString> &json) {
                              if (!json.ok()) {
                                  showMessage(json.error().oneLine(), true);
                                  return;
                              }
                              QApplication::clipboard()->setText(json.value());
                              showMessage(tr("Copied the row with its related rows as JSON "
                                             "(%n line(s)).",
                                             nullptr, int(json->count(QLatin1Char('\n')) + 1)),
                                          false);
                          });
}

void TableBrowser::updateRelations()
{
    if (!m_relations->isVisible())
        return;
    const int row = m_view->currentIndex().row();
    if (row < 0 || m_model->isInsertRow(row))
        return;
    const QVariantList key = m_source->rowKey(row);
    if (!key.isEmpty())
        m_relations->showRow(model::TableRef{m_table.schema, m_table.name}, key);
}

void TableBrowser::updateLoadingParents()
{
    if (!m_loading->isVisible())
        return;
    // The rows in view (at most a page): the parents whose related rows a grid would load.
    QList<QVariantList> keys;
    const int first = qMax(0, m_view->rowAt(0));
    for (int row = first; row < m_source->rowCount() && keys.size() < 20; ++row) {
        const QVariantList key = m_source->rowKey(row);
        if (key.isEmpty())
            break;
        keys << key;
    }
    m_loading->setParents(model::TableRef{m_table.schema, m_table.name}, keys);
}

bool TableBrowser::commit()
{
    finishEditing();
    if (!m_model->hasPendingChanges())
        return false;
    const QList<EditableTableModel::Problem> problems = m_model->problems();
    if (!problems.isEmpty()) {
        const auto &first = problems.first();
        showMessage(tr("Nothing was sent: %n value(s) break the column rules. %1", nullptr,
                       int(problems.size()))
                        .arg(first.message),
                    true);
        const int row = m_model->rowOfChange(first.changeId);
        if (row >= 0)
            selectCell(row, first.column);
        return false;
    }
    if (!m_model->commit())
        return false;
    showMessage(tr("Committing…"), false);
    updateActions();
    return true;
}

void TableBrowser::commitFinished(const CommitOutcome &outcome)
{
    updateActions();
    switch (outcome.status) {
    case CommitOutcome::Status::Committed:
        showMessage(tr("Committed: %n row(s) changed.", nullptr, int(outcome.rowsAffected)), false);
        break;
    case CommitOutcome::Status::Failed: {
        const EditableTableModel::Failure &failure = m_model->lastFailure();
        const int row = m_model->rowOfChange(failure.changeId);
        QString where;
        if (row >= 0) {
            where =
                failure.column >= 0
                    ? tr("Row %1, %2: ").arg(row + 1).arg(m_table.columns.at(failure.column).name)
                    : tr("Row %1: ").arg(row + 1);
            selectCell(row, qMax(0, failure.column));
        }
        showMessage(tr("Commit failed; nothing was saved and your edits are kept. %1%2")
                        .arg(where, failure.message),
                    true);
        break;
    }
    case CommitOutcome::Status::Conflicts:
        showMessage(tr("Nothing was saved: %n row(s) were changed by someone else since you read "
                       "them.",
                       nullptr, int(outcome.conflicts.size())),
                    true);
        resolveConflicts();
        break;
    }
    updateStatus();
}

void TableBrowser::resolveConflicts()
{
    const QList<model::ChangeConflict> conflicts = m_model->conflicts();
    int resolved = 0;
    for (const model::ChangeConflict &conflict : conflicts) {
        const int row = m_model->rowOfChange(conflict.changeId);
        if (row >= 0)
            selectCell(row, 0);
        ConflictDialog dialog(m_model, conflict, this);
        const int choice = dialog.exec();
        if (choice == ConflictDialog::KeepMine) {
            m_model->keepMine(conflict);
            ++resolved;
        } else if (choice == ConflictDialog::TakeTheirs) {
            m_model->takeTheirs(conflict);
            ++resolved;
        }
    }
    if (resolved == conflicts.size())
        showMessage(tr("Conflicts resolved. Commit again to apply the remaining changes."), false);
}

bool TableBrowser::confirmClose()
{
    finishEditing();
    if (!m_model->hasPendingChanges())
        return true;
    const auto answer =
        QMessageBox::question(this, tr("Pending changes"),
                              tr("%1 has %n change(s) that are not committed. Discard them?",
                                 nullptr, int(m_model->changes().size()))
                                  .arg(m_table.name),
                              QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Cancel);
    return answer == QMessageBox::Discard;
}

} // namespace dbx::ui
