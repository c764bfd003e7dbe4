#include "model/export/tableexporter.h"

#include "model/db/pgexec.h"
#include "model/db/pgnative.h"
#include "model/export/exportwriter.h"

#include <QCoreApplication>

#include <libpq-fe.h>

#include <memory>

namespace dbx::model {

namespace {

// Rows per FETCH: large enough that round trips cost nothing next to the writing, bounded by
// bytes too so that a table of 100 kB texts does not fetch a gigabyte at once.
constexpr int kMaxBatchRows = 10000;
constexpr int kFirstBatchRows = 100; // before the width of a row is known
constexpr qint64 kBatchBytes = 8 * 1024 * 1024;
// PQexecParams takes at most 65535 parameters.
constexpr qsizetype kMaxParams = 65535;

struct ResultDeleter {
    void operator()(PGresult *r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

DbError plainError(const QString &message, const QString &detail)
{
    DbError error;
    error.kind = DbError::Kind::Statement;
    error.message = message;
    error.detail = detail;
    return error;
}

DbError cancelled()
{
    DbError error;
    error.kind = DbError::Kind::Cancelled;
    error.sqlState = QStringLiteral("57014");
    error.message = QCoreApplication::translate("Connector", "Cancelled.");
    return error;
}

// The DbError of a failed libpq call on the export's own statements (FETCH, COPY).
DbError resultError(PGconn *conn, const PGresult *r, const QString &sql)
{
    DbError error;
    error.statement = sql;
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
    error.sqlState = state ? QString::fromUtf8(state) : QString();
    if (PQstatus(conn) != CONNECTION_OK || error.sqlState.startsWith(QLatin1String("08")) ||
        error.sqlState.startsWith(QLatin1String("57P"))) {
        error.kind = DbError::Kind::ConnectionLost;
        error.message =
            QCoreApplication::translate("Connector", "The connection to the server was lost.");
        error.detail = QString::fromUtf8(PQerrorMessage(conn)).trimmed();
        return error;
    }
    if (error.sqlState == QLatin1String("57014")) {
        DbError stopped = cancelled();
        stopped.statement = sql;
        return stopped;
    }
    error.kind = DbError::Kind::Statement;
    const char *primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    error.message =
        primary ? QString::fromUtf8(primary) : QString::fromUtf8(PQerrorMessage(conn)).trimmed();
    const char *detail = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL) : nullptr;
    error.detail = detail ? QString::fromUtf8(detail) : QString();
    return error;
}

// Reads through a NO SCROLL cursor in batches. Inside the caller's transaction a savepoint
// keeps a failure from spoiling it; otherwise the export has a read-only transaction of its own
// (one snapshot for the whole file).
class CursorExport {
public:
    CursorExport(QSqlDatabase &db, const JobContext &ctx)
        : m_db(db)
        , m_ctx(ctx)
        , m_conn(nativeConnection(db))
    {}

    Result<qint64> run(const SqlStatement &st, ExportFile &file, ExportRowWriter &writer)
    {
        m_nested = PQtransactionStatus(m_conn) != PQTRANS_IDLE;
        const QString begin =
            m_nested ? QStringLiteral("SAVEPOINT dbx_export") : QStringLiteral("BEGIN READ ONLY");
        if (auto r = pgExec(m_db, begin); !r)
            return r.error();
        const QString declare =
            QLatin1String("DECLARE dbx_export NO SCROLL CURSOR FOR ") + dollarPlaceholders(st.sql);
        if (auto r = pgExec(m_db, declare, st.params); !r)
            return abort(r.error());
        Result<qint64> rows = fetchAll(file, writer);
        if (!rows)
            return abort(rows.error());
        const QString end =
            m_nested ? QStringLiteral("RELEASE SAVEPOINT dbx_export") : QStringLiteral("COMMIT");
        if (auto r = pgExec(m_db, QStringLiteral("CLOSE dbx_export")); !r)
            return abort(r.error());
        if (auto r = pgExec(m_db, end); !r)
            return abort(r.error());
        return rows;
    }

private:
    Result<qint64> fetchAll(ExportFile &file, ExportRowWriter &writer)
    {
        qint64 rows = 0;
        int batch = kFirstBatchRows;
        bool first = true;
        for (;;) {
            if (m_ctx.cancelled())
                return cancelled();
            const QByteArray fetch =
                "FETCH FORWARD " + QByteArray::number(batch) + " FROM dbx_export";
            ResultPtr r(PQexec(m_conn, fetch.constData()));
            if (!r || PQresultStatus(r.get()) != PGRES_TUPLES_OK)
                return resultError(m_conn, r.get(), QString::fromLatin1(fetch));
            const qint64 before = file.bytes();
            if (first)
                writer.begin(file, r.get());
            first = false;
            writer.rows(file, r.get());
            const int got = PQntuples(r.get());
            rows += got;
            const qint64 bytes = file.bytes() - before;
            r.reset();
            if (file.full()) {
                if (Status written = file.flush(); !written)
                    return written.error();
            }
            m_ctx.progress(rows);
            if (got < batch)
                return rows;
            // Aim at kBatchBytes of text per batch.
            const qint64 perRow = qMax<qint64>(1, bytes / qMax(1, got));
            batch = int(qBound(qint64(1), kBatchBytes / perRow, qint64(kMaxBatchRows)));
        }
    }

