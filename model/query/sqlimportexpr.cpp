// Expressions and conditions of an imported SELECT: what the builder's Expr and Filter can hold.

#include "model/query/sqlimportimpl.h"

#include <QRegularExpression>

namespace dbx::model::query {

namespace {

const QHash<QString, Expr::Function> &functions()
{
    static const QHash<QString, Expr::Function> names{
        {QStringLiteral("count"), Expr::Function::Count},
        {QStringLiteral("sum"), Expr::Function::Sum},
        {QStringLiteral("avg"), Expr::Function::Avg},
        {QStringLiteral("min"), Expr::Function::Min},
        {QStringLiteral("max"), Expr::Function::Max},
        {QStringLiteral("rank"), Expr::Function::Rank},
        {QStringLiteral("dense_rank"), Expr::Function::DenseRank},
        {QStringLiteral("row_number"), Expr::Function::RowNumber},
    };
    return names;
}

bool windowOnly(Expr::Function f)
{
    return f == Expr::Function::Rank || f == Expr::Function::DenseRank ||
           f == Expr::Function::RowNumber;
}

// A LIKE pattern whose only wildcards are a leading and/or trailing %: the builder's
// contains / starts with / ends with, which escape the text themselves.
bool simplePattern(const QString &pattern, Filter::Op *op, QString *text)
{
    static const QRegularExpression plain(QStringLiteral("^(%?)([^%_\\\\]*)(%?)$"));
    const QRegularExpressionMatch m = plain.match(pattern);
    if (!m.hasMatch())
        return false;
    const bool lead = !m.captured(1).isEmpty();
    const bool trail = !m.captured(3).isEmpty();
    if (!lead && !trail)
        return false;
    *op = lead && trail ? Filter::Op::Contains
          : trail       ? Filter::Op::StartsWith
                        : Filter::Op::EndsWith;
    *text = m.captured(2);
    return true;
}

} // namespace

Expr SqlImporter::constant(const QJsonObject &c)
{
    // libpg_query leaves out zero and false: an empty ival is 0, an empty boolval false.
    if (c.value(QLatin1String("isnull")).toBool())
        return Expr::val(QVariant());
    if (c.contains(QLatin1String("ival"))) {
        const double v =
            c.value(QLatin1String("ival")).toObject().value(QLatin1String("ival")).toDouble();
        return Expr::val(int(v));
    }
    if (c.contains(QLatin1String("fval"))) {
        const QString text =
            c.value(QLatin1String("fval")).toObject().value(QLatin1String("fval")).toString();
        bool whole = false;
        const qint64 big = text.toLongLong(&whole);
        return whole ? Expr::val(big) : Expr::val(text.toDouble());
    }
    if (c.contains(QLatin1String("boolval")))
        return Expr::val(
            c.value(QLatin1String("boolval")).toObject().value(QLatin1String("boolval")).toBool());
    if (c.contains(QLatin1String("sval")))
        return Expr::val(
            c.value(QLatin1String("sval")).toObject().value(QLatin1String("sval")).toString());
    if (c.contains(QLatin1String("bsval")))
        return Expr::val(
            c.value(QLatin1String("bsval")).toObject().value(QLatin1String("bsval")).toString());
    return Expr::val(QVariant());
}

Expr SqlImporter::column(const QJsonObject &ref)
{
    const QJsonArray fields = ref.value(QLatin1String("fields")).toArray();
    const bool star = !fields.isEmpty() && nodeKind(fields.last()) == QLatin1String("A_Star");
    QStringList names;
    for (const QJsonValue &f : fields) {
        if (nodeKind(f) == QLatin1String("String"))
            names << nodeBody(f).value(QLatin1String("sval")).toString();
    }
    if (star)
        return Expr::star(names.value(names.size() - 1));
    if (names.size() >= 2)
        return Expr::col(names.at(names.size() - 2), names.last());
    const QString name = names.value(0);
    QStringList sources;
    for (const ScopeColumn &c : m_scope) {
        if (c.name == name && !sources.contains(c.source))
            sources << c.source;
    }
    if (sources.size() > 1) {
        refuse(tr("the column %1, which %2 all have (name its table)")
                   .arg(name, sources.join(QLatin1String(", "))),
               QJsonObject{{QStringLiteral("ColumnRef"), ref}});
        return {};
    }
    // No source has it: an output label (ORDER BY a label) or a mistake the validator names.
    return Expr::col(sources.value(0), name);
}

Expr SqlImporter::function(const QJsonObject &call)
{
    const QJsonValue self{QJsonObject{{QStringLiteral("FuncCall"), call}}};
    QStringList names = nodeNames(call.value(QLatin1String("funcname")).toArray());
    if (names.size() > 1 && names.first() == QLatin1String("pg_catalog"))
        names.removeFirst();
    const QString name = names.join(QLatin1Char('.')).toLower();
    const auto found = functions().constFind(name);
    if (found == functions().constEnd()) {
        refuse(tr("the function %1()").arg(name), self);
        return {};
    }
    if (call.contains(QLatin1String("agg_filter")) || call.contains(QLatin1String("agg_order")) ||
        call.value(QLatin1String("agg_within_group")).toBool() ||
        call.value(QLatin1String("func_variadic")).toBool()) {
        refuse(tr("FILTER, ORDER BY or WITHIN GROUP inside %1()").arg(name), self);
        return {};
    }
    QList<Expr> args;
    for (const QJsonValue &a : call.value(QLatin1String("args")).toArray())
        args << expr(a);
    Expr::Function f = *found;
    const bool distinct = call.value(QLatin1String("agg_distinct")).toBool();
    if (distinct && f != Expr::Function::Count) {
        refuse(tr("DISTINCT inside %1()").arg(name), self);
        return {};
    }
    if (distinct)
        f = Expr::Function::CountDistinct;
    const bool star = call.value(QLatin1String("agg_star")).toBool();
    if (args.size() > 1 || (args.isEmpty() && !star && !windowOnly(f))) {
        refuse(tr("%1() with these arguments").arg(name), self);
        return {};
    }
    if (!call.contains(QLatin1String("over"))) {
        if (windowOnly(f)) {
            refuse(tr("%1() without OVER").arg(name), self);
            return {};
        }
        if (star)
            return Expr::countAll();
        return Expr::agg(f, args.first());
    }
    const QJsonObject over = call.value(QLatin1String("over")).toObject();
    if (over.contains(QLatin1String("name")) || over.contains(QLatin1String("refname"))) {
        refuse(tr("a named window"), self);
        return {};
    }
    // 1058 is the default frame (RANGE UNBOUNDED PRECEDING to CURRENT ROW); anything else is
    // a frame clause the builder does not offer.
    if (over.value(QLatin1String("frameOptions")).toInt(1058) != 1058) {
        refuse(tr("a window frame clause"), self);
        return {};
    }
    QList<Expr> partition;
    for (const QJsonValue &p : over.value(QLatin1String("partitionClause")).toArray())
        partition << expr(p);
    QList<OrderItem> order;
    for (const QJsonValue &o : over.value(QLatin1String("orderClause")).toArray()) {
        const QJsonObject sort = nodeBody(o);
        OrderItem item;
        item.expr = expr(sort.value(QLatin1String("node")));
        item.descending =
            sort.value(QLatin1String("sortby_dir")).toString() == QLatin1String("SORTBY_DESC");
        const QString nulls = sort.value(QLatin1String("sortby_nulls")).toString();
        item.nulls = nulls == QLatin1String("SORTBY_NULLS_FIRST")  ? OrderItem::Nulls::First
                     : nulls == QLatin1String("SORTBY_NULLS_LAST") ? OrderItem::Nulls::Last
                                                                   : OrderItem::Nulls::Default;
        order << item;
    }
    // count(*) OVER (...) has no argument, like rank().
    return Expr::window(f, args, partition, order);
}

Expr SqlImporter::expr(const QJsonValue &node)
{
    const QString kind = nodeKind(node);
    const QJsonObject body = nodeBody(node);
    if (kind == QLatin1String("ColumnRef"))
        return column(body);
    if (kind == QLatin1String("A_Const"))
        return constant(body);
    if (kind == QLatin1String("TypeCast")) {
        const Expr inner = expr(body.value(QLatin1String("arg")));
        return inner.castTo(typeName(body.value(QLatin1String("typeName")).toObject()));
    }
    if (kind == QLatin1String("FuncCall"))
        return function(body);
    if (kind == QLatin1String("A_Expr") &&
        body.value(QLatin1String("kind")).toString() == QLatin1String("AEXPR_OP")) {
        const QStringList op = nodeNames(body.value(QLatin1String("name")).toArray());
        static const QStringList arithmetic{QStringLiteral("+"), QStringLiteral("-"),
                                            QStringLiteral("*"), QStringLiteral("/")};
        if (op.size() == 1 && arithmetic.contains(op.first()) &&
            body.contains(QLatin1String("lexpr"))) {
            return Expr::arith(expr(body.value(QLatin1String("lexpr"))), op.first(),
                               expr(body.value(QLatin1String("rexpr"))));
        }
        refuse(tr("the operator %1 in an expression").arg(op.join(QLatin1Char('.'))), node);
        return {};
    }
    static const QHash<QString, const char *> names{
        {QStringLiteral("CaseExpr"), QT_TR_NOOP("CASE")},
        {QStringLiteral("SubLink"), QT_TR_NOOP("a subquery inside an expression")},
        {QStringLiteral("CoalesceExpr"), QT_TR_NOOP("COALESCE")},
        {QStringLiteral("BoolExpr"), QT_TR_NOOP("AND/OR/NOT inside an output column")},
        {QStringLiteral("NullTest"), QT_TR_NOOP("IS NULL inside an output column")},
        {QStringLiteral("ParamRef"), QT_TR_NOOP("a $n parameter (write the value)")},
    };
    const char *what = names.value(kind);
    refuse(what ? tr(what) : tr("the expression %1").arg(kind), node);
    return {};
}

Filter SqlImporter::filter(const QJsonValue &node)
{
    // The builder's WHERE is always a group; a single condition is a group of one.
    if (nodeKind(node) == QLatin1String("BoolExpr")) {
        const Filter f = condition(node);
        if (f.kind == Filter::Kind::Group)
            return f;
    }
    return Filter::group(Filter::Logic::And, {condition(node)});
}

Filter SqlImporter::condition(const QJsonValue &node)
{
    const QString kind = nodeKind(node);
    const QJsonObject body = nodeBody(node);
    if (kind == QLatin1String("BoolExpr")) {
        const QString op = body.value(QLatin1String("boolop")).toString();
        if (op == QLatin1String("NOT_EXPR")) {
            refuse(tr("NOT"), node);
            return {};
        }
        Filter group =
            Filter::group(op == QLatin1String("OR_EXPR") ? Filter::Logic::Or : Filter::Logic::And);
        for (const QJsonValue &arg : body.value(QLatin1String("args")).toArray())
            group.children << condition(arg);
        return group;
    }
    if (kind == QLatin1String("NullTest")) {
        const bool isNull =
            body.value(QLatin1String("nulltesttype")).toString() == QLatin1String("IS_NULL");
        return Filter::condition(expr(body.value(QLatin1String("arg"))),
                                 isNull ? Filter::Op::IsNull : Filter::Op::IsNotNull);
    }
    if (kind == QLatin1String("A_Expr"))
        return comparison(body);
    refuse(kind == QLatin1String("SubLink") ? tr("a subquery in a condition")
                                            : tr("this condition (%1)").arg(kind),
           node);
    return {};
}

Filter SqlImporter::comparison(const QJsonObject &a)
{
    const QJsonValue self{QJsonObject{{QStringLiteral("A_Expr"), a}}};
    const QString kind = a.value(QLatin1String("kind")).toString();
    const QString op = nodeNames(a.value(QLatin1String("name")).toArray()).join(QLatin1Char('.'));
    const Expr left = expr(a.value(QLatin1String("lexpr")));
    const QJsonValue rexpr = a.value(QLatin1String("rexpr"));
    const auto list = [&] {
        QList<Expr> items;
        for (const QJsonValue &item : nodeBody(rexpr).value(QLatin1String("items")).toArray())
            items << expr(item);
        return items;
    };
    if (kind == QLatin1String("AEXPR_OP")) {
        static const QHash<QString, Filter::Op> ops{
            {QStringLiteral("="), Filter::Op::Eq},  {QStringLiteral("<>"), Filter::Op::Ne},
            {QStringLiteral("!="), Filter::Op::Ne}, {QStringLiteral("<"), Filter::Op::Lt},
            {QStringLiteral("<="), Filter::Op::Le}, {QStringLiteral(">"), Filter::Op::Gt},
            {QStringLiteral(">="), Filter::Op::Ge},
        };
        const auto found = ops.constFind(op);
        if (found == ops.constEnd()) {
            refuse(tr("the operator %1 in a condition").arg(op), self);
            return {};
        }
        return Filter::condition(left, *found, {expr(rexpr)});
    }
    if (kind == QLatin1String("AEXPR_LIKE") && op == QLatin1String("~~")) {
        const Expr pattern = expr(rexpr);
        Filter::Op simple = Filter::Op::Like;
        QString text;
        if (pattern.kind == Expr::Kind::Value && pattern.cast.isEmpty() &&
            simplePattern(pattern.value.toString(), &simple, &text))
            return Filter::condition(left, simple, {Expr::val(text)});
        return Filter::condition(left, Filter::Op::Like, {pattern});
    }
    if (kind == QLatin1String("AEXPR_ILIKE") && op == QLatin1String("~~*"))
        return Filter::condition(left, Filter::Op::ILike, {expr(rexpr)});
    if (kind == QLatin1String("AEXPR_IN") && op == QLatin1String("="))
        return Filter::condition(left, Filter::Op::In, list());
    if (kind == QLatin1String("AEXPR_BETWEEN"))
        return Filter::condition(left, Filter::Op::Between, list());
    static const QHash<QString, const char *> names{
        {QStringLiteral("AEXPR_IN"), QT_TR_NOOP("NOT IN")},
        {QStringLiteral("AEXPR_NOT_BETWEEN"), QT_TR_NOOP("NOT BETWEEN")},
        {QStringLiteral("AEXPR_LIKE"), QT_TR_NOOP("NOT LIKE")},
        {QStringLiteral("AEXPR_ILIKE"), QT_TR_NOOP("NOT ILIKE")},
        {QStringLiteral("AEXPR_OP_ANY"), QT_TR_NOOP("ANY (...)")},
        {QStringLiteral("AEXPR_OP_ALL"), QT_TR_NOOP("ALL (...)")},
        {QStringLiteral("AEXPR_DISTINCT"), QT_TR_NOOP("IS DISTINCT FROM")},
        {QStringLiteral("AEXPR_SIMILAR"), QT_TR_NOOP("SIMILAR TO")},
    };
    const char *what = names.value(kind);
    refuse(what ? tr(what) : tr("the condition %1").arg(kind), self);
    return {};
}

} // namespace dbx::model::query
