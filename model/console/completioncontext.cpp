#include "model/console/completioncontext.h"

#include "model/script/sqltokens.h"

#include <QSet>

#include <vector>

namespace dbx::model {

namespace {

using namespace sqltoken;
using Tokens = std::vector<SqlToken>;

constexpr int kOp = 265;

bool isComment(const SqlToken &t)
{
    return t.kind == kLineComment || t.kind == kBlockComment;
}

bool isLiteral(const SqlToken &t)
{
    return (t.kind >= kStringConst && t.kind <= kHexString) || t.kind == 260 /* FCONST */ ||
           t.kind == 266 /* ICONST */ || t.kind == kParam;
}

bool isNameToken(const SqlToken &t)
{
    return t.kind == kIdent || t.isKeyword();
}

// The statement's tokens without comments, with their text at hand.
class TokenList {
public:
    TokenList(const QByteArray &utf8, const Tokens &all)
        : m_utf8(utf8)
    {
        for (const SqlToken &t : all)
            if (!isComment(t))
                m_tokens.push_back(t);
    }
    int size() const { return int(m_tokens.size()); }
    const SqlToken &at(int i) const { return m_tokens[size_t(i)]; }
    void removeLast() { m_tokens.pop_back(); }
    QString text(int i) const
    {
        return QString::fromUtf8(m_utf8.mid(at(i).start, at(i).end - at(i).start));
    }
    // A keyword in lower case, else empty: keywords are compared by these.
    QString keyword(int i) const
    {
        return i >= 0 && i < size() && at(i).isKeyword() ? text(i).toLower() : QString();
    }
    bool is(int i, const char *word) const { return keyword(i) == QLatin1String(word); }
    bool isChar(int i, char c) const { return i >= 0 && i < size() && at(i).kind == c; }
    // An identifier as PostgreSQL reads it: folded to lower case unless quoted.
    QString name(int i) const
    {
        const QString t = text(i);
        if (t.startsWith(QLatin1Char('"')))
            return t.mid(1, t.size() - 2).replace(QLatin1String("\"\""), QLatin1String("\""));
        return t.toLower();
    }
    // Where the parenthesis enclosing token `i` opens (-1 at the top level), stopping at `floor`.
    int enclosingParen(int i, int floor) const
    {
        int depth = 0;
        for (int j = i; j >= floor; --j) {
            if (isChar(j, ')'))
                ++depth;
            else if (isChar(j, '(') && depth-- == 0)
                return j;
        }
        return -1;
    }

private:
    const QByteArray &m_utf8;
    Tokens m_tokens;
};

const QSet<QString> &clauseWords()
{
    static const QSet<QString> words = {
        QStringLiteral("select"), QStringLiteral("from"),      QStringLiteral("join"),
        QStringLiteral("where"),  QStringLiteral("by"),        QStringLiteral("having"),
        QStringLiteral("set"),    QStringLiteral("returning"), QStringLiteral("values"),
        QStringLiteral("on"),     QStringLiteral("using"),     QStringLiteral("into"),
        QStringLiteral("update"), QStringLiteral("limit"),     QStringLiteral("offset"),
        QStringLiteral("window"), QStringLiteral("with"),      QStringLiteral("table")};
    return words;
}

const QSet<QString> &expressionWords()
{
    static const QSet<QString> words = {
        QStringLiteral("select"),    QStringLiteral("where"), QStringLiteral("and"),
        QStringLiteral("or"),        QStringLiteral("not"),   QStringLiteral("by"),
        QStringLiteral("having"),    QStringLiteral("when"),  QStringLiteral("then"),
        QStringLiteral("else"),      QStringLiteral("case"),  QStringLiteral("distinct"),
        QStringLiteral("returning"), QStringLiteral("like"),  QStringLiteral("ilike"),
        QStringLiteral("between"),   QStringLiteral("in"),    QStringLiteral("all"),
        QStringLiteral("any"),       QStringLiteral("some"),  QStringLiteral("return")};
    return words;
}

// Reads the relations named in FROM, JOIN, UPDATE and INTO of tokens [from, to), each
// parenthesis level on its own (a subquery's FROM list does not end the outer one).
class ScopeReader {
public:
    ScopeReader(const TokenList &t, int skipFrom, int skipTo)
        : m_t(t)
        , m_skipFrom(skipFrom)
        , m_skipTo(skipTo)
    {}
    QList<ScopeTable> read(int from, int to)
    {
        enum class State { None, FromList, Condition };
        std::vector<State> states{State::None};
        for (int i = from; i < to; ++i) {
            if (m_t.isChar(i, '(')) {
                states.push_back(State::None);
                continue;
            }
            if (m_t.isChar(i, ')')) {
                if (states.size() > 1)
                    states.pop_back();
                continue;
            }
            State &state = states.back();
            const QString word = m_t.keyword(i);
            if (word == QLatin1String("from") || word == QLatin1String("join")) {
                readTable(i + 1, to, word == QLatin1String("join"));
                state = State::FromList;
            } else if (word == QLatin1String("update") || word == QLatin1String("into")) {
                readTable(i + 1, to, false);
                state = State::None;
            } else if ((word == QLatin1String("on") || word == QLatin1String("using")) &&
                       state == State::FromList) {
                state = State::Condition;
            } else if (!word.isEmpty() && clauseWords().contains(word)) {
                state = State::None;
            } else if (m_t.isChar(i, ',') && state != State::None) {
                readTable(i + 1, to, false);
            }
        }
        return m_found;
    }

private:
    void readTable(int i, int to, bool joined)
    {
        while (i < to && (m_t.is(i, "only") || m_t.is(i, "lateral")))
            ++i;
        if (i >= to || !isNameToken(m_t.at(i)) || m_t.at(i).keywordKind == SqlToken::Reserved)
            return;
        ScopeTable table;
        table.joined = joined;
        table.position = m_t.at(i).start;
        table.name = m_t.name(i);
        if (i + 2 < to && m_t.isChar(i + 1, '.') && isNameToken(m_t.at(i + 2))) {
            table.schema = table.name;
            table.name = m_t.name(i + 2);
            i += 2;
        }
        if (table.position >= m_skipFrom && table.position < m_skipTo)
            return; // the name being typed is not in scope yet
        ++i;
        if (i + 1 < to && m_t.is(i, "as") && isNameToken(m_t.at(i + 1)))
            table.alias = m_t.name(i + 1);
        else if (i < to && m_t.at(i).kind == kIdent)
            table.alias = m_t.name(i);
        m_found << table;
    }

