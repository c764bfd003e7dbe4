#pragma once

#include "model/catalog/schemasnapshot.h"
#include "model/query/querydef.h"
#include "model/result.h"

#include <QString>

namespace dbx::model::query {

// Hand-written SQL back into the builder, where the builder can show it: one SELECT with its
// WITH queries, joins with ON conditions, subqueries in FROM, column/CAST/arithmetic outputs,
// the builder's aggregates and window functions, AND/OR filters with its operators, GROUP BY,
// HAVING, ORDER BY, LIMIT/OFFSET and DISTINCT. PostgreSQL's own parser (libpg_query) reads the
// text, so what it accepts is exactly the server's grammar. Unqualified columns are resolved
// against the schema; LIKE '%text%' without other wildcards becomes "contains". Anything else
// (UNION, CASE, other functions, subqueries in conditions, NOT, USING joins...) is refused
// with a message naming it and where it is.
Result<Query> importSql(const QString &sql, const SchemaSnapshot &snapshot);

} // namespace dbx::model::query
