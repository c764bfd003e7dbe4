#include "model/query/querysql.h"

#include "model/db/pgvalue.h"
#include "model/query/querytypes.h"
#include "model/sqlident.h"

#include <QDate>
#include <QDateTime>
#include <QStringList>
#include <QTime>

namespace dbx::model::query {

namespace {

const QString kIndent = QStringLiteral("  ");

// Indents every line of a nested query, but not the lines inside a quoted name or string
// literal that spans lines: those belong to the name or value and must stay exactly as they are.
QString indented(const QString &text)
{
    QString out = kIndent;
    out.reserve(text.size() + text.size() / 8);
    QChar quote;
    for (const QChar c : text) {
        out += c;
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar(); // a doubled quote closes and reopens: same result
        } else if (c == QLatin1Char('\'') || c == QLatin1Char('"')) {
            quote = c;
        } else if (c == QLatin1Char('\n')) {
            out += kIndent;
        }
    }
    return out;
}

// Writes one query. Bound mode collects values as $n parameters; literal mode writes them into
// the text. Both share everything else, so the two outputs never drift apart.
class Renderer {
public:
    explicit Renderer(bool bind)
        : m_bind(bind)
    {}

    QVariantList params;

    QString query(const Query &q)
    {
        QStringList lines;
        if (!q.ctes.isEmpty()) {
            QStringList ctes;
            for (const NamedQuery &cte : q.ctes)
                ctes << quoteIdent(cte.name) + QLatin1String(" AS (\n") +
                            indented(query(cte.query)) + QLatin1String("\n)");
            lines << QLatin1String("WITH ") + ctes.join(QLatin1String(",\n"));
        }
        lines << selectLine(q);
        lines << QLatin1String("FROM ") + source(q.from);
        for (const Join &join : q.joins)
            lines << joinLine(join);
        if (!q.where.isEmpty())
            lines << QLatin1String("WHERE ") + filter(q.where, true);
        if (!q.groupBy.isEmpty())
            lines << QLatin1String("GROUP BY ") + exprList(q.groupBy);
        if (!q.having.isEmpty())
            lines << QLatin1String("HAVING ") + filter(q.having, true);
        if (!q.orderBy.isEmpty())
            lines << QLatin1String("ORDER BY ") + orderList(q.orderBy);
        if (q.limit >= 0)
            lines << QLatin1String("LIMIT ") + value(q.limit);
        if (q.offset > 0)
            lines << QLatin1String("OFFSET ") + value(q.offset);
        return lines.join(QLatin1Char('\n'));
    }

    // A condition alone, TRUE when empty.
    QString whereText(const Filter &f)
    {
        return f.isEmpty() ? QStringLiteral("TRUE") : filter(f, true);
    }

private:
    QString value(const QVariant &v)
    {
        if (!m_bind)
            return sqlLiteral(v);
        params << v;
        return QLatin1Char('$') + QString::number(params.size());
    }

    QString selectLine(const Query &q)
    {
        QString line = QStringLiteral("SELECT ");
        if (q.distinct)
            line += QLatin1String("DISTINCT ");
        if (q.select.isEmpty())
            return line + QLatin1Char('*');
        QStringList items;
        for (const SelectItem &item : q.select) {
            QString text = expr(item.expr);
            if (!item.label.isEmpty())
                text += QLatin1String(" AS ") + quoteIdent(item.label);
            items << text;
        }
        return line + items.join(QLatin1String(", "));
    }

    QString source(const Source &s)
    {
        QString text;
        switch (s.kind) {
        case Source::Kind::Table:
            text =
                quoteQualified(s.schema.isEmpty() ? QStringLiteral("public") : s.schema, s.table);
            break;
        case Source::Kind::Cte:
            text = quoteIdent(s.cte);
            break;
        case Source::Kind::Subquery:
            text = QLatin1String("(\n") +
                   (s.subquery.isEmpty() ? QString() : indented(query(s.subquery.first()))) +
                   QLatin1String("\n)");
            break;
        }
        if (!s.alias.isEmpty())
            text += QLatin1String(" AS ") + quoteIdent(s.alias);
        return text;
    }

    QString joinLine(const Join &join)
    {
        static const char *const kinds[] = {"JOIN ", "LEFT JOIN ", "RIGHT JOIN ", "FULL JOIN "};
        // Parameters are numbered in the order they are written: the target (a subquery may
        // bind values) before its condition. Hence one call per statement here and below.
        const QString target = source(join.target);
        // ON TRUE keeps a join without a condition valid SQL for every join type.
        const QString on = join.on.isEmpty() ? QStringLiteral("TRUE") : filter(join.on, true);
        return QLatin1String(kinds[int(join.type)]) + target + QLatin1String(" ON ") + on;
    }

