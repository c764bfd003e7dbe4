#include "ui/activity/lockwaitnotice.h"

#include "model/activity/activityjobs.h"
#include "model/activity/monitorconnection.h"
#include "model/db/database.h"

namespace dbx::ui {

namespace {

constexpr int kAskAfterMs = 1000;
constexpr int kQueryShown = 60;

// "alice, psql, idle in transaction: UPDATE workers SET …": enough to recognise the session.
QString describe(const model::ActivitySession &holder)
{
    QStringList who;
    if (!holder.user.isEmpty())
        who << holder.user;
    if (!holder.application.isEmpty())
        who << holder.application;
    if (!holder.state.isEmpty())
        who << holder.state;
    QString query = holder.query.simplified();
    if (query.size() > kQueryShown)
        query = query.left(kQueryShown - 1) + QChar(0x2026);
    QString text = who.join(QStringLiteral(", "));
    if (!query.isEmpty())
        text += QStringLiteral(": ") + query;
    return text;
}

} // namespace

LockWaitNotice::LockWaitNotice(model::MonitorConnection *monitor, QWidget *parent)
    : QLabel(parent)
    , m_monitor(monitor)
{
    setObjectName(QStringLiteral("lockWaitNotice"));
    setTextFormat(Qt::RichText);
    setTextInteractionFlags(Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
    setOpenExternalLinks(false);
    hide();
    m_timer.setInterval(kAskAfterMs);
    connect(&m_timer, &QTimer::timeout, this, &LockWaitNotice::ask);
    connect(monitor->watched(), &model::Database::busyChanged, this,
            &LockWaitNotice::onBusyChanged);
    connect(this, &QLabel::linkActivated, this, [this] {
        if (m_holderPid)
            emit activityRequested(m_holderPid);
    });
}

void LockWaitNotice::onBusyChanged(bool busy)
{
    if (busy) {
        m_timer.start();
        return;
    }
    m_timer.stop();
    clear();
}

void LockWaitNotice::ask()
{
    model::Database *db = m_pending ? nullptr : m_monitor->database();
    if (!db)
        return;
    m_pending = model::activity::readLockWait(
        db, m_monitor->watchedIdentity(), this,
        [this](model::Ticket ticket, const model::Result<std::optional<model::LockWait>> &wait) {
            if (ticket != m_pending)
                return;
            m_pending = 0;
            // A request that ended meanwhile waits for nothing, whatever the answer says.
            if (!m_timer.isActive())
                return;
            if (wait && wait.value())
                showWait(*wait.value());
            else
                clear(); // not waiting, or the server would not say: nothing to name
        });
}

void LockWaitNotice::showWait(const model::LockWait &wait)
{
    if (wait.holders.isEmpty())
        return clear();
    const model::ActivitySession &holder = wait.holders.first();
    const QString others = wait.holders.size() > 1
                               ? tr(" and %n other(s)", nullptr, int(wait.holders.size() - 1))
                               : QString();
    setText(tr("Waiting for a lock held by session %1%2 (%3). <a href=\"activity\">Show in "
               "Activity</a>")
                .arg(holder.pid)
                .arg(others, describe(holder).toHtmlEscaped()));
    setToolTip(tr("Session %1 of this application waits for a %2 lock. It goes on by itself "
                  "once the holder commits or rolls back; Activity can cancel or end the "
                  "holder.")
                   .arg(wait.waitingPid)
                   .arg(wait.waitEvent));
    m_holderPid = holder.pid;
    setVisible(true);
    emit changed();
}

void LockWaitNotice::clear()
{
    if (!m_holderPid && isHidden())
        return;
    m_holderPid = 0;
    setText(QString());
    setVisible(false);
    emit changed();
}

} // namespace dbx::ui
