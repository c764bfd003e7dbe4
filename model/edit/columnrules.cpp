#include "model/edit/columnrules.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace dbx::model {

namespace {

// Whole sentences per operator: word order differs between languages.
QString boundProblem(const QString &column, const QString &op, const QString &value)
{
    const char *text = nullptr;
    if (op == QLatin1String(">"))
        text = QT_TRANSLATE_NOOP("ColumnRules", "%1 must be greater than %2.");
    else if (op == QLatin1String(">="))
        text = QT_TRANSLATE_NOOP("ColumnRules", "%1 must be at least %2.");
    else if (op == QLatin1String("<"))
        text = QT_TRANSLATE_NOOP("ColumnRules", "%1 must be less than %2.");
    else if (op == QLatin1String("<="))
        text = QT_TRANSLATE_NOOP("ColumnRules", "%1 must be at most %2.");
    else if (op == QLatin1String("<>") || op == QLatin1String("!="))
        text = QT_TRANSLATE_NOOP("ColumnRules", "%1 must be different from %2.");
    else
        text = QT_TRANSLATE_NOOP("ColumnRules", "%1 must be equal to %2.");
    return QCoreApplication::translate("ColumnRules", text).arg(column, value);
}

QString boundHint(const QString &op, const QString &value)
{
    const char *text = nullptr;
    if (op == QLatin1String(">"))
        text = QT_TRANSLATE_NOOP("ColumnRules", "greater than %1");
    else if (op == QLatin1String(">="))
        text = QT_TRANSLATE_NOOP("ColumnRules", "at least %1");
    else if (op == QLatin1String("<"))
        text = QT_TRANSLATE_NOOP("ColumnRules", "less than %1");
    else if (op == QLatin1String("<="))
        text = QT_TRANSLATE_NOOP("ColumnRules", "at most %1");
    else if (op == QLatin1String("<>") || op == QLatin1String("!="))
        text = QT_TRANSLATE_NOOP("ColumnRules", "not %1");
    else
        text = QT_TRANSLATE_NOOP("ColumnRules", "equal to %1");
    return QCoreApplication::translate("ColumnRules", text).arg(value);
}

bool holds(double v, const QString &op, double bound)
{
    if (op == QLatin1String(">"))
        return v > bound;
    if (op == QLatin1String(">="))
        return v >= bound;
    if (op == QLatin1String("<"))
        return v < bound;
    if (op == QLatin1String("<="))
        return v <= bound;
    if (op == QLatin1String("<>") || op == QLatin1String("!="))
        return v != bound;
    return v == bound;
}

// "CHECK ((compensation > 0))", "CHECK ((price >= (0)::numeric))": column, operator, number.
QRegularExpressionMatch simpleCheck(const QString &expression)
{
    static const QRegularExpression re(QStringLiteral(
        R"re(^CHECK \(+\s*"?([A-Za-z_][A-Za-z0-9_ ]*)"?\s*(>=|<=|<>|!=|>|<|=)\s*\(*\s*'?(-?\d+(?:\.\d+)?)'?\s*\)*(?:::[a-z ]+)?\)*$)re"));
    return re.match(expression.trimmed());
}

const CheckInfo *checkNamed(const TableInfo &table, const QString &name)
{
    for (const CheckInfo &c : table.checks) {
        if (c.name == name)
            return &c;
    }
    return nullptr;
}

// "Key (title)=(Python developer) already exists." -> column list and values.
bool keyDetail(const QString &detail, QString *columns, QString *values)
{
    static const QRegularExpression re(QStringLiteral(R"re(Key \((.+?)\)=\((.*)\))re"));
    const QRegularExpressionMatch m = re.match(detail);
    if (!m.hasMatch())
        return false;
    *columns = m.captured(1);
    *values = m.captured(2);
    return true;
}

} // namespace

ColumnRules::ColumnRules(const TableInfo &table, int column)
{
    if (column < 0 || column >= table.columns.size())
        return;
    const ColumnInfo &c = table.columns.at(column);
    m_column = c.name;
    m_notNull = c.notNull;
    m_hasDefault = !c.defaultExpr.isEmpty() || c.identity;
    const QString def = c.defaultExpr.toLower();
    const bool clock =
        c.dataType.isTemporal() &&
        (def.contains(QLatin1String("now()")) || def.contains(QLatin1String("current_timestamp")) ||
         def.contains(QLatin1String("clock_timestamp()")) ||
         def.contains(QLatin1String("statement_timestamp()")) ||
         def.contains(QLatin1String("transaction_timestamp()")));
    m_serverGenerated =
        c.identity || c.generated || def.startsWith(QLatin1String("nextval(")) || clock;
    static const QRegularExpression length(QStringLiteral(
        R"re(^(?:character varying|character|varchar|char|bit varying|bit)\((\d+)\)$)re"));
    const QRegularExpressionMatch m = length.match(c.type);
    if (m.hasMatch())
        m_maxLength = m.captured(1).toInt();
    m_numeric = c.dataType.isNumeric();
    for (const CheckInfo &check : table.checks) {
        const QRegularExpressionMatch s = simpleCheck(check.expression);
        if (s.hasMatch() && s.captured(1).trimmed() == c.name)
            m_bounds << Bound{s.captured(2), s.captured(3).toDouble(), s.captured(3)};
    }
}