    DbError abort(const DbError &error)
    {
        const QString undo = m_nested ? QStringLiteral("ROLLBACK TO SAVEPOINT dbx_export")
                                      : QStringLiteral("ROLLBACK");
        // A cancel request that reaches the server late can hit the rollback: try again once.
        for (int attempt = 0; attempt < 2; ++attempt) {
            if (pgExec(m_db, undo).ok())
                break;
        }
        if (m_nested)
            pgExec(m_db, QStringLiteral("RELEASE SAVEPOINT dbx_export"));
        return error;
    }

    QSqlDatabase &m_db;
    const JobContext &m_ctx;
    PGconn *m_conn;
    bool m_nested = false;
};

// COPY (query) TO STDOUT: the server formats the CSV itself, one row per message. Only for
// statements without bound values (COPY takes none).
Result<qint64> copyExport(QSqlDatabase &db, const JobContext &ctx, const QString &select,
                          bool header, ExportFile &file)
{
    if (ctx.cancelled())
        return cancelled();
    PGconn *conn = nativeConnection(db);
    const QString sql = QLatin1String("COPY (") + select +
                        QLatin1String(") TO STDOUT (FORMAT csv") +
                        QLatin1String(header ? ", HEADER)" : ")");
    ResultPtr start(PQexec(conn, sql.toUtf8().constData()));
    if (!start || PQresultStatus(start.get()) != PGRES_COPY_OUT)
        return resultError(conn, start.get(), sql);
    start.reset();
    qint64 lines = 0;
    bool cancelSent = false;
    Status written;
    for (;;) {
        char *data = nullptr;
        const int n = PQgetCopyData(conn, &data, 0);
        if (n < 0)
            break;
        if (written) {
            // One row per message, ending in LF: RFC 4180 (and the cursor path) end rows in CRLF.
            const bool lf = n > 0 && data[n - 1] == '\n';
            char *p = ExportFile::put(file.room(n + 1), data, lf ? n - 1 : n);
            if (lf) {
                *p++ = '\r';
                *p++ = '\n';
            }
            file.advance(p);
            if (file.full())
                written = file.flush();
        }
        PQfreemem(data);
        if (++lines % kMaxBatchRows != 0 && written)
            continue;
        ctx.progress(lines - (header ? 1 : 0));
        // The protocol offers no way out of COPY but a cancel request; the rest is drained.
        if (!cancelSent && (ctx.cancelled() || !written)) {
            CancelHandle(db).cancel();
            cancelSent = true;
        }
    }
    Result<qint64> rows = lines - (lines > 0 && header ? 1 : 0);
    while (PGresult *raw = PQgetResult(conn)) {
        ResultPtr r(raw);
        if (PQresultStatus(r.get()) != PGRES_COMMAND_OK && rows)
            rows = resultError(conn, r.get(), sql);
    }
    if (!written)
        return written.error();
    if (rows && PQstatus(conn) != CONNECTION_OK)
        return resultError(conn, nullptr, sql);
    if (rows && ctx.cancelled())
        return cancelled();
    return rows;
}

Result<ExportSummary> exportRows(QSqlDatabase &db, const JobContext &ctx, const SqlStatement &st,
                                 ExportFormat format, const QString &path,
                                 const ExportOptions &options)
{
    if (!nativeConnection(db)) {
        DbError lost;
        lost.kind = DbError::Kind::ConnectionLost;
        lost.message =
            QCoreApplication::translate("Connector", "The connection to the server was lost.");
        return lost;
    }
    ExportFile file(path);
    if (Status opened = file.open(); !opened)
        return opened.error();
    const bool header = options.header && format == ExportFormat::Csv;
    Result<qint64> rows = qint64(0);
    if (format == ExportFormat::Csv && options.allowCopy && st.params.isEmpty()) {
        rows = copyExport(db, ctx, st.sql, header, file);
    } else {
        ExportRowWriter writer(format, header);
        rows = CursorExport(db, ctx).run(st, file, writer);
        if (rows)
            writer.end(file);
    }
    if (!rows)
        return rows.error(); // the temporary file goes with `file`
    if (Status committed = file.commit(); !committed)
        return committed.error();
    ExportSummary summary;
    summary.rows = rows.value();
    summary.bytes = file.bytes();
    summary.path = path;
    return summary;
}

} // namespace

TableExporter::TableExporter(Database *db, QObject *parent)
    : QObject(parent)
    , m_db(db)
{
    connect(db, &Database::progress, this, [this](Ticket ticket, qint64 done) {
        if (ticket == m_ticket)
            emit progress(done);
    });
}

TableExporter::~TableExporter()
{
    cancel();
}

Result<SqlStatement> TableExporter::statement(const TableQuery &query, const ExportOptions &options)
{
    if (!options.selectedOnly)
        return query.selectAll();
    QStringList keys = query.keyColumns();
    if (keys.isEmpty() && query.paging() == TableQuery::Paging::Ctid)
        keys << QStringLiteral("ctid"); // what the grid identifies such rows by
    if (keys.isEmpty()) {
        return plainError(tr("The rows of %1 have no key, so a selection of them cannot "
                             "be exported. Export all rows matching a filter instead.")
                              .arg(query.name()),
                          {});
    }
    if (options.selectedKeys.size() * keys.size() > kMaxParams) {
        return plainError(tr("Too many rows are selected to export them as a selection. "
                             "Export all rows matching a filter instead."),
                          {});
    }
    for (const QVariantList &tuple : options.selectedKeys) {
        if (tuple.size() != keys.size())
            return plainError(tr("A selected row does not match the table's key."), {});
    }
    using Op = FilterCondition::Op;
    FilterGroup selection;
    if (keys.size() == 1) {
        FilterCondition in;
        in.column = keys.first();
        in.op = Op::In;
        for (const QVariantList &tuple : options.selectedKeys)
            in.values << tuple.value(0);
        selection.conditions << in;
    } else {
        selection.logic = FilterGroup::Logic::Or;
        for (const QVariantList &tuple : options.selectedKeys) {
            FilterGroup row;
            for (qsizetype i = 0; i < keys.size(); ++i) {
                FilterCondition equal;
                equal.column = keys.at(i);
                equal.op = Op::Equal;
                equal.values << tuple.value(i);
                row.conditions << equal;
            }
            selection.groups.push_back(row);
        }
    }
    if (options.selectedKeys.isEmpty()) {
        // An empty OR group would match every row; an empty IN matches none, as it should.
        FilterCondition none;
        none.column = keys.first();
        none.op = Op::In;
        selection = {};
        selection.conditions << none;
    }
    FilterGroup both;
    both.groups.push_back(query.filter());
    both.groups.push_back(selection);
    TableQuery narrowed = query;
    narrowed.setFilter(both);
    return narrowed.selectAll();
}

Ticket TableExporter::start(const TableQuery &query, ExportFormat format, const QString &path,
                            const ExportOptions &options)
{
    return run(statement(query, options), format, path, options);
}

Ticket TableExporter::startStatement(const SqlStatement &statement, ExportFormat format,
                                     const QString &path, const ExportOptions &options)
{
    return run(statement, format, path, options);
}

Ticket TableExporter::run(const Result<SqlStatement> &st, ExportFormat format, const QString &path,
                          const ExportOptions &options)
{
    cancel();
    if (!m_db)
        return 0;
    auto job = [st, format, path, options](QSqlDatabase &db,
                                           const JobContext &ctx) -> Result<ExportSummary> {
        if (!st)
            return st.error();
        return exportRows(db, ctx, st.value(), format, path, options);
    };
    m_ticket = m_db->run<ExportSummary>(
        job, this, [this](Ticket ticket, const Result<ExportSummary> &result) {
            if (ticket != m_ticket)
                return; // a cancelled export replaced by a newer one
            m_ticket = 0;
            emit finished(result);
        });
    return m_ticket;
}

void TableExporter::cancel()
{
    // The ticket stays: its result, a Cancelled error, is still reported by finished().
    if (m_ticket != 0 && m_db)
        m_db->cancel(m_ticket);
}

} // namespace dbx::model
