#pragma once

#include "model/activity/activityreader.h"

#include <QAbstractItemModel>

namespace dbx::ui {

// The server's sessions as a tree: a blocked session is a child of (the first of) the sessions
// blocking it, so a chain of waits reads from the root down; the rest are at the top level.
class ActivityModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column { Pid, User, Database, Application, Client, State, Wait, Duration, Query, Count };

    explicit ActivityModel(QObject *parent = nullptr);

    void setSessions(const QList<model::ActivitySession> &sessions);
    const QList<model::ActivitySession> &sessions() const { return m_sessions; }
    // The session shown at `index`, null for an invalid one.
    const model::ActivitySession *session(const QModelIndex &index) const;
    QModelIndex indexOfPid(int pid) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    void buildTree();
    QString text(const model::ActivitySession &session, int column) const;

    QList<model::ActivitySession> m_sessions;
    QList<int> m_parentOf;        // per session: the index of its parent session, -1 at the top
    QList<int> m_rowInParent;     // per session: its row under its parent
    QList<QList<int>> m_children; // per session: the sessions it blocks, shown under it
    QList<int> m_top;
};

} // namespace dbx::ui
