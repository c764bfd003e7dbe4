#include "model/db/database.h"

#include "model/db/executor.h"
#include "model/db/pgvalue.h"
#include "model/sqlscript.h"

#include <QCoreApplication>
#include <QElapsedTimer>

namespace dbx::model {

namespace {
void registerTypes()
{
    static const bool done = [] {
        qRegisterMetaType<Ticket>("dbx::model::Ticket");
        qRegisterMetaType<Statement>();
        registerValueTypes();
        qRegisterMetaType<SqlResult>();
        qRegisterMetaType<ServerInfo>();
        qRegisterMetaType<ReplicationLag>();
        qRegisterMetaType<DbError>();
        qRegisterMetaType<ConnectionSpec>();
        qRegisterMetaType<TransactionState>();
        return true;
    }();
    Q_UNUSED(done);
}
} // namespace

Database::Database(QObject *parent)
    : QObject(parent)
    , m_control(std::make_shared<WorkerControl>())
{
    registerTypes();
    m_thread.setObjectName(QStringLiteral("dbx-database"));
    m_worker = new DatabaseWorker(m_control);
    m_worker->moveToThread(&m_thread);

    connect(m_worker, &DatabaseWorker::opened, this, [this](const ServerInfo &info) {
        m_info = info;
        m_lastError = {};
        setState(State::Connected);
        emit connected(info);
    });
    connect(m_worker, &DatabaseWorker::openFailed, this, [this](const DbError &error) {
        m_lastError = error;
        setState(State::Failed);
        emit connectionFailed(error);
    });
    connect(m_worker, &DatabaseWorker::connectionLost, this, [this](const DbError &error) {
        m_lastError = error;
        // The worker reconnects on the next request; until then the connection is unusable.
        setState(State::Disconnected);
        emit connectionLost(error);
    });
    connect(m_worker, &DatabaseWorker::progress, this, &Database::progress);
    connect(m_worker, &DatabaseWorker::transactionStateChanged, this,
            [this](TransactionState state) {
                m_txState = state;
                emit transactionStateChanged(state);
            });
    m_thread.start();
}

Database::~Database()
{
    cancelAll();
    QMetaObject::invokeMethod(m_worker, &DatabaseWorker::close, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    delete m_worker;
}

Ticket Database::nextTicket()
{
    const Ticket ticket = ++m_lastTicket;
    m_outstanding.insert(ticket);
    if (m_outstanding.size() == 1)
        emit busyChanged(true);
    return ticket;
}

void Database::settle(Ticket ticket)
{
    if (m_outstanding.remove(ticket) && m_outstanding.isEmpty())
        emit busyChanged(false);
}

void Database::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

void Database::connectTo(const ConnectionSpec &spec)
{
    cancelAll();
    m_spec = spec;
    setState(State::Connecting);
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, spec] { worker->open(spec); });
}

void Database::disconnectFromServer()
{
    cancelAll();
    QMetaObject::invokeMethod(m_worker, &DatabaseWorker::close);
    m_info = {};
    setState(State::Disconnected);
}

namespace {

// One statement into a SqlResult: its rows streamed and kept up to the cap.
SqlResult runOne(QSqlDatabase &db, const Statement &st, qint64 maxRows, const JobContext &ctx)
{
    SqlResult result;
    QElapsedTimer timer;
    timer.start();
    QElapsedTimer sinceProgress;
    sinceProgress.start();
    RowStream stream;
    stream.onRow = [&](const QVariantList &row) {
        if (maxRows >= 0 && result.rows.size() >= maxRows) {
            result.truncated = true;
            return false;
        }
        result.rows << row;
        if (sinceProgress.elapsed() >= 100) {
            ctx.progress(result.rows.size());
            sinceProgress.restart();
        }
        return true;
    };
    const Result<PgRows> done = execStream(db, st, stream, &ctx);
    result.elapsedMs = timer.elapsed();
    if (!done) {
        result.error = done.error();
        return result;
    }
    result.columns = done->columns;
    result.types = done->types;
    result.command = done->command;
    result.rowsAffected = done->affected;
    return result;
}

SqlResult runScript(QSqlDatabase &db, const Statement &st, qint64 maxRows, const JobContext &ctx)
{
    // A script runs one statement at a time, so that no later statement's error is lost.
    const QList<ScriptStatement> statements =
        st.params.isEmpty() ? splitScript(st.sql) : QList<ScriptStatement>{};
    if (statements.size() <= 1)
        return runOne(db, st, maxRows, ctx);
    SqlResult result;
    qint64 elapsed = 0;
    for (qsizetype i = 0; i < statements.size(); ++i) {
        const QString &sql = statements.at(i).sql;
        result = ctx.cancelled() ? SqlResult{} : runOne(db, Statement(sql), maxRows, ctx);
        if (ctx.cancelled() && result.ok())
            result.error = DbError::cancelled(sql);
        elapsed += result.elapsedMs;
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

} // namespace

Ticket Database::execute(const Statement &statement, qint64 maxRows)
{
    const Ticket ticket = nextTicket();
    postJob(ticket, [this, statement, maxRows, ticket](QSqlDatabase &db, const JobContext &ctx) {
        auto result = std::make_shared<SqlResult>();
        if (ctx.error().isError())
            result->error = ctx.error();
        else
            *result = runScript(db, statement, maxRows, ctx);
        deliver([this, ticket, result] {
            settle(ticket);
            emit finished(ticket, *result);
        });
    });
    return ticket;
}

void Database::postJob(Ticket ticket, DatabaseWorker::Job job)
{
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, ticket, job = std::move(job)] {
        worker->runJob(ticket, job);
    });
}

void Database::deliver(std::function<void()> fn)
{
    QMetaObject::invokeMethod(this, std::move(fn), Qt::QueuedConnection);
}

void Database::cancel(Ticket ticket)
{
    m_control->cancel(ticket);
}

void Database::cancelAll()
{
    m_control->cancelAllUpTo(m_lastTicket);
}

} // namespace dbx::model
