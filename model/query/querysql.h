#pragma once

#include "model/db/statement.h"
#include "model/query/querydef.h"

#include <QString>
#include <QVariantList>

namespace dbx::model::query {

// The SQL that runs: every identifier through quoteIdent, every value bound. Deterministic and
// formatted one clause per line, so it reads well in the live view and diffs in tests.
// Never fails: what validate() would refuse still yields SQL that cannot do harm. A cast type or
// arithmetic operator outside the allowed shapes is written as a quoted identifier, which the
// server rejects; text operators (contains, like...) are applied to the column as it is, with
// no implicit cast: validate() asks for an explicit cast to text instead.
Statement toSql(const Query &query);

// The same statement with each value written as a literal (strings quoted and escaped, numbers
// bare), for reading and copying, like SQLAlchemy's literal_binds. Never executed by the app.
QString toLiteralSql(const Query &query);

// The bound values as comment lines under a statement: "-- $1 = '%Python%'", one per value
// (each through sqlLiteral()).
QString parameterComments(const QVariantList &params);

// A WHERE condition on its own, its values bound into `statement` after those it holds
// ("TRUE" when the filter is empty): what the grid, the export, the relationships and the
// builder all filter with, so one operator means one thing everywhere.
QString filterSql(const Filter &filter, Statement *statement);
// An IN list longer than this binds its values as one array (`= ANY($n)`), so no list is too
// long for the protocol's 65,535 parameters.
inline constexpr int kInlineInValues = 100;

} // namespace dbx::model::query
