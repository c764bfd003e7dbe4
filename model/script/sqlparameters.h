#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace dbx::model {

// One parameter a statement refers to: `:name` (SQLAlchemy text() style) or `$n`.
struct ParameterRef {
    QString name;            // "user_id" for :user_id, "3" for $3
    bool positional = false; // $n
    qsizetype start = 0;     // index of the ':' or '$' in the statement's text
    qsizetype length = 0;    // of the whole reference, ":user_id" or "$3"
    bool operator==(const ParameterRef &other) const = default;
};

// Finds the parameters of one statement with PostgreSQL's own scanner (pg_query_scan), so that
// nothing inside a string ('...', E'...', $$...$$, $tag$...$tag$), a comment, a quoted
// identifier or a cast (id::text) is ever taken for one. `:name` counts only where SQLAlchemy
// would see it: a ':' not preceded by a letter, digit, '_', ':' or '\', followed at once by a
// plain identifier or keyword (`:limit` too); `:x::int` is `:x` cast. The $n of CREATE
// FUNCTION / PROCEDURE and PREPARE are their own arguments, not parameters. Text the scanner
// rejects (an unterminated string) has no parameters: the server reports its error.
QList<ParameterRef> findParameters(const QString &sql);

// Where the first token after the comments a statement starts with is (0 when it starts with
// none): a script's comment before a statement is not its first line.
qsizetype firstTokenIndex(const QString &sql);

// True for COPY ... TO STDOUT (by its tokens: not a 'to stdout' in a string or comment), whose
// data is read as COPY data rather than as rows.
bool isCopyToStdout(const QString &sql);

// The text with each `:name` replaced by a `$n` of the same length ("$0001" for ":name"), for
// PostgreSQL's parser, which knows $n but not :name: offsets and lines stay those of `sql`.
QString maskNamedParameters(const QString &sql);

// A statement with its `:name` references rewritten to `$n`, so every value is bound on the
// server: `$k` written by hand keep their number, names get the numbers after the highest
// one, in order of first appearance (a name used twice is one parameter).
class ParameterPlan {
public:
    explicit ParameterPlan(const QString &sql);

    const QString &sql() const { return m_sql; } // the rewritten text
    // What $1, $2, ... stand for: a name, a number ("2" for $2), or empty for a $k the text
    // skips (bound as an unused text NULL so the server need not infer its type).
    const QStringList &placeholders() const { return m_placeholders; }
    // Where a 0-based index into sql() came from in the original text, for error positions.
    qsizetype originalIndex(qsizetype rewrittenIndex) const;

private:
    struct Rewrite {
        qsizetype original; // start of ":name" in the original
        qsizetype originalLength;
        qsizetype rewritten; // start of "$n" in sql()
        qsizetype rewrittenLength;
    };
    QString m_sql;
    QStringList m_placeholders;
    QList<Rewrite> m_rewrites;
};

} // namespace dbx::model