QString ColumnRules::problem(const QVariant &value) const
{
    if (value.isNull()) {
        if (m_notNull && !m_hasDefault)
            return QCoreApplication::translate("ColumnRules", "%1 must have a value.")
                .arg(m_column);
        return {};
    }
    const QString text = value.toString();
    if (m_maxLength >= 0 && text.size() > m_maxLength)
        return QCoreApplication::translate("ColumnRules",
                                           "%1 is limited to %n character(s) (now %2).", nullptr,
                                           m_maxLength)
            .arg(m_column)
            .arg(text.size());
    if (m_numeric) {
        bool ok = false;
        const double v = text.trimmed().toDouble(&ok);
        if (!ok)
            return QCoreApplication::translate("ColumnRules", "%1 must be a number, not \"%2\".")
                .arg(m_column, text);
        for (const Bound &b : m_bounds) {
            if (!holds(v, b.op, b.value))
                return boundProblem(m_column, b.op, b.text);
        }
    }
    return {};
}

QString ColumnRules::summary() const
{
    QStringList parts;
    if (m_serverGenerated)
        parts << QCoreApplication::translate("ColumnRules", "filled by the server");
    else if (m_notNull && !m_hasDefault)
        parts << QCoreApplication::translate("ColumnRules", "required");
    if (m_maxLength >= 0)
        parts << QCoreApplication::translate("ColumnRules", "at most %n character(s)", nullptr,
                                             m_maxLength);
    for (const Bound &b : m_bounds)
        parts << boundHint(b.op, b.text);
    return parts.join(QLatin1String(" · "));
}

QString explainError(const DbError &error, const TableInfo &table, QString *column)
{
    QString col = error.columnName;
    QString text;
    const QString state = error.sqlState;
    QString keyColumns;
    QString keyValues;
    const bool hasKey = keyDetail(error.detail, &keyColumns, &keyValues);
    if (state == QLatin1String("23514")) { // check_violation
        const CheckInfo *check = checkNamed(table, error.constraintName);
        const QRegularExpressionMatch s =
            check ? simpleCheck(check->expression) : QRegularExpressionMatch();
        if (s.hasMatch()) {
            col = s.captured(1).trimmed();
            text = boundProblem(col, s.captured(2), s.captured(3));
        } else if (check) {
            for (const ColumnInfo &c : table.columns) {
                if (col.isEmpty() && check->expression.contains(c.name))
                    col = c.name;
            }
            text = QCoreApplication::translate("ColumnRules", "The row breaks the rule %1 (%2).")
                       .arg(check->name, check->expression);
        }
    } else if (state == QLatin1String("23502")) { // not_null_violation
        text = QCoreApplication::translate("ColumnRules", "%1 must have a value.").arg(col);
    } else if (state == QLatin1String("23503")) { // foreign_key_violation
        if (hasKey && col.isEmpty())
            col = keyColumns;
        const bool stillReferenced = error.detail.contains(QLatin1String("is still referenced"));
        static const QRegularExpression tableRe(QStringLiteral(R"re(table "([^"]+)")re"));
        const QString other = tableRe.match(error.detail).captured(1);
        if (stillReferenced) {
            text = QCoreApplication::translate(
                       "ColumnRules", "The row is still referenced from %1 (%2 = %3), so it "
                                      "cannot be deleted or its key changed.")
                       .arg(other, keyColumns, keyValues);
            col.clear();
        } else {
            text =
                QCoreApplication::translate("ColumnRules", "%1 = %2 does not match any row of %3.")
                    .arg(keyColumns, keyValues, other);
        }
    } else if (state == QLatin1String("23505")) { // unique_violation
        if (hasKey) {
            col = keyColumns;
            text = QCoreApplication::translate("ColumnRules", "Another row already has %1 = %2.")
                       .arg(keyColumns, keyValues);
        }
    } else if (state == QLatin1String("22001")) { // string_data_right_truncation
        text = QCoreApplication::translate("ColumnRules", "A value is longer than its column "
                                                          "allows: %1")
                   .arg(error.message);
    } else if (state == QLatin1String("22P02") || state == QLatin1String("22007") ||
               state == QLatin1String("22008") || state == QLatin1String("22003")) {
        text = QCoreApplication::translate("ColumnRules", "A value has the wrong form: %1")
                   .arg(error.message);
    } else if (state == QLatin1String("42501")) {
        text = QCoreApplication::translate("ColumnRules", "You are not allowed to change %1: %2")
                   .arg(table.name, error.message);
    } else if (state == QLatin1String("40001") || state == QLatin1String("40P01")) {
        text = QCoreApplication::translate(
            "ColumnRules", "Another transaction got in the way; commit again to retry.");
    }
    if (text.isEmpty())
        text = error.message;
    if (column)
        *column = table.column(col) ? col : QString();
    return text;
}

} // namespace dbx::model
