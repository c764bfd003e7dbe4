#pragma once

#include "migrations/statementsplitter.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace dbx::migrations {

// How a revision is undone. Stated explicitly in every file, so that "nothing to undo" and
// "forgot to write the downgrade" cannot look the same.
struct Downgrade {
    enum class Kind {
        Statements,   // "-- downgrade" followed by SQL
        Empty,        // "-- downgrade: empty": nothing to undo, on purpose
        Irreversible, // "-- downgrade: irreversible REASON": a downgrade through it is refused
    };
    Kind kind = Kind::Statements;
    QString reason;
    QList<Statement> statements;
};

// One revision as read from its file: identity and place in the graph, the SQL in both
// directions, and the checksum that detects later edits of an applied revision.
struct Revision {
    QString id;          // 12 lowercase hex digits, as Alembic writes them
    QStringList parents; // none = a base; several = a merge
    QString message;
    QString created;           // free-form date from the header, shown in the history
    bool transactional = true; // false: "-- transaction: none", statements run one by one
    QList<Statement> upgrade;
    Downgrade downgrade;
    QString checksum; // SHA-256 of the normalized upgrade text, hex

    QString fileName; // for messages; the base name of the file
    int idLine = 0;   // where the revision and parents headers are, for graph errors
    int parentsLine = 0;
};

} // namespace dbx::migrations
