#pragma once

#include <QList>
#include <QString>

namespace dbx::model {

// A relation a statement names in FROM, JOIN, UPDATE or INTO, as written there.
struct ScopeTable {
    QString schema; // empty when unqualified
    QString name;
    QString alias;       // empty when none
    int position = 0;    // byte offset of the name in the text
    bool joined = false; // named after JOIN
    // What the statement calls it: the alias, else the name as written.
    QString reference() const { return alias.isEmpty() ? name : alias; }
};

// What may be typed at the cursor, worked out from PostgreSQL's scanner tokens (pg_query_scan)
// rather than a parse, since the text being typed is rarely a complete statement.
struct CompletionContext {
    enum class Keywords { None, StatementStart, AfterRelation, Any };

    bool suppressed = false;    // inside a string, a comment or a quoted identifier's end
    QString prefix;             // the word typed so far, unquoted
    bool quoted = false;        // it started with a double quote
    QString qualifier;          // "w" in w.na, "public" in public.wo
    qsizetype replaceStart = 0; // QString indices of the text a choice replaces
    qsizetype replaceEnd = 0;
    int wordPosition = 0; // byte offset of the word typed, for comparing with ScopeTable

    bool relations = false;      // tables, views (and schemas when unqualified)
    bool joins = false;          // whole JOIN ... ON ... from foreign keys
    bool joinConditions = false; // the ON condition of the last join
    bool columns = false;        // columns of the tables in scope
    bool functions = false;
    bool types = false;
    Keywords keywords = Keywords::None;

    QList<ScopeTable> scope; // every relation the statement names, before and after the cursor
    // The relations named before the cursor (for JOIN suggestions) and the last joined one.
    QList<ScopeTable> before() const;
};

CompletionContext completionContext(const QString &text, qsizetype cursor);

} // namespace dbx::model
