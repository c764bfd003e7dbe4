#pragma once

#include "model/data/tabledatamodel.h"
#include "model/edit/changecommit.h"
#include "model/edit/changeset.h"
#include "model/edit/columnrules.h"

#include <QAbstractTableModel>
#include <QHash>

namespace dbx::model {

// The grid's model: a lazy TableDataModel with the user's pending changes laid over it. Edits,
// new rows and deletions are buffered in a ChangeSet keyed by the rows' keys, so they survive
// sorting, filtering, scrolling and a lost connection; Commit applies them in one transaction
// on the worker, Revert drops them. New rows follow the table's rows at the bottom.
class EditableTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Role {
        RowStateRole = TableDataModel::ForeignLabelRole + 1, // RowState as int
        CellChangedRole,                                     // bool: this cell has a pending value
        ProblemRole,   // QString: why the pending value would be refused
        OriginalRole,  // QVariant: the value as read from the database
        IsDefaultRole, // bool: a new row's cell left to the column's default
    };
    Q_ENUM(Role)
    enum class RowState { Clean, Inserted, Updated, Deleted };
    Q_ENUM(RowState)

    // A cell the last failed commit points at: the row (by change) and the column.
    struct Failure {
        int changeId = 0;
        int column = -1;
        QString message;
        bool isSet() const { return !message.isEmpty(); }
    };

    EditableTableModel(Database *database, TableDataModel *source, QObject *parent = nullptr);

    void setTable(const TableInfo &table, const SchemaSnapshot *snapshot = nullptr);
    const TableInfo &table() const { return m_table; }
    TableDataModel *source() const { return m_source; }
    // Why nothing can be edited here; empty when editing works.
    QString readOnlyReason() const;
    bool isColumnEditable(int column) const;
    const ColumnRules &rules(int column) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    RowState rowState(int row) const;
    bool isInsertRow(int row) const { return row >= m_source->rowCount(); }
    // A new row at the bottom; returns its row.
    int insertRecord(const QMap<int, QVariant> &values = {});
    // A new row with the values of `row` except the columns the server fills.
    int duplicateRecord(int row);
    void deleteRecords(const QList<int> &rows);
    void revertRecords(const QList<int> &rows);
    void revertAll();
    // Reads the row again from the database; pending edits stay on top of it.
    void refreshRecord(int row);

    const ChangeSet &changes() const { return m_changes; }
    bool hasPendingChanges() const { return !m_changes.isEmpty(); }
    // Exactly what Commit will run.
    QString pendingSql() const;
    // Cells whose pending value breaks a rule the catalog knows (first problem per row).
    struct Problem {
        int changeId = 0;
        int column = -1;
        QString message;
    };
    QList<Problem> problems() const;
    // The grid row of a change (-1 when that row is not loaded now).
    int rowOfChange(int changeId) const;

    // Applies every pending change in one transaction; commitFinished() tells how it went.
    // Refused (false) while a commit runs, when problems() is not empty, or when the server
    // takes no changes (readOnlyReason(): a hot standby, a read-only database).
    bool commit();
    bool isCommitting() const { return m_committing; }
    const Failure &lastFailure() const { return m_failure; }
    const QList<ChangeConflict> &conflicts() const { return m_conflicts; }
    // Conflict resolution: keep mine (overwrite their version on the next commit) or take
    // theirs (drop my change and show the database's row).
    void keepMine(const ChangeConflict &conflict);
    void takeTheirs(const ChangeConflict &conflict);

signals:
    void pendingChanged(int changes);
    void commitFinished(const dbx::model::CommitOutcome &outcome);

private:
    const RowChange *changeAt(int row) const;
    int insertIndex(int row) const { return row - m_source->rowCount(); }
    void connectSource();
    void changed(int row);
    void clearFailure();
    void finishCommit(const Result<CommitOutcome> &result);

    Database *m_db;
    TableDataModel *m_source;
    TableInfo m_table;
    QList<ColumnRules> m_rules;
    ChangeSet m_changes;
    // Labels of foreign keys chosen in a lookup, by (change id, column).
    QHash<QPair<int, int>, QString> m_labels;
    bool m_committing = false;
    Failure m_failure;
    QList<ChangeConflict> m_conflicts;
};

} // namespace dbx::model
