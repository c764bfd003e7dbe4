#pragma once

#include "model/query/queryscope.h"
#include "model/query/queryvalidator.h"

#include <QCoreApplication>
#include <QHash>
#include <QSet>

namespace dbx::model::query {

// Checks one query level against the schema and collects QueryProblems; nested queries (CTEs,
// subqueries) get a Validator of their own whose `where` is prefixed with their name. Split
// over queryvalidator.cpp (sources, names, grouping) and queryvalidatorexpr.cpp (expressions
// and filters).
class Validator {
    Q_DECLARE_TR_FUNCTIONS(dbx::model::query::Validator)

public:
    Validator(const SchemaSnapshot &snapshot, QList<QueryProblem> &problems, QString prefix)
        : m_snapshot(snapshot)
        , m_problems(problems)
        , m_prefix(std::move(prefix))
    {}

    void check(const Query &q, const QList<NamedQuery> &outer);

private:
    // What the clause being checked allows: aggregates (select, having, order by of a grouped
    // query) and window functions (select, order by); `where` names it in problems.
    struct Clause {
        QString where;
        bool aggregates = false;
        bool windows = false;
        bool insideAggregate = false;
        bool orderBy = false; // output labels may be named without a source
    };

    void report(const QString &message, const QString &where);
    // Runs a nested query's checks; true when it had no problems.
    bool nested(const Query &q, const QList<NamedQuery> &outer, const QString &name);
    void checkCtes(const Query &q, const QList<NamedQuery> &outer);
    void checkSource(const Source &source, const QString &where);
    static bool hasAggregate(const Filter &f);
    void checkHaving(const Query &q);
    void checkDistinctOrder(const Query &q);
    QString describe(const ScopeColumn &c) const { return c.source + QLatin1Char('.') + c.name; }
    QString describe(const Expr &e) const;
    // The column an expression names, or null (reported unless `quiet`).
    const ScopeColumn *resolve(const Expr &e, const Clause &clause, bool quiet = false);
    void checkOrderItem(const OrderItem &item, const Clause &clause);
    void checkExpr(const Expr &e, const Clause &clause);
    void checkArithmetic(const Expr &e, const Clause &clause);
    // sum and avg need numbers; the argument count fits the function.
    void checkArguments(const Expr &e, const Clause &clause);
    void checkAggregate(const Expr &e, const Clause &clause);
    void checkWindow(const Expr &e, const Clause &clause);
    void checkFilter(const Filter &f, const Clause &clause);
    void checkOperands(const Filter &f, const Clause &clause);
    void checkTextOperator(const Filter &f, const Clause &clause);
    void checkValues(const Filter &f, const Clause &clause);
    bool inGroupBy(const Expr &e, const ScopeColumn *c) const;
    // A table's columns depend on its primary key: grouping by the key groups them all.
    bool keyGrouped(const QString &source) const;
    // Every column outside an aggregate must be grouped (or depend on a grouped key).
    void checkGrouped(const Expr &e, const Clause &clause);
    void checkGroupedFilter(const Filter &f, const Clause &clause);

    const SchemaSnapshot &m_snapshot;
    QList<QueryProblem> &m_problems;
    QString m_prefix;
    const Query *m_query = nullptr;
    QList<NamedQuery> m_visible;
    QList<ScopeColumn> m_scope;
    QSet<QString> m_sources;
    QSet<QString> m_broken; // sources already reported: their columns are not reported again
    QSet<QString> m_brokenCtes;
    QHash<QString, const TableInfo *> m_tables;
    QStringList m_labels;
    bool m_grouped = false;
};

} // namespace dbx::model::query
