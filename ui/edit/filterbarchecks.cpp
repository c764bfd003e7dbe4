// What the filter bar accepts: the kind of editor and check each column gets, the text a value
// must have for its type, and the conditions the rows make.

#include "ui/edit/filterbar.h"

#include "ui/edit/filterbarrow.h"

#include <QComboBox>
#include <QDate>
#include <QDateTime>
#include <QLineEdit>
#include <QListWidget>
#include <QRegularExpression>
#include <QTime>

namespace dbx::ui {

using model::FilterCondition;
using model::FilterGroup;
using Op = FilterCondition::Op;

bool FilterBar::takesNoValue(Op op)
{
    return op == Op::IsNull || op == Op::IsNotNull;
}

FilterBar::Kind FilterBar::kindOf(int column) const
{
    const QString category = m_table.columns.value(column).typeCategory;
    if (category == QLatin1String("N"))
        return Kind::Number;
    if (category == QLatin1String("D"))
        return Kind::DateTime;
    if (category == QLatin1String("B"))
        return Kind::Boolean;
    if (category == QLatin1String("E") && !m_enumLabels.value(column).isEmpty())
        return Kind::Enum;
    return Kind::Text;
}

FilterBar::Check FilterBar::checkOf(int column) const
{
    const QString type = m_table.columns.value(column).type.toLower();
    if (type == QLatin1String("smallint") || type == QLatin1String("integer") ||
        type == QLatin1String("bigint"))
        return Check::Integer;
    if (type.startsWith(QLatin1String("numeric")) || type == QLatin1String("real") ||
        type == QLatin1String("double precision"))
        return Check::Decimal;
    if (type == QLatin1String("date"))
        return Check::Date;
    if (type.startsWith(QLatin1String("timestamp")))
        return Check::Timestamp;
    if (type.startsWith(QLatin1String("time")))
        return Check::Time;
    // oid, money, interval ...: the server knows their many spellings better.
    return Check::None;
}

QStringList FilterBar::enumLabels(int column) const
{
    return m_enumLabels.value(column);
}

FilterCondition FilterBar::condition(const Row *row) const
{
    const int column = row->column->currentIndex();
    const Kind kind = kindOf(column);
    FilterCondition c;
    c.column = m_table.columns.value(column).name;
    c.op = row->currentOp();
    // Text is compared as typed (spaces may matter); numbers and dates lose stray blanks.
    auto text = [kind](const QLineEdit *edit) {
        return kind == Kind::Text ? edit->text() : edit->text().trimmed();
    };
    if (FilterBar::takesNoValue(c.op))
        return c;
    if (!row->fixedValue().isEmpty()) {
        c.values << row->fixedValue();
    } else if (c.op == Op::In && kind == Kind::Enum) {
        for (int i = 0; i < row->enumValues->count(); ++i) {
            const QListWidgetItem *item = row->enumValues->item(i);
            if (item->checkState() == Qt::Checked)
                c.values << item->text();
        }
    } else if (c.op == Op::In) {
        const QStringList parts = row->value->text().split(QLatin1Char(','));
        for (const QString &part : parts) {
            if (!part.trimmed().isEmpty())
                c.values << part.trimmed();
        }
    } else if (kind == Kind::Enum) {
        c.values << row->enumValue->currentText();
    } else {
        c.values << text(row->value);
        if (c.op == Op::Between)
            c.values << text(row->value2);
    }
    return c;
}

QString FilterBar::valueError(int column, const QString &text) const
{
    static const QRegularExpression integer(QStringLiteral("^[+-]?[0-9]+$"));
    static const QRegularExpression decimal(
        QStringLiteral("^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?$|"
                       "^[+-]?(nan|infinity|inf)$"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression zone(QStringLiteral("(Z|[+-][0-9]{2}(:?[0-9]{2})?)$"));
    // Words PostgreSQL takes for dates and times.
    static const QStringList specialDays = {
        QStringLiteral("today"),    QStringLiteral("yesterday"), QStringLiteral("tomorrow"),
        QStringLiteral("infinity"), QStringLiteral("-infinity"), QStringLiteral("epoch"),
        QStringLiteral("now")};
    switch (checkOf(column)) {
    case Check::Integer:
        if (!integer.match(text).hasMatch())
            return tr("“%1” is not a whole number.").arg(text);
        break;
    case Check::Decimal:
        if (!decimal.match(text).hasMatch())
            return tr("“%1” is not a number.").arg(text);
        break;
    case Check::Date:
        if (!QDate::fromString(text, Qt::ISODate).isValid() &&
            !specialDays.contains(text.toLower()))
            return tr("“%1” is not a date (YYYY-MM-DD).").arg(text);
        break;
    case Check::Timestamp: {
        QString iso = text;
        iso.replace(QLatin1Char(' '), QLatin1Char('T'));
        if (!QDateTime::fromString(iso, Qt::ISODate).isValid() &&
            !QDate::fromString(iso, Qt::ISODate).isValid() && !specialDays.contains(text.toLower()))
            return tr("“%1” is not a date and time (YYYY-MM-DD hh:mm:ss).").arg(text);
        break;
    }
    case Check::Time: {
        QString bare = text;
        bare.remove(zone);
        if (!QTime::fromString(bare, Qt::ISODate).isValid() &&
            text.compare(QLatin1String("now"), Qt::CaseInsensitive) != 0)
            return tr("“%1” is not a time (hh:mm:ss).").arg(text);
        break;
    }
    case Check::None:
        break;
    }
    return {};
}

QString FilterBar::rowError(const Row *row) const
{
    const int column = row->column->currentIndex();
    const Kind kind = kindOf(column);
    const QString name = m_table.columns.value(column).name;
    const FilterCondition c = condition(row);
    if (FilterBar::takesNoValue(c.op) || !row->fixedValue().isEmpty())
        return {};
    if (c.op == Op::In)
        return c.values.isEmpty() ? tr("Choose at least one value for %1.").arg(name) : QString();
    if (kind == Kind::Text || kind == Kind::Enum || kind == Kind::Boolean)
        return {};
    for (const QVariant &v : c.values) {
        const QString text = v.toString();
        if (text.isEmpty())
            return tr("Enter a value for %1.").arg(name);
        const QString error = valueError(column, text);
        if (!error.isEmpty())
            return error;
    }
    return {};
}

QString FilterBar::validationError() const
{
    for (const auto &row : m_rows) {
        const QString error = rowError(row.get());
        if (!error.isEmpty())
            return error;
    }
    return {};
}

} // namespace dbx::ui