    QString exprList(const QList<Expr> &exprs)
    {
        QStringList parts;
        for (const Expr &e : exprs)
            parts << expr(e);
        return parts.join(QLatin1String(", "));
    }

    QString orderList(const QList<OrderItem> &items)
    {
        QStringList parts;
        for (const OrderItem &item : items) {
            QString text = expr(item.expr);
            if (item.descending)
                text += QLatin1String(" DESC");
            if (item.nulls == OrderItem::Nulls::First)
                text += QLatin1String(" NULLS FIRST");
            else if (item.nulls == OrderItem::Nulls::Last)
                text += QLatin1String(" NULLS LAST");
            parts << text;
        }
        return parts.join(QLatin1String(", "));
    }

    QString expr(const Expr &e)
    {
        QString text = bareExpr(e);
        if (e.cast.isEmpty() || e.kind == Expr::Kind::Star)
            return text;
        // A type name is SQL text, not an identifier: only names of a strict shape are written
        // as they are. Anything else goes out as a quoted identifier, which cannot inject and
        // makes the server refuse the statement (the validator explains it first).
        const QString type = isValidTypeName(e.cast) ? e.cast.simplified() : quoteIdent(e.cast);
        return QLatin1String("CAST(") + text + QLatin1String(" AS ") + type + QLatin1Char(')');
    }

    QString bareExpr(const Expr &e)
    {
        switch (e.kind) {
        case Expr::Kind::Column:
            return e.source.isEmpty()
                       ? quoteIdent(e.column)
                       : quoteIdent(e.source) + QLatin1Char('.') + quoteIdent(e.column);
        case Expr::Kind::Star:
            return e.source.isEmpty() ? QStringLiteral("*")
                                      : quoteIdent(e.source) + QLatin1String(".*");
        case Expr::Kind::Value:
            return value(e.value);
        case Expr::Kind::Arithmetic: {
            const QString left = e.args.isEmpty() ? QStringLiteral("NULL") : expr(e.args.at(0));
            const QString right = e.args.size() < 2 ? QStringLiteral("NULL") : expr(e.args.at(1));
            // An operator outside + - * / goes out quoted: a syntax error, never an injection.
            const QString op = isArithmeticOperator(e.op) ? e.op : quoteIdent(e.op);
            return QLatin1Char('(') + left + QLatin1Char(' ') + op + QLatin1Char(' ') + right +
                   QLatin1Char(')');
        }
        case Expr::Kind::Aggregate:
            return call(e);
        case Expr::Kind::Window: {
            const QString function = call(e);
            QStringList over;
            if (!e.partitionBy.isEmpty())
                over << QLatin1String("PARTITION BY ") + exprList(e.partitionBy);
            if (!e.windowOrder.isEmpty())
                over << QLatin1String("ORDER BY ") + orderList(e.windowOrder);
            return function + QLatin1String(" OVER (") + over.join(QLatin1Char(' ')) +
                   QLatin1Char(')');
        }
        }
        return {};
    }

    QString call(const Expr &e)
    {
        QString args = exprList(e.args);
        if (e.function == Expr::Function::CountDistinct)
            args.prepend(QLatin1String("DISTINCT "));
        else if (e.function == Expr::Function::Count && e.args.isEmpty())
            args = QStringLiteral("*");
        return functionName(e.function) + QLatin1Char('(') + args + QLatin1Char(')');
    }

    // `top`: the whole WHERE/HAVING/ON condition, which needs no parentheses of its own.
    QString filter(const Filter &f, bool top)
    {
        if (f.kind == Filter::Kind::Condition)
            return condition(f);
        QList<const Filter *> parts;
        for (const Filter &child : f.children)
            if (!child.isEmpty())
                parts << &child;
        if (parts.size() == 1)
            return filter(*parts.first(), top);
        QStringList texts;
        for (const Filter *child : parts)
            texts << filter(*child, false);
        const QString joined = texts.join(f.logic == Filter::Logic::And ? QLatin1String(" AND ")
                                                                        : QLatin1String(" OR "));
        return top ? joined : QLatin1Char('(') + joined + QLatin1Char(')');
    }

