#include "ui/migrations/migrationspanel.h"

#include "migrations/alembicsession.h"
#include "migrations/migrationerror.h"
#include "migrations/migrationservice.h"
#include "model/db/database.h"
#include "ui/common/icons.h"
#include "ui/migrations/alembicview.h"
#include "ui/migrations/driftbanner.h"
#include "ui/migrations/migrationactions.h"
#include "ui/migrations/migrationlogview.h"
#include "ui/migrations/migrationsheader.h"
#include "ui/migrations/revisionlistmodel.h"
#include "ui/migrations/revisionstatedelegate.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QProgressBar>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace dbx::ui {

using migrations::MigrationPlan;
using migrations::MigrationService;
using migrations::RevisionState;
using migrations::RevisionStatus;
using Action = MigrationPlan::Action;

MigrationsPanel::MigrationsPanel(MigrationActions *actions, QWidget *parent)
    : QWidget(parent)
    , m_actions(actions)
    , m_service(actions->service())
    , m_model(new RevisionListModel(this))
{
    setObjectName(QStringLiteral("migrationsPanel"));
    createActions();

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("revisionTable"));
    m_table->setModel(m_model);
    m_table->setItemDelegate(new RevisionStateDelegate(m_table));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 10);
    QHeaderView *header = m_table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(RevisionListModel::MessageColumn, QHeaderView::Stretch);
    header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);

    m_log = new MigrationLogView(this);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("migrationError"));
    m_error->setTextFormat(Qt::PlainText);
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet(QStringLiteral("color: #b3261e;"));
    m_error->hide();

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_table);
    split->addWidget(m_log);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setChildrenCollapsible(false);

    auto *page = new QWidget(this);
    auto *pageLayout = new QVBoxLayout(page);
    pageLayout->setContentsMargins(0, 0, 0, 0);
    pageLayout->addWidget(new MigrationsHeader(actions, page));
    pageLayout->addWidget(createActionBar());
    pageLayout->addWidget(new DriftBanner(actions->autogenerate(), page));
    pageLayout->addWidget(split, 1);
    pageLayout->addWidget(m_error);
    m_pages = new QStackedWidget(this);
    m_pages->addWidget(page);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_pages);

    connectService();
    if (m_service->hasStatus())
        showStatus(m_service->status());
    else
        showGraph();
}

void MigrationsPanel::createActions()
{
    auto make = [this](const QString &text, const QString &tip, auto slot) {
        auto *action = new QAction(text, this);
        action->setToolTip(tip);
        action->setProperty("dbxToolTip", tip);
        connect(action, &QAction::triggered, this, slot);
        return action;
    };
    m_upgradeHead = make(tr("Upgrade to Head"), tr("Apply every pending revision"),
                         [this] { request(Action::Upgrade, m_actions->headTarget()); });
    m_upgradeHere =
        make(tr("Upgrade to Here"), tr("Apply the selected revision and everything it builds on"),
             [this] { request(Action::Upgrade, selectedRevision()); });
    m_downgradeHere =
        make(tr("Downgrade to Here"),
             tr("Revert every revision that builds on the selected one; it stays applied"),
             [this] { request(Action::Downgrade, selectedRevision()); });
    m_downgradeBase = make(tr("Downgrade to Base"), tr("Revert every applied revision"),
                           [this] { request(Action::Downgrade, QStringLiteral("base")); });
    m_stepUp = make(tr("Step +1"), tr("Apply the next revision"),
                    [this] { request(Action::Upgrade, QStringLiteral("+1")); });
    m_stepDown = make(tr("Step −1"), tr("Revert the current revision"),
                      [this] { request(Action::Downgrade, QStringLiteral("-1")); });
    m_preview = make(tr("Preview SQL"), {}, [this] { previewSelection(); });
    m_stamp = make(tr("Stamp Here"),
                   tr("Record the selected revision and its ancestors as applied without "
                      "running their SQL"),
                   [this] { request(Action::Stamp, selectedRevision()); });
    m_cancel = make(tr("Cancel"), tr("Stop the running migration; its current revision rolls back"),
                    [this] { m_service->cancel(); });
    m_cancel->setIcon(icon(QStringLiteral("cancel")));
    m_newRevision = make(tr("New Revision…"), {}, [this] {
        clearError();
        m_actions->newRevision();
    });
    m_alembicAction = make(tr("Alembic Project…"),
                           tr("Run an Alembic project's migrations against this database"),
                           [this] { showAlembic(); });
    m_alembicAction->setIcon(icon(QStringLiteral("folder")));
    // The preview button's menu names each run explicitly; its click previews the selection.
    const std::pair<QString, std::function<void()>> choices[] = {
        {tr("Upgrade to Head"),
         [this] { m_actions->preview(Action::Upgrade, m_actions->headTarget()); }},
        {tr("Upgrade to Here"),
         [this] { m_actions->preview(Action::Upgrade, selectedRevision()); }},
        {tr("Downgrade to Here"),
         [this] { m_actions->preview(Action::Downgrade, selectedRevision()); }},
        {tr("Downgrade to Base"),
         [this] { m_actions->preview(Action::Downgrade, QStringLiteral("base")); }},
        {tr("Step +1"), [this] { m_actions->preview(Action::Upgrade, QStringLiteral("+1")); }},
        {tr("Step −1"), [this] { m_actions->preview(Action::Downgrade, QStringLiteral("-1")); }},
    };
    const char *names[] = {"previewUpgradeHead",   "previewUpgradeHere", "previewDowngradeHere",
                           "previewDowngradeBase", "previewStepUp",      "previewStepDown"};
    int n = 0;
    for (const auto &[text, slot] : choices) {
        QAction *choice = make(text, {}, slot);
        choice->setObjectName(QLatin1String(names[n++]));
        m_previewChoices << choice;
    }
}

