#include "model/console/completionmatch.h"

namespace dbx::model {

bool fuzzyMatch(const QString &typed, const QString &name, MatchScore *score)
{
    const qsizetype n = typed.size();
    if (n == 0 || name.startsWith(typed)) {
        *score = {0, 0, 0};
        return true;
    }
    if (n > name.size())
        return false;
    // The tightest window: from each place the first letter occurs, the earliest end of a
    // greedy match is the best end for that start.
    int bestSpan = INT_MAX;
    int bestStart = 0;
    const QChar first = typed.at(0);
    for (qsizetype start = name.indexOf(first); start >= 0;
         start = name.indexOf(first, start + 1)) {
        qsizetype at = start + 1;
        qsizetype matched = 1;
        while (matched < n && at < name.size()) {
            if (name.at(at) == typed.at(matched))
                ++matched;
            ++at;
        }
        if (matched < n)
            break; // later starts cannot match either
        const int span = int(at - start);
        if (span < bestSpan) {
            bestSpan = span;
            bestStart = int(start);
        }
    }
    if (bestSpan == INT_MAX)
        return false;
    *score = {1, bestSpan - int(n), bestStart};
    return true;
}

void CompletionRecency::use(const QString &name)
{
    m_names.removeAll(name);
    m_names.prepend(name);
    while (m_names.size() > m_capacity)
        m_names.removeLast();
}

int CompletionRecency::rank(const QString &name) const
{
    const qsizetype at = m_names.indexOf(name);
    return at < 0 ? INT_MAX : int(at);
}

} // namespace dbx::model
