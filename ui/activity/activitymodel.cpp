#include "ui/activity/activitymodel.h"

#include <QHash>
#include <QSet>

namespace dbx::ui {

namespace {

QString durationText(qint64 ms)
{
    if (ms < 0)
        return {};
    const qint64 seconds = ms / 1000;
    if (seconds < 60)
        return QStringLiteral("%1.%2 s").arg(seconds).arg((ms % 1000) / 100);
    return QStringLiteral("%1:%2:%3")
        .arg(seconds / 3600)
        .arg((seconds / 60) % 60, 2, 10, QLatin1Char('0'))
        .arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

ActivityModel::ActivityModel(QObject *parent)
    : QAbstractItemModel(parent)
{}

void ActivityModel::setSessions(const QList<model::ActivitySession> &sessions)
{
    beginResetModel();
    m_sessions = sessions;
    buildTree();
    endResetModel();
}

void ActivityModel::buildTree()
{
    const int n = int(m_sessions.size());
    QHash<int, int> byPid;
    for (int i = 0; i < n; ++i)
        byPid.insert(m_sessions[i].pid, i);
    m_parentOf = QList<int>(n, -1);
    for (int i = 0; i < n; ++i)
        for (int blocker : m_sessions[i].blockedBy)
            if (byPid.contains(blocker) && byPid.value(blocker) != i) {
                m_parentOf[i] = byPid.value(blocker);
                break;
            }
    // A deadlock is a cycle of waits until the server breaks it: its first member goes on top.
    for (int i = 0; i < n; ++i) {
        QSet<int> seen{i};
        for (int p = m_parentOf[i]; p >= 0; p = m_parentOf[p]) {
            if (seen.contains(p)) {
                m_parentOf[p] = -1;
                break;
            }
            seen.insert(p);
        }
    }
    m_children = QList<QList<int>>(n);
    m_rowInParent = QList<int>(n, 0);
    m_top.clear();
    for (int i = 0; i < n; ++i) {
        QList<int> &siblings = m_parentOf[i] < 0 ? m_top : m_children[m_parentOf[i]];
        m_rowInParent[i] = int(siblings.size());
        siblings << i;
    }
}

const model::ActivitySession *ActivityModel::session(const QModelIndex &index) const
{
    if (!index.isValid() || index.model() != this)
        return nullptr;
    return &m_sessions[int(index.internalId())];
}

QModelIndex ActivityModel::indexOfPid(int pid) const
{
    for (int i = 0; i < m_sessions.size(); ++i)
        if (m_sessions[i].pid == pid)
            return createIndex(m_rowInParent[i], 0, quintptr(i));
    return {};
}

QModelIndex ActivityModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    const QList<int> &rows = parent.isValid() ? m_children[int(parent.internalId())] : m_top;
    return createIndex(row, column, quintptr(rows[row]));
}

QModelIndex ActivityModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    const int p = m_parentOf[int(child.internalId())];
    if (p < 0)
        return {};
    return createIndex(m_rowInParent[p], 0, quintptr(p));
}

int ActivityModel::rowCount(const QModelIndex &parent) const
{
    if (parent.column() > 0)
        return 0;
    return int(parent.isValid() ? m_children[int(parent.internalId())].size() : m_top.size());
}

int ActivityModel::columnCount(const QModelIndex &) const
{
    return Count;
}

QString ActivityModel::text(const model::ActivitySession &s, int column) const
{
    switch (column) {
    case Pid:
        return QString::number(s.pid);
    case User:
        return s.user;
    case Database:
        return s.database;
    case Application:
        return s.application;
    case Client:
        return s.clientAddress.isEmpty() ? tr("local") : s.clientAddress;
    case State:
        return s.state;
    case Wait:
        return s.waitEventType.isEmpty()
                   ? QString()
                   : QStringLiteral("%1: %2").arg(s.waitEventType, s.waitEvent);
    case Duration:
        return s.state == QLatin1String("active") ? durationText(s.durationMs) : QString();
    case Query:
        return s.query.simplified();
    }
    return {};
}

QVariant ActivityModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const model::ActivitySession &s = m_sessions[int(index.internalId())];
    switch (role) {
    case Qt::DisplayRole:
        return text(s, index.column());
    case Qt::ToolTipRole:
        if (index.column() == Query)
            return s.query;
        if (!s.blockedBy.isEmpty())
            return tr("Waits for process %1").arg(s.blockedBy.first());
        return {};
    case Qt::UserRole:
        return s.pid;
    }
    return {};
}

QVariant ActivityModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Pid:
        return tr("PID");
    case User:
        return tr("User");
    case Database:
        return tr("Database");
    case Application:
        return tr("Application");
    case Client:
        return tr("Client");
    case State:
        return tr("State");
    case Wait:
        return tr("Wait");
    case Duration:
        return tr("Duration");
    case Query:
        return tr("Query");
    }
    return {};
}

} // namespace dbx::ui
