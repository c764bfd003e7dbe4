#include "model/query/querydef.h"

namespace dbx::model::query {

Expr Expr::col(const QString &source, const QString &column)
{
    Expr e;
    e.kind = Kind::Column;
    e.source = source;
    e.column = column;
    return e;
}

Expr Expr::star(const QString &source)
{
    Expr e;
    e.kind = Kind::Star;
    e.source = source;
    return e;
}

Expr Expr::val(const QVariant &value)
{
    Expr e;
    e.kind = Kind::Value;
    e.value = value;
    return e;
}

Expr Expr::arith(const Expr &left, const QString &op, const Expr &right)
{
    Expr e;
    e.kind = Kind::Arithmetic;
    e.op = op;
    e.args = {left, right};
    return e;
}

Expr Expr::agg(Function function, const Expr &argument)
{
    Expr e;
    e.kind = Kind::Aggregate;
    e.function = function;
    e.args = {argument};
    return e;
}

Expr Expr::countAll()
{
    Expr e;
    e.kind = Kind::Aggregate;
    e.function = Function::Count;
    return e;
}

Expr Expr::window(Function function, const QList<Expr> &args, const QList<Expr> &partitionBy,
                  const QList<OrderItem> &order)
{
    Expr e;
    e.kind = Kind::Window;
    e.function = function;
    e.args = args;
    e.partitionBy = partitionBy;
    e.windowOrder = order;
    return e;
}

Expr Expr::castTo(const QString &type) const
{
    Expr e = *this;
    e.cast = type;
    return e;
}

bool Expr::isAggregate() const
{
    if (kind == Kind::Aggregate)
        return true;
    if (kind == Kind::Window)
        return false;
    for (const Expr &arg : args)
        if (arg.isAggregate())
            return true;
    return false;
}

bool Expr::operator==(const Expr &other) const
{
    return kind == other.kind && source == other.source && column == other.column &&
           value == other.value && op == other.op && function == other.function &&
           args == other.args && partitionBy == other.partitionBy &&
           windowOrder == other.windowOrder && cast == other.cast;
}

Filter Filter::group(Logic logic, const QList<Filter> &children)
{
    Filter f;
    f.kind = Kind::Group;
    f.logic = logic;
    f.children = children;
    return f;
}

Filter Filter::condition(const Expr &left, Op op, const QList<Expr> &right)
{
    Filter f;
    f.kind = Kind::Condition;
    f.left = left;
    f.op = op;
    f.right = right;
    return f;
}

Filter Filter::column(const QString &column, Op op, const QVariantList &values)
{
    QList<Expr> right;
    for (const QVariant &v : values)
        right << Expr::val(v);
    return condition(Expr::col({}, column), op, right);
}

Filter Filter::ignoringCase(bool ignore) const
{
    Filter f = *this;
    f.ignoreCase = ignore;
    return f;
}

Filter Filter::never()
{
    return condition(Expr::val(1).castTo(QStringLiteral("integer")), Op::Eq,
                     {Expr::val(0).castTo(QStringLiteral("integer"))});
}

Filter Filter::allOf(const QList<Filter> &parts)
{
    QList<Filter> kept;
    for (const Filter &part : parts) {
        if (!part.isEmpty())
            kept << part;
    }
    if (kept.size() == 1)
        return kept.first();
    return group(Logic::And, kept);
}

bool Filter::operator==(const Filter &other) const
{
    return kind == other.kind && logic == other.logic && children == other.children &&
           left == other.left && op == other.op && right == other.right &&
           ignoreCase == other.ignoreCase;
}

bool Filter::isEmpty() const
{
    if (kind == Kind::Condition)
        return false;
    for (const Filter &child : children)
        if (!child.isEmpty())
            return false;
    return true;
}

Source Source::fromTable(const QString &schema, const QString &table, const QString &alias)
{
    Source s;
    s.kind = Kind::Table;
    s.schema = schema;
    s.table = table;
    s.alias = alias;
    return s;
}

Source Source::fromCte(const QString &cte, const QString &alias)
{
    Source s;
    s.kind = Kind::Cte;
    s.cte = cte;
    s.alias = alias;
    return s;
}

Source Source::fromSubquery(const Query &query, const QString &alias)
{
    Source s;
    s.kind = Kind::Subquery;
    s.subquery = {query};
    s.alias = alias;
    return s;
}

QString Source::name() const
{
    if (!alias.isEmpty())
        return alias;
    return kind == Kind::Cte ? cte : table;
}

bool Source::operator==(const Source &other) const
{
    return kind == other.kind && schema == other.schema && table == other.table &&
           cte == other.cte && subquery == other.subquery && alias == other.alias;
}

bool Query::isGrouped() const
{
    if (!groupBy.isEmpty())
        return true;
    for (const SelectItem &item : select)
        if (item.expr.isAggregate())
            return true;
    return false;
}

bool Query::operator==(const Query &other) const
{
    return ctes == other.ctes && distinct == other.distinct && from == other.from &&
           joins == other.joins && select == other.select && where == other.where &&
           groupBy == other.groupBy && having == other.having && orderBy == other.orderBy &&
           limit == other.limit && offset == other.offset;
}

} // namespace dbx::model::query
