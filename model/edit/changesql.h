#pragma once

#include "model/data/tablequery.h"
#include "model/edit/changeset.h"

namespace dbx::model {

// The statements Commit runs for a change set, built in one place so that View Pending SQL
// shows exactly what is sent. Placeholders are `$n`; values are bound as text, never spliced.
// Updates and deletes carry the row's version (xmin) in their WHERE clause: a row that someone
// else changed or deleted since it was read matches nothing, and the change reports a conflict
// instead of overwriting.
class ChangeSql {
public:
    explicit ChangeSql(const TableQuery &table);

    Statement statement(const RowChange &change) const;
    // Everything Commit runs, as a script a person can read: the statements between BEGIN and
    // COMMIT, each followed by a comment listing its bound values.
    QString script(const QList<RowChange> &changes) const;
    // The statement that reads a row's current values and version (for a conflict).
    Statement current(const QVariantList &key) const;

private:
    QString keyCondition(const QVariantList &key, Statement *st) const;

    TableQuery m_table;
};

} // namespace dbx::model
