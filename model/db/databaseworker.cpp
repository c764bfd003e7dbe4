#include "model/db/databaseworker.h"

#include "model/connection/connector.h"
#include "model/db/executor.h"

#include <QCoreApplication>
#include <QThreadPool>

namespace dbx::model {

void WorkerControl::setCancelHandle(std::unique_ptr<CancelHandle> handle)
{
    QMutexLocker lock(&m_mutex);
    m_cancel = std::move(handle);
}

void WorkerControl::setRunning(Ticket ticket)
{
    // Waits for a cancel request being sent for the statement that just ended.
    QMutexLocker lock(&m_mutex);
    m_running.store(ticket);
}

void WorkerControl::requestCancel(Ticket ticket)
{
    std::weak_ptr<WorkerControl> self = weak_from_this();
    QThreadPool::globalInstance()->start([self, ticket] {
        const std::shared_ptr<WorkerControl> control = self.lock();
        if (!control)
            return;
        QMutexLocker lock(&control->m_mutex);
        // Checked under the lock: a statement started after ours finished is not hit.
        if (control->m_running.load() == ticket && control->m_cancel)
            control->m_cancel->cancel();
    });
}

void WorkerControl::cancel(Ticket ticket)
{
    QMutexLocker lock(&m_mutex);
    m_cancelled.insert(ticket);
    if (m_running.load() == ticket && m_cancel)
        requestCancel(ticket);
}

void WorkerControl::cancelAllUpTo(Ticket last)
{
    QMutexLocker lock(&m_mutex);
    m_cancelUpTo = std::max(m_cancelUpTo, last);
    const Ticket running = m_running.load();
    if (running != 0 && running <= last && m_cancel)
        requestCancel(running);
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

JobContext::JobContext(Ticket ticket, WorkerControl *control, std::function<void(qint64)> progress,
                       DbError error)
    : m_ticket(ticket)
    , m_control(control)
    , m_progress(std::move(progress))
    , m_error(std::move(error))
{}

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
    // Values travel as UTF-8; a session that switched its encoding would read them wrong.
    if (!Connector::sessionIsUtf8(m_db))
        exec(m_db, Statement(QStringLiteral("SET client_encoding TO 'UTF8'")));
}

void DatabaseWorker::runJob(Ticket ticket, const Job &job)
{
    auto report = [this, ticket](qint64 done) { emit progress(ticket, done); };
    DbError error;
    if (m_control->isCancelled(ticket))
        error = DbError::cancelled();
    if (error.isError() || !ensureConnected(&error)) {
        QSqlDatabase none;
        job(none, JobContext(ticket, m_control.get(), report, error));
        m_control->forget(ticket);
        return;
    }
    m_control->setRunning(ticket);
    job(m_db, JobContext(ticket, m_control.get(), report));
    m_control->setRunning(0);
    if (connectionBroken(m_db))
        emit connectionLost(DbError::connectionLost());
    afterRequest();
    m_control->forget(ticket);
}

} // namespace dbx::model
