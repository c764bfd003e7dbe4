#include "ui/browser/tablebrowser.h"

#include "model/data/tabledatamodel.h"
#include "model/db/database.h"
#include "model/edit/editabletablemodel.h"
#include "model/export/nestedjson.h"
#include "ui/browser/celldelegate.h"
#include "ui/browser/conflictdialog.h"
#include "ui/browser/recordform.h"
#include "ui/browser/rowfollower.h"
#include "ui/common/icons.h"
#include "ui/common/sqlpreviewdialog.h"
#include "ui/edit/cascadepreviewdialog.h"
#include "ui/edit/filterbar.h"
#include "ui/export/exportdialog.h"
#include "ui/import/importdialog.h"
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

#include <utility>

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
    , m_banner(new BrowserBanner(this))
    , m_splitter(new QSplitter(Qt::Horizontal, this))
    , m_view(new QTableView(m_splitter))
    , m_form(nullptr)
    , m_relations(nullptr)
    , m_loading(nullptr)
    , m_status(new QLabel(this))
    , m_follower(new RowFollower(m_model, m_view, this))
{
    setObjectName(QStringLiteral("tableBrowser"));
    m_model->setTable(table, &snapshot);

    m_view->setObjectName(QStringLiteral("grid"));
    m_view->setMinimumWidth(160); // a splitter never takes the grid away
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
    layout->addWidget(m_banner);
    layout->addWidget(m_splitter, 1);
    layout->addWidget(m_status);

    connect(m_filter, &FilterBar::filterChanged, m_source, &model::TableDataModel::setFilter);
    connect(m_model, &EditableTableModel::pendingChanged, this, [this] {
        updateActions();
        updateStatus();
        refreshBanner();
    });
    connect(m_model, &EditableTableModel::commitFinished, this, &TableBrowser::commitFinished);
    connect(m_source, &model::TableDataModel::exactCountKnown, this, [this](qint64 rows) {
        updateStatus();
        if (m_source->query().filter().isEmpty())
            emit rowCountKnown(m_table.schema, m_table.name, rows);
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, &TableBrowser::updateStatus);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &TableBrowser::updateStatus);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &TableBrowser::updateStatus);
    connect(m_source, &model::TableDataModel::errorOccurred, this,
            [this](const model::DbError &error) {
                showBanner(BrowserBanner::Kind::LoadError, error.oneLine());
            });
    connect(m_source, &model::TableDataModel::pageLoaded, this, [this] {
        if (m_banner->kind() == BrowserBanner::Kind::LoadError)
            m_banner->clearMessage();
        if (m_sizedColumns) {
            widenColumnsAfterCommit();
            return;
        }
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
    connect(m_delegate, &CellDelegate::editorProblem, this, [this](const QString &problem) {
        if (!problem.isEmpty())
            showBanner(BrowserBanner::Kind::Refused, problem);
        else if (m_banner->kind() == BrowserBanner::Kind::Refused)
            m_banner->clearMessage();
    });

    const QString readOnly = m_model->readOnlyReason();
    if (!readOnly.isEmpty())
        showBanner(BrowserBanner::Kind::ReadOnly, readOnly);
    // A reconnect may find another server behind the same address (a promoted standby).
    connect(m_db, &model::Database::connected, this, [this] {
        const QString reason = m_model->readOnlyReason();
        if (!reason.isEmpty())
            showBanner(BrowserBanner::Kind::ReadOnly, reason);
        else if (m_banner->kind() == BrowserBanner::Kind::ReadOnly)
            m_banner->clearMessage();
        updateActions();
        updateStatus();
    });
    updateActions();
    updateStatus();
}

TableBrowser::~TableBrowser() = default;

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

void TableBrowser::showBanner(BrowserBanner::Kind kind, const QString &text)
{
    m_banner->showMessage(kind, text);
}

QString TableBrowser::problemsText(const QList<EditableTableModel::Problem> &problems) const
{
    return tr("Nothing was sent: %n value(s) break the column rules. %1", nullptr,
              int(problems.size()))
        .arg(problems.first().message);
}

// The pending changes changed: a message about an earlier state goes, a list of problems
// follows them.
void TableBrowser::refreshBanner()
{
    using Kind = BrowserBanner::Kind;
    switch (m_banner->kind()) {
    case Kind::Problems: {
        const QList<EditableTableModel::Problem> problems = m_model->problems();
        if (problems.isEmpty())
            m_banner->clearMessage();
        else
            showBanner(Kind::Problems, problemsText(problems));
        break;
    }
    case Kind::Failure:
        if (!m_model->lastFailure().isSet())
            m_banner->clearMessage();
        break;
    case Kind::Note:
    case Kind::Committed:
    case Kind::Refused:
        if (!m_model->isCommitting())
            m_banner->clearMessage();
        break;
    case Kind::None:
    case Kind::ReadOnly:
    case Kind::Conflicts:
    case Kind::LoadError:
        break;
    }
}

QString TableBrowser::message() const
{
    return m_banner->message();
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

// A commit brings values the columns were not sized for (the server's updated_at, a longer
// text): a column grows to show them, never shrinks, and never past the first sizing's cap.
void TableBrowser::widenColumnsAfterCommit()
{
    if (!std::exchange(m_widenColumns, false))
        return;
    for (int c = 0; c < m_model->columnCount(); ++c) {
        // (QTableView hides the public sizeHintForColumn of its base class.)
        const QAbstractItemView *view = m_view;
        const int wanted = qMin(view->sizeHintForColumn(c), maxInitialColumnWidth);
        if (wanted > m_view->columnWidth(c))
            m_view->setColumnWidth(c, wanted);
    }
}

// A panel opened beside the grid takes its share of the width, never the grid's usable one;
// the grid is never squeezed to a sliver.
void TableBrowser::balancePanels()
{
    const QList<QWidget *> panels{m_form, m_relations, m_loading};
    int open = 0;
    for (QWidget *panel : panels)
        open += panel->isVisibleTo(this) ? 1 : 0;
    const int total = m_splitter->width() - m_splitter->handleWidth() * open;
    if (open == 0 || total <= 0)
        return;
    const int grid = qMax(total * 2 / 5, qMin(total / 2, 320));
    QList<int> sizes{grid};
    for (QWidget *panel : panels)
        sizes << (panel->isVisibleTo(this) ? (total - grid) / open : 0);
    m_splitter->setSizes(sizes);
}

void TableBrowser::setFormVisible(bool visible)
{
    QAction *toggle = m_actions.value(Action::ToggleForm);
    if (toggle->isChecked() != visible)
        toggle->setChecked(visible); // comes back here through toggled()
    const bool changed = m_form->isVisibleTo(this) != visible;
    m_form->setVisible(visible);
    if (changed)
        balancePanels();
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
        showBanner(
            BrowserBanner::Kind::Failure,
            tr("%1 cannot be NULL (NOT NULL column).").arg(refused.join(QStringLiteral(", "))));
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
    showBanner(BrowserBanner::Kind::Note, tr("%n row(s) marked for deletion; Commit deletes them.",
                                             nullptr, int(rows.size())));
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

void TableBrowser::importRows()
{
    ImportDialog dialog(m_db->spec(), m_table, m_snapshot, this);
    connect(&dialog, &ImportDialog::importFinished, this, [this](bool ok) {
        if (ok)
            m_source->reload();
    });
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
                                  showBanner(BrowserBanner::Kind::LoadError,
                                             json.error().oneLine());
                                  return;
                              }
                              QApplication::clipboard()->setText(json.value());
                              showBanner(BrowserBanner::Kind::Note,
                                         tr("Copied the row with its related rows as JSON "
                                            "(%n line(s)).",
                                            nullptr, int(json->count(QLatin1Char('\n')) + 1)));
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
    if (const QString readOnly = m_model->readOnlyReason(); !readOnly.isEmpty()) {
        showBanner(BrowserBanner::Kind::ReadOnly, readOnly);
        return false;
    }
    const QList<EditableTableModel::Problem> problems = m_model->problems();
    if (!problems.isEmpty()) {
        showBanner(BrowserBanner::Kind::Problems, problemsText(problems));
        const auto &first = problems.first();
        const int row = m_model->rowOfChange(first.changeId);
        if (row >= 0)
            selectCell(row, first.column);
        return false;
    }
    m_follower->remember();
    if (!m_model->commit())
        return false;
    showBanner(BrowserBanner::Kind::Note, tr("Committing…"));
    updateActions();
    return true;
}

void TableBrowser::commitFinished(const CommitOutcome &outcome)
{
    updateActions();
    switch (outcome.status) {
    case CommitOutcome::Status::Committed:
        showBanner(BrowserBanner::Kind::Committed,
                   tr("Committed: %n row(s) changed.", nullptr, int(outcome.rowsAffected)));
        m_widenColumns = true;
        m_follower->follow();
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
        showBanner(BrowserBanner::Kind::Failure,
                   tr("Commit failed; nothing was saved and your edits are kept. %1%2")
                       .arg(where, failure.message));
        break;
    }
    case CommitOutcome::Status::Conflicts:
        showBanner(BrowserBanner::Kind::Conflicts,
                   tr("Nothing was saved: %n row(s) were changed by someone else since you read "
                      "them.",
                      nullptr, int(outcome.conflicts.size())));
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
        showBanner(BrowserBanner::Kind::Note,
                   tr("Conflicts resolved. Commit again to apply the remaining changes."));
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
