#include "ui/activity/activitypanel.h"

#include "model/activity/activityjobs.h"
#include "model/activity/monitorconnection.h"
#include "ui/activity/activitymodel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QTreeView>
#include <QVBoxLayout>

namespace dbx::ui {

using model::ActivityLock;
using model::ActivitySession;
using model::Result;
using model::Ticket;

ActivityPanel::ActivityPanel(model::MonitorConnection *monitor, QWidget *parent)
    : QWidget(parent)
    , m_monitor(monitor)
    , m_model(new ActivityModel(this))
{
    setObjectName(QStringLiteral("activityPanel"));
    buildLayout();
    m_timer.setInterval(2000);
    connect(&m_timer, &QTimer::timeout, this, &ActivityPanel::refresh);
    m_timer.start();
    refresh();
}

void ActivityPanel::buildLayout()
{
    auto *refreshButton = new QPushButton(tr("&Refresh"), this);
    refreshButton->setObjectName(QStringLiteral("activityRefresh"));
    m_cancel = new QPushButton(tr("&Cancel Query"), this);
    m_cancel->setObjectName(QStringLiteral("activityCancel"));
    m_terminate = new QPushButton(tr("&Terminate Session"), this);
    m_terminate->setObjectName(QStringLiteral("activityTerminate"));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("activityStatus"));
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(refreshButton);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_terminate);
    buttons->addWidget(m_status, 1);

    m_tree = new QTreeView(this);
    m_tree->setObjectName(QStringLiteral("activityTree"));
    m_tree->setModel(m_model);
    m_tree->setUniformRowHeights(true);
    m_tree->setAllColumnsShowFocus(true);
    m_locks = new QTableWidget(0, 4, this);
    m_locks->setObjectName(QStringLiteral("activityLocks"));
    m_locks->setHorizontalHeaderLabels(
        {tr("Lock type"), tr("Relation"), tr("Mode"), tr("Granted")});
    m_locks->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_locks->horizontalHeader()->setStretchLastSection(true);
    m_locks->verticalHeader()->hide();
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_tree);
    split->addWidget(m_locks);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(buttons);
    layout->addWidget(split);
    connect(refreshButton, &QPushButton::clicked, this, &ActivityPanel::refresh);
    connect(m_cancel, &QPushButton::clicked, this, [this] { signalSelected(false); });
    connect(m_terminate, &QPushButton::clicked, this, [this] { signalSelected(true); });
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this, [this] {
        updateButtons();
        loadLocks();
    });
    updateButtons();
}

void ActivityPanel::refresh()
{
    if (m_pending)
        return;
    model::Database *db = database();
    if (!db)
        return;
    m_pending = model::activity::readSessions(
        db, this, [this](Ticket ticket, const Result<QList<ActivitySession>> &sessions) {
            if (ticket != m_pending)
                return;
            m_pending = 0;
            if (sessions)
                showSessions(sessions.value());
            else
                showError(sessions.error());
        });
}

void ActivityPanel::showSessions(const QList<ActivitySession> &sessions)
{
    const int selected = m_wantedPid ? m_wantedPid : selectedPid();
    m_model->setSessions(sessions);
    m_tree->expandAll();
    if (const QModelIndex again = m_model->indexOfPid(selected); again.isValid()) {
        m_tree->setCurrentIndex(again);
        m_wantedPid = 0;
    }
    m_status->setText(tr("%n session(s)", nullptr, int(sessions.size())));
    updateButtons();
    emit refreshed();
}

void ActivityPanel::showError(const model::DbError &error)
{
    if (!error.isCancelled())
        m_status->setText(error.oneLine());
}

int ActivityPanel::selectedPid() const
{
    const ActivitySession *session = m_model->session(m_tree->currentIndex());
    return session ? session->pid : 0;
}

void ActivityPanel::updateButtons()
{
    const bool any = selectedPid() != 0;
    m_cancel->setEnabled(any);
    m_terminate->setEnabled(any);
}

void ActivityPanel::loadLocks()
{
    const int pid = selectedPid();
    m_locks->setRowCount(0);
    if (!pid) {
        m_locksTicket = 0;
        return;
    }
    model::Database *db = database();
    if (!db)
        return;
    m_locksTicket = model::activity::readLocks(
        db, pid, this, [this](Ticket ticket, const Result<QList<ActivityLock>> &locks) {
            if (ticket != m_locksTicket)
                return;
            m_locksTicket = 0;
            if (!locks)
                return showError(locks.error());
            m_locks->setRowCount(int(locks->size()));
            for (int row = 0; row < locks->size(); ++row) {
                const ActivityLock &lock = locks->at(row);
                const QStringList cells{lock.lockType, lock.relation, lock.mode,
                                        lock.granted ? tr("yes") : tr("waiting")};
                for (int column = 0; column < cells.size(); ++column)
                    m_locks->setItem(row, column, new QTableWidgetItem(cells[column]));
            }
            emit locksShown();
        });
}

void ActivityPanel::signalSelected(bool terminate)
{
    const int pid = selectedPid();
    if (!pid)
        return;
    const QString question =
        terminate ? tr("Terminate session %1? Its open transaction is rolled back.").arg(pid)
                  : tr("Cancel the query that session %1 is running?").arg(pid);
    if (QMessageBox::question(this, terminate ? tr("Terminate Session") : tr("Cancel Query"),
                              question) != QMessageBox::Yes)
        return;
    model::Database *db = database();
    if (!db)
        return;
    model::activity::signalBackend(
        db, pid, terminate, this, [this](Ticket, const Result<bool> &done) {
            if (!done)
                QMessageBox::warning(this, tr("Activity"), done.error().message);
            refresh();
        });
}

void ActivityPanel::selectSession(int pid)
{
    if (const QModelIndex index = m_model->indexOfPid(pid); index.isValid()) {
        m_tree->setCurrentIndex(index);
        return;
    }
    m_wantedPid = pid;
    refresh();
}

model::Database *ActivityPanel::database()
{
    model::Database *db = m_monitor->database();
    if (!db)
        m_status->setText(tr("Not connected to a database."));
    return db;
}

} // namespace dbx::ui
