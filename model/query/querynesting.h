#pragma once

#include "model/query/querydef.h"

#include <QList>
#include <QString>

namespace dbx::model::query {

// Where a query sits inside another: the builder edits one level at a time (the main query, a
// CTE, an inline subquery) and needs to reach it, name it and know which CTEs it can see.
struct QueryStep {
    enum class Kind { Cte, FromSubquery, JoinSubquery };
    Kind kind = Kind::Cte;
    int index = 0; // Cte: index in ctes; JoinSubquery: index in joins
    bool operator==(const QueryStep &other) const = default;
};
using QueryPath = QList<QueryStep>;

struct NestedQuery {
    QueryPath path;
    QString name;  // the CTE's name or the subquery's alias; empty for the main query
    int depth = 0; // 0 for the main query
    enum class Level { Main, Cte, Subquery } level = Level::Main;
};

// The main query first, then every CTE and inline subquery inside it, depth first.
QList<NestedQuery> nestedQueries(const Query &root);

// The query at `path`, or null when the path no longer leads anywhere.
Query *queryAt(Query &root, const QueryPath &path);
const Query *queryAt(const Query &root, const QueryPath &path);

// The CTEs visible to the query at `path` from the queries around it (earlier CTEs of the same
// WITH included), for columnsInScope/outputColumns.
QList<NamedQuery> outerCtes(const Query &root, const QueryPath &path);

// The query becomes a CTE named `name` of a new query that selects from it. CTEs of the query
// move up to the new one (before it), so the WITH list stays flat.
Query wrapAsCte(const Query &query, const QString &name);
// The query becomes the inline subquery `name` in the FROM of a new query.
Query wrapAsSubquery(const Query &query, const QString &name);

// Renames a source of `query` (FROM or a join target) wherever its columns are named: join
// conditions, select list, filters, grouping, order. Nested queries keep their own names.
void renameSource(Query &query, const QString &from, const QString &to);

} // namespace dbx::model::query
