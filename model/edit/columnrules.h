#pragma once

#include "model/catalog/schemasnapshot.h"
#include "model/dberror.h"

#include <QVariant>

namespace dbx::model {

// What the catalog says a column accepts, checked in the grid before anything is sent:
// NOT NULL, the length of varchar(n)/char(n), and simple CHECK constraints comparing the
// column with a number ("compensation > 0"). The server remains the judge; these are hints.
class ColumnRules {
public:
    ColumnRules() = default;
    ColumnRules(const TableInfo &table, int column);

    // Filled by the server when left out: identity and serial columns, generated columns,
    // and timestamps defaulting to the current time (created_at, updated_at). Read-only in
    // the grid and the form.
    bool serverGenerated() const { return m_serverGenerated; }
    bool notNull() const { return m_notNull; }
    bool hasDefault() const { return m_hasDefault; }
    int maxLength() const { return m_maxLength; } // -1 when unlimited
    // Why `value` would be refused; empty when it looks fine.
    QString problem(const QVariant &value) const;
    // The rules in a few words, for a tooltip: "required · at most 256 characters · > 0".
    QString summary() const;

private:
    struct Bound {
        QString op; // > >= < <= <> =
        double value = 0;
        QString text; // as written in the constraint
    };
    QString m_column;
    bool m_serverGenerated = false;
    bool m_notNull = false;
    bool m_hasDefault = false;
    int m_maxLength = -1;
    bool m_numeric = false;
    QList<Bound> m_bounds;
};

// A server error about a row, in plain words ("compensation must be greater than 0"), with the
// column it is about when one can be told (from the diagnostics, the constraint or the detail).
QString explainError(const DbError &error, const TableInfo &table, QString *column = nullptr);

} // namespace dbx::model
