#include "model/query/querynesting.h"

namespace dbx::model::query {

namespace {

void collect(const Query &query, QueryPath path, int depth, QList<NestedQuery> &out)
{
    for (int i = 0; i < query.ctes.size(); ++i) {
        QueryPath inner = path;
        inner << QueryStep{QueryStep::Kind::Cte, i};
        out << NestedQuery{inner, query.ctes.at(i).name, depth + 1, NestedQuery::Level::Cte};
        collect(query.ctes.at(i).query, inner, depth + 1, out);
    }
    if (query.from.kind == Source::Kind::Subquery && !query.from.subquery.isEmpty()) {
        QueryPath inner = path;
        inner << QueryStep{QueryStep::Kind::FromSubquery, 0};
        out << NestedQuery{inner, query.from.name(), depth + 1, NestedQuery::Level::Subquery};
        collect(query.from.subquery.first(), inner, depth + 1, out);
    }
    for (int i = 0; i < query.joins.size(); ++i) {
        const Source &target = query.joins.at(i).target;
        if (target.kind != Source::Kind::Subquery || target.subquery.isEmpty())
            continue;
        QueryPath inner = path;
        inner << QueryStep{QueryStep::Kind::JoinSubquery, i};
        out << NestedQuery{inner, target.name(), depth + 1, NestedQuery::Level::Subquery};
        collect(target.subquery.first(), inner, depth + 1, out);
    }
}

template <typename Q> Q *step(Q *query, const QueryStep &s)
{
    switch (s.kind) {
    case QueryStep::Kind::Cte:
        return s.index >= 0 && s.index < query->ctes.size() ? &query->ctes[s.index].query : nullptr;
    case QueryStep::Kind::FromSubquery:
        return query->from.kind == Source::Kind::Subquery && !query->from.subquery.isEmpty()
                   ? &query->from.subquery[0]
                   : nullptr;
    case QueryStep::Kind::JoinSubquery:
        if (s.index < 0 || s.index >= query->joins.size())
            return nullptr;
        return query->joins[s.index].target.subquery.isEmpty()
                   ? nullptr
                   : &query->joins[s.index].target.subquery[0];
    }
    return nullptr;
}

void renameExpr(Expr &expr, const QString &from, const QString &to)
{
    if ((expr.kind == Expr::Kind::Column || expr.kind == Expr::Kind::Star) && expr.source == from)
        expr.source = to;
    for (Expr &arg : expr.args)
        renameExpr(arg, from, to);
    for (Expr &part : expr.partitionBy)
        renameExpr(part, from, to);
    for (OrderItem &item : expr.windowOrder)
        renameExpr(item.expr, from, to);
}

void renameFilter(Filter &filter, const QString &from, const QString &to)
{
    renameExpr(filter.left, from, to);
    for (Expr &right : filter.right)
        renameExpr(right, from, to);
    for (Filter &child : filter.children)
        renameFilter(child, from, to);
}

} // namespace

QList<NestedQuery> nestedQueries(const Query &root)
{
    QList<NestedQuery> out{NestedQuery{}};
    collect(root, {}, 0, out);
    return out;
}

Query *queryAt(Query &root, const QueryPath &path)
{
    Query *query = &root;
    for (const QueryStep &s : path) {
        if (!(query = step(query, s)))
            return nullptr;
    }
    return query;
}

const Query *queryAt(const Query &root, const QueryPath &path)
{
    const Query *query = &root;
    for (const QueryStep &s : path) {
        if (!(query = step(query, s)))
            return nullptr;
    }
    return query;
}

QList<NamedQuery> outerCtes(const Query &root, const QueryPath &path)
{
    QList<NamedQuery> visible;
    const Query *query = &root;
    for (const QueryStep &s : path) {
        // A CTE sees the ones declared before it; a subquery sees all of its query's.
        const qsizetype count = s.kind == QueryStep::Kind::Cte ? s.index : query->ctes.size();
        for (qsizetype i = 0; i < count && i < query->ctes.size(); ++i)
            visible << query->ctes.at(i);
        if (!(query = step(query, s)))
            break;
    }
    return visible;
}

Query wrapAsCte(const Query &query, const QString &name)
{
    Query outer;
    outer.ctes = query.ctes;
    Query inner = query;
    inner.ctes.clear();
    outer.ctes << NamedQuery{name, inner};
    outer.from = Source::fromCte(name);
    return outer;
}

Query wrapAsSubquery(const Query &query, const QString &name)
{
    Query outer;
    outer.from = Source::fromSubquery(query, name);
    return outer;
}

void renameSource(Query &query, const QString &from, const QString &to)
{
    for (Join &join : query.joins)
        renameFilter(join.on, from, to);
    for (SelectItem &item : query.select)
        renameExpr(item.expr, from, to);
    renameFilter(query.where, from, to);
    for (Expr &expr : query.groupBy)
        renameExpr(expr, from, to);
    renameFilter(query.having, from, to);
    for (OrderItem &item : query.orderBy)
        renameExpr(item.expr, from, to);
}

} // namespace dbx::model::query
