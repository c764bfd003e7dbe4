#include "model/export/tableexporter.h"

#include "model/db/executor.h"
#include "model/db/pgnative.h"
#include "model/export/exportwriter.h"
#include "model/export/tabletextwriter.h"
#include "model/query/querysql.h"

#include <QCoreApplication>

namespace dbx::model {

namespace {

// Rows between two progress reports.
constexpr int kProgressRows = 10000;

// Streams the rows (single-row mode) into the writer as the server sends them: the server
// works on while rows are written, as with COPY, where a cursor would wait for every batch.
// Inside the caller's transaction a savepoint keeps a failure from spoiling it.
Result<qint64> streamExport(QSqlDatabase &db, const JobContext *ctx, const Statement &st,
                            ExportFile &file, RowWriter &writer)
{
    const bool nested = transactionState(db) != TransactionState::Idle;
    if (nested) {
        if (const Result<PgRows> begun =
                exec(db, Statement(QStringLiteral("SAVEPOINT dbx_export")));
            !begun)
            return begun.error();
    }
    qint64 rows = 0;
    Status written;
    RawRowStream stream;
    stream.onColumns = [&](const PgResult &described) { writer.begin(file, described); };
    stream.onRow = [&](const PgResult &row) {
        writer.rows(file, row);
        ++rows;
        if (file.full())
            written = file.flush();
        if (rows % kProgressRows == 0 && ctx)
            ctx->progress(rows);
        return written.ok();
    };
    Result<PgRows> done = execStreamRaw(db, st, stream, ctx);
    if (!written)
        done = written.error();
    if (nested) {
        if (!done && ctx)
            ctx->endCancellable();
        if (!done)
            exec(db, Statement(QStringLiteral("ROLLBACK TO SAVEPOINT dbx_export")));
        exec(db, Statement(QStringLiteral("RELEASE SAVEPOINT dbx_export")));
    }
    if (!done)
        return done.error();
    if (ctx)
        ctx->progress(rows);
    return rows;
}

// COPY (query) TO STDOUT: the server formats the CSV itself, one row per message. Only for
// statements without bound values (COPY takes none).
Result<qint64> copyExport(QSqlDatabase &db, const JobContext *ctx, const QString &select,
                          bool header, bool crlf, ExportFile &file)
{
    if (ctx && ctx->cancelled())
        return DbError::cancelled();
    const Statement copy(QLatin1String("COPY (") + select +
                         QLatin1String(") TO STDOUT (FORMAT csv") +
                         QLatin1String(header ? ", HEADER)" : ")"));
    Status written;
    qint64 lines = 0;
    const Result<qint64> copied = copyOut(
        db, copy,
        [&](const char *data, int n) {
            // One row per message, ending in LF: RFC 4180 (and the cursor path) end rows in
            // CRLF.
            const bool lf = crlf && n > 0 && data[n - 1] == '\n';
            char *p = ExportFile::put(file.room(n + 1), data, lf ? n - 1 : n);
            if (lf) {
                *p++ = '\r';
                *p++ = '\n';
            }
            file.advance(p);
            if (file.full())
                written = file.flush();
            if (++lines % kProgressRows == 0 && ctx)
                ctx->progress(lines - (header ? 1 : 0));
            return written.ok();
        },
        ctx);
    if (!written)
        return written.error();
    if (!copied)
        return copied.error();
    return copied.value() - (copied.value() > 0 && header ? 1 : 0);
}

} // namespace

Result<qint64> exportStatement(QSqlDatabase &db, const Statement &st, ExportFormat format,
                               const ExportOptions &options, ExportFile &file,
                               const JobContext *ctx)
{
    if (!nativeConnection(db))
        return DbError::connectionLost();
    const bool header = options.header && format == ExportFormat::Csv;
    if (format == ExportFormat::Csv && options.allowCopy && st.params.isEmpty())
        return copyExport(db, ctx, st.sql, header, options.crlf, file);
    std::unique_ptr<RowWriter> writer;
    if (format == ExportFormat::Table)
        writer = std::make_unique<TableTextWriter>();
    else
        writer = std::make_unique<ExportRowWriter>(format, header, options.crlf);
    Result<qint64> rows = streamExport(db, ctx, st, file, *writer);
    if (rows)
        writer->end(file);
    return rows;
}

namespace {

Result<ExportSummary> exportRows(QSqlDatabase &db, const JobContext &ctx, const Statement &st,
                                 ExportFormat format, const QString &path,
                                 const ExportOptions &options)
{
    ExportFile file(path);
    if (Status opened = file.open(); !opened)
        return opened.error();
    const Result<qint64> rows = exportStatement(db, st, format, options, file, &ctx);
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

Result<Statement> TableExporter::statement(const TableQuery &query, const ExportOptions &options)
{
    if (!options.selectedOnly)
        return query.selectAll();
    QStringList keys = query.keyColumns();
    if (keys.isEmpty() && query.paging() == TableQuery::Paging::Ctid)
        keys << QStringLiteral("ctid"); // what the grid identifies such rows by
    if (keys.isEmpty()) {
        return DbError::plain(tr("The rows of %1 have no key, so a selection of them cannot "
                                 "be exported. Export all rows matching a filter instead.")
                                  .arg(query.name()));
    }
    for (const QVariantList &tuple : options.selectedKeys) {
        if (tuple.size() != keys.size())
            return DbError::plain(tr("A selected row does not match the table's key."));
    }
    using query::Filter;
    Filter selection;
    if (keys.size() == 1) {
        // A long list binds as one array: any number of rows can be selected.
        QVariantList values;
        for (const QVariantList &tuple : options.selectedKeys)
            values << tuple.value(0);
        selection = Filter::column(keys.first(), Filter::Op::In, values);
        if (values.isEmpty()) // IN () is no SQL: nothing is selected, nothing matches
            selection = Filter::never();
    } else {
        if (options.selectedKeys.size() * keys.size() > kMaxBoundValues) {
            return DbError::plain(tr("Too many rows are selected to export them as a selection. "
                                     "Export all rows matching a filter instead."));
        }
        QList<Filter> rows;
        for (const QVariantList &tuple : options.selectedKeys) {
            QList<Filter> equal;
            for (qsizetype i = 0; i < keys.size(); ++i)
                equal << Filter::column(keys.at(i), Filter::Op::Eq, {tuple.value(i)});
            rows << Filter::group(Filter::Logic::And, equal);
        }
        selection = rows.isEmpty() ? Filter::never() : Filter::group(Filter::Logic::Or, rows);
    }
    TableQuery narrowed = query;
    narrowed.setFilter(Filter::allOf({query.filter(), selection}));
    return narrowed.selectAll();
}

Ticket TableExporter::start(const TableQuery &query, ExportFormat format, const QString &path,
                            const ExportOptions &options)
{
    return run(statement(query, options), format, path, options);
}

Ticket TableExporter::startStatement(const Statement &statement, ExportFormat format,
                                     const QString &path, const ExportOptions &options)
{
    return run(statement, format, path, options);
}

Ticket TableExporter::run(const Result<Statement> &st, ExportFormat format, const QString &path,
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
