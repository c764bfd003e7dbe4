#pragma once

#include "model/console/completioncatalog.h"
#include "model/console/completioncontext.h"
#include "model/console/completionmatch.h"

#include <QList>
#include <QString>

#include <memory>

namespace dbx::model {

// One choice of the completion list.
struct CompletionCandidate {
    enum class Kind { Join, Column, Table, View, Function, Type, Schema, Keyword };
    Kind kind = Kind::Keyword;
    QString text;      // what the list shows (and the recency list remembers)
    QString insert;    // what replaces the word typed: quoted where needed, maybe qualified
    QString detail;    // column type, function signature, "foreign key" ...
    int caretBack = 0; // how far before the insert's end the caret goes (inside "count()")
};

struct CompletionResult {
    CompletionContext context;
    QList<CompletionCandidate> candidates; // best first
};

// Computes the completion list for a cursor position in the editor's text: the context from
// PostgreSQL's scanner, the candidates it allows from the catalog, fuzzy-matched against the
// word typed and ranked (match, recency, kind). Pure and fast: no database access, so it runs
// on the UI thread on every keystroke.
class CompletionEngine {
public:
    explicit CompletionEngine(std::shared_ptr<const CompletionCatalog> catalog);

    void setCatalog(std::shared_ptr<const CompletionCatalog> catalog);
    const CompletionCatalog &catalog() const { return *m_catalog; }
    // At most this many candidates come back (the best ones).
    void setLimit(int limit) { m_limit = limit; }

    CompletionResult complete(const QString &text, qsizetype cursor,
                              const CompletionRecency *recency = nullptr) const;

private:
    std::shared_ptr<const CompletionCatalog> m_catalog;
    int m_limit = 500;
};

} // namespace dbx::model
