#pragma once

#include "model/db/executor.h"

class QSqlDatabase;

namespace dbx::model {

class JobContext;

// Reads a SELECT through a NO SCROLL cursor, batch by batch, so that only what is fetched ever
// reaches this process: the query runner (capped results) and the export (every row) both
// read this way. The cursor lives in a read-only transaction of its own (one snapshot for the
// whole read), or in a savepoint when the connection is already in a transaction, so that a
// failure never spoils the caller's transaction. Within one transaction it is safe behind a
// transaction pooler.
class ReadCursor {
public:
    ReadCursor(QSqlDatabase &db, const JobContext *context, const char *name = "dbx_read");
    ~ReadCursor();
    ReadCursor(const ReadCursor &) = delete;
    ReadCursor &operator=(const ReadCursor &) = delete;

    Status open(const Statement &statement);
    // The next `rows` rows (all that are left when rows < 0); fewer means the end.
    Result<PgResult> fetch(qint64 rows);
    // Closes the cursor and ends its transaction (or releases its savepoint).
    Status close();
    // Rolls back what open() began and returns `error` naming the user's statement rather than
    // the DECLARE or FETCH around it.
    DbError fail(DbError error);

private:
    Status run(const QString &sql);

    QSqlDatabase &m_db;
    const JobContext *m_context;
    QString m_name;
    QString m_statement;
    bool m_nested = false;
    bool m_open = false;
};

} // namespace dbx::model
