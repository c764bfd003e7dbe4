#include "model/db/databaseworker.h"

#include "model/connection/connector.h"
#include "model/sqlscript.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

namespace dbx::model {

void WorkerControl::setCancelHandle(std::unique_ptr<CancelHandle> handle)
{
    QMutexLocker lock(&m_mutex);
    m_cancel = std::move(handle);
}

void WorkerControl::setRunning(Ticket ticket)
{
    m_running.store(ticket);
}

void WorkerControl::cancel(Ticket ticket)
{
    QMutexLocker lock(&m_mutex);
    m_cancelled.insert(ticket);
    // Checked under the lock so a statement started after ours finished is not hit.
    if (m_running.load() == ticket && m_cancel)
        m_cancel->cancel();
}

void WorkerControl::cancelAllUpTo(Ticket last)
{
    QMutexLocker lock(&m_mutex);
    m_cancelUpTo = std::max(m_cancelUpTo, last);
    const Ticket running = m_running.load();
    if (running != 0 && running <= last && m_cancel)
        m_cancel->cancel();
}

bool WorkerControl::isCancelled(Ticket ticket) const
{
    QMutexLocker lock(&m_mutex);
    return ticket <= m_cancelUpTo || m_cancelled.contains(ticket);
}

void WorkerControl::forget(Ticket ticket)
{
    QMutexLocker lock(&m_mutex);
    m_cancelled.remove(ticket);
}

JobContext::JobContext(Ticket ticket, const WorkerControl *control,
                       std::function<void(qint64)> progress, DbError error)
    : m_ticket(ticket)
    , m_control(control)
    , m_progress(std::move(progress))
    , m_error(std::move(error))
{}

namespace {

DbError cancelledError(const QString &statement = {})
{
    DbError error;
    error.kind = DbError::Kind::Cancelled;
    error.sqlState = QStringLiteral("57014");
    error.message = QCoreApplication::translate("Connector", "Cancelled.");
    error.statement = statement;
    return error;
}

} // namespace

DatabaseWorker::DatabaseWorker(std::shared_ptr<WorkerControl> control)
    : m_control(std::move(control))
    , m_name(Connector::uniqueName(QStringLiteral("worker")))
{}

DatabaseWorker::~DatabaseWorker()
{
    close();
}

void DatabaseWorker::open(const ConnectionSpec &spec)
{
    close();
    m_spec = spec;
    m_hasSpec = true;
    DbError error;
    if (connect(&error))
        emit opened(describeServer(m_db, m_spec.displayName()));
    else
        emit openFailed(error);
}

bool DatabaseWorker::connect(DbError *error)
{
    {
        Result<QSqlDatabase> db = Connector::open(m_spec, m_name);
        if (!db) {
            *error = db.error();
            return false;
        }
        m_db = db.value();
    }
    QString why;
    if (!Connector::sessionIsSafe(m_db, &why)) {
        // A server configured this way would make every bound value unsafe: refuse it.
        close();
        error->kind = DbError::Kind::ConnectionFailed;
        error->message = why;
        return false;
    }
    m_control->setCancelHandle(std::make_unique<CancelHandle>(m_db));
    afterRequest();
    return true;
}

void DatabaseWorker::close()
{
    m_control->setCancelHandle(nullptr);
    m_db = QSqlDatabase();
    Connector::close(m_name);
}

bool DatabaseWorker::ensureConnected(DbError *error)
{
    if (!m_hasSpec) {
        error->kind = DbError::Kind::ConnectionFailed;
        error->message = QCoreApplication::translate("Database", "Not connected to a database.");
        return false;
    }
    if (m_db.isValid() && m_db.isOpen() && !connectionBroken(m_db))
        return true;
    close();
    if (!connect(error))
        return false;
    emit opened(describeServer(m_db, m_spec.displayName()));
    return true;
}

void DatabaseWorker::afterRequest()
{
    const TransactionState state = transactionState(m_db);
    if (state != m_txState) {
        m_txState = state;
        emit transactionStateChanged(state);
    }
    if (!m_db.isValid() || connectionBroken(m_db))
        return;
    QString why;
    if (!Connector::sessionIsSafe(m_db, &why)) {
        // QPSQL escapes bound values on the client; a changed escaping mode makes that unsafe,
        // so the session is thrown away and the next request reconnects.
        close();
        DbError error;
        error.kind = DbError::Kind::ConnectionLost;
        error.message = why;
        emit connectionLost(error);
    }
}

void DatabaseWorker::execute(Ticket ticket, const SqlRequest &request)
{
    SqlResult result;
    DbError error;
    if (m_control->isCancelled(ticket)) {
        result.error = cancelledError(request.sql);
    } else if (!ensureConnected(&error)) {
        result.error = error;
    } else {
        m_control->setRunning(ticket);
        result = runScript(ticket, request);
        m_control->setRunning(0);
        if (result.error.kind == DbError::Kind::ConnectionLost || connectionBroken(m_db))
            emit connectionLost(result.error);
        afterRequest();
    }
    m_control->forget(ticket);
    emit finished(ticket, result);
}

SqlResult DatabaseWorker::runScript(Ticket ticket, const SqlRequest &request)
{
    // QPSQL sends a multi-statement string in one message but reports only the first result:
    // a later statement's error would vanish. So a script runs one statement at a time.
    const QList<ScriptStatement> statements =
        request.params.isEmpty() ? splitScript(request.sql) : QList<ScriptStatement>{};
    if (statements.size() <= 1) {
        SqlResult result = runStatement(ticket, request);
        emit statementLogged(ticket, request.sql, result.elapsedMs, result.ok());
        return result;
    }
    SqlResult result;
    qint64 elapsed = 0;
    for (qsizetype i = 0; i < statements.size(); ++i) {
        SqlRequest one;
        one.sql = statements.at(i).sql;
        one.maxRows = request.maxRows;
        result = m_control->isCancelled(ticket) ? SqlResult{} : runStatement(ticket, one);
        if (m_control->isCancelled(ticket) && result.ok())
            result.error = cancelledError(one.sql);
        elapsed += result.elapsedMs;
        emit statementLogged(ticket, one.sql, result.elapsedMs, result.ok());
        if (!result.ok()) {
            result.error.detail = QCoreApplication::translate(
                                      "Database", "Statement %1 of %2, line %3 of the script.")
                                      .arg(i + 1)
                                      .arg(statements.size())
                                      .arg(statements.at(i).line) +
                                  QLatin1Char('\n') + result.error.detail;
            break;
        }
    }
    result.elapsedMs = elapsed;
    return result;
}

SqlResult DatabaseWorker::runStatement(Ticket ticket, const SqlRequest &request)
{
    SqlResult result;
    QElapsedTimer timer;
    timer.start();
    // Single-row mode: the first rows arrive at once and memory stays flat.
    Result<QSqlQuery> executed = Connector::execBound(m_db, request.sql, request.params);
    if (!executed) {
        result.error = executed.error();
        result.elapsedMs = timer.elapsed();
        return result;
    }
    QSqlQuery &query = executed.value();
    const QSqlRecord record = query.record();
    for (int i = 0; i < record.count(); ++i)
        result.columns << record.fieldName(i);
    QElapsedTimer sinceProgress;
    sinceProgress.start();
    while (query.isSelect() && query.next()) {
        QVariantList row;
        row.reserve(result.columns.size());
        for (int i = 0; i < result.columns.size(); ++i)
            row << query.value(i);
        result.rows << std::move(row);
        if (sinceProgress.elapsed() >= 100) {
            emit progress(ticket, result.rows.size());
            sinceProgress.restart();
        }
        const bool limitReached = request.maxRows >= 0 && result.rows.size() >= request.maxRows;
        if (limitReached || m_control->isCancelled(ticket)) {
            result.truncated = limitReached;
            if (!limitReached)
                result.error = cancelledError(request.sql);
            // Stop the server from sending the rest rather than draining it.
            m_control->cancel(ticket);
            break;
        }
    }
    if (!result.error.isError() && query.lastError().isValid())
        result.error = Connector::fromSqlError(query.lastError(), request.sql);
    result.rowsAffected = query.numRowsAffected();
    query.finish();
    result.elapsedMs = timer.elapsed();
    return result;
}

void DatabaseWorker::runJob(Ticket ticket, const Job &job)
{
    auto report = [this, ticket](qint64 done) { emit progress(ticket, done); };
    DbError error;
    if (m_control->isCancelled(ticket))
        error = cancelledError();
    if (error.isError() || !ensureConnected(&error)) {
        QSqlDatabase none;
        job(none, JobContext(ticket, m_control.get(), report, error));
        m_control->forget(ticket);
        return;
    }
    m_control->setRunning(ticket);
    job(m_db, JobContext(ticket, m_control.get(), report));
    m_control->setRunning(0);
    if (connectionBroken(m_db)) {
        DbError lost;
        lost.kind = DbError::Kind::ConnectionLost;
        lost.message =
            QCoreApplication::translate("Connector", "The connection to the server was lost.");
        emit connectionLost(lost);
    }
    afterRequest();
    m_control->forget(ticket);
}

} // namespace dbx::model
