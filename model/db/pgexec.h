#pragma once

#include "model/result.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <functional>

class QSqlDatabase;

namespace dbx::model {

// Statements run straight through libpq on a QPSQL connection, for what QSqlQuery hides: the
// server's diagnostic fields (table, column, constraint of a violation), the exact number of
// rows a statement touched, and rows read in batches as text without per-value conversions.
// Values are bound as text parameters of unknown type, so the server infers each from its
// context, exactly as if the user had typed a literal of the column's type.
struct PgRows {
    QStringList columns;
    QList<QList<QVariant>> rows; // QString per value, a null QVariant for SQL NULL
    qint64 affected = 0;         // rows inserted, updated or deleted (PQcmdTuples)
};

// The text form PostgreSQL accepts for a value: ISO dates, "t"/"f", "\x.." for bytes.
// A null QVariant stays null (bound as SQL NULL).
QVariant pgTextValue(const QVariant &value);

// Rewrites `?` placeholders as $1, $2, ... leaving quoted identifiers, string literals and
// comments alone.
QString dollarPlaceholders(const QString &sql);

// Runs one statement with `params` bound ($n placeholders). On failure the DbError carries the
// SQLSTATE, the primary message and the diagnostic fields.
Result<PgRows> pgExec(QSqlDatabase &db, const QString &sql, const QVariantList &params = {});

} // namespace dbx::model
