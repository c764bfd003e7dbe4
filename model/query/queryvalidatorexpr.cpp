#include "model/query/queryscopeimpl.h"
#include "model/query/querytypes.h"
#include "model/query/queryvalidatorimpl.h"
#include "model/query/queryvaluecheck.h"

namespace dbx::model::query {

namespace {

// The operators that compare text, as the builder names them; empty for the others.
QString textOperatorName(Filter::Op op)
{
    switch (op) {
    case Filter::Op::Contains:
        return QStringLiteral("contains");
    case Filter::Op::StartsWith:
        return QStringLiteral("starts with");
    case Filter::Op::EndsWith:
        return QStringLiteral("ends with");
    case Filter::Op::Like:
        return QStringLiteral("LIKE");
    case Filter::Op::ILike:
        return QStringLiteral("ILIKE");
    default:
        return {};
    }
}

} // namespace

void Validator::checkOrderItem(const OrderItem &item, const Clause &clause)
{
    checkExpr(item.expr, clause);
}

void Validator::checkExpr(const Expr &e, const Clause &clause)
{
    if (!e.cast.isEmpty() && !isValidTypeName(e.cast))
        report(tr("\"%1\" is not a valid type name (use a name like integer, numeric(10,2), "
                  "text or date).")
                   .arg(e.cast),
               clause.where);
    switch (e.kind) {
    case Expr::Kind::Column:
        resolve(e, clause);
        return;
    case Expr::Kind::Star:
        if (!e.source.isEmpty() && !m_sources.contains(e.source))
            report(tr("Unknown source \"%1\" in %1.*; it is not in FROM or a JOIN.").arg(e.source),
                   clause.where);
        return;
    case Expr::Kind::Value:
        return;
    case Expr::Kind::Arithmetic:
        checkArithmetic(e, clause);
        return;
    case Expr::Kind::Aggregate:
        checkAggregate(e, clause);
        return;
    case Expr::Kind::Window:
        checkWindow(e, clause);
        return;
    }
}

void Validator::checkArithmetic(const Expr &e, const Clause &clause)
{
    if (!isArithmeticOperator(e.op))
        report(tr("\"%1\" is not an arithmetic operator; use +, -, * or /.").arg(e.op),
               clause.where);
    if (e.args.size() != 2) {
        report(tr("Arithmetic needs two operands."), clause.where);
        return;
    }
    for (const Expr &arg : e.args) {
        checkExpr(arg, clause);
        const ScopeColumn type = exprType(arg, m_scope, m_snapshot);
        if (!type.type.isEmpty() && !type.dataType.isNumeric())
            report(tr("Arithmetic works on numbers only; %1 is %2.").arg(describe(arg), type.type),
                   clause.where);
    }
}

void Validator::checkArguments(const Expr &e, const Clause &clause)
{
    const QString name = functionName(e.function);
    if (isWindowOnly(e.function)) {
        if (!e.args.isEmpty())
            report(tr("%1 takes no arguments.").arg(name), clause.where);
    } else if (e.function == Expr::Function::Count && e.args.isEmpty()) {
        // count(*)
    } else if (e.args.size() != 1) {
        report(tr("%1 needs exactly one argument.").arg(name), clause.where);
    }
    Clause inner = clause;
    // A window may run over an aggregate (sum(count(*)) OVER ()); an aggregate may not.
    inner.insideAggregate = e.kind == Expr::Kind::Aggregate;
    inner.windows = false;
    for (const Expr &arg : e.args) {
        if (arg.kind == Expr::Kind::Star) {
            report(tr("%1 cannot take *; use count(*) or name a column.").arg(name), clause.where);
            continue;
        }
        checkExpr(arg, inner);
    }
    if ((e.function == Expr::Function::Sum || e.function == Expr::Function::Avg) &&
        e.args.size() == 1) {
        const ScopeColumn type = exprType(e.args.first(), m_scope, m_snapshot);
        if (!type.type.isEmpty() && !type.dataType.isNumeric())
            report(tr("%1 needs a numeric column; %2 is %3")
                       .arg(name, describe(e.args.first()), type.type),
                   clause.where);
    }
}

void Validator::checkAggregate(const Expr &e, const Clause &clause)
{
    if (e.function == Expr::Function::None) {
        report(tr("The aggregate has no function."), clause.where);
        return;
    }
    if (isWindowOnly(e.function)) {
        report(tr("%1 can only be used as a window function (with OVER).")
                   .arg(functionName(e.function)),
               clause.where);
        return;
    }
    if (clause.insideAggregate)
        report(tr("Aggregates cannot be nested (%1 inside another aggregate).")
                   .arg(functionName(e.function)),
               clause.where);
    else if (!clause.aggregates)
        report(tr("Aggregates like %1 are not allowed here; filter on them in HAVING.")
                   .arg(functionName(e.function)),
               clause.where);
    checkArguments(e, clause);
}

void Validator::checkWindow(const Expr &e, const Clause &clause)
{
    if (e.function == Expr::Function::None) {
        report(tr("The window function has no function."), clause.where);
        return;
    }
    if (e.function == Expr::Function::CountDistinct) {
        report(tr("count(DISTINCT) cannot be used as a window function."), clause.where);
        return;
    }
    if (!clause.windows || clause.insideAggregate) {
        report(tr("Window functions like %1 are only allowed in the select list and ORDER "
                  "BY.")
                   .arg(functionName(e.function)),
               clause.where);
        return;
    }
    checkArguments(e, clause);
    Clause inner = clause;
    inner.windows = false;
    for (const Expr &p : e.partitionBy)
        checkExpr(p, inner);
    for (const OrderItem &o : e.windowOrder)
        checkExpr(o.expr, inner);
}

void Validator::checkFilter(const Filter &f, const Clause &clause)
{
    if (f.kind == Filter::Kind::Group) {
        for (const Filter &child : f.children)
            checkFilter(child, clause);
        return;
    }
    checkExpr(f.left, clause);
    for (const Expr &e : f.right)
        checkExpr(e, clause);
    checkOperands(f, clause);
    checkTextOperator(f, clause);
    checkValues(f, clause);
}

void Validator::checkOperands(const Filter &f, const Clause &clause)
{
    const qsizetype n = f.right.size();
    switch (f.op) {
    case Filter::Op::Between:
        if (n != 2)
            report(tr("BETWEEN needs exactly two values, got %1.").arg(n), clause.where);
        break;
    case Filter::Op::In:
        if (n == 0)
            report(tr("IN needs at least one value."), clause.where);
        break;
    case Filter::Op::IsNull:
    case Filter::Op::IsNotNull:
        if (n != 0)
            report(tr("IS NULL and IS NOT NULL take no value."), clause.where);
        break;
    default:
        if (n != 1)
            report(tr("The comparison needs exactly one value, got %1.").arg(n), clause.where);
        else if (f.right.first().kind == Expr::Kind::Value && f.right.first().value.isNull())
            report(tr("A comparison with NULL never matches; use IS NULL or IS NOT NULL."),
                   clause.where);
        break;
    }
}

void Validator::checkTextOperator(const Filter &f, const Clause &clause)
{
    const QString name = textOperatorName(f.op);
    if (name.isEmpty())
        return;
    const ScopeColumn type = exprType(f.left, m_scope, m_snapshot);
    if (!type.type.isEmpty() && !type.dataType.isText())
        report(tr("%1 needs a text column; %2 is %3 (cast it to text).")
                   .arg(name, describe(f.left), type.type),
               clause.where);
}

void Validator::checkValues(const Filter &f, const Clause &clause)
{
    switch (f.op) {
    case Filter::Op::Contains:
    case Filter::Op::StartsWith:
    case Filter::Op::EndsWith:
    case Filter::Op::Like:
    case Filter::Op::ILike:
        return; // patterns are text, whatever the column
    default:
        break;
    }
    const ScopeColumn type = exprType(f.left, m_scope, m_snapshot);
    const QString name = f.left.kind == Expr::Kind::Column && f.left.cast.isEmpty()
                             ? f.left.column
                             : describe(f.left);
    for (const Expr &e : f.right) {
        if (e.kind != Expr::Kind::Value || !e.cast.isEmpty())
            continue;
        const QString message = valueMismatch(type, name, e.value, m_snapshot);
        if (!message.isEmpty())
            report(message, clause.where);
    }
}

} // namespace dbx::model::query
