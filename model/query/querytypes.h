#pragma once

#include "model/query/querydef.h"

#include <QString>

namespace dbx::model::query {

// The small vocabulary the generator, the scope and the validator share: which type names and
// operators may be written into SQL and the SQL spelling of functions and comparisons. (What a
// type name means is ColumnType::fromName, in model/catalog.)

// A type name that is safe to write as it is after CAST(... AS: letters, digits, underscores
// and spaces, or a quoted identifier, an optional schema prefix, an optional (n) or (n,m) and
// [] suffixes: "integer", "numeric(10,2)", "character varying(20)", "double precision",
// "text[]", "\"char\"", "pg_catalog.\"char\"".
bool isValidTypeName(const QString &type);
bool isArithmeticOperator(const QString &op);
// "count", "sum", "rank", "dense_rank", "row_number" ...
QString functionName(Expr::Function function);
bool isWindowOnly(Expr::Function function);
// "=", "<>", "LIKE", "ILIKE" ... for the binary comparisons.
QString comparisonOperator(Filter::Op op);
} // namespace dbx::model::query
