#include "model/query/querytypes.h"

#include <QRegularExpression>

namespace dbx::model::query {

bool isValidTypeName(const QString &type)
{
    // A part may also be a quoted identifier ("char", the one-byte type): quotes doubled
    // inside, no NUL and no white space but single spaces, which the generator keeps as they are.
    static const QRegularExpression pattern(
        QStringLiteral(R"(^\s*(([A-Za-z_][A-Za-z0-9_]*|"([^"\s\x{0}]| (?! )|"")+")\.)?)"
                       R"(([A-Za-z_][A-Za-z0-9_ ]*|"([^"\s\x{0}]| (?! )|"")+"))"
                       R"((\(\s*[0-9]+\s*(,\s*[0-9]+\s*)?\))?[A-Za-z0-9_ ]*(\[\s*\])*\s*$)"));
    return pattern.match(type).hasMatch();
}

bool isArithmeticOperator(const QString &op)
{
    return op == QLatin1String("+") || op == QLatin1String("-") || op == QLatin1String("*") ||
           op == QLatin1String("/");
}

QString functionName(Expr::Function function)
{
    switch (function) {
    case Expr::Function::None:
        return {};
    case Expr::Function::Count:
    case Expr::Function::CountDistinct:
        return QStringLiteral("count");
    case Expr::Function::Sum:
        return QStringLiteral("sum");
    case Expr::Function::Avg:
        return QStringLiteral("avg");
    case Expr::Function::Min:
        return QStringLiteral("min");
    case Expr::Function::Max:
        return QStringLiteral("max");
    case Expr::Function::Rank:
        return QStringLiteral("rank");
    case Expr::Function::DenseRank:
        return QStringLiteral("dense_rank");
    case Expr::Function::RowNumber:
        return QStringLiteral("row_number");
    }
    return {};
}

bool isWindowOnly(Expr::Function function)
{
    return function == Expr::Function::Rank || function == Expr::Function::DenseRank ||
           function == Expr::Function::RowNumber;
}

QString comparisonOperator(Filter::Op op)
{
    switch (op) {
    case Filter::Op::Eq:
        return QStringLiteral("=");
    case Filter::Op::Ne:
        return QStringLiteral("<>");
    case Filter::Op::Lt:
        return QStringLiteral("<");
    case Filter::Op::Le:
        return QStringLiteral("<=");
    case Filter::Op::Gt:
        return QStringLiteral(">");
    case Filter::Op::Ge:
        return QStringLiteral(">=");
    case Filter::Op::Like:
    case Filter::Op::Contains:
    case Filter::Op::StartsWith:
    case Filter::Op::EndsWith:
        return QStringLiteral("LIKE");
    case Filter::Op::ILike:
        return QStringLiteral("ILIKE");
    default:
        return {};
    }
}

} // namespace dbx::model::query
