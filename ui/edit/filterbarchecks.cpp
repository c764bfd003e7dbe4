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
#include <QToolButton>

namespace dbx::ui {

using model::TypeKind;
using model::query::Expr;
using model::query::Filter;
using Op = Filter::Op;

bool FilterBar::takesNoValue(Op op)
{
    return op == Op::IsNull || op == Op::IsNotNull;
}

bool FilterBar::isTextOperator(Op op)
{
    return op == Op::Contains || op == Op::StartsWith || op == Op::EndsWith;
}

FilterBar::Kind FilterBar::kindOf(int column) const
{
    const model::ColumnType &type = m_table.columns.value(column).dataType;
    if (type.isNumeric())
        return Kind::Number;
    if (type.isTemporal())
        return Kind::DateTime;
    if (type.kind == TypeKind::Boolean)
        return Kind::Boolean;
    if (type.kind == TypeKind::Enum && !m_enumLabels.value(column).isEmpty())
        return Kind::Enum;
    return Kind::Text;
}

FilterBar::Check FilterBar::checkOf(int column) const
{
    const model::ColumnType &type = m_table.columns.value(column).dataType;
    switch (type.kind) {
    case TypeKind::Integer:
        return type.oid == model::TypeOid::Oid ? Check::None : Check::Integer;
    case TypeKind::Decimal:
    case TypeKind::Float:
        return Check::Decimal;
    case TypeKind::Date:
        return Check::Date;
    case TypeKind::Timestamp:
        return Check::Timestamp;
    case TypeKind::Time:
        return Check::Time;
    default:
        // money, interval ...: the server knows their many spellings better.
        return Check::None;
    }
}

QStringList FilterBar::enumLabels(int column) const
{
    return m_enumLabels.value(column);
}

QVariantList FilterBar::rowValues(const Row *row) const
{
    const int column = row->column->currentIndex();
    const Kind kind = kindOf(column);
    const Op op = row->currentOp();
    // Text is compared as typed (spaces may matter); numbers and dates lose stray blanks.
    auto text = [kind](const QLineEdit *edit) {
        return kind == Kind::Text ? edit->text() : edit->text().trimmed();
    };
    QVariantList values;
    if (FilterBar::takesNoValue(op))
        return values;
    if (!row->fixedValue().isEmpty()) {
        values << row->fixedValue();
    } else if (op == Op::In && kind == Kind::Enum) {
        for (int i = 0; i < row->enumValues->count(); ++i) {
            const QListWidgetItem *item = row->enumValues->item(i);
            if (item->checkState() == Qt::Checked)
                values << item->text();
        }
    } else if (op == Op::In) {
        const QStringList parts = row->value->text().split(QLatin1Char(','));
        for (const QString &part : parts) {
            if (!part.trimmed().isEmpty())
                values << part.trimmed();
        }
    } else if (kind == Kind::Enum) {
        values << row->enumValue->currentText();
    } else {
        values << text(row->value);
        if (op == Op::Between)
            values << text(row->value2);
    }
    return values;
}

Filter FilterBar::condition(const Row *row) const
{
    const model::ColumnInfo column = m_table.columns.value(row->column->currentIndex());
    const Op op = row->currentOp();
    Expr left = Expr::col({}, column.name);
    // Contains and the like read any column as text: a number, a uuid, an interval.
    if (isTextOperator(op) && !column.dataType.isText())
        left = left.castTo(QStringLiteral("text"));
    QList<Expr> right;
    for (const QVariant &v : rowValues(row))
        right << Expr::val(v);
    return Filter::condition(left, op, right)
        .ignoringCase(isTextOperator(op) && row->ignoreCase->isChecked());
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
    const Op op = row->currentOp();
    const QVariantList values = rowValues(row);
    if (FilterBar::takesNoValue(op) || !row->fixedValue().isEmpty())
        return {};
    if (op == Op::In)
        return values.isEmpty() ? tr("Choose at least one value for %1.").arg(name) : QString();
    if (kind == Kind::Text || kind == Kind::Enum || kind == Kind::Boolean)
        return {};
    for (const QVariant &v : values) {
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
