#pragma once

#include "model/result.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace dbx::migrations {

// One statement of a revision section, with what PostgreSQL's parser says about it: the runner
// must know which statements manage transactions or refuse to run inside one.
struct Statement {
    QString sql;  // from its first token to its end, without the terminating semicolon
    int line = 0; // 1-based line of the first token in the file
    // Set for BEGIN, COMMIT, ROLLBACK, SAVEPOINT...: the runner owns the transactions.
    bool transactionControl = false;
    // What the statement is when PostgreSQL refuses it inside a transaction block
    // ("CREATE INDEX CONCURRENTLY", "VACUUM"...), empty otherwise.
    QString needsNoTransaction;
    // ALTER TYPE ... ADD VALUE: the new label, which the same transaction cannot use.
    QString addedEnumValue;
    // String constants the statement uses, to find such a use.
    QStringList stringConstants;
};

// Splits a section into statements with libpg_query, the server's own grammar, so dollar
// quotes, E'' strings, nested comments and quoted identifiers are never cut in the middle.
class StatementSplitter {
public:
    // `firstLine` is the file line on which `text` starts; errors read "file:line: ...".
    static model::Result<QList<Statement>> split(const QString &text, const QString &fileName,
                                                 int firstLine);
};

} // namespace dbx::migrations
