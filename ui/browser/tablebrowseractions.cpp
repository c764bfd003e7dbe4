// The table browser's actions: the toolbar, the grid's context menu, and which actions are
// enabled for the current row and the pending changes.

#include "ui/browser/tablebrowser.h"

#include "model/data/tabledatamodel.h"
#include "model/edit/editabletablemodel.h"
#include "ui/browser/celldelegate.h"
#include "ui/common/icons.h"
#include "ui/edit/filterbar.h"
#include "ui/explain/explainmenu.h"
#include "ui/relations/loadingview.h"
#include "ui/relations/relationinspector.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QMenu>
#include <QMessageBox>
#include <QTableView>
#include <QToolBar>
#include <QToolButton>

namespace dbx::ui {

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
        // Kept to come back to when a read-only reason stood in the tooltip.
        action->setProperty("dbxToolTip", action->toolTip());
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
    add(Action::Import, tr("Import…"), QString(), QKeySequence(),
        tr("Import the rows of a CSV file into this table in one transaction"));
    // COPY FROM loads tables only (a view would need INSTEAD OF triggers).
    m_actions.value(Action::Import)
        ->setEnabled(m_table.kind == model::TableInfo::Kind::Table ||
                     m_table.kind == model::TableInfo::Kind::PartitionedTable);
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

    buildToolbar();

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
    connect(m_actions.value(Action::RevertAll), &QAction::triggered, this,
            &TableBrowser::revertAll);
    connect(m_actions.value(Action::PendingSql), &QAction::triggered, this,
            &TableBrowser::showPendingSql);
    connect(m_actions.value(Action::ToggleForm), &QAction::toggled, this,
            &TableBrowser::setFormVisible);
    connect(m_actions.value(Action::Export), &QAction::triggered, this, &TableBrowser::exportGrid);
    connect(m_actions.value(Action::Import), &QAction::triggered, this, &TableBrowser::importRows);
    connect(m_actions.value(Action::CopyJson), &QAction::triggered, this,
            &TableBrowser::copyRowAsJson);
    connect(m_actions.value(Action::ToggleRelations), &QAction::toggled, this, [this](bool on) {
        m_relations->setVisible(on);
        balancePanels();
        updateRelations();
    });
    connect(m_actions.value(Action::ToggleLoading), &QAction::toggled, this, [this](bool on) {
        m_loading->setVisible(on);
        balancePanels();
        updateLoadingParents();
    });
}

// Grouped so that everything fits a narrow window in the longer language: Reload by its icon,
// the rarer row actions behind "Row", Pending SQL as "SQL"; the panels stay in view,
// Export and Import behind "File".
void TableBrowser::buildToolbar()
{
    m_toolbar->setObjectName(QStringLiteral("browserToolbar"));
    m_toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_toolbar->setIconSize(QSize(16, 16));
    auto *reload = new QToolButton(m_toolbar);
    reload->setObjectName(QStringLiteral("reloadButton"));
    reload->setDefaultAction(m_actions.value(Action::Refresh));
    reload->setToolButtonStyle(Qt::ToolButtonIconOnly);
    reload->setAutoRaise(true);
    m_toolbar->addWidget(reload);
    for (Action a : {Action::Insert, Action::Delete})
        m_toolbar->addAction(m_actions.value(a));
    auto *row = new QToolButton(m_toolbar);
    row->setObjectName(QStringLiteral("rowMenuButton"));
    row->setText(tr("Row"));
    row->setToolTip(tr("More actions on the selected rows"));
    row->setPopupMode(QToolButton::InstantPopup);
    row->setAutoRaise(true);
    auto *rowMenu = new QMenu(row);
    for (Action a : {Action::Duplicate, Action::SetNull, Action::RefreshRow, Action::RevertRow,
                     Action::CopyJson})
        rowMenu->addAction(m_actions.value(a));
    row->setMenu(rowMenu);
    m_toolbar->addWidget(row);
    m_toolbar->addSeparator();
    // Commit, and behind its arrow what Commit would run.
    auto *commit = new QToolButton(m_toolbar);
    commit->setObjectName(QStringLiteral("commitButton"));
    commit->setDefaultAction(m_actions.value(Action::Commit));
    commit->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    commit->setPopupMode(QToolButton::MenuButtonPopup);
    commit->setAutoRaise(true);
    auto *commitMenu = new QMenu(commit);
    commitMenu->addAction(m_actions.value(Action::PendingSql));
    commit->setMenu(commitMenu);
    m_toolbar->addWidget(commit);
    m_toolbar->addAction(m_actions.value(Action::RevertAll));
    m_toolbar->addSeparator();
    for (Action a : {Action::ToggleForm, Action::ToggleRelations, Action::ToggleLoading})
        m_toolbar->addAction(m_actions.value(a));
    // Export and Import under "File": both move rows between the table and a file, and one
    // button keeps the tool bar within a narrow window in Russian.
    auto *transfer = new QToolButton(m_toolbar);
    transfer->setObjectName(QStringLiteral("fileMenuButton"));
    transfer->setText(tr("File"));
    transfer->setToolTip(tr("Export the rows to a file, or import rows from a CSV file"));
    transfer->setPopupMode(QToolButton::InstantPopup);
    transfer->setAutoRaise(true);
    auto *transferMenu = new QMenu(transfer);
    transferMenu->addAction(m_actions.value(Action::Export));
    transferMenu->addAction(m_actions.value(Action::Import));
    transfer->setMenu(transferMenu);
    m_toolbar->addWidget(transfer);
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
        // The grid's own query: its filter and sort, every matching row.
        menu.addSeparator();
        addExplainActions(
            &menu, m_db, [this] { return m_source->query().selectAll(); }, this);
        menu.exec(m_view->viewport()->mapToGlobal(at));
    });
}

void TableBrowser::updateActions()
{
    const QString readOnly = m_model->readOnlyReason();
    const bool editable = readOnly.isEmpty();
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
    // The count goes into the tooltip (and the status line): a button that changes its width
    // with every edit would push the tool bar's last actions out of view.
    m_actions.value(Action::Commit)
        ->setToolTip(
            pending
                ? tr("Apply the %n pending change(s) in one transaction (%1)", nullptr,
                     int(m_model->changes().size()))
                      .arg(QKeySequence(Qt::CTRL | Qt::Key_S).toString(QKeySequence::NativeText))
                : tr("Apply every pending change in one transaction (%1)")
                      .arg(QKeySequence(Qt::CTRL | Qt::Key_S).toString(QKeySequence::NativeText)));
    // A disabled editing action says why (a view, a hot standby) rather than what it would do.
    for (Action a : {Action::Insert, Action::Duplicate, Action::Delete, Action::SetNull}) {
        QAction *action = m_actions.value(a);
        action->setToolTip(editable ? action->property("dbxToolTip").toString() : readOnly);
    }
    if (!editable) {
        m_actions.value(Action::Commit)->setEnabled(false);
        m_actions.value(Action::Commit)->setToolTip(readOnly);
    }
}

void TableBrowser::revertAll()
{
    finishEditing();
    if (!m_model->hasPendingChanges())
        return;
    // Edits are work: they are never thrown away without asking.
    const auto answer = QMessageBox::question(
        this, tr("Revert All"),
        tr("Discard %n pending change(s) to %1?", nullptr, int(m_model->changes().size()))
            .arg(m_table.name),
        QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer != QMessageBox::Discard)
        return;
    m_model->revertAll();
    showBanner(BrowserBanner::Kind::Note, tr("Pending changes discarded."));
}

} // namespace dbx::ui
