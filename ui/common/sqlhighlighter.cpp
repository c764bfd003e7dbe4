#include "ui/common/sqlhighlighter.h"

#include <QGuiApplication>
#include <QPalette>
#include <QSet>

namespace dbx::ui {

namespace {

// Block states carry a construct that continues on the next line.
enum State { Normal = -1, InString = 1, InIdentifier = 2 };

bool darkPalette()
{
    const QPalette palette = QGuiApplication::palette();
    return palette.color(QPalette::Base).lightness() < 128;
}

QTextCharFormat makeFormat(const QColor &color, bool bold = false, bool italic = false)
{
    QTextCharFormat f;
    f.setForeground(color);
    if (bold)
        f.setFontWeight(QFont::Bold);
    f.setFontItalic(italic);
    return f;
}

bool isWordChar(QChar c)
{
    return c.isLetterOrNumber() || c == u'_';
}

// Scans a quoted run starting after its opening quote; a doubled quote stays inside.
// Returns the index after the closing quote, or -1 when the run continues past the line.
qsizetype closeQuote(const QString &text, qsizetype from, QChar quote)
{
    qsizetype i = from;
    while (i < text.size()) {
        if (text.at(i) == quote) {
            if (i + 1 < text.size() && text.at(i + 1) == quote) {
                i += 2;
                continue;
            }
            return i + 1;
        }
        ++i;
    }
    return -1;
}

} // namespace

SqlHighlighter::SqlHighlighter(QTextDocument *document)
    : QSyntaxHighlighter(document)
{
    const bool dark = darkPalette();
    const QPalette palette = QGuiApplication::palette();
    m_keyword = makeFormat(dark ? QColor(0x82, 0xaa, 0xff) : QColor(0x00, 0x33, 0x99), true);
    m_string = makeFormat(dark ? QColor(0xc3, 0xe8, 0x8d) : QColor(0x06, 0x7d, 0x17));
    m_identifier = makeFormat(dark ? QColor(0xf7, 0x8c, 0x6c) : QColor(0x87, 0x10, 0x94));
    m_number = makeFormat(dark ? QColor(0xf7, 0x8c, 0x6c) : QColor(0x17, 0x50, 0xeb));
    m_parameter = makeFormat(dark ? QColor(0xff, 0xcb, 0x6b) : QColor(0xb3, 0x58, 0x00), true);
    m_comment = makeFormat(palette.color(QPalette::PlaceholderText), false, true);
}

bool SqlHighlighter::isKeyword(const QString &word)
{
    static const QSet<QString> keywords = [] {
        const char *const list[] = {
            "select", "from", "where", "join", "left", "right", "full", "inner", "outer", "cross",
            "on", "using", "and", "or", "not", "group", "by", "having", "order", "asc", "desc",
            "nulls", "first", "last", "limit", "offset", "distinct", "with", "as", "cast", "over",
            "partition", "in", "between", "like", "ilike", "is", "null", "true", "false", "case",
            "when", "then", "else", "end", "escape", "exists", "all", "any", "union", "intersect",
            "except", "recursive", "filter", "fetch", "rows", "only", "lateral", "values", "window",
            // DDL, for definitions shown as PostgreSQL writes them (Show DDL, revision files).
            "create", "alter", "drop", "table", "view", "materialized", "index", "unique",
            "primary", "key", "foreign", "references", "constraint", "check", "default", "add",
            "type", "enum", "sequence", "function", "procedure", "replace", "returns", "language",
            "trigger", "schema", "increment", "minvalue", "maxvalue", "cache", "cycle", "no",
            "owned", "set", "insert", "update", "delete", "into", "returning", "cascade",
            "restrict", "if", "immutable", "stable", "volatile", "strict", "security", "definer",
            "for", "each", "row", "execute", "deferrable", "initially", "deferred", "generated",
            "always", "identity", "collate", "comment", "to", "of"};
        QSet<QString> set;
        for (const char *k : list)
            set.insert(QString::fromLatin1(k));
        return set;
    }();
    return keywords.contains(word.toLower());
}

void SqlHighlighter::highlightBlock(const QString &text)
{
    qsizetype i = 0;
    setCurrentBlockState(Normal);
    const int previous = previousBlockState();
    if (previous == InString || previous == InIdentifier) {
        const QChar quote = previous == InString ? u'\'' : u'"';
        const qsizetype end = closeQuote(text, 0, quote);
        const QTextCharFormat &f = previous == InString ? m_string : m_identifier;
        if (end < 0) {
            setFormat(0, int(text.size()), f);
            setCurrentBlockState(previous);
            return;
        }
        setFormat(0, int(end), f);
        i = end;
    }
    while (i < text.size()) {
        const QChar c = text.at(i);
        if (c == u'-' && i + 1 < text.size() && text.at(i + 1) == u'-') {
            setFormat(int(i), int(text.size() - i), m_comment);
            return;
        }
        if (c == u'\'' || c == u'"') {
            const qsizetype end = closeQuote(text, i + 1, c);
            const QTextCharFormat &f = c == u'\'' ? m_string : m_identifier;
            if (end < 0) {
                setFormat(int(i), int(text.size() - i), f);
                setCurrentBlockState(c == u'\'' ? InString : InIdentifier);
                return;
            }
            setFormat(int(i), int(end - i), f);
            i = end;
            continue;
        }
        if (c == u'$' && i + 1 < text.size() && text.at(i + 1).isDigit()) {
            qsizetype end = i + 1;
            while (end < text.size() && text.at(end).isDigit())
                ++end;
            setFormat(int(i), int(end - i), m_parameter);
            i = end;
            continue;
        }
        if (c.isDigit() || (c == u'.' && i + 1 < text.size() && text.at(i + 1).isDigit())) {
            qsizetype end = i;
            while (end < text.size() && (text.at(end).isDigit() || text.at(end) == u'.'))
                ++end;
            // A digit inside a word (t1, col2) is part of a name, not a number.
            if (i == 0 || !isWordChar(text.at(i - 1)))
                setFormat(int(i), int(end - i), m_number);
            i = end;
            continue;
        }
        if (isWordChar(c)) {
            qsizetype end = i;
            while (end < text.size() && isWordChar(text.at(end)))
                ++end;
            if (isKeyword(text.mid(i, end - i)))
                setFormat(int(i), int(end - i), m_keyword);
            i = end;
            continue;
        }
        ++i;
    }
}

} // namespace dbx::ui
