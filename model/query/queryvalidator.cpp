#include "model/query/queryvalidator.h"

#include "model/query/queryscopeimpl.h"
#include "model/query/querytypes.h"
#include "model/query/queryvalidatorimpl.h"

#include <algorithm>

namespace dbx::model::query {

namespace {

const QString kNested = QStringLiteral(" \u203a ");

} // namespace

void Validator::check(const Query &q, const QList<NamedQuery> &outer)
{
    m_query = &q;
    checkCtes(q, outer);
    m_visible = outer + q.ctes;
    checkSource(q.from, tr("from", "part of a query"));
    for (const Join &join : q.joins)
        checkSource(join.target, tr("join %1", "part of a query").arg(join.target.name()));
    m_scope = columnsInScope(q, m_snapshot, outer);
    for (const SelectItem &item : q.select)
        if (!item.label.isEmpty())
            m_labels << item.label;
    m_grouped = q.isGrouped() || hasAggregate(q.having);

    for (const Join &join : q.joins)
        checkFilter(join.on, Clause{tr("join %1", "part of a query").arg(join.target.name())});
    for (qsizetype i = 0; i < q.select.size(); ++i) {
        const Clause clause{tr("select %1", "part of a query: the n-th output").arg(i + 1), true,
                            true};
        checkExpr(q.select.at(i).expr, clause);
        if (m_grouped)
            checkGrouped(q.select.at(i).expr, clause);
    }
    checkFilter(q.where, Clause{tr("where", "part of a query")});
    for (qsizetype i = 0; i < q.groupBy.size(); ++i)
        checkExpr(q.groupBy.at(i), Clause{tr("group by %1", "part of a query").arg(i + 1)});
    checkHaving(q);
    for (qsizetype i = 0; i < q.orderBy.size(); ++i) {
        Clause clause{tr("order by %1", "part of a query").arg(i + 1), m_grouped, true};
        clause.orderBy = true;
        checkOrderItem(q.orderBy.at(i), clause);
        if (m_grouped)
            checkGrouped(q.orderBy.at(i).expr, clause);
    }
    if (q.distinct && !q.select.isEmpty())
        checkDistinctOrder(q);
    if (q.limit < -1)
        report(tr("LIMIT cannot be negative (%1).").arg(q.limit), tr("limit", "part of a query"));
    if (q.offset < 0)
        report(tr("OFFSET cannot be negative (%1).").arg(q.offset),
               tr("offset", "part of a query"));
}

void Validator::report(const QString &message, const QString &where)
{
    m_problems << QueryProblem{message, m_prefix + where};
}

bool Validator::nested(const Query &q, const QList<NamedQuery> &outer, const QString &name)
{
    const qsizetype before = m_problems.size();
    Validator(m_snapshot, m_problems, m_prefix + name + kNested).check(q, outer);
    return m_problems.size() == before;
}

void Validator::checkCtes(const Query &q, const QList<NamedQuery> &outer)
{
    QSet<QString> names;
    for (qsizetype i = 0; i < q.ctes.size(); ++i) {
        const NamedQuery &cte = q.ctes.at(i);
        const QString where = tr("cte %1", "part of a query").arg(cte.name);
        if (cte.name.isEmpty())
            report(tr("A CTE needs a name."), where);
        else if (names.contains(cte.name))
            report(tr("Two CTEs are named \"%1\"; rename one of them.").arg(cte.name), where);
        names.insert(cte.name);
        if (!nested(cte.query, outer + q.ctes.mid(0, i), where))
            m_brokenCtes.insert(cte.name);
    }
}

void Validator::checkSource(const Source &source, const QString &where)
{
    const QString name = source.name();
    if (!name.isEmpty() && m_sources.contains(name))
        report(
            tr("The name \"%1\" is used by two sources; give one of them another alias.").arg(name),
            where);
    m_sources.insert(name);
    switch (source.kind) {
    case Source::Kind::Table: {
        const QString schema = source.schema.isEmpty() ? QStringLiteral("public") : source.schema;
        if (const TableInfo *table = m_snapshot.table(schema, source.table)) {
            m_tables.insert(name, table);
        } else {
            report(tr("Table %1.%2 does not exist (the schema may have changed).")
                       .arg(schema, source.table),
                   where);
            m_broken.insert(name);
        }
        break;
    }
    case Source::Kind::Cte:
        if (!findCte(m_visible, source.cte)) {
            report(tr("There is no CTE named \"%1\".").arg(source.cte), where);
            m_broken.insert(name);
        } else if (m_brokenCtes.contains(source.cte)) {
            m_broken.insert(name);
        }
        break;
    case Source::Kind::Subquery:
        if (source.alias.isEmpty())
            report(tr("A subquery needs a name (alias)."), where);
        if (source.subquery.size() != 1) {
            report(tr("The subquery is missing."), where);
            m_broken.insert(name);
        } else if (!nested(source.subquery.first(), m_visible,
                           tr("subquery %1", "part of a query").arg(source.alias))) {
            m_broken.insert(name);
        }
        break;
    }
}

bool Validator::hasAggregate(const Filter &f)
{
    if (f.kind == Filter::Kind::Condition) {
        if (f.left.isAggregate())
            return true;
        for (const Expr &e : f.right)
            if (e.isAggregate())
                return true;
        return false;
    }
    for (const Filter &child : f.children)
        if (hasAggregate(child))
            return true;
    return false;
}

void Validator::checkHaving(const Query &q)
{
    if (q.having.isEmpty())
        return;
    const Clause clause{tr("having", "part of a query"), true, false};
    if (!m_grouped)
        report(tr("HAVING needs GROUP BY or an aggregate; use WHERE to filter rows."),
               clause.where);
    checkFilter(q.having, clause);
    if (m_grouped)
        checkGroupedFilter(q.having, clause);
}

QString Validator::describe(const Expr &e) const
{
    if (e.kind == Expr::Kind::Column)
        return e.source.isEmpty() ? e.column : e.source + QLatin1Char('.') + e.column;
    return functionName(e.function);
}

const ScopeColumn *Validator::resolve(const Expr &e, const Clause &clause, bool quiet)
{
    if (!e.source.isEmpty()) {
        if (m_broken.contains(e.source))
            return nullptr;
        if (!m_sources.contains(e.source)) {
            if (!quiet)
                report(tr("Unknown source \"%1\" in %1.%2; it is not in FROM or a JOIN.")
                           .arg(e.source, e.column),
                       clause.where);
            return nullptr;
        }
        const ScopeColumn *c = findColumn(m_scope, e.source, e.column);
        if (!c && !quiet)
            report(tr("Column %1.%2 does not exist (the schema may have changed).")
                       .arg(e.source, e.column),
                   clause.where);
        return c;
    }
    QList<const ScopeColumn *> found;
    for (const ScopeColumn &c : m_scope)
        if (c.name == e.column)
            found << &c;
    if (found.size() == 1)
        return found.first();
    if (quiet || (clause.orderBy && m_labels.contains(e.column)))
        return nullptr;
    if (found.size() > 1) {
        QStringList sources;
        for (const ScopeColumn *c : found)
            sources << c->source;
        report(tr("Column \"%1\" is ambiguous: it exists in %2; name its source.")
                   .arg(e.column, sources.join(QLatin1String(", "))),
               clause.where);
    } else if (m_broken.isEmpty()) {
        report(tr("Column \"%1\" does not exist (the schema may have changed).").arg(e.column),
               clause.where);
    }
    return nullptr;
}

bool Validator::inGroupBy(const Expr &e, const ScopeColumn *c) const
{
    for (const Expr &g : m_query->groupBy) {
        if (g == e)
            return true;
        if (c && g.kind == Expr::Kind::Column && g.cast.isEmpty()) {
            const ScopeColumn *other = findColumn(m_scope, g.source, g.column);
            if (other && other->source == c->source && other->name == c->name)
                return true;
        }
    }
    return false;
}

bool Validator::keyGrouped(const QString &source) const
{
    const TableInfo *table = m_tables.value(source);
    if (!table || table->primaryKey.isEmpty())
        return false;
    for (const QString &key : table->primaryKey) {
        const ScopeColumn *c = findColumn(m_scope, source, key);
        if (!c || !inGroupBy(Expr::col(source, key), c))
            return false;
    }
    return true;
}

void Validator::checkGrouped(const Expr &e, const Clause &clause)
{
    if (inGroupBy(e, nullptr) || e.kind == Expr::Kind::Aggregate)
        return;
    switch (e.kind) {
    case Expr::Kind::Column: {
        const ScopeColumn *c = resolve(e, clause, true);
        if (!c || inGroupBy(e, c) || keyGrouped(c->source))
            return;
        report(tr("%1 must be in GROUP BY or inside an aggregate").arg(describe(*c)), clause.where);
        return;
    }
    case Expr::Kind::Star: {
        QStringList sources;
        for (const ScopeColumn &c : m_scope)
            if ((e.source.isEmpty() || c.source == e.source) && !sources.contains(c.source))
                sources << c.source;
        for (const QString &source : sources)
            if (!keyGrouped(source))
                report(tr("%1.* includes columns that are neither in GROUP BY nor "
                          "aggregated; choose the columns.")
                           .arg(source),
                       clause.where);
        return;
    }
    case Expr::Kind::Window:
        for (const Expr &p : e.partitionBy)
            checkGrouped(p, clause);
        for (const OrderItem &o : e.windowOrder)
            checkGrouped(o.expr, clause);
        [[fallthrough]];
    default:
        for (const Expr &arg : e.args)
            checkGrouped(arg, clause);
    }
}

void Validator::checkGroupedFilter(const Filter &f, const Clause &clause)
{
    if (f.kind == Filter::Kind::Group) {
        for (const Filter &child : f.children)
            checkGroupedFilter(child, clause);
        return;
    }
    checkGrouped(f.left, clause);
    for (const Expr &e : f.right)
        checkGrouped(e, clause);
}

// With DISTINCT, PostgreSQL sorts only by what is selected.
void Validator::checkDistinctOrder(const Query &q)
{
    for (qsizetype i = 0; i < q.orderBy.size(); ++i) {
        const Expr &e = q.orderBy.at(i).expr;
        const bool selected =
            std::any_of(q.select.cbegin(), q.select.cend(), [&](const SelectItem &item) {
                return item.expr == e || (e.kind == Expr::Kind::Column && e.source.isEmpty() &&
                                          item.label == e.column);
            });
        if (!selected)
            report(tr("With DISTINCT, ORDER BY can only use selected columns; add %1 to the "
                      "select list.")
                       .arg(describe(e)),
                   tr("order by %1", "part of a query").arg(i + 1));
    }
}

QList<QueryProblem> validate(const Query &query, const SchemaSnapshot &snapshot)
{
    QList<QueryProblem> problems;
    Validator(snapshot, problems, {}).check(query, {});
    return problems;
}

} // namespace dbx::model::query
