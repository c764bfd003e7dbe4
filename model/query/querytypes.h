#pragma once

#include "model/query/querydef.h"

#include <QString>

namespace dbx::model::query {

// The small vocabulary the generator, the scope and the validator share: which type names and
// operators may be written into SQL, the SQL spelling of functions and comparisons, and the
// category (pg_type.typcategory) of a type known only by its name.

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
// N, S, D, B, U, A... for built-in names ("bigint" → N, "character varying(20)" → S,
// "text[]" → A); empty when the name is not a built-in type (an enum, a domain).
QString builtinTypeCategory(const QString &type);

} // namespace dbx::model::query
