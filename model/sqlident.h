#pragma once

#include <QString>
#include <QStringList>

namespace dbx::model {

// The one function that turns a name into SQL text. Every identifier the application puts into
// a statement goes through it; values never do (they are bound).
QString quoteIdent(const QString &name);
// schema.name, each part quoted; an empty schema gives just the quoted name.
QString quoteQualified(const QString &schema, const QString &name);
// A user's text as a LIKE pattern that matches it literally: its wildcards and the escape
// character (backslash, the default ESCAPE) escaped. The result is bound, not spliced.
QString escapeLike(const QString &text);

} // namespace dbx::model
