#pragma once

#include "model/db/statement.h"
#include "model/result.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <functional>
#include <memory>

class QSqlDatabase;
typedef struct pg_result PGresult;

namespace dbx::model {

class JobContext;

// A message the server sent while a statement ran: NOTICE, WARNING, RAISE output.
struct Notice {
    QString severity; // NOTICE, WARNING, INFO, LOG, DEBUG (untranslated, as sent)
    QString sqlState;
    QString message;
    QString detail;
    QString hint;
    int position = 0; // 1-based character in the statement, 0 when none
};

// Where notices go while the calling thread runs statements through the executor; the
// previous receiver comes back when this one goes. Without one, notices are dropped.
class NoticeScope {
public:
    explicit NoticeScope(std::function<void(const Notice &)> receiver);
    ~NoticeScope();
    NoticeScope(const NoticeScope &) = delete;
    NoticeScope &operator=(const NoticeScope &) = delete;

private:
    std::function<void(const Notice &)> m_receiver;
    NoticeScope *m_previous;
};

// A libpq result, owned: the raw text of each field for writers that copy it as it is (export,
// CSV), and the converted values for everyone else.
class PgResult {
public:
    PgResult() = default;
    explicit PgResult(PGresult *result);
    bool isNull() const { return !m_result; }
    int rowCount() const;
    int columnCount() const;
    QString columnName(int column) const;
    quint32 columnType(int column) const;
    bool isNull(int row, int column) const;
    const char *raw(int row, int column) const;
    int length(int row, int column) const;
    QVariant value(int row, int column) const;
    QVariantList row(int row) const;
    QStringList columnNames() const;
    QList<quint32> columnTypes() const;
    qint64 affected() const; // PQcmdTuples: rows inserted, updated, deleted, fetched
    QString command() const; // the command tag: "SELECT 3", "UPDATE 1", "CREATE TABLE"
    const PGresult *get() const { return m_result.get(); }

private:
    struct Deleter {
        void operator()(PGresult *r) const;
    };
    std::unique_ptr<PGresult, Deleter> m_result;
};

// A whole result as values: columns, their type OIDs, rows, and what the command did.
struct PgRows {
    QStringList columns;
    QList<quint32> types;
    QList<QVariantList> rows;
    qint64 affected = 0;
    QString command;
};

// The one executor. Runs a Statement through libpq on the QPSQL connection's handle as an
// unnamed statement (Parse/Bind/Execute/Sync in one round trip), every value a server-side
// parameter: nothing depends on session state, so it works behind a transaction pooler.
// A failure carries the SQLSTATE, the server's message, DETAIL/HINT, the diagnostic fields
// and the error position. Blocking: call it on the thread that owns the connection (a worker).
Result<PgRows> exec(QSqlDatabase &db, const Statement &statement);
// The first value of the first row (null when there is no row): for one-value questions.
Result<QVariant> execScalar(QSqlDatabase &db, const Statement &statement);
// Runs statements one after another, stopping at the first failure (for fixed scripts of the
// application's own, such as BEGIN ... COMMIT around loading data).
Status execAll(QSqlDatabase &db, const QList<Statement> &statements);
// The same, keeping the raw result (for readers that copy fields as text).
Result<PgResult> execRaw(QSqlDatabase &db, const Statement &statement);

// Streams the rows of a statement in libpq's single-row mode, so memory stays flat whatever
// the row count: `onColumns` once (before the first row, also for an empty result), then
// `onRow` per row; returning false from `onRow` stops the statement on the server. The
// returned PgRows has no rows, only columns, types, the command tag and the count.
struct RowStream {
    std::function<void(const QStringList &names, const QList<quint32> &types)> onColumns;
    std::function<bool(const QVariantList &row)> onRow;
};
Result<PgRows> execStream(QSqlDatabase &db, const Statement &statement, const RowStream &stream,
                          const JobContext *context = nullptr);
// The same without converting: each row is a one-row PgResult, for writers that copy the
// server's text as it is (export, the command line). The server sends while the rows are
// written, so a stream is as fast as COPY where a cursor would wait for every batch.
struct RawRowStream {
    std::function<void(const PgResult &described)> onColumns;
    std::function<bool(const PgResult &row)> onRow;
};
Result<PgRows> execStreamRaw(QSqlDatabase &db, const Statement &statement,
                             const RawRowStream &stream, const JobContext *context = nullptr);

// Runs COPY ... TO STDOUT and hands each chunk the server sends (one row per chunk) to
// `onData`; returning false stops the copy on the server. The count is of chunks (rows).
Result<qint64> copyOut(QSqlDatabase &db, const Statement &copy,
                       const std::function<bool(const char *data, int length)> &onData,
                       const JobContext *context = nullptr);

// Runs COPY ... FROM STDIN and sends what `read` puts into its buffer (at most `capacity`
// bytes; 0 at the end, an error to give up) to the server unchanged, so the server parses it
// exactly as for psql's \copy. Between two chunks a cancelled job ends the copy; either way
// the server then refuses the whole COPY. The count is of rows the server stored.
using CopySource = std::function<Result<qint64>(char *buffer, int capacity)>;
inline constexpr int kCopyChunk = 256 * 1024;
Result<qint64> copyIn(QSqlDatabase &db, const Statement &copy, const CopySource &read,
                      const JobContext *context = nullptr);

// The most values one statement can bind (the protocol counts them in 16 bits).
inline constexpr int kMaxBoundValues = 65535;

} // namespace dbx::model
