#pragma once

#include "model/result.h"

#include <QSqlDatabase>
#include <QString>
#include <QVariantList>

namespace dbx::migrations {

// One statement the runner sends, with its values kept apart from the text: executed with bound
// values, shown in the preview with the same values written as literals, so the preview and the
// run are built from the same list and cannot drift apart.
struct SqlStep {
    enum class Role {
        Control,     // BEGIN, COMMIT, SET LOCAL, the advisory lock
        Statement,   // a statement of a revision file
        Bookkeeping, // the runner's own tables
    };
    QString sql; // $n marks a value of `values` (only the runner's own SQL has any)
    QVariantList values;
    Role role = Role::Control;
    int number = 0; // Statement: 1-based position within its section
    int line = 0;   // Statement: line in the revision file

    static SqlStep control(const QString &sql) { return {sql, {}, Role::Control, 0, 0}; }
    static SqlStep bookkeeping(const QString &sql, const QVariantList &values = {})
    {
        return {sql, values, Role::Bookkeeping, 0, 0};
    }

    // The statement with values as literals and a terminating semicolon, for the preview.
    QString rendered() const;
    // Runs the statement on `db` through the one executor, values bound on the server.
    model::Status run(QSqlDatabase &db) const;
};

} // namespace dbx::migrations