// The run actions sit in two tool bars: where to go (up to head or a revision, down to one or
// to base) and the finer moves (a step, the SQL preview, a stamp). One bar would push the
// last of them into its overflow menu in a narrow window or the longer language. Progress and
// Cancel stay beside the first, always in view.
QWidget *MigrationsPanel::createActionBar()
{
    auto *row = new QWidget(this);
    const auto toolBar = [row](const char *name) {
        auto *bar = new QToolBar(row);
        bar->setObjectName(QLatin1String(name));
        bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        bar->setIconSize(QSize(16, 16));
        return bar;
    };
    QToolBar *runs = toolBar("migrationsToolBar");
    QToolBar *moves = toolBar("migrationsStepsToolBar");
    const auto add = [](QToolBar *bar, QAction *action, const char *name) {
        bar->addAction(action);
        bar->widgetForAction(action)->setObjectName(QLatin1String(name));
    };
    add(runs, m_upgradeHead, "upgradeHeadButton");
    add(runs, m_upgradeHere, "upgradeHereButton");
    add(runs, m_downgradeHere, "downgradeHereButton");
    add(runs, m_downgradeBase, "downgradeBaseButton");
    add(moves, m_stepUp, "stepUpButton");
    add(moves, m_stepDown, "stepDownButton");
    moves->addSeparator();
    auto *preview = new QToolButton(moves);
    preview->setDefaultAction(m_preview);
    preview->setObjectName(QStringLiteral("previewSqlButton"));
    auto *choices = new QMenu(preview);
    choices->addActions(m_previewChoices);
    preview->setMenu(choices);
    preview->setPopupMode(QToolButton::MenuButtonPopup);
    moves->addWidget(preview);
    add(moves, m_stamp, "stampHereButton");
    moves->addSeparator();
    add(moves, m_newRevision, "newRevisionButton");
    add(moves, m_alembicAction, "alembicProjectButton");

    m_progress = new QProgressBar(row);
    m_progress->setObjectName(QStringLiteral("migrationProgress"));
    m_progress->setMaximumWidth(140);
    m_progress->setFormat(tr("%v of %m"));
    m_progress->hide();
    auto *first = new QHBoxLayout;
    first->setContentsMargins(0, 0, 0, 0);
    first->addWidget(runs, 1);
    first->addWidget(m_progress);
    auto *cancel = new QToolButton(row);
    cancel->setDefaultAction(m_cancel);
    cancel->setObjectName(QStringLiteral("cancelRunButton"));
    cancel->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    cancel->setAutoRaise(true);
    first->addWidget(cancel);
    auto *layout = new QVBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(first);
    layout->addWidget(moves);
    return row;
}

