#pragma once

#include "migrations/migrationstatus.h"
#include "ui/migrations/revisionrows.h"

namespace dbx::ui {

// The revisions of the migrations panel as a table, newest first: id, message, parents, state
// and when, by whom and how fast each was applied. Holds plain data only; the panel's delegate
// decides how a state looks. Before the database's state is known it lists the graph's
// revisions with an empty state.
class RevisionListModel : public RevisionRows<migrations::RevisionStatus> {
    Q_OBJECT
public:
    enum Column {
        RevisionColumn,
        MessageColumn,
        ParentsColumn,
        StateColumn,
        AppliedAtColumn,
        AppliedByColumn,
        DurationColumn,
        ColumnCount
    };
    enum Role {
        IdRole = Qt::UserRole + 1,
        StateRole, // int(RevisionState), invalid while the state is not known
        CurrentRole,
        HeadRole,
    };

    explicit RevisionListModel(QObject *parent = nullptr);

    void setGraph(const migrations::RevisionGraph &graph);
    void setStatus(const migrations::MigrationStatus &status);
    bool hasState() const { return m_hasState; }

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QVariant display(const migrations::RevisionStatus &revision, int column) const;
    QString toolTip(const migrations::RevisionStatus &revision) const;

    bool m_hasState = false;
};

} // namespace dbx::ui
