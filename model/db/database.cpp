#include "model/db/database.h"

namespace dbx::model {

namespace {
void registerTypes()
{
    static const bool done = [] {
        qRegisterMetaType<Ticket>("dbx::model::Ticket");
        qRegisterMetaType<SqlRequest>();
        qRegisterMetaType<SqlResult>();
        qRegisterMetaType<ServerInfo>();
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
    connect(m_worker, &DatabaseWorker::finished, this, [this](Ticket ticket, const SqlResult &r) {
        settle(ticket);
        emit finished(ticket, r);
    });
    connect(m_worker, &DatabaseWorker::progress, this, &Database::progress);
    connect(m_worker, &DatabaseWorker::statementLogged, this, &Database::statementLogged);
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

Ticket Database::execute(const SqlRequest &request)
{
    const Ticket ticket = nextTicket();
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, ticket, request] { worker->execute(ticket, request); });
    return ticket;
}

Ticket Database::execute(const QString &sql, const QVariantList &params)
{
    SqlRequest request;
    request.sql = sql;
    request.params = params;
    return execute(request);
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
