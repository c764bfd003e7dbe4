#include "ui/migrations/alembicview.h"

#include "migrations/alembicsession.h"
#include "model/db/database.h"
#include "ui/common/icons.h"
#include "ui/migrations/alembicrevisionmodel.h"
#include "ui/migrations/alembicsettingsdialog.h"
#include "ui/migrations/migrationlogview.h"

#include <QAction>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QProgressBar>
#include <QSettings>
#include <QSplitter>
#include <QTableView>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace dbx::ui {

using migrations::AlembicCommand;
using migrations::AlembicRevision;
using migrations::AlembicSession;

namespace {

const QString kRecentKey = QStringLiteral("alembic/recentProjects");
constexpr int kRecentCount = 8;

void remember(const QString &directory)
{
    QSettings settings;
    QStringList recent = settings.value(kRecentKey).toStringList();
    recent.removeAll(directory);
    recent.prepend(directory);
    settings.setValue(kRecentKey, recent.mid(0, kRecentCount));
}

} // namespace

AlembicView::AlembicView(model::Database *database, QWidget *parent)
    : QWidget(parent)
    , m_database(database)
    , m_session(new AlembicSession(database, this))
    , m_model(new AlembicRevisionModel(this))
{
    setObjectName(QStringLiteral("alembicView"));
    m_session->setTool(AlembicSettingsDialog::load());
    createActions();

    m_header = new QLabel(this);
    m_header->setObjectName(QStringLiteral("alembicHeader"));
    m_header->setTextFormat(Qt::PlainText);
    m_header->setWordWrap(true);
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_other = new QLabel(this);
    m_other->setObjectName(QStringLiteral("alembicOtherDatabase"));
    m_other->setTextFormat(Qt::PlainText);
    m_other->setWordWrap(true);
    m_other->setStyleSheet(QStringLiteral("color: #b25e00;"));
    m_other->hide();
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("alembicError"));
    m_error->setTextFormat(Qt::PlainText);
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet(QStringLiteral("color: #b3261e;"));
    m_error->hide();

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("alembicRevisionTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    QHeaderView *header = m_table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(AlembicRevisionModel::MessageColumn, QHeaderView::Stretch);
    header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_log = new MigrationLogView(this);
    m_log->setObjectName(QStringLiteral("alembicLog"));
    m_log->setPlaceholderText(tr("Alembic's output appears here as it runs."));

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_table);
    split->addWidget(m_log);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setChildrenCollapsible(false);

    // "Back" sits beside the header, where the project is named: the tool bars stay for runs.
    auto *back = new QToolButton(this);
    back->setObjectName(QStringLiteral("alembicBackButton"));
    back->setDefaultAction(m_back);
    back->setToolButtonStyle(Qt::ToolButtonTextOnly);
    auto *top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    top->addWidget(m_header, 1);
    top->addWidget(back, 0, Qt::AlignTop);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_other);
    layout->addWidget(createToolBars());
    layout->addWidget(split, 1);
    layout->addWidget(m_error);
    connectSession();
    updateHeader();
    updateActions();
}

void AlembicView::createActions()
{
    auto make = [this](const QString &text, const QString &tip, const char *name, auto slot) {
        auto *action = new QAction(text, this);
        action->setToolTip(tip);
        action->setObjectName(QLatin1String(name));
        connect(action, &QAction::triggered, this, slot);
        return action;
    };
    m_open = make(tr("Open Project…"), tr("Open a folder with an alembic.ini"),
                  "alembicOpenProject", [this] { chooseProject(); });
    m_open->setIcon(icon(QStringLiteral("folder")));
    m_refresh = make(tr("Refresh"), tr("Read the history and alembic_version again"),
                     "alembicRefresh", [this] { m_session->refresh(); });
    m_refresh->setIcon(icon(QStringLiteral("refresh")));
    m_settings = make(tr("Settings…"), tr("Which alembic program and Python interpreter run"),
                      "alembicSettings", [this] { editSettings(); });
    m_back = make(tr("Back to Revisions"), tr("Show the database's own revisions again"),
                  "alembicBack", [this] { emit closeRequested(); });
    m_upgradeHead = make(tr("Upgrade to Head"), tr("alembic upgrade head"), "alembicUpgradeHead",
                         [this] { run(QStringLiteral("upgrade"), QStringLiteral("heads")); });
    m_upgradeHere =
        make(tr("Upgrade to Here"), tr("alembic upgrade to the selected revision"),
             "alembicUpgradeHere", [this] { run(QStringLiteral("upgrade"), selectedRevision()); });
    m_downgradeHere =
        make(tr("Downgrade to Here"),
             tr("Revert what builds on the selected revision; it stays applied"),
             "alembicDowngradeHere", [this] { confirmDowngrade(selectedRevision()); });
    m_stepDown = make(tr("Step −1"), tr("alembic downgrade -1"), "alembicStepDown",
                      [this] { confirmDowngrade(QStringLiteral("-1")); });
    m_downgradeBase =
        make(tr("Downgrade to Base"), tr("alembic downgrade base"), "alembicDowngradeBase",
             [this] { confirmDowngrade(QStringLiteral("base")); });
    m_stamp = make(tr("Stamp Here"),
                   tr("Set alembic_version to the selected revision without running migrations"),
                   "alembicStamp", [this] { run(QStringLiteral("stamp"), selectedRevision()); });
    m_sql = make(tr("Offline SQL"),
                 tr("Show the SQL of an upgrade to the selected revision (or head) in the log; "
                    "nothing runs"),
                 "alembicSql", [this] {
                     const QString target = selectedRevision();
                     run(QStringLiteral("upgrade"),
                         target.isEmpty() ? QStringLiteral("heads") : target, true);
                 });
    m_cancel = make(tr("Cancel"), tr("Stop Alembic; then the database's state is read back"),
                    "alembicCancel", [this] { m_session->cancel(); });
    m_cancel->setIcon(icon(QStringLiteral("cancel")));
}

