#include "model/relations/conditiontext.h"

#include <QCoreApplication>
#include <QStringList>

namespace dbx::model {

namespace {

QString valueText(const QVariant &value)
{
    return value.isNull() ? QStringLiteral("NULL") : value.toString();
}

QString operandText(const query::Expr &e)
{
    switch (e.kind) {
    case query::Expr::Kind::Column:
        return e.column;
    case query::Expr::Kind::Value:
        return valueText(e.value);
    default:
        return QStringLiteral("\u2026");
    }
}

QString conditionText(const query::Filter &c)
{
    using Op = query::Filter::Op;
    const QString column = operandText(c.left);
    const QString first = c.right.isEmpty() ? QStringLiteral("NULL") : operandText(c.right.first());
    const QString second = c.right.size() < 2 ? QStringLiteral("NULL") : operandText(c.right.at(1));
    QString text;
    switch (c.op) {
    case Op::Eq:
        return QStringLiteral("%1 = %2").arg(column, first);
    case Op::Ne:
        return QStringLiteral("%1 \u2260 %2").arg(column, first);
    case Op::Lt:
        return QStringLiteral("%1 < %2").arg(column, first);
    case Op::Le:
        return QStringLiteral("%1 \u2264 %2").arg(column, first);
    case Op::Gt:
        return QStringLiteral("%1 > %2").arg(column, first);
    case Op::Ge:
        return QStringLiteral("%1 \u2265 %2").arg(column, first);
    case Op::Like:
        return QStringLiteral("%1 LIKE %2").arg(column, first);
    case Op::ILike:
        return QStringLiteral("%1 ILIKE %2").arg(column, first);
    case Op::Contains:
        text = QCoreApplication::translate("ConditionText", "%1 contains \u201c%2\u201d")
                   .arg(column, first);
        break;
    case Op::StartsWith:
        text = QCoreApplication::translate("ConditionText", "%1 starts with \u201c%2\u201d")
                   .arg(column, first);
        break;
    case Op::EndsWith:
        text = QCoreApplication::translate("ConditionText", "%1 ends with \u201c%2\u201d")
                   .arg(column, first);
        break;
    case Op::In: {
        QStringList values;
        for (const query::Expr &v : c.right)
            values << operandText(v);
        return QCoreApplication::translate("ConditionText", "%1 in (%2)")
            .arg(column, values.join(QLatin1String(", ")));
    }
    case Op::Between:
        return QCoreApplication::translate("ConditionText", "%1 between %2 and %3")
            .arg(column, first, second);
    case Op::IsNull:
        return QCoreApplication::translate("ConditionText", "%1 is empty").arg(column);
    case Op::IsNotNull:
        return QCoreApplication::translate("ConditionText", "%1 is not empty").arg(column);
    }
    if (c.ignoreCase)
        text = QCoreApplication::translate("ConditionText", "%1, any case").arg(text);
    return text;
}

} // namespace

QString describeFilter(const query::Filter &filter)
{
    if (filter.kind == query::Filter::Kind::Condition)
        return conditionText(filter);
    QStringList parts;
    for (const query::Filter &child : filter.children) {
        if (child.isEmpty())
            continue;
        const bool nested = child.kind == query::Filter::Kind::Group &&
                            child.children.size() > 1 && child.logic != filter.logic;
        parts << (nested ? QLatin1Char('(') + describeFilter(child) + QLatin1Char(')')
                         : describeFilter(child));
    }
    return parts.join(filter.logic == query::Filter::Logic::And
                          ? QCoreApplication::translate("ConditionText", " and ")
                          : QCoreApplication::translate("ConditionText", " or "));
}

QString conditionLabel(const Relationship &rel, const RelatedCondition &condition)
{
    if (!condition.name.trimmed().isEmpty())
        return condition.name.trimmed();
    QString text = rel.to.name;
    if (!condition.filter.isEmpty())
        text = QCoreApplication::translate("ConditionText", "%1 where %2")
                   .arg(text, describeFilter(condition.filter));
    if (!condition.orderColumn.isEmpty()) {
        text = (condition.order == Qt::DescendingOrder
                    ? QCoreApplication::translate("ConditionText", "%1, by %2 descending")
                    : QCoreApplication::translate("ConditionText", "%1, by %2"))
                   .arg(text, condition.orderColumn);
    }
    return text;
}

} // namespace dbx::model
