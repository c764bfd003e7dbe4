#include "ui/querybuilder/filtervalueeditors.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QDateEdit>
#include <QDateTimeEdit>
#include <QDoubleValidator>
#include <QLineEdit>
#include <QLocale>
#include <QRegularExpression>
#include <QRegularExpressionValidator>

namespace dbx::ui::filtervalues {

using model::query::Expr;
using model::query::Filter;
using Op = Filter::Op;

namespace {

// No QObject here: the words are translated under the editor's context, where lupdate files
// them, through QCoreApplication::translate with literal arguments.

const QString kDateFormat = QStringLiteral("yyyy-MM-dd");
const QString kDateTimeFormat = QStringLiteral("yyyy-MM-dd HH:mm:ss");

// format_type may qualify and quote the enum's name ("public.workload", "\"Mood\"").
QString bareTypeName(const QString &type)
{
    QString name = type;
    if (!name.startsWith(u'"') || name.count(u'"') > 2) {
        const qsizetype dot = name.lastIndexOf(u'.');
        if (dot >= 0)
            name = name.mid(dot + 1);
    }
    if (name.size() >= 2 && name.startsWith(u'"') && name.endsWith(u'"'))
        name = name.mid(1, name.size() - 2).replace(QStringLiteral("\"\""), QStringLiteral("\""));
    return name;
}

QVariant parseText(const QString &text, const EditorType &type)
{
    const QString t = text.trimmed();
    switch (type.type) {
    case ValueType::Integer: {
        bool ok = false;
        const qint64 v = t.toLongLong(&ok);
        return ok ? QVariant(v) : QVariant();
    }
    case ValueType::Decimal: {
        bool ok = false;
        const double v = QLocale::c().toDouble(t, &ok);
        return ok ? QVariant(v) : QVariant();
    }
    case ValueType::Boolean: {
        const QString l = t.toLower();
        if (l == u"true" || l == u"t" || l == u"yes" || l == u"1")
            return true;
        if (l == u"false" || l == u"f" || l == u"no" || l == u"0")
            return false;
        return {};
    }
    case ValueType::Date: {
        const QDate d = QDate::fromString(t, Qt::ISODate);
        return d.isValid() ? QVariant(d) : QVariant();
    }
    case ValueType::DateTime: {
        QDateTime d = QDateTime::fromString(t, Qt::ISODate);
        if (!d.isValid())
            d = QDateTime::fromString(t, kDateTimeFormat);
        if (!d.isValid()) {
            const QDate day = QDate::fromString(t, Qt::ISODate);
            if (day.isValid())
                d = day.startOfDay();
        }
        return d.isValid() ? QVariant(d) : QVariant();
    }
    case ValueType::Text:
    case ValueType::Enum:
    case ValueType::Other:
        break;
    }
    return t.isEmpty() ? QVariant() : QVariant(t);
}

QString displayText(const QVariant &value)
{
    switch (value.typeId()) {
    case QMetaType::QDate:
        return value.toDate().toString(kDateFormat);
    case QMetaType::QDateTime:
        return value.toDateTime().toString(kDateTimeFormat);
    case QMetaType::Double:
        return QLocale::c().toString(value.toDouble(), 'g', 15);
    case QMetaType::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    default:
        return value.toString();
    }
}

} // namespace

EditorType editorType(const model::query::ScopeColumn &column, const model::SchemaSnapshot &snapshot)
{
    using model::TypeKind;
    EditorType result;
    switch (column.dataType.kind) {
    case TypeKind::Enum: {
        result.type = ValueType::Enum;
        const QString schema =
            column.enumSchema.isEmpty() ? QStringLiteral("public") : column.enumSchema;
        if (const model::EnumInfo *info = snapshot.enumType(schema, bareTypeName(column.type)))
            result.enumLabels = info->labels;
        break;
    }
    case TypeKind::Boolean:
        result.type = ValueType::Boolean;
        break;
    case TypeKind::Integer:
        result.type = ValueType::Integer;
        break;
    case TypeKind::Decimal:
    case TypeKind::Float:
    case TypeKind::Money:
        result.type = ValueType::Decimal;
        break;
    case TypeKind::Date:
        result.type = ValueType::Date;
        break;
    case TypeKind::Timestamp:
        result.type = ValueType::DateTime;
        break;
    case TypeKind::Text:
    case TypeKind::Unknown:
        result.type = ValueType::Text;
        break;
    default:
        // times of day, intervals, uuids ...: typed as text, compared in order
        result.type = ValueType::Other;
        break;
    }
    return result;
}

EditorType aggregateType(Expr::Function function, const EditorType &column)
{
    switch (function) {
    case Expr::Function::Count:
    case Expr::Function::CountDistinct:
        return {ValueType::Integer, {}};
    case Expr::Function::Avg:
        return {ValueType::Decimal, {}};
    case Expr::Function::Sum:
        return {column.type == ValueType::Integer ? ValueType::Integer : ValueType::Decimal, {}};
    default:
        return column;
    }
}

QString opLabel(Op op)
{
    switch (op) {
    case Op::Eq:
        return QStringLiteral("=");
    case Op::Ne:
        return QStringLiteral("≠");
    case Op::Lt:
        return QStringLiteral("<");
    case Op::Le:
        return QStringLiteral("≤");
    case Op::Gt:
        return QStringLiteral(">");
    case Op::Ge:
        return QStringLiteral("≥");
    case Op::Contains:
        return QCoreApplication::translate("dbx::ui::FilterTreeEditor", "contains");
    case Op::StartsWith:
        return QCoreApplication::translate("dbx::ui::FilterTreeEditor", "starts with");
    case Op::EndsWith:
        return QCoreApplication::translate("dbx::ui::FilterTreeEditor", "ends with");
    case Op::Like:
        return QStringLiteral("LIKE");
    case Op::ILike:
        return QStringLiteral("ILIKE");
    case Op::In:
        return QCoreApplication::translate("dbx::ui::FilterTreeEditor", "in list");
    case Op::Between:
        return QCoreApplication::translate("dbx::ui::FilterTreeEditor", "between");
    case Op::IsNull:
        return QCoreApplication::translate("dbx::ui::FilterTreeEditor", "is NULL");
    case Op::IsNotNull:
        return QCoreApplication::translate("dbx::ui::FilterTreeEditor", "is not NULL");
    }
    return {};
}

QList<Op> opsFor(ValueType type)
{
    switch (type) {
    case ValueType::Text:
        return {Op::Eq,    Op::Ne,       Op::Lt,         Op::Le,       Op::Gt,
                Op::Ge,    Op::Contains, Op::StartsWith, Op::EndsWith, Op::Like,
                Op::ILike, Op::In,       Op::Between,    Op::IsNull,   Op::IsNotNull};
    case ValueType::Integer:
    case ValueType::Decimal:
    case ValueType::Date:
    case ValueType::DateTime:
    case ValueType::Other:
        return {Op::Eq, Op::Ne, Op::Lt,      Op::Le,     Op::Gt,
                Op::Ge, Op::In, Op::Between, Op::IsNull, Op::IsNotNull};
    case ValueType::Enum:
        return {Op::Eq, Op::Ne, Op::In, Op::IsNull, Op::IsNotNull};
    case ValueType::Boolean:
        return {Op::Eq, Op::Ne, Op::IsNull, Op::IsNotNull};
    }
    return {};
}

int valueCount(Op op)
{
    switch (op) {
    case Op::IsNull:
    case Op::IsNotNull:
        return 0;
    case Op::Between:
        return 2;
    default:
        return 1;
    }
}

QWidget *createEditor(const EditorType &type, bool list, QWidget *parent)
{
    if (list) {
        auto *edit = new QLineEdit(parent);
        edit->setPlaceholderText(
            QCoreApplication::translate("dbx::ui::FilterTreeEditor", "value, value, …"));
        edit->setToolTip(
            QCoreApplication::translate("dbx::ui::FilterTreeEditor", "Values separated by commas"));
        return edit;
    }
    switch (type.type) {
    case ValueType::Enum: {
        auto *combo = new QComboBox(parent);
        combo->addItems(type.enumLabels);
        return combo;
    }
    case ValueType::Boolean: {
        auto *combo = new QComboBox(parent);
        combo->addItem(QStringLiteral("true"), true);
        combo->addItem(QStringLiteral("false"), false);
        return combo;
    }
    case ValueType::Date: {
        auto *edit = new QDateEdit(QDate::currentDate(), parent);
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(kDateFormat);
        return edit;
    }
    case ValueType::DateTime: {
        auto *edit = new QDateTimeEdit(QDate::currentDate().startOfDay(), parent);
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(kDateTimeFormat);
        return edit;
    }
    case ValueType::Integer: {
        auto *edit = new QLineEdit(parent);
        // QIntValidator stops at 32 bits; bigint keys need 19 digits.
        edit->setValidator(new QRegularExpressionValidator(
            QRegularExpression(QStringLiteral("-?[0-9]{0,19}")), edit));
        edit->setPlaceholderText(
            QCoreApplication::translate("dbx::ui::FilterTreeEditor", "integer"));
        return edit;
    }
    case ValueType::Decimal: {
        auto *edit = new QLineEdit(parent);
        auto *validator = new QDoubleValidator(edit);
        validator->setLocale(QLocale::c());
        validator->setNotation(QDoubleValidator::StandardNotation);
        edit->setValidator(validator);
        edit->setPlaceholderText(
            QCoreApplication::translate("dbx::ui::FilterTreeEditor", "number"));
        return edit;
    }
    case ValueType::Text:
    case ValueType::Other:
        break;
    }
    auto *edit = new QLineEdit(parent);
    edit->setPlaceholderText(QCoreApplication::translate("dbx::ui::FilterTreeEditor", "text"));
    return edit;
}

QVariant value(const QWidget *editor, const EditorType &type)
{
    if (const auto *combo = qobject_cast<const QComboBox *>(editor)) {
        if (combo->currentIndex() < 0)
            return {};
        if (type.type == ValueType::Boolean)
            return combo->currentData().toBool();
        return combo->currentText();
    }
    // QDateTimeEdit before QDateEdit: a QDateEdit is a QDateTimeEdit.
    if (const auto *dateEdit = qobject_cast<const QDateEdit *>(editor))
        return dateEdit->date();
    if (const auto *dateTimeEdit = qobject_cast<const QDateTimeEdit *>(editor))
        return dateTimeEdit->dateTime();
    if (const auto *edit = qobject_cast<const QLineEdit *>(editor)) {
        // Text is taken as typed: spaces and the empty string are values a user may mean.
        if (type.type == ValueType::Text || type.type == ValueType::Other)
            return edit->text();
        return parseText(edit->text(), type);
    }
    return {};
}

QList<QVariant> listValues(const QWidget *editor, const EditorType &type)
{
    QList<QVariant> values;
    const auto *edit = qobject_cast<const QLineEdit *>(editor);
    if (!edit)
        return values;
    const QStringList parts = edit->text().split(u',', Qt::SkipEmptyParts);
    for (const QString &part : parts) {
        const QVariant v = parseText(part, type);
        if (v.isValid())
            values << v;
    }
    return values;
}

void setValue(QWidget *editor, const EditorType &type, const QVariant &value)
{
    if (auto *combo = qobject_cast<QComboBox *>(editor)) {
        const int index = type.type == ValueType::Boolean ? combo->findData(value.toBool())
                                                          : combo->findText(value.toString());
        if (index >= 0)
            combo->setCurrentIndex(index);
    } else if (auto *dateEdit = qobject_cast<QDateEdit *>(editor)) {
        dateEdit->setDate(value.toDate());
    } else if (auto *dateTimeEdit = qobject_cast<QDateTimeEdit *>(editor)) {
        dateTimeEdit->setDateTime(value.toDateTime());
    } else if (auto *edit = qobject_cast<QLineEdit *>(editor)) {
        edit->setText(value.isValid() ? displayText(value) : QString());
    }
}

void setListValues(QWidget *editor, const QList<QVariant> &values)
{
    auto *edit = qobject_cast<QLineEdit *>(editor);
    if (!edit)
        return;
    QStringList parts;
    for (const QVariant &v : values)
        parts << displayText(v);
    edit->setText(parts.join(QStringLiteral(", ")));
}

void onEdited(QWidget *editor, QObject *context, const std::function<void()> &changed)
{
    if (auto *combo = qobject_cast<QComboBox *>(editor))
        QObject::connect(combo, &QComboBox::currentIndexChanged, context, changed);
    else if (auto *dateTimeEdit = qobject_cast<QDateTimeEdit *>(editor))
        QObject::connect(dateTimeEdit, &QDateTimeEdit::dateTimeChanged, context, changed);
    else if (auto *edit = qobject_cast<QLineEdit *>(editor))
        QObject::connect(edit, &QLineEdit::textEdited, context, changed);
}

} // namespace dbx::ui::filtervalues
