#include "ui/querybuilder/exprtext.h"

#include "model/query/querytypes.h"

#include <QCoreApplication>

namespace dbx::ui {

using model::query::Expr;
using model::query::functionName;

namespace {

QString joined(const QList<Expr> &exprs)
{
    QStringList parts;
    for (const Expr &e : exprs)
        parts << exprText(e);
    return parts.join(QStringLiteral(", "));
}

QString bare(const Expr &expr)
{
    switch (expr.kind) {
    case Expr::Kind::Column:
        return expr.source.isEmpty() ? expr.column : expr.source + QLatin1Char('.') + expr.column;
    case Expr::Kind::Star:
        return expr.source.isEmpty() ? QStringLiteral("*") : expr.source + QStringLiteral(".*");
    case Expr::Kind::Value:
        return expr.value.isNull() ? QStringLiteral("NULL") : expr.value.toString();
    case Expr::Kind::Arithmetic:
        return exprText(expr.args.value(0)) + QLatin1Char(' ') + expr.op + QLatin1Char(' ') +
               exprText(expr.args.value(1));
    case Expr::Kind::Aggregate: {
        QString inner = expr.args.isEmpty() ? QStringLiteral("*") : joined(expr.args);
        if (expr.function == Expr::Function::CountDistinct)
            inner.prepend(QStringLiteral("DISTINCT "));
        return functionName(expr.function) + QLatin1Char('(') + inner + QLatin1Char(')');
    }
    case Expr::Kind::Window: {
        QStringList over;
        if (!expr.partitionBy.isEmpty())
            over << QStringLiteral("PARTITION BY ") + joined(expr.partitionBy);
        if (!expr.windowOrder.isEmpty()) {
            QStringList order;
            for (const auto &item : expr.windowOrder)
                order << exprText(item.expr) +
                             (item.descending ? QStringLiteral(" DESC") : QString());
            over << QStringLiteral("ORDER BY ") + order.join(QStringLiteral(", "));
        }
        return functionName(expr.function) + QLatin1Char('(') + joined(expr.args) +
               QStringLiteral(") OVER (") + over.join(QLatin1Char(' ')) + QLatin1Char(')');
    }
    }
    return {};
}

} // namespace

QString exprText(const Expr &expr)
{
    const QString text = bare(expr);
    return expr.cast.isEmpty() ? text : text + QStringLiteral("::") + expr.cast;
}

QStringList aggregateNames()
{
    return {QCoreApplication::translate("dbx::ui::QueryBuilder", "(none)"),
            QStringLiteral("count"),
            QCoreApplication::translate("dbx::ui::QueryBuilder", "count distinct"),
            QStringLiteral("sum"),
            QStringLiteral("avg"),
            QStringLiteral("min"),
            QStringLiteral("max")};
}

QList<Expr::Function> aggregateFunctions()
{
    return {Expr::Function::None, Expr::Function::Count, Expr::Function::CountDistinct,
            Expr::Function::Sum,  Expr::Function::Avg,   Expr::Function::Min,
            Expr::Function::Max};
}

QStringList windowFunctionNames()
{
    QStringList names;
    for (Expr::Function f : windowFunctions())
        names << functionName(f);
    return names;
}

QList<Expr::Function> windowFunctions()
{
    return {Expr::Function::Avg,       Expr::Function::Sum,      Expr::Function::Count,
            Expr::Function::Min,       Expr::Function::Max,      Expr::Function::Rank,
            Expr::Function::DenseRank, Expr::Function::RowNumber};
}

QStringList castTypes()
{
    return {QString(),
            QStringLiteral("integer"),
            QStringLiteral("bigint"),
            QStringLiteral("numeric"),
            QStringLiteral("text"),
            QStringLiteral("date")};
}

} // namespace dbx::ui
