#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

#include <climits>

namespace dbx::model {

// How well a typed word matches a name: a prefix beats everything; otherwise the letters must
// appear in order (a subsequence, "wrk" in "workers") and the tighter the window they span,
// the better. Lower is better in every field.
struct MatchScore {
    int category = 0;  // 0 prefix, 1 subsequence
    int tightness = 0; // letters of the window not typed (0 for a prefix or a substring)
    int start = 0;     // where the window starts
    bool operator<(const MatchScore &o) const
    {
        if (category != o.category)
            return category < o.category;
        if (tightness != o.tightness)
            return tightness < o.tightness;
        return start < o.start;
    }
};

// Matches the lower-case `typed` against the lower-case `name`; false when it does not match.
// Empty `typed` matches everything as a prefix.
bool fuzzyMatch(const QString &typed, const QString &name, MatchScore *score);

// The names accepted lately, most recent first: completion ranks them before the others. The
// controller records each accepted candidate; one list can serve several editors.
class CompletionRecency {
public:
    explicit CompletionRecency(int capacity = 100)
        : m_capacity(capacity)
    {}
    void use(const QString &name);
    // 0 for the most recent, INT_MAX when never used.
    int rank(const QString &name) const;
    QStringList names() const { return m_names; }

private:
    int m_capacity;
    QStringList m_names;
};

} // namespace dbx::model
