#include "model/relations/conditiontext.h"

#include <QCoreApplication>
#include <QStringList>

namespace dbx::model {

namespace {

QString valueText(const QVariant &value)
{
    return value.isNull() ? QStringLiteral("NULL") : value.toString();
}

QString conditionText(const FilterCondition &c)
{
    using Op = FilterCondition::Op;
    const QString first = valueText(c.values.value(0));
    switch (c.op) {
    case Op::Equal:
        return QStringLiteral("%1 = %2").arg(c.column, first);
    case Op::NotEqual:
        return QStringLiteral("%1 \u2260 %2").arg(c.column, first);
    case Op::Less:
        return QStringLiteral("%1 < %2").arg(c.column, first);
    case Op::LessEqual:
        return QStringLiteral("%1 \u2264 %2").arg(c.column, first);
    case Op::Greater:
        return QStringLiteral("%1 > %2").arg(c.column, first);
    case Op::GreaterEqual:
        return QStringLiteral("%1 \u2265 %2").arg(c.column, first);
    case Op::Contains:
    case Op::ContainsCi:
        return QCoreApplication::translate("ConditionText", "%1 contains \u201c%2\u201d")
            .arg(c.column, first);
    case Op::StartsWith:
    case Op::StartsWithCi:
        return QCoreApplication::translate("ConditionText", "%1 starts with \u201c%2\u201d")
            .arg(c.column, first);
    case Op::EndsWith:
    case Op::EndsWithCi:
        return QCoreApplication::translate("ConditionText", "%1 ends with \u201c%2\u201d")
            .arg(c.column, first);
    case Op::In: {
        QStringList values;
        for (const QVariant &v : c.values)
            values << valueText(v);
        return QCoreApplication::translate("ConditionText", "%1 in (%2)")
            .arg(c.column, values.join(QLatin1String(", ")));
    }
    case Op::Between:
        return QCoreApplication::translate("ConditionText", "%1 between %2 and %3")
            .arg(c.column, first, valueText(c.values.value(1)));
    case Op::IsNull:
        return QCoreApplication::translate("ConditionText", "%1 is empty").arg(c.column);
    case Op::IsNotNull:
        return QCoreApplication::translate("ConditionText", "%1 is not empty").arg(c.column);
    }
    return c.column;
}

} // namespace

QString describeFilter(const FilterGroup &filter)
{
    QStringList parts;
    for (const FilterCondition &c : filter.conditions)
        parts << conditionText(c);
    for (const FilterGroup &g : filter.groups) {
        if (!g.isEmpty())
            parts << QLatin1Char('(') + describeFilter(g) + QLatin1Char(')');
    }
    return parts.join(filter.logic == FilterGroup::Logic::And
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
