#pragma once

#include <QList>
#include <QMap>
#include <QString>
#include <QVariant>

namespace dbx::model {

// One buffered change to one row. Rows are identified by their key values (as text), never by
// their position in a grid, so a change stays attached to its row through sorting, filtering,
// paging and reconnecting.
struct RowChange {
    enum class Kind { Insert, Update, Delete };
    Kind kind = Kind::Update;
    int id = 0;                 // stable within the change set; names pending inserts
    QVariantList key;           // update, delete: the row's key values as read
    QString version;            // update, delete: xmin as read; what conflict detection compares
    QVariantList original;      // update, delete: the visible values as read
    QMap<int, QVariant> values; // insert, update: column index -> new value

    bool isInsert() const { return kind == Kind::Insert; }
    bool isUpdate() const { return kind == Kind::Update; }
    bool isDelete() const { return kind == Kind::Delete; }
};

// The pending inserts, updates and deletes of one table, in the order they were first made.
// Pure value: what Commit will send, what the grid marks, what Revert throws away.
class ChangeSet {
public:
    bool isEmpty() const { return m_changes.isEmpty(); }
    qsizetype size() const { return m_changes.size(); }
    const QList<RowChange> &changes() const { return m_changes; }
    void clear() { m_changes.clear(); }

    const RowChange *forKey(const QVariantList &key) const;
    const RowChange *byId(int id) const;
    QList<const RowChange *> inserts() const;

    // Sets a column of an existing row. The first edit of a row records its version and
    // values as read; setting a column back to its original value removes that column, and a
    // row with no changed column left is no longer pending. Ignored for a deleted row.
    void setValue(const QVariantList &key, const QString &version, const QVariantList &original,
                  int column, const QVariant &value);
    // A new row; returns its id.
    int addInsert(const QMap<int, QVariant> &values = {});
    void setInsertValue(int id, int column, const QVariant &value);
    // Marks a row deleted; its pending update (if any) goes. Deleting a pending insert simply
    // drops it.
    void markDeleted(const QVariantList &key, const QString &version, const QVariantList &original);
    void removeInsert(int id);
    // Forgets whatever is pending for the row (Revert row, "take theirs").
    void revert(const QVariantList &key);
    // After a conflict, "keep mine": the change now expects the database's current version.
    void rebase(const QVariantList &key, const QString &version, const QVariantList &original);
    // After a conflict with a row someone else deleted, "keep mine": an update becomes an
    // insert of the row as the user last saw it with their edits; a delete has nothing left
    // to do and goes.
    void restoreDeleted(const QVariantList &key);

private:
    RowChange *find(const QVariantList &key);
    RowChange &add(RowChange::Kind kind, const QVariantList &key, const QString &version,
                   const QVariantList &original);
    int m_nextId = 1;
    QList<RowChange> m_changes;
};

// Key values compare as text: that is how they were read and how they are bound back.
bool sameKey(const QVariantList &a, const QVariantList &b);

} // namespace dbx::model
