#pragma once

#include "migrations/alembichistory.h"
#include "ui/migrations/revisionrows.h"

namespace dbx::ui {

// An Alembic project's revisions as a table, newest first as Alembic lists them: id (with head,
// branch and merge marks), message, parents and state (applied or pending, from alembic_version;
// empty until it has been read).
class AlembicRevisionModel : public RevisionRows<migrations::AlembicRevision> {
    Q_OBJECT
public:
    enum Column { RevisionColumn, MessageColumn, ParentsColumn, StateColumn, ColumnCount };
    enum Role { IdRole = Qt::UserRole + 1, StateRole, CurrentRole };

    explicit AlembicRevisionModel(QObject *parent = nullptr);

    void setRevisions(const QList<migrations::AlembicRevision> &revisions);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QVariant display(const migrations::AlembicRevision &revision, int column) const;
};

} // namespace dbx::ui
