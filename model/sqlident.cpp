#include "model/sqlident.h"

namespace dbx::model {

QString quoteIdent(const QString &name)
{
    // Always quoting keeps mixed-case and keyword names intact; doubling is the only escape
    // PostgreSQL knows inside double quotes. NUL cannot be stored in a name, so it is dropped.
    QString body = name;
    body.remove(QChar(u'\0'));
    body.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + body + QLatin1Char('"');
}

QString quoteQualified(const QString &schema, const QString &name)
{
    if (schema.isEmpty())
        return quoteIdent(name);
    return quoteIdent(schema) + QLatin1Char('.') + quoteIdent(name);
}

QString escapeLike(const QString &text)
{
    QString out;
    out.reserve(text.size() + 8);
    for (const QChar c : text) {
        if (c == QLatin1Char('\\') || c == QLatin1Char('%') || c == QLatin1Char('_'))
            out += QLatin1Char('\\');
        out += c;
    }
    return out;
}

} // namespace dbx::model
