#pragma once

#include "model/query/querydef.h"

#include <QCoreApplication>
#include <QLatin1String>
#include <QString>
#include <QStringList>

#include <optional>
#include <utility>

// The words a saved query file uses for the AST's enums (docs/query-format.md). One table per
// enum, shared by the writer and the reader so that the two can never disagree.
namespace dbx::model::query::jsonwords {

// The translation context of every message about a saved query file.
struct QueryJson {
    Q_DECLARE_TR_FUNCTIONS(dbx::model::query::QueryJson)
};

template <typename E> struct Word {
    E value;
    const char *word;
};

inline constexpr Word<Expr::Function> functions[] = {
    {Expr::Function::Count, "count"},
    {Expr::Function::CountDistinct, "count_distinct"},
    {Expr::Function::Sum, "sum"},
    {Expr::Function::Avg, "avg"},
    {Expr::Function::Min, "min"},
    {Expr::Function::Max, "max"},
    {Expr::Function::Rank, "rank"},
    {Expr::Function::DenseRank, "dense_rank"},
    {Expr::Function::RowNumber, "row_number"},
};

inline constexpr Word<Filter::Op> operators[] = {
    {Filter::Op::Eq, "eq"},
    {Filter::Op::Ne, "ne"},
    {Filter::Op::Lt, "lt"},
    {Filter::Op::Le, "le"},
    {Filter::Op::Gt, "gt"},
    {Filter::Op::Ge, "ge"},
    {Filter::Op::Contains, "contains"},
    {Filter::Op::StartsWith, "starts_with"},
    {Filter::Op::EndsWith, "ends_with"},
    {Filter::Op::Like, "like"},
    {Filter::Op::ILike, "ilike"},
    {Filter::Op::In, "in"},
    {Filter::Op::Between, "between"},
    {Filter::Op::IsNull, "is_null"},
    {Filter::Op::IsNotNull, "is_not_null"},
};

inline constexpr Word<Join::Type> joinTypes[] = {
    {Join::Type::Inner, "inner"},
    {Join::Type::Left, "left"},
    {Join::Type::Right, "right"},
    {Join::Type::Full, "full"},
};

inline constexpr Word<OrderItem::Nulls> nullsOrders[] = {
    {OrderItem::Nulls::First, "first"},
    {OrderItem::Nulls::Last, "last"},
};

inline constexpr const char *arithmeticOps[] = {"+", "-", "*", "/"};

template <typename E, std::size_t N> QString wordFor(const Word<E> (&table)[N], E value)
{
    for (const Word<E> &entry : table) {
        if (entry.value == value)
            return QLatin1String(entry.word);
    }
    return {};
}

template <typename E, std::size_t N>
std::optional<E> valueFor(const Word<E> (&table)[N], const QString &word)
{
    for (const Word<E> &entry : table) {
        if (word == QLatin1String(entry.word))
            return entry.value;
    }
    return std::nullopt;
}

// "eq, ne, lt, ...": what an error message offers instead of an unknown word.
template <typename E, std::size_t N> QString wordList(const Word<E> (&table)[N])
{
    QStringList words;
    for (const Word<E> &entry : table)
        words << QLatin1String(entry.word);
    return words.join(QLatin1String(", "));
}

inline bool isWindowOnly(Expr::Function function)
{
    return function == Expr::Function::Rank || function == Expr::Function::DenseRank ||
           function == Expr::Function::RowNumber;
}

} // namespace dbx::model::query::jsonwords