void MigrationsPanel::connectService()
{
    connect(m_service, &MigrationService::statusChanged, this, &MigrationsPanel::showStatus);
    connect(m_service, &MigrationService::statusCleared, this, &MigrationsPanel::showGraph);
    connect(m_service, &MigrationService::statusFailed, this, &MigrationsPanel::showError);
    connect(m_service, &MigrationService::graphLoaded, this, [this] {
        clearError();
        showGraph();
        const QString from = m_service->revisionDirectory().isEmpty()
                                 ? tr("the built-in demo revisions")
                                 : m_service->revisionDirectory();
        m_log->append({migrations::LogLine::Level::Info,
                       tr("Using %n revision(s) from %1.", nullptr,
                          int(m_service->graph().revisions().size()))
                           .arg(from),
                       {}});
    });
    connect(m_service, &MigrationService::graphFailed, this, &MigrationsPanel::showError);
    connect(m_service, &MigrationService::logLine, m_log, &MigrationLogView::append);
    connect(m_service, &MigrationService::progress, this, [this](int done, int total) {
        m_progress->setRange(0, total);
        m_progress->setValue(done);
    });
    connect(m_service, &MigrationService::runningChanged, this, &MigrationsPanel::setRunning);
    connect(m_service, &MigrationService::runFailed, this, &MigrationsPanel::showError);
    connect(m_actions, &MigrationActions::refused, this, &MigrationsPanel::showError);
    connect(m_service->database(), &model::Database::stateChanged, this,
            [this] { updateActions(); });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MigrationsPanel::updateActions);
    connect(m_table, &QTableView::customContextMenuRequested, this,
            &MigrationsPanel::showContextMenu);
}

void MigrationsPanel::showStatus(const migrations::MigrationStatus &status)
{
    const QString keep = selectedRevision();
    m_model->setStatus(status);
    selectRevision(keep);
    updateActions();
}

void MigrationsPanel::showGraph()
{
    const QString keep = selectedRevision();
    m_model->setGraph(m_service->graph());
    selectRevision(keep);
    updateActions();
}

AlembicView *MigrationsPanel::showAlembic(const QString &directory)
{
    if (!m_alembic) {
        m_alembic = new AlembicView(m_service->database(), m_pages);
        m_pages->addWidget(m_alembic);
        connect(m_alembic, &AlembicView::closeRequested, this,
                [this] { m_pages->setCurrentIndex(0); });
        connect(m_alembic->session(), &migrations::AlembicSession::runFinished, this,
                &MigrationsPanel::alembicRunFinished);
    }
    m_pages->setCurrentWidget(m_alembic);
    if (!directory.isEmpty() && !m_alembic->openProject(directory))
        return nullptr;
    return m_alembic;
}

const RevisionStatus *MigrationsPanel::selected() const
{
    return ui::selectedRevision(m_table, m_model);
}

QString MigrationsPanel::selectedRevision() const
{
    const RevisionStatus *revision = selected();
    return revision ? revision->id : QString();
}

void MigrationsPanel::selectRevision(const QString &id)
{
    ui::selectRevision(m_table, m_model, id);
}

bool MigrationsPanel::hasAppliedDescendant(const QString &id) const
{
    const QSet<QString> descendants = m_service->graph().descendantsOf(id);
    for (const RevisionStatus &revision : m_service->status().revisions) {
        if (descendants.contains(revision.id) && revision.state != RevisionState::Pending &&
            revision.state != RevisionState::Failed)
            return true;
    }
    return false;
}

