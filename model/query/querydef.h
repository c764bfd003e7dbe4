#pragma once

#include <QList>
#include <QMetaType>
#include <QString>
#include <QVariant>

namespace dbx::model::query {

// A SELECT described as plain values: what the visual builder edits, what a saved query file
// holds (docs/query-format.md) and what the generator turns into SQL. Nothing here is SQL text;
// names are quoted and values bound only when the query is generated (querysql.h).

struct OrderItem;

// One expression: a column, a bound value, arithmetic, an aggregate or a window function,
// optionally cast. Recursive through `args`.
struct Expr {
    enum class Kind {
        Column,     // source.column (source empty: the only source, or an output label)
        Star,       // source.* (source empty: *)
        Value,      // a bound value
        Arithmetic, // args[0] op args[1]
        Aggregate,  // function(args[0]); count may have no argument (count(*))
        Window,     // function(args...) OVER (PARTITION BY partitionBy ORDER BY windowOrder)
    };
    enum class Function {
        None,
        Count,
        CountDistinct,
        Sum,
        Avg,
        Min,
        Max,
        Rank,      // window only
        DenseRank, // window only
        RowNumber, // window only
    };

    Kind kind = Kind::Column;
    QString source; // alias of a table, subquery or CTE in scope
    QString column;
    QVariant value;
    QString op; // Arithmetic: one of + - * /
    Function function = Function::None;
    QList<Expr> args;
    QList<Expr> partitionBy;
    QList<OrderItem> windowOrder;
    QString cast; // a type name ("integer", "numeric(10,2)", "text"); empty: no cast

    static Expr col(const QString &source, const QString &column);
    static Expr star(const QString &source = {});
    static Expr val(const QVariant &value);
    static Expr arith(const Expr &left, const QString &op, const Expr &right);
    static Expr agg(Function function, const Expr &argument);
    static Expr countAll();
    static Expr window(Function function, const QList<Expr> &args, const QList<Expr> &partitionBy,
                       const QList<OrderItem> &order = {});
    Expr castTo(const QString &type) const;

    bool isAggregate() const; // an aggregate anywhere inside, windows excluded
    bool operator==(const Expr &other) const;
};

struct OrderItem {
    enum class Nulls { Default, First, Last };
    Expr expr;
    bool descending = false;
    Nulls nulls = Nulls::Default;
    bool operator==(const OrderItem &other) const = default;
};

// An output column: an expression and the name it is shown under (AS label).
struct SelectItem {
    Expr expr;
    QString label;
    bool operator==(const SelectItem &other) const = default;
};

// A WHERE, HAVING or join condition: a tree of AND/OR groups whose leaves compare an
// expression with values or other expressions.
struct Filter {
    enum class Kind { Group, Condition };
    enum class Logic { And, Or };
    enum class Op {
        Eq,
        Ne,
        Lt,
        Le,
        Gt,
        Ge,
        Contains,   // LIKE '%v%' with v's wildcards escaped: matches v literally, case and all
        StartsWith, // LIKE 'v%'
        EndsWith,   // LIKE '%v'
        Like,       // the user's own pattern
        ILike,
        In,      // right: one or more expressions (a long list of values binds as one array)
        Between, // right: exactly two
        IsNull,  // right: none
        IsNotNull,
    };

    Kind kind = Kind::Group;
    Logic logic = Logic::And; // Group
    QList<Filter> children;   // Group
    Expr left;                // Condition
    Op op = Op::Eq;           // Condition
    QList<Expr> right;        // Condition: values (Kind::Value) or columns
    // Contains, StartsWith, EndsWith: upper and lower case match each other (ILIKE).
    bool ignoreCase = false;

    static Filter group(Logic logic, const QList<Filter> &children = {});
    static Filter condition(const Expr &left, Op op, const QList<Expr> &right = {});
    // A condition on a column of the only source (as a grid filters its table).
    static Filter column(const QString &column, Op op, const QVariantList &values = {});
    Filter ignoringCase(bool ignore = true) const;
    // A condition no row meets (an empty selection).
    static Filter never();
    // All conditions of `parts` (empty ones left out) joined by AND.
    static Filter allOf(const QList<Filter> &parts);
    // A group with no conditions anywhere inside: generates nothing.
    bool isEmpty() const;
    // Declared, not defaulted here: a defaulted == over QList<Filter> makes Qt's meta-type
    // traits recurse into the still incomplete type.
    bool operator==(const Filter &other) const;
};

struct Query;

// Where rows come from: a table, a subquery written inline, or a CTE of the enclosing query.
struct Source {
    enum class Kind { Table, Subquery, Cte };
    Kind kind = Kind::Table;
    QString schema; // Table ("public" when empty)
    QString table;  // Table
    QString cte;    // Cte: the name of an entry in Query::ctes (of this query or an outer one)
    QList<Query> subquery; // Subquery: exactly one query (a list only to keep Query a value)
    QString alias;         // how expressions name this source; defaults to the table/CTE name

    static Source fromTable(const QString &schema, const QString &table, const QString &alias = {});
    static Source fromCte(const QString &cte, const QString &alias = {});
    static Source fromSubquery(const Query &query, const QString &alias);
    // The name expressions use: alias, else the table or CTE name.
    QString name() const;
    bool operator==(const Source &other) const;
};

struct Join {
    enum class Type { Inner, Left, Right, Full };
    Type type = Type::Inner;
    Source target;
    Filter on; // usually one equality per foreign-key column
    // The foreign key the join was built from (constraint name), empty for a custom condition;
    // lets the builder show "resumes.worker_id → workers.id" and re-check it after a schema change.
    QString foreignKey;
    bool operator==(const Join &other) const = default;
};

struct NamedQuery;

struct Query {
    QList<NamedQuery> ctes; // WITH name AS (...), in order; later ones may use earlier ones
    bool distinct = false;
    Source from;
    QList<Join> joins;
    QList<SelectItem> select; // empty: SELECT *
    Filter where;
    QList<Expr> groupBy;
    Filter having;
    QList<OrderItem> orderBy;
    qint64 limit = -1; // -1: no LIMIT
    qint64 offset = 0;

    bool isGrouped() const; // GROUP BY present or an aggregate in the select list
    bool operator==(const Query &other) const;
};

struct NamedQuery {
    QString name;
    Query query;
    bool operator==(const NamedQuery &other) const = default;
};

} // namespace dbx::model::query

Q_DECLARE_METATYPE(dbx::model::query::Query)
Q_DECLARE_METATYPE(dbx::model::query::Filter)