// Laid out as the panel's own runs: where to go in the first row, beside progress and Cancel;
// the finer moves and the project's own actions in the second, so that neither row overflows
// in a narrow window or the longer language.
QWidget *AlembicView::createToolBars()
{
    auto *row = new QWidget(this);
    const auto toolBar = [row](const char *name) {
        auto *bar = new QToolBar(row);
        bar->setObjectName(QLatin1String(name));
        bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        bar->setIconSize(QSize(16, 16));
        return bar;
    };
    QToolBar *runs = toolBar("alembicRunsToolBar");
    for (QAction *action : {m_upgradeHead, m_upgradeHere, m_downgradeHere, m_downgradeBase})
        runs->addAction(action);
    QToolBar *moves = toolBar("alembicProjectToolBar");
    for (QAction *action : {m_stepDown, m_stamp, m_sql})
        moves->addAction(action);
    moves->addSeparator();
    auto *open = new QToolButton(moves);
    open->setObjectName(QStringLiteral("alembicOpenButton"));
    open->setDefaultAction(m_open);
    open->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_recent = new QMenu(open);
    m_recent->setObjectName(QStringLiteral("alembicRecentMenu"));
    connect(m_recent, &QMenu::aboutToShow, this, &AlembicView::fillRecentMenu);
    open->setMenu(m_recent);
    open->setPopupMode(QToolButton::MenuButtonPopup);
    moves->addWidget(open);
    moves->addAction(m_refresh);
    moves->addAction(m_settings);

    m_progress = new QProgressBar(row);
    m_progress->setObjectName(QStringLiteral("alembicProgress"));
    m_progress->setRange(0, 0);
    m_progress->setMaximumWidth(100);
    m_progress->hide();
    auto *cancel = new QToolButton(row);
    cancel->setObjectName(QStringLiteral("alembicCancelButton"));
    cancel->setDefaultAction(m_cancel);
    cancel->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    cancel->setAutoRaise(true);
    auto *first = new QHBoxLayout;
    first->setContentsMargins(0, 0, 0, 0);
    first->addWidget(runs, 1);
    first->addWidget(m_progress);
    first->addWidget(cancel);
    auto *layout = new QVBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(first);
    layout->addWidget(moves);
    return row;
}

void AlembicView::connectSession()
{
    connect(m_session, &AlembicSession::logLine, m_log, &MigrationLogView::append);
    connect(m_session, &AlembicSession::revisionsChanged, this, &AlembicView::showRevisions);
    connect(m_session, &AlembicSession::runningChanged, this, &AlembicView::setRunning);
    connect(m_session, &AlembicSession::failed, this, &AlembicView::showError);
    connect(m_session, &AlembicSession::reachedOtherDatabase, this,
            &AlembicView::showOtherDatabase);
    connect(m_database, &model::Database::stateChanged, this, [this] {
        updateHeader();
        updateActions();
    });
    connect(m_database, &model::Database::connected, this, [this] { m_session->refresh(); });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &AlembicView::updateActions);
}

bool AlembicView::openProject(const QString &directory)
{
    const auto project = migrations::AlembicProject::open(directory);
    if (!project) {
        showError(project.error());
        return false;
    }
    m_error->hide();
    m_other->hide();
    remember(project->directory());
    m_session->setProject(project.value());
    updateHeader();
    return true;
}

QStringList AlembicView::recentProjects()
{
    return QSettings().value(kRecentKey).toStringList();
}

void AlembicView::chooseProject()
{
    const QString start = m_session->hasProject() ? m_session->project().directory() : QString();
    const QString directory =
        QFileDialog::getExistingDirectory(this, tr("Open Alembic Project"), start);
    if (!directory.isEmpty())
        openProject(directory);
}