void MigrationsPanel::updateActions()
{
    const bool connected = m_service->database()->state() == model::Database::State::Connected;
    const bool idle = !m_service->isRunning();
    const bool ready = connected && idle && m_model->hasState();
    const migrations::MigrationStatus &status = m_service->status();
    const bool anyPending = !status.idsIn(RevisionState::Pending).isEmpty() ||
                            !status.idsIn(RevisionState::Failed).isEmpty();
    const bool anyApplied = !status.idsIn(RevisionState::Applied).isEmpty() ||
                            !status.idsIn(RevisionState::Modified).isEmpty();
    const RevisionStatus *revision = selected();
    const bool inGraph = revision && m_service->graph().contains(revision->id);
    const bool applied = revision && (revision->state == RevisionState::Applied ||
                                      revision->state == RevisionState::Modified);
    m_upgradeHead->setEnabled(ready && anyPending);
    m_upgradeHere->setEnabled(ready && inGraph && !applied);
    m_downgradeHere->setEnabled(ready && inGraph && applied && hasAppliedDescendant(revision->id));
    m_downgradeBase->setEnabled(ready && anyApplied);
    m_stepUp->setEnabled(ready && anyPending);
    m_stepDown->setEnabled(ready && anyApplied);
    m_stamp->setEnabled(ready && inGraph);
    m_preview->setEnabled(ready);
    m_previewChoices.at(0)->setEnabled(ready);
    m_previewChoices.at(1)->setEnabled(m_upgradeHere->isEnabled());
    m_previewChoices.at(2)->setEnabled(m_downgradeHere->isEnabled());
    m_previewChoices.at(3)->setEnabled(m_downgradeBase->isEnabled());
    m_previewChoices.at(4)->setEnabled(m_stepUp->isEnabled());
    m_previewChoices.at(5)->setEnabled(m_stepDown->isEnabled());
    m_preview->setToolTip(inGraph ? tr("Show the SQL of the run for the selected revision")
                                  : tr("Show the SQL an upgrade to head would run"));
    m_cancel->setEnabled(!idle);
    // Writing files needs no connection, only a folder of them.
    const bool folder = !m_service->revisionDirectory().isEmpty();
    m_newRevision->setEnabled(idle && folder);
    m_newRevision->setToolTip(folder ? tr("Write a new revision on top of the current heads and "
                                          "open it for editing")
                                     : tr("Open a revision folder first: the built-in demo "
                                          "revisions cannot be added to"));
    disableRunsOnReadOnlyServer();
}

// A hot standby or a read-only database takes no migration: the runs and the stamp are off
// and say why; the state, the history and the SQL preview still work.
void MigrationsPanel::disableRunsOnReadOnlyServer()
{
    const QString refusal = migrations::readOnlyRefusal(m_service->database()->serverInfo());
    for (QAction *action : {m_upgradeHead, m_upgradeHere, m_downgradeHere, m_downgradeBase,
                            m_stepUp, m_stepDown, m_stamp}) {
        if (!refusal.isEmpty())
            action->setEnabled(false);
        action->setToolTip(refusal.isEmpty() ? action->property("dbxToolTip").toString() : refusal);
    }
}

void MigrationsPanel::previewSelection()
{
    // What the selection suggests: up to a pending revision, down to an applied one with
    // applied descendants, else the whole way up.
    if (m_upgradeHere->isEnabled())
        m_actions->preview(Action::Upgrade, selectedRevision());
    else if (m_downgradeHere->isEnabled())
        m_actions->preview(Action::Downgrade, selectedRevision());
    else
        m_actions->preview(Action::Upgrade, m_actions->headTarget());
}

void MigrationsPanel::request(Action action, const QString &target)
{
    clearError();
    m_actions->request(action, target);
}

void MigrationsPanel::showError(const model::DbError &error)
{
    QStringList lines{error.message};
    if (!error.statement.isEmpty())
        lines << tr("Statement: %1").arg(error.statement.simplified().left(300));
    if (!error.detail.isEmpty())
        lines << error.detail;
    m_error->setText(lines.join(QLatin1Char('\n')));
    m_error->show();
    m_log->appendError(error);
}

void MigrationsPanel::clearError()
{
    m_error->clear();
    m_error->hide();
}

void MigrationsPanel::setRunning(bool running)
{
    if (running) {
        clearError();
        m_progress->setRange(0, 0); // busy until the first revision completes
    }
    m_progress->setVisible(running);
    updateActions();
}

void MigrationsPanel::showContextMenu(const QPoint &pos)
{
    const QModelIndex index = m_table->indexAt(pos);
    if (index.isValid())
        m_table->selectRow(index.row());
    QMenu menu(this);
    menu.addAction(m_upgradeHere);
    menu.addAction(m_downgradeHere);
    menu.addAction(m_stamp);
    QMenu *preview = menu.addMenu(tr("Preview SQL"));
    preview->addActions(m_previewChoices);
    menu.addSeparator();
    menu.addAction(m_upgradeHead);
    menu.addAction(m_downgradeBase);
    menu.addAction(m_stepUp);
    menu.addAction(m_stepDown);
    menu.addSeparator();
    menu.addAction(m_newRevision);
    if (const RevisionStatus *revision = selected()) {
        menu.addSeparator();
        const QString id = revision->id;
        menu.addAction(tr("Copy Revision Id"), this,
                       [id] { QApplication::clipboard()->setText(id); });
    }
    menu.exec(m_table->viewport()->mapToGlobal(pos));
}

} // namespace dbx::ui