    const TokenList &m_t;
    int m_skipFrom;
    int m_skipTo;
    QList<ScopeTable> m_found;
};

} // namespace

QList<ScopeTable> CompletionContext::before() const
{
    QList<ScopeTable> out;
    for (const ScopeTable &table : scope)
        if (table.position < wordPosition)
            out << table;
    return out;
}

namespace {

void wantExpression(CompletionContext &ctx)
{
    ctx.columns = true;
    ctx.functions = true;
    ctx.keywords = CompletionContext::Keywords::Any;
}

// The column list of CREATE TABLE name ( ... ): the parenthesis right after the table's name.
bool isColumnList(const TokenList &t, int paren, int begin)
{
    if (paren < 0 || !t.is(begin, "create"))
        return false;
    int table = -1;
    for (int i = begin; i < paren; ++i)
        if (t.is(i, "table"))
            table = i;
    return table >= 0 && paren - table <= 6 && isNameToken(t.at(paren - 1));
}

void classify(CompletionContext &ctx, const TokenList &t, int k, int begin, int depth = 0);

// After a keyword that decides by itself what follows: FROM/JOIN (relations), :: and TYPE
// (types), ON (conditions), SET, WHERE, AND ... (expressions), AS (an alias: nothing).
bool classifyKeyword(CompletionContext &ctx, const TokenList &t, int k, int begin, int depth)
{
    const QString word = t.keyword(k);
    if (word == QLatin1String("from") || word == QLatin1String("join") ||
        word == QLatin1String("update") || word == QLatin1String("into") ||
        word == QLatin1String("only") || word == QLatin1String("truncate") ||
        (word == QLatin1String("table") && !t.is(k - 1, "create"))) {
        ctx.relations = true;
        ctx.joins = word == QLatin1String("join") && depth == 0;
        return true;
    }
    if (t.at(k).kind == kTypecast || (word == QLatin1String("type") && !t.is(k - 1, "create") &&
                                      !t.is(k - 1, "drop") && !t.is(k - 1, "alter"))) {
        ctx.types = true;
        return true;
    }
    if (word == QLatin1String("on")) {
        ctx.joinConditions = depth == 0;
        wantExpression(ctx);
        return true;
    }
    if (word == QLatin1String("set") && k == begin) {
        ctx.keywords = CompletionContext::Keywords::Any; // SET search_path: not a column
        return true;
    }
    if (word == QLatin1String("set") || (!word.isEmpty() && expressionWords().contains(word))) {
        wantExpression(ctx);
        return true;
    }
    if (word == QLatin1String("as")) {
        const int paren = t.enclosingParen(k - 1, begin);
        if (paren > 0 && t.is(paren - 1, "cast"))
            ctx.types = true;
        return true; // otherwise an alias is being named
    }
    return false;
}

// After an operator, '(' or a ',' inside parentheses.
bool classifyPunctuation(CompletionContext &ctx, const TokenList &t, int k, int begin)
{
    const int kind = t.at(k).kind;
    if (kind == '*' && (t.is(k - 1, "select") || t.isChar(k - 1, ',') || t.isChar(k - 1, '.'))) {
        ctx.keywords = CompletionContext::Keywords::Any; // SELECT * FROM
        return true;
    }
    if (kind == kOp || kind == '=' || kind == '<' || kind == '>' || kind == '+' || kind == '-' ||
        kind == '*' || kind == '/' || kind == '%' || (kind >= 272 && kind <= 274)) {
        wantExpression(ctx);
        return true;
    }
    const int paren = kind == '(' ? k : kind == ',' ? t.enclosingParen(k, begin) : -1;
    if (paren < 0)
        return false;
    if (isColumnList(t, paren, begin))
        ctx.keywords = CompletionContext::Keywords::Any; // a new column's name
    else
        wantExpression(ctx);
    return true;
}

// After an operand (a name, a literal, ')') or a top-level ',': a column definition wants its
// type; otherwise the clause it belongs to decides.
void classifyOperand(CompletionContext &ctx, const TokenList &t, int k, int begin, int depth)
{
    using Keywords = CompletionContext::Keywords;
    const SqlToken &token = t.at(k);
    const int paren = t.enclosingParen(k, begin);
    if ((isNameToken(token) || token.kind == ')') && isColumnList(t, paren, begin) &&
        (t.isChar(k - 1, '(') || t.isChar(k - 1, ','))) {
        ctx.types = true;
        return;
    }
    if (isNameToken(token) && t.is(k - 1, "column")) {
        ctx.types = true; // ALTER TABLE ... ADD COLUMN name
        return;
    }
    for (int j = k - 1, level = 0; j >= begin && j > paren; --j) {
        if (t.isChar(j, ')'))
            ++level;
        else if (t.isChar(j, '('))
            --level;
        const QString clause = t.keyword(j);
        if (level != 0 || clause.isEmpty() || !clauseWords().contains(clause))
            continue;
        if (token.kind == ',') { // another item of the same list
            classify(ctx, t, j, begin, depth + 1);
            ctx.joins = false;
            ctx.joinConditions = false;
            return;
        }
        // After a whole operand comes a keyword: AS, FROM, AND, JOIN, WHERE ...
        const bool fromList = clause == QLatin1String("from") || clause == QLatin1String("join");
        ctx.keywords = fromList ? Keywords::AfterRelation : Keywords::Any;
        return;
    }
    ctx.keywords = Keywords::Any;
}

// What may follow token `k`, the last one before the word typed, in a statement starting at
// token `begin`.
void classify(CompletionContext &ctx, const TokenList &t, int k, int begin, int depth)
{
    if (k < begin)
        ctx.keywords = CompletionContext::Keywords::StatementStart;
    else if (!classifyKeyword(ctx, t, k, begin, depth) && !classifyPunctuation(ctx, t, k, begin))
        classifyOperand(ctx, t, k, begin, depth);
}

// Where the word under the cursor starts and ends in the QString, from its byte offset.
void setReplaceRange(CompletionContext &ctx, const QString &text, const QByteArray &before,
                     qsizetype cursor)
{
    ctx.replaceStart = QString::fromUtf8(before.left(ctx.wordPosition)).size();
    qsizetype end = cursor;
    while (end < text.size() &&
           (text.at(end).isLetterOrNumber() || text.at(end) == u'_' || text.at(end) == u'$'))
        ++end;
    if (ctx.quoted && end < text.size() && text.at(end) == u'"')
        ++end;
    ctx.replaceEnd = end;
}

// The relations of the statement around the cursor, the FROM after the cursor included; the
// name being typed (from `skipFrom` to the cursor) is not one of them yet. When the text after
// the cursor does not scan (an unterminated string), the tokens before it serve.
QList<ScopeTable> statementScope(const QString &text, const Tokens &before, int skipFrom,
                                 int cursorByte)
{
    const QByteArray all = text.toUtf8();
    const Tokens whole = scanSql(all);
    const TokenList w(all, whole.empty() ? before : whole);
    int from = 0;
    int to = w.size();
    for (int i = 0; i < w.size(); ++i) {
        if (!w.isChar(i, ';'))
            continue;
        if (w.at(i).start < skipFrom)
            from = i + 1;
        else if (to == w.size())
            to = i;
    }
    ScopeReader reader(w, skipFrom, cursorByte + 1);
    return reader.read(from, to);
}

} // namespace

CompletionContext completionContext(const QString &text, qsizetype cursor)
{
    CompletionContext ctx;
    cursor = qBound(qsizetype(0), cursor, text.size());
    const QByteArray before = text.left(cursor).toUtf8();
    Tokens scanned = scanSql(before);
    bool openQuote = false;
    if (scanned.empty() && !before.trimmed().isEmpty()) {
        // Unterminated: only a quoted identifier being typed is worth completing.
        scanned = scanSql(before + '"');
        if (scanned.empty() || scanned.back().end != before.size() + 1 ||
            before.at(scanned.back().start) != '"') {
            ctx.suppressed = true;
            return ctx;
        }
        openQuote = true;
    }
    if (!scanned.empty() && scanned.back().end >= before.size() &&
        (isComment(scanned.back()) || isLiteral(scanned.back()))) {
        ctx.suppressed = true;
        return ctx;
    }
    TokenList t(before, scanned);
    ctx.wordPosition = int(before.size());
    if (t.size() > 0 && t.at(t.size() - 1).end >= before.size() &&
        isNameToken(t.at(t.size() - 1))) {
        const int last = t.size() - 1;
        ctx.quoted = t.text(last).startsWith(QLatin1Char('"'));
        ctx.prefix = ctx.quoted ? t.name(last) : t.text(last);
        if (openQuote)
            ctx.prefix = t.text(last).mid(1); // no closing quote yet
        ctx.wordPosition = t.at(last).start;
        t.removeLast();
    }
    int skipFrom = ctx.wordPosition;
    const int n = t.size();
    if (n >= 2 && t.isChar(n - 1, '.') && t.at(n - 1).end == ctx.wordPosition &&
        isNameToken(t.at(n - 2)) && t.at(n - 2).end == t.at(n - 1).start) {
        ctx.qualifier = t.name(n - 2);
        skipFrom = t.at(n - 2).start;
        t.removeLast();
        t.removeLast();
    }
    setReplaceRange(ctx, text, before, cursor);
    int begin = 0;
    for (int i = t.size() - 1; i >= 0; --i) {
        if (t.isChar(i, ';')) {
            begin = i + 1;
            break;
        }
    }
    classify(ctx, t, t.size() - 1, begin);

    ctx.scope = statementScope(text, scanned, skipFrom, int(before.size()));
    return ctx;
}

} // namespace dbx::model