void AlembicView::fillRecentMenu()
{
    m_recent->clear();
    const QStringList recent = recentProjects();
    if (recent.isEmpty())
        m_recent->addAction(tr("No recent projects"))->setEnabled(false);
    int n = 0;
    for (const QString &directory : recent) {
        QAction *action =
            m_recent->addAction(directory, this, [this, directory] { openProject(directory); });
        action->setObjectName(QStringLiteral("alembicRecent%1").arg(n++));
    }
}

void AlembicView::editSettings()
{
    auto *dialog = new AlembicSettingsDialog(m_session->tool(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowModality(Qt::WindowModal);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        AlembicSettingsDialog::save(dialog->tool());
        m_session->setTool(dialog->tool());
        updateHeader();
        m_session->refresh();
    });
    dialog->open();
}

void AlembicView::run(const QString &command, const QString &target, bool sql)
{
    const auto made = AlembicCommand::make(command, target, sql);
    if (!made) {
        showError(made.error());
        return;
    }
    m_error->hide();
    m_session->run(made.value());
}

// Downgrades drop tables and their rows: asked first, as the panel asks for its own revisions.
void AlembicView::confirmDowngrade(const QString &target)
{
    auto *box = new QMessageBox(QMessageBox::Question, tr("Downgrade"),
                                tr("Run alembic downgrade %1 on %2? What the reverted revisions "
                                   "created is dropped, with its rows.")
                                    .arg(target, m_database->serverInfo().database),
                                QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("alembicConfirmDowngrade"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowModality(Qt::WindowModal);
    box->setDefaultButton(QMessageBox::Cancel);
    connect(box, &QMessageBox::accepted, this,
            [this, target] { run(QStringLiteral("downgrade"), target); });
    box->open();
}

void AlembicView::showRevisions()
{
    const QString keep = selectedRevision();
    m_model->setRevisions(m_session->revisions());
    selectRevision(keep);
    updateHeader();
    updateActions();
}

const AlembicRevision *AlembicView::selected() const
{
    return ui::selectedRevision(m_table, m_model);
}

QString AlembicView::selectedRevision() const
{
    const AlembicRevision *revision = selected();
    return revision ? revision->id : QString();
}

void AlembicView::selectRevision(const QString &id)
{
    ui::selectRevision(m_table, m_model, id);
}

void AlembicView::updateActions()
{
    const bool connected = m_database->state() == model::Database::State::Connected;
    const bool ready = connected && m_session->hasProject() && !m_session->isRunning();
    bool anyApplied = false;
    bool anyPending = false;
    for (const AlembicRevision &revision : m_session->revisions()) {
        anyApplied |= revision.state == AlembicRevision::State::Applied;
        anyPending |= revision.state == AlembicRevision::State::Pending;
    }
    const AlembicRevision *revision = selected();
    const bool applied = revision && revision->state == AlembicRevision::State::Applied;
    m_upgradeHead->setEnabled(ready && anyPending);
    m_upgradeHere->setEnabled(ready && revision && !applied);
    m_downgradeHere->setEnabled(ready && applied && !revision->isCurrent);
    m_stepDown->setEnabled(ready && anyApplied);
    m_downgradeBase->setEnabled(ready && anyApplied);
    m_stamp->setEnabled(ready && revision);
    m_sql->setEnabled(m_session->hasProject() && !m_session->isRunning());
    m_refresh->setEnabled(m_session->hasProject() && !m_session->isRunning());
    m_open->setEnabled(!m_session->isRunning());
    m_settings->setEnabled(!m_session->isRunning());
    m_cancel->setEnabled(m_session->isRunning());
}

void AlembicView::updateHeader()
{
    QStringList lines;
    lines << (m_session->hasProject()
                  ? tr("Alembic project: %1").arg(m_session->project().directory())
                  : tr("No Alembic project open: choose a folder with an alembic.ini."));
    if (m_database->state() == model::Database::State::Connected) {
        const auto &versions = m_session->versions();
        const QString at = versions.table.isEmpty() ? tr("no alembic_version table")
                           : versions.versions.isEmpty()
                               ? tr("base")
                               : versions.versions.join(QLatin1String(", "));
        lines
            << tr("Database %1: alembic_version at %2.").arg(m_database->serverInfo().database, at);
    } else {
        lines << tr("Not connected: connect to run the project.");
    }
    lines << tr("Runs %1 with %2.").arg(m_session->tool().program, m_session->tool().interpreter);
    m_header->setText(lines.join(QLatin1Char('\n')));
}

void AlembicView::showError(const model::DbError &error)
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

void AlembicView::showOtherDatabase(const migrations::AlembicReach &reach)
{
    m_other->setText(tr("This project's env.py chooses its own database: Alembic ran against "
                        "%1, not the open connection's database %2.")
                         .arg(reach.describe(), m_database->serverInfo().database));
    m_other->show();
}

void AlembicView::setRunning(bool running)
{
    m_progress->setVisible(running);
    updateActions();
}

} // namespace dbx::ui
