#include "model/script/sqlparameters.h"

#include "model/script/sqltokens.h"

#include <QHash>

#include <algorithm>
#include <vector>

namespace dbx::model {

namespace {

using Token = SqlToken;
using sqltoken::kBlockComment;
using sqltoken::kIdent;
using sqltoken::kLineComment;
using sqltoken::kParam;
constexpr int kColon = 58; // ASCII_58

std::vector<Token> scan(const QByteArray &utf8)
{
    return scanSql(utf8);
}

bool isWordByte(char c)
{
    // Any byte of a multi-byte UTF-8 character is part of a letter as far as names go.
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           (static_cast<unsigned char>(c) & 0x80);
}

// A name as SQLAlchemy's \w+ takes it: not a quoted identifier, no '$' (which PostgreSQL
// allows inside identifiers).
bool isPlainName(const QByteArray &utf8, const Token &t)
{
    for (int i = t.start; i < t.end; ++i) {
        if (!isWordByte(utf8.at(i)))
            return false;
    }
    return t.end > t.start && !(utf8.at(t.start) >= '0' && utf8.at(t.start) <= '9');
}

// Byte offsets into `utf8` as indices into the QString it came from, in one pass (the offsets
// ascending).
class IndexMap {
public:
    explicit IndexMap(const QByteArray &utf8)
        : m_utf8(utf8)
    {}
    qsizetype index(int byteOffset)
    {
        for (; m_byte < byteOffset && m_byte < m_utf8.size(); ++m_byte) {
            const auto c = static_cast<unsigned char>(m_utf8.at(m_byte));
            if ((c & 0xc0) != 0x80)             // a character starts here
                m_index += (c >= 0xf0) ? 2 : 1; // four-byte UTF-8 is a surrogate pair
        }
        return m_index;
    }

private:
    const QByteArray &m_utf8;
    int m_byte = 0;
    qsizetype m_index = 0;
};

} // namespace

// CREATE FUNCTION / PROCEDURE (a RETURN or BEGIN ATOMIC body) and PREPARE use $n for their
// own arguments: those are not the script's parameters.
bool definesOwnParameters(const QByteArray &utf8, const std::vector<Token> &tokens)
{
    QList<QByteArray> words;
    for (const Token &t : tokens) {
        if (t.kind == kLineComment || t.kind == kBlockComment)
            continue;
        if (!t.isKeyword() || words.size() == 4)
            break;
        words << utf8.mid(t.start, t.end - t.start).toLower();
    }
    if (words.value(0) == "prepare")
        return true;
    if (words.value(0) != "create")
        return false;
    const qsizetype kind = words.value(1) == "or" && words.value(2) == "replace" ? 3 : 1;
    return words.value(kind) == "function" || words.value(kind) == "procedure";
}

// A ':' before a letter or '_', or a '$' before a digit, somewhere: without one there is
// nothing to scan for (a large dump full of '10:30' timestamps is never tokenized).
bool mayHaveParameters(const QString &sql)
{
    for (qsizetype i = 0; i + 1 < sql.size(); ++i) {
        const QChar c = sql.at(i);
        const QChar next = sql.at(i + 1);
        if ((c == u':' && (next.isLetter() || next == u'_' || next.isSurrogate())) ||
            (c == u'$' && next.isDigit()))
            return true;
    }
    return false;
}

QList<ParameterRef> findParameters(const QString &sql)
{
    if (!mayHaveParameters(sql))
        return {};
    const QByteArray utf8 = sql.toUtf8();
    const std::vector<Token> tokens = scan(utf8);
    IndexMap indices(utf8);
    QList<ParameterRef> found;
    const bool positional = !definesOwnParameters(utf8, tokens);
    for (size_t i = 0; i < tokens.size(); ++i) {
        const Token &t = tokens[i];
        if (t.kind == kParam && positional) {
            const qsizetype start = indices.index(t.start);
            const QString text = QString::fromUtf8(utf8.mid(t.start, t.end - t.start));
            found << ParameterRef{text.mid(1), true, start, indices.index(t.end) - start};
            continue;
        }
        if (t.kind != kColon || i + 1 == tokens.size())
            continue;
        const Token &next = tokens[i + 1];
        const bool adjacent = next.start == t.end;
        const bool nameToken = next.kind == kIdent || next.isKeyword();
        const char before = t.start > 0 ? utf8.at(t.start - 1) : ' ';
        if (!adjacent || !nameToken || isWordByte(before) || before == ':' || before == '\\' ||
            !isPlainName(utf8, next))
            continue;
        const qsizetype start = indices.index(t.start);
        const QString name = QString::fromUtf8(utf8.mid(next.start, next.end - next.start));
        found << ParameterRef{name, false, start, indices.index(next.end) - start};
        ++i;
    }
    return found;
}

qsizetype firstTokenIndex(const QString &sql)
{
    if (!sql.startsWith(QLatin1String("--")) && !sql.startsWith(QLatin1String("/*")))
        return 0;
    const QByteArray utf8 = sql.toUtf8();
    for (const Token &t : scan(utf8)) {
        if (t.kind != kLineComment && t.kind != kBlockComment)
            return IndexMap(utf8).index(t.start);
    }
    return 0;
}

bool isCopyToStdout(const QString &sql)
{
    if (!sql.startsWith(QLatin1String("copy"), Qt::CaseInsensitive))
        return false;
    const QByteArray utf8 = sql.toUtf8();
    const std::vector<Token> tokens = scan(utf8);
    const auto is = [&](const Token &t, const char *word) {
        return t.isKeyword() &&
               utf8.mid(t.start, t.end - t.start).compare(word, Qt::CaseInsensitive) == 0;
    };
    for (size_t i = 1; i < tokens.size(); ++i) {
        if (is(tokens[i - 1], "to") && is(tokens[i], "stdout"))
            return true;
    }
    return false;
}

ParameterPlan::ParameterPlan(const QString &sql)
{
    const QList<ParameterRef> refs = findParameters(sql);
    int highest = 0;
    for (const ParameterRef &ref : refs) {
        if (ref.positional)
            highest = std::max(highest, ref.name.toInt());
    }
    for (int n = 1; n <= highest; ++n)
        m_placeholders << QString();
    for (const ParameterRef &ref : refs) {
        if (ref.positional)
            m_placeholders[ref.name.toInt() - 1] = ref.name;
    }
    QHash<QString, int> numbers;
    qsizetype copied = 0;
    for (const ParameterRef &ref : refs) {
        if (ref.positional)
            continue;
        int &number = numbers[ref.name];
        if (number == 0) {
            m_placeholders << ref.name;
            number = int(m_placeholders.size());
        }
        m_sql += QStringView(sql).mid(copied, ref.start - copied);
        const QString placeholder = QLatin1Char('$') + QString::number(number);
        m_rewrites << Rewrite{ref.start, ref.length, m_sql.size(), placeholder.size()};
        m_sql += placeholder;
        copied = ref.start + ref.length;
    }
    m_sql += QStringView(sql).mid(copied);
}

qsizetype ParameterPlan::originalIndex(qsizetype rewrittenIndex) const
{
    qsizetype shift = 0;
    for (const Rewrite &r : m_rewrites) {
        if (rewrittenIndex < r.rewritten)
            break;
        if (rewrittenIndex < r.rewritten + r.rewrittenLength)
            return r.original; // inside "$n": the ":name" it replaced
        shift = (r.original + r.originalLength) - (r.rewritten + r.rewrittenLength);
    }
    return rewrittenIndex + shift;
}

QString maskNamedParameters(const QString &sql)
{
    QString masked = sql;
    for (const ParameterRef &ref : findParameters(sql)) {
        if (!ref.positional)
            masked.replace(ref.start, ref.length,
                           QLatin1Char('$') + QString(ref.length - 2, u'0') + QLatin1Char('1'));
    }
    return masked;
}

} // namespace dbx::model
