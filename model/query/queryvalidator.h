#pragma once

#include "model/catalog/schemasnapshot.h"
#include "model/query/querydef.h"

#include <QList>
#include <QString>

namespace dbx::model::query {

// One reason a query cannot run, in words for the user ("Column resumes.salary does not exist
// (the schema may have changed)."), and the part of the query it concerns ("select 2",
// "where", "having", "join workers", "group by"), translated like the message.
struct QueryProblem {
    QString message;
    QString where;
};

// Checks a query against the schema before it is generated or run: unknown tables and columns
// (after a schema change), aggregates over non-numeric columns (sum/avg), columns neither
// grouped nor aggregated, HAVING without grouping, filter values that do not fit the column's
// type (text for a number, an unknown enum label, a malformed date), wrong operand counts
// (BETWEEN needs two values, IN at least one), unknown CTE names, duplicate aliases.
// An empty list means the query is valid.
QList<QueryProblem> validate(const Query &query, const SchemaSnapshot &snapshot);

} // namespace dbx::model::query