    QString rightAt(const Filter &f, int i)
    {
        return i < f.right.size() ? expr(f.right.at(i)) : QStringLiteral("NULL");
    }

    QString condition(const Filter &f)
    {
        const QString left = expr(f.left);
        switch (f.op) {
        case Filter::Op::Eq:
        case Filter::Op::Ne:
        case Filter::Op::Lt:
        case Filter::Op::Le:
        case Filter::Op::Gt:
        case Filter::Op::Ge:
        case Filter::Op::Like:
        case Filter::Op::ILike:
            return left + QLatin1Char(' ') + comparisonOperator(f.op) + QLatin1Char(' ') +
                   rightAt(f, 0);
        case Filter::Op::Contains:
        case Filter::Op::StartsWith:
        case Filter::Op::EndsWith:
            return literalMatch(f, left);
        case Filter::Op::In: {
            if (isLongValueList(f.right)) {
                QVariantList list;
                for (const Expr &e : f.right)
                    list << e.value;
                return left + QLatin1String(" = ANY(") + value(list) + QLatin1Char(')');
            }
            QStringList values;
            for (const Expr &e : f.right)
                values << expr(e);
            // IN () is refused by the server, which is right: the validator explains it.
            return left + QLatin1String(" IN (") + values.join(QLatin1String(", ")) +
                   QLatin1Char(')');
        }
        case Filter::Op::Between: {
            const QString low = rightAt(f, 0);
            const QString high = rightAt(f, 1);
            return left + QLatin1String(" BETWEEN ") + low + QLatin1String(" AND ") + high;
        }
        case Filter::Op::IsNull:
            return left + QLatin1String(" IS NULL");
        case Filter::Op::IsNotNull:
            return left + QLatin1String(" IS NOT NULL");
        }
        return {};
    }

    static bool isLongValueList(const QList<Expr> &right)
    {
        if (right.size() <= kInlineInValues)
            return false;
        for (const Expr &e : right) {
            if (e.kind != Expr::Kind::Value || !e.cast.isEmpty())
                return false;
        }
        return true;
    }

    // Contains / starts with / ends with match the user's text literally: a value becomes a
    // LIKE pattern with its wildcards escaped; another expression is compared by position.
    QString literalMatch(const Filter &f, const QString &left)
    {
        const Expr right = f.right.isEmpty() ? Expr::val(QVariant()) : f.right.first();
        if (right.kind == Expr::Kind::Value && right.cast.isEmpty()) {
            QString pattern = right.value.isNull() ? QString() : escapeLike(right.value.toString());
            if (f.op != Filter::Op::StartsWith)
                pattern.prepend(QLatin1Char('%'));
            if (f.op != Filter::Op::EndsWith)
                pattern.append(QLatin1Char('%'));
            return left + QLatin1String(f.ignoreCase ? " ILIKE " : " LIKE ") +
                   value(right.value.isNull() ? QVariant() : QVariant(pattern));
        }
        QString other = expr(right);
        QString self = left;
        if (f.ignoreCase) {
            self = QLatin1String("lower(") + self + QLatin1Char(')');
            other = QLatin1String("lower(") + other + QLatin1Char(')');
        }
        switch (f.op) {
        case Filter::Op::StartsWith:
            return QLatin1String("starts_with(") + self + QLatin1String(", ") + other +
                   QLatin1Char(')');
        case Filter::Op::EndsWith:
            return QLatin1String("right(") + self + QLatin1String(", length(") + other +
                   QLatin1String(")) = ") + other;
        default:
            return QLatin1String("strpos(") + self + QLatin1String(", ") + other +
                   QLatin1String(") > 0");
        }
    }

    bool m_bind;
};

} // namespace

Statement toSql(const Query &query)
{
    Renderer renderer(true);
    Statement out;
    out.sql = renderer.query(query);
    out.params = renderer.params;
    return out;
}

QString toLiteralSql(const Query &query)
{
    return Renderer(false).query(query);
}

QString parameterComments(const QVariantList &params)
{
    QStringList lines;
    for (qsizetype i = 0; i < params.size(); ++i)
        lines << QStringLiteral("-- $%1 = %2").arg(i + 1).arg(sqlLiteral(params.at(i)));
    return lines.join(u'\n');
}

QString filterSql(const Filter &filter, Statement *statement)
{
    Renderer renderer(true);
    renderer.params = statement->params;
    const QString sql = renderer.whereText(filter);
    statement->params = renderer.params;
    return sql;
}

} // namespace dbx::model::query
