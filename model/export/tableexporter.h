#pragma once

#include "model/data/tablequery.h"
#include "model/db/database.h"
#include "model/result.h"

#include <QList>
#include <QMetaType>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QVariant>

namespace dbx::model {

// Table: aligned columns as psql prints them, for a terminal (sized on the first screen).
enum class ExportFormat { Csv, Json, Table };

struct ExportOptions {
    // CSV only: the first line names the columns.
    bool header = true;
    // Export only the rows whose key values (text, in key order) are listed here, still in the
    // grid's order and through its filter. An empty list then exports nothing.
    bool selectedOnly = false;
    QList<QVariantList> selectedKeys;
    // Lets a CSV export of a statement without bound values use COPY ... TO STDOUT, which is
    // about as fast as psql's \copy; off, every export reads through a cursor (tests compare
    // the two paths).
    bool allowCopy = true;
    // CSV lines end in CRLF (RFC 4180, what files get) or LF (what a terminal and psql use).
    bool crlf = true;
};

// What a finished export wrote.
struct ExportSummary {
    qint64 rows = 0;
    qint64 bytes = 0;
    QString path;
};

// Writes every row a grid shows (its relation, filter and sort, or a selection of it) to a CSV
// or JSON file without holding the result in memory: the rows stream from a server-side cursor
// (or COPY) batch by batch into a temporary file that replaces `path` only when everything was
// written, so a cancelled or failed export leaves nothing behind. Runs as one job on the
// Database's worker thread; the connection is busy until the export ends, so a long export
// should get a Database of its own.
class TableExporter : public QObject {
    Q_OBJECT
public:
    explicit TableExporter(Database *db, QObject *parent = nullptr);
    ~TableExporter() override;

    // Starts an export; a running one is cancelled first (its result is dropped). progress()
    // and then finished() follow.
    Ticket start(const TableQuery &query, ExportFormat format, const QString &path,
                 const ExportOptions &options = {});
    // The same for any SELECT ($n placeholders with its bound values): what the query
    // builder exports, every row streamed however many there are. `options.selected*` are
    // ignored.
    Ticket startStatement(const Statement &statement, ExportFormat format, const QString &path,
                          const ExportOptions &options = {});
    // Stops the running export between two batches or on the server; finished() then reports
    // a Cancelled error and no file is written.
    void cancel();
    bool isRunning() const { return m_ticket != 0; }

    // The statement an export runs: the grid's selectAll(), narrowed to the selected keys by a
    // filter on the key columns when asked. Fails when the selection cannot be expressed
    // (no key, wrong tuple sizes, too many values to bind). Pure, for tests.
    static Result<Statement> statement(const TableQuery &query, const ExportOptions &options);

signals:
    // Rows written so far, once per batch.
    void progress(qint64 rows);
    void finished(const dbx::model::Result<dbx::model::ExportSummary> &result);

private:
    Ticket run(const Result<Statement> &statement, ExportFormat format, const QString &path,
               const ExportOptions &options);

    QPointer<Database> m_db;
    Ticket m_ticket = 0;
};

class ExportFile;

// Writes every row of `statement` to `file` as they arrive: COPY for CSV without bound values
// (when allowed), else the shared read cursor; the count of rows. On the connection's thread.
// The dialog's export and `dbexplorer query` both write this way.
Result<qint64> exportStatement(QSqlDatabase &db, const Statement &statement, ExportFormat format,
                               const ExportOptions &options, ExportFile &file,
                               const JobContext *context = nullptr);

} // namespace dbx::model

Q_DECLARE_METATYPE(dbx::model::ExportSummary)
