#pragma once

#include "model/query/querydef.h"

#include <QString>
#include <QVariantList>

namespace dbx::model::query {

// A generated statement: `$n` placeholders in `sql`, their values in `params` (params[0] is $1).
struct GeneratedSql {
    QString sql;
    QVariantList params;
};

// The SQL that runs: every identifier through quoteIdent, every value bound. Deterministic and
// formatted one clause per line, so it reads well in the live view and diffs in tests.
// Never fails: what validate() would refuse still yields SQL that cannot do harm. A cast type or
// arithmetic operator outside the allowed shapes is written as a quoted identifier, which the
// server rejects; text operators (contains, like...) are applied to the column as it is, with
// no implicit cast: validate() asks for an explicit cast to text instead.
GeneratedSql toSql(const Query &query);

// The same statement with each value written as a literal (strings quoted and escaped, numbers
// bare), for reading and copying, like SQLAlchemy's literal_binds. Never executed by the app.
QString toLiteralSql(const Query &query);

// One bound value as a one-line literal PostgreSQL reads back: NULL, TRUE, 40000, '%Python%';
// a string with a line break or backslash as E'...' with them escaped.
QString parameterLiteral(const QVariant &value);
// The bound values as comment lines under a statement: "-- $1 = '%Python%'", one per value.
QString parameterComments(const QVariantList &params);

} // namespace dbx::model::query
