#include "model/db/executor.h"

#include "model/db/databaseworker.h"
#include "model/db/pgnative.h"
#include "model/db/pgvalue.h"

#include <QCoreApplication>
#include <QSqlDatabase>

#include <libpq-fe.h>

#include <vector>

namespace dbx::model {

namespace {

thread_local NoticeScope *t_notices = nullptr;
thread_local std::function<void(const Notice &)> *t_receiver = nullptr;

QString field(const PGresult *r, int code)
{
    const char *v = r ? PQresultErrorField(r, code) : nullptr;
    return v ? QString::fromUtf8(v) : QString();
}

void receiveNotice(void *, const PGresult *r)
{
    if (!t_receiver || !*t_receiver)
        return;
    Notice notice;
    notice.severity = field(r, PG_DIAG_SEVERITY_NONLOCALIZED);
    if (notice.severity.isEmpty())
        notice.severity = field(r, PG_DIAG_SEVERITY);
    notice.sqlState = field(r, PG_DIAG_SQLSTATE);
    notice.message = field(r, PG_DIAG_MESSAGE_PRIMARY);
    notice.detail = field(r, PG_DIAG_MESSAGE_DETAIL);
    notice.hint = field(r, PG_DIAG_MESSAGE_HINT);
    notice.position = field(r, PG_DIAG_STATEMENT_POSITION).toInt();
    (*t_receiver)(notice);
}

DbError errorFrom(PGconn *conn, const PGresult *r, const QString &sql)
{
    if (!r || PQstatus(conn) != CONNECTION_OK)
        return DbError::connectionLost(QString::fromUtf8(PQerrorMessage(conn)).trimmed(), sql);
    DbError error;
    error.statement = sql;
    error.sqlState = field(r, PG_DIAG_SQLSTATE);
    if (error.sqlState == QLatin1String("57014"))
        return DbError::cancelled(sql);
    if (error.sqlState.startsWith(QLatin1String("08")) ||
        error.sqlState.startsWith(QLatin1String("57P")))
        return DbError::connectionLost(field(r, PG_DIAG_MESSAGE_PRIMARY), sql);
    error.kind = DbError::Kind::Statement;
    error.message = field(r, PG_DIAG_MESSAGE_PRIMARY);
    if (error.message.isEmpty())
        error.message = QString::fromUtf8(PQresultErrorMessage(r)).trimmed();
    if (error.message.isEmpty())
        error.message = QCoreApplication::translate(
            "Connector", "The statement failed without a message from the server.");
    error.hint = field(r, PG_DIAG_MESSAGE_HINT);
    QStringList more;
    for (const QString &text : {field(r, PG_DIAG_MESSAGE_DETAIL), error.hint}) {
        if (!text.isEmpty())
            more << text;
    }
    error.detail = more.join(QLatin1Char('\n'));
    error.position = field(r, PG_DIAG_STATEMENT_POSITION).toInt();
    error.schemaName = field(r, PG_DIAG_SCHEMA_NAME);
    error.tableName = field(r, PG_DIAG_TABLE_NAME);
    error.columnName = field(r, PG_DIAG_COLUMN_NAME);
    error.constraintName = field(r, PG_DIAG_CONSTRAINT_NAME);
    error.context = field(r, PG_DIAG_CONTEXT);
    return error;
}

DbError tooManyValues(const Statement &st)
{
    DbError error = DbError::plain(
        QCoreApplication::translate("Connector",
                                    "A statement can bind at most %L1 values; this one has %L2.")
            .arg(kMaxBoundValues)
            .arg(st.params.size()));
    error.statement = st.sql;
    return error;
}

// The bound values as libpq wants them: text or NULL, kept alive for the call.
class Parameters {
public:
    explicit Parameters(const Statement &st)
    {
        m_storage.reserve(size_t(st.params.size()));
        m_values.reserve(size_t(st.params.size()));
        for (const QVariant &p : st.params) {
            std::optional<QByteArray> text = toPgText(p);
            m_storage.push_back(text.value_or(QByteArray()));
            m_values.push_back(text ? m_storage.back().constData() : nullptr);
        }
        for (qsizetype i = 0; i < st.params.size(); ++i)
            m_types.push_back(i < st.types.size() ? st.types.at(i) : 0);
    }
    int count() const { return int(m_values.size()); }
    const char *const *values() const { return m_values.data(); }
    const Oid *types() const { return m_types.data(); }

private:
    std::vector<QByteArray> m_storage;
    std::vector<const char *> m_values;
    std::vector<Oid> m_types;
};

// Sends the statement (one Parse/Bind/Describe/Execute/Sync exchange, unnamed statement).
Status send(PGconn *conn, const Statement &st)
{
    if (!conn)
        return DbError::connectionLost({}, st.sql);
    if (st.params.size() > kMaxBoundValues)
        return tooManyValues(st);
    registerValueTypes();
    PQsetNoticeReceiver(conn, receiveNotice, nullptr);
    const Parameters params(st);
    const QByteArray sql = st.sql.toUtf8();
    if (PQsendQueryParams(conn, sql.constData(), params.count(), params.types(), params.values(),
                          nullptr, nullptr, 0) != 1)
        return DbError::connectionLost(QString::fromUtf8(PQerrorMessage(conn)).trimmed(), st.sql);
    return {};
}

// Ends a COPY the statement started: refused data for COPY FROM STDIN, drained for TO STDOUT.
void endCopy(PGconn *conn, ExecStatusType status)
{
    if (status == PGRES_COPY_IN) {
        const QByteArray why =
            QCoreApplication::translate("Connector", "COPY FROM STDIN cannot be given data here")
                .toUtf8();
        PQputCopyEnd(conn, why.constData());
        return;
    }
    char *buffer = nullptr;
    while (PQgetCopyData(conn, &buffer, 0) > 0)
        PQfreemem(buffer);
}

// Ours, not the server's: the server would answer a refused COPY FROM STDIN with 57014,
// which reads as a cancel.
DbError copyNotStreamed(ExecStatusType status, const QString &sql)
{
    DbError error = DbError::plain(
        status == PGRES_COPY_IN
            ? QCoreApplication::translate("Connector", "COPY FROM STDIN cannot be given data here")
            : QCoreApplication::translate("Connector",
                                          "COPY TO STDOUT cannot be read as rows here"));
    error.statement = sql;
    return error;
}

bool succeeded(ExecStatusType status)
{
    return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK ||
           status == PGRES_SINGLE_TUPLE || status == PGRES_EMPTY_QUERY;
}

// Reads every result of the statement; the first failure wins. A COPY the statement started
// is ended at once (COPY runs through the export and import paths, not here).
Result<PgResult> collect(PGconn *conn, const QString &sql)
{
    PgResult last;
    std::optional<DbError> failure;
    while (PGresult *raw = PQgetResult(conn)) {
        PgResult r(raw);
        const ExecStatusType status = PQresultStatus(raw);
        if (status == PGRES_COPY_IN)
            PQputCopyEnd(conn, "COPY is not supported here");
        else if (status == PGRES_COPY_OUT) {
            char *buffer = nullptr;
            while (PQgetCopyData(conn, &buffer, 0) > 0)
                PQfreemem(buffer);
        } else if (!succeeded(status) && !failure)
            failure = errorFrom(conn, raw, sql);
        else if (succeeded(status))
            last = std::move(r);
    }
    if (failure)
        return *failure;
    if (PQstatus(conn) != CONNECTION_OK)
        return DbError::connectionLost(QString::fromUtf8(PQerrorMessage(conn)).trimmed(), sql);
    return last;
}

PgRows rowsOf(const PgResult &r)
{
    PgRows out;
    out.columns = r.columnNames();
    out.types = r.columnTypes();
    out.affected = r.affected();
    out.command = r.command();
    const int count = r.rowCount();
    out.rows.reserve(count);
    for (int i = 0; i < count; ++i)
        out.rows << r.row(i);
    return out;
}

} // namespace

NoticeScope::NoticeScope(std::function<void(const Notice &)> receiver)
    : m_receiver(std::move(receiver))
    , m_previous(t_notices)
{
    t_notices = this;
    t_receiver = &m_receiver;
}

NoticeScope::~NoticeScope()
{
    t_notices = m_previous;
    t_receiver = m_previous ? &m_previous->m_receiver : nullptr;
}

void PgResult::Deleter::operator()(PGresult *r) const
{
    PQclear(r);
}

PgResult::PgResult(PGresult *result)
    : m_result(result)
{}

int PgResult::rowCount() const
{
    return m_result ? PQntuples(m_result.get()) : 0;
}

int PgResult::columnCount() const
{
    return m_result ? PQnfields(m_result.get()) : 0;
}

QString PgResult::columnName(int column) const
{
    return QString::fromUtf8(PQfname(m_result.get(), column));
}

quint32 PgResult::columnType(int column) const
{
    return PQftype(m_result.get(), column);
}

bool PgResult::isNull(int row, int column) const
{
    return PQgetisnull(m_result.get(), row, column);
}

const char *PgResult::raw(int row, int column) const
{
    return PQgetvalue(m_result.get(), row, column);
}

int PgResult::length(int row, int column) const
{
    return PQgetlength(m_result.get(), row, column);
}

QVariant PgResult::value(int row, int column) const
{
    if (isNull(row, column))
        return {};
    return fromPgText(columnType(column), raw(row, column), length(row, column));
}

QVariantList PgResult::row(int row) const
{
    const int columns = columnCount();
    QVariantList values;
    values.reserve(columns);
    for (int c = 0; c < columns; ++c)
        values << value(row, c);
    return values;
}

QStringList PgResult::columnNames() const
{
    QStringList names;
    for (int c = 0; c < columnCount(); ++c)
        names << columnName(c);
    return names;
}

QList<quint32> PgResult::columnTypes() const
{
    QList<quint32> types;
    for (int c = 0; c < columnCount(); ++c)
        types << columnType(c);
    return types;
}

qint64 PgResult::affected() const
{
    const char *n = m_result ? PQcmdTuples(m_result.get()) : nullptr;
    return n && *n ? QByteArray(n).toLongLong() : 0;
}

QString PgResult::command() const
{
    return m_result ? QString::fromUtf8(PQcmdStatus(m_result.get())) : QString();
}

Result<PgResult> execRaw(QSqlDatabase &db, const Statement &statement)
{
    PGconn *conn = nativeConnection(db);
    if (Status sent = send(conn, statement); !sent)
        return sent.error();
    return collect(conn, statement.sql);
}

Result<PgRows> exec(QSqlDatabase &db, const Statement &statement)
{
    Result<PgResult> r = execRaw(db, statement);
    if (!r)
        return r.error();
    return rowsOf(r.value());
}

Result<QVariant> execScalar(QSqlDatabase &db, const Statement &statement)
{
    Result<PgResult> r = execRaw(db, statement);
    if (!r)
        return r.error();
    if (r->rowCount() == 0 || r->columnCount() == 0)
        return QVariant();
    return r->value(0, 0);
}

Status execAll(QSqlDatabase &db, const QList<Statement> &statements)
{
    for (const Statement &st : statements) {
        if (Result<PgResult> r = execRaw(db, st); !r)
            return r.error();
    }
    return {};
}

Result<qint64> copyOut(QSqlDatabase &db, const Statement &copy,
                       const std::function<bool(const char *data, int length)> &onData,
                       const JobContext *context)
{
    PGconn *conn = nativeConnection(db);
    if (Status sent = send(conn, copy); !sent)
        return sent.error();
    PGresult *first = PQgetResult(conn);
    if (!first || PQresultStatus(first) != PGRES_COPY_OUT) {
        PgResult r(first);
        const DbError error = errorFrom(conn, first, copy.sql);
        while (PGresult *more = PQgetResult(conn))
            PQclear(more);
        return error;
    }
    PQclear(first);
    qint64 chunks = 0;
    bool cancelSent = false;
    for (;;) {
        char *data = nullptr;
        const int n = PQgetCopyData(conn, &data, 0);
        if (n < 0)
            break;
        const bool more = cancelSent || onData(data, n);
        PQfreemem(data);
        ++chunks;
        // The protocol offers no way out of COPY but a cancel request; the rest is drained.
        if (!cancelSent && (!more || (chunks % 10000 == 0 && context && context->cancelled()))) {
            CancelHandle(db).cancel();
            cancelSent = true;
        }
    }
    Result<PgResult> end = collect(conn, copy.sql);
    if (cancelSent)
        return DbError::cancelled(copy.sql);
    if (!end)
        return end.error();
    return chunks;
}

namespace {

// Feeds the data of a COPY FROM STDIN the statement started; false when `read` failed or the
// job was cancelled (the copy is then refused with PQputCopyEnd and the server rolls it back).
bool feedCopy(PGconn *conn, const CopySource &read, const JobContext *context,
              std::optional<DbError> *failure)
{
    std::vector<char> buffer(kCopyChunk);
    for (;;) {
        if (context && context->cancelled()) {
            PQputCopyEnd(conn, "cancelled");
            *failure = DbError::cancelled();
            return false;
        }
        Result<qint64> n = read(buffer.data(), int(buffer.size()));
        if (!n) {
            PQputCopyEnd(conn, "the client could not read its data");
            *failure = n.error();
            return false;
        }
        if (n.value() == 0)
            break;
        if (PQputCopyData(conn, buffer.data(), int(n.value())) != 1)
            return false; // the connection broke: collect() says so
    }
    return PQputCopyEnd(conn, nullptr) == 1;
}

} // namespace

Result<qint64> copyIn(QSqlDatabase &db, const Statement &copy, const CopySource &read,
                      const JobContext *context)
{
    PGconn *conn = nativeConnection(db);
    if (Status sent = send(conn, copy); !sent)
        return sent.error();
    PGresult *first = PQgetResult(conn);
    if (!first || PQresultStatus(first) != PGRES_COPY_IN) {
        PgResult r(first);
        if (first && PQresultStatus(first) == PGRES_COPY_OUT)
            endCopy(conn, PGRES_COPY_OUT);
        const DbError error = first && succeeded(PQresultStatus(first))
                                  ? copyNotStreamed(PGRES_COPY_IN, copy.sql)
                                  : errorFrom(conn, first, copy.sql);
        while (PGresult *more = PQgetResult(conn))
            PQclear(more);
        return error;
    }
    PQclear(first);
    std::optional<DbError> failure;
    feedCopy(conn, read, context, &failure);
    Result<PgResult> end = collect(conn, copy.sql);
    if (failure) {
        failure->statement = copy.sql;
        return *failure; // ours (a cancel, a file) rather than the server's echo of it
    }
    if (!end)
        return end.error();
    return end->affected();
}

Result<PgRows> execStreamRaw(QSqlDatabase &db, const Statement &statement,
                             const RawRowStream &stream, const JobContext *context)
{
    PGconn *conn = nativeConnection(db);
    if (Status sent = send(conn, statement); !sent)
        return sent.error();
    PQsetSingleRowMode(conn);
    PgRows summary;
    bool described = false;
    bool stopped = false;
    std::optional<DbError> failure;
    while (PGresult *raw = PQgetResult(conn)) {
        PgResult r(raw);
        const ExecStatusType status = PQresultStatus(raw);
        // A COPY would wait for data here forever: it is ended and refused (COPY TO STDOUT
        // has copyOut).
        if (status == PGRES_COPY_IN || status == PGRES_COPY_OUT) {
            endCopy(conn, status);
            if (!failure)
                failure = copyNotStreamed(status, statement.sql);
            continue;
        }
        if (!succeeded(status)) {
            if (!failure)
                failure = errorFrom(conn, raw, statement.sql);
            continue;
        }
        if (!described && (status == PGRES_SINGLE_TUPLE || status == PGRES_TUPLES_OK)) {
            described = true;
            summary.columns = r.columnNames();
            summary.types = r.columnTypes();
            if (stream.onColumns)
                stream.onColumns(r);
        }
        if (status == PGRES_SINGLE_TUPLE) {
            ++summary.affected;
            if (stopped)
                continue;
            bool more = stream.onRow ? stream.onRow(r) : true;
            // Asked now and then: the question takes a lock.
            if (more && context && summary.affected % 1000 == 0)
                more = !context->cancelled();
            if (!more) {
                // The protocol has no way out of a running statement but a cancel request;
                // what still arrives is read and dropped.
                stopped = true;
                CancelHandle(db).cancel();
            }
            continue;
        }
        summary.command = r.command();
        if (status == PGRES_COMMAND_OK)
            summary.affected = r.affected();
    }
    if (failure && !(stopped && failure->isCancelled()))
        return *failure;
    if (PQstatus(conn) != CONNECTION_OK)
        return DbError::connectionLost(QString::fromUtf8(PQerrorMessage(conn)).trimmed(),
                                       statement.sql);
    if (stopped && context && context->cancelled())
        return DbError::cancelled(statement.sql);
    return summary;
}

Result<PgRows> execStream(QSqlDatabase &db, const Statement &statement, const RowStream &stream,
                          const JobContext *context)
{
    RawRowStream raw;
    if (stream.onColumns)
        raw.onColumns = [&](const PgResult &r) {
            stream.onColumns(r.columnNames(), r.columnTypes());
        };
    if (stream.onRow)
        raw.onRow = [&](const PgResult &r) { return stream.onRow(r.row(0)); };
    return execStreamRaw(db, statement, raw, context);
}

} // namespace dbx::model
