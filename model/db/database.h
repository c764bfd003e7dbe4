#pragma once

#include "model/db/databaseworker.h"
#include "model/db/statement.h"

#include <QObject>
#include <QPointer>
#include <QThread>

#include <memory>

namespace dbx::model {

// The application's handle to one database connection. Calls return at once with a Ticket;
// the work runs on a thread that owns the connection, and results arrive by queued signals or
// callbacks in the caller's thread. Nothing here ever waits for the server.
class Database : public QObject {
    Q_OBJECT
public:
    enum class State { Disconnected, Connecting, Connected, Failed };
    Q_ENUM(State)

    explicit Database(QObject *parent = nullptr);
    ~Database() override;

    void connectTo(const ConnectionSpec &spec);
    void disconnectFromServer();

    State state() const { return m_state; }
    const ConnectionSpec &spec() const { return m_spec; }
    const ServerInfo &serverInfo() const { return m_info; }
    const DbError &lastError() const { return m_lastError; }
    TransactionState transactionState() const { return m_txState; }
    // True while any request is queued or running; for progress and Cancel in the UI.
    bool isBusy() const { return !m_outstanding.isEmpty(); }

    // Runs a statement, or a script of several (split by PostgreSQL's parser, one at a time,
    // stopping at the first failure) when it binds no values, through the one executor; the
    // last statement's rows, up to `maxRows` (-1 = all), arrive through finished().
    Ticket execute(const Statement &statement, qint64 maxRows = -1);

    // Runs `job` on the worker's connection and hands its result to `done` in `context`'s
    // thread, unless `context` was destroyed meanwhile. A job that cannot start (not connected,
    // cancelled) is not called: `done` receives the error.
    template <typename T>
    Ticket run(std::function<Result<T>(QSqlDatabase &, const JobContext &)> job, QObject *context,
               std::function<void(Ticket, const Result<T> &)> done);

    // Cancels one request: a running statement is stopped on the server (SQLSTATE 57014), a
    // queued one never starts. Its result still arrives, with a Cancelled error.
    void cancel(Ticket ticket);
    // Cancels everything issued so far.
    void cancelAll();

signals:
    void stateChanged(dbx::model::Database::State state);
    void connected(const dbx::model::ServerInfo &info);
    void connectionFailed(const dbx::model::DbError &error);
    void connectionLost(const dbx::model::DbError &error);
    void finished(dbx::model::Ticket ticket, const dbx::model::SqlResult &result);
    void progress(dbx::model::Ticket ticket, qint64 done);
    void transactionStateChanged(dbx::model::TransactionState state);
    void busyChanged(bool busy);

private:
    Ticket nextTicket();
    void settle(Ticket ticket);
    void postJob(Ticket ticket, DatabaseWorker::Job job);
    // Queues `fn` to run in this object's thread (called from the worker thread).
    void deliver(std::function<void()> fn);
    void setState(State state);

    std::shared_ptr<WorkerControl> m_control;
    QThread m_thread;
    DatabaseWorker *m_worker = nullptr;
    ConnectionSpec m_spec;
    ServerInfo m_info;
    DbError m_lastError;
    State m_state = State::Disconnected;
    TransactionState m_txState = TransactionState::Unknown;
    Ticket m_lastTicket = 0;
    QSet<Ticket> m_outstanding;
};

template <typename T>
Ticket Database::run(std::function<Result<T>(QSqlDatabase &, const JobContext &)> job,
                     QObject *context, std::function<void(Ticket, const Result<T> &)> done)
{
    const Ticket ticket = nextTicket();
    QPointer<QObject> guard(context);
    postJob(ticket, [this, job = std::move(job), done = std::move(done), guard,
                     ticket](QSqlDatabase &db, const JobContext &ctx) {
        auto result = std::make_shared<Result<T>>(ctx.error().isError() ? Result<T>(ctx.error())
                                                                        : job(db, ctx));
        deliver([this, guard, done, ticket, result] {
            settle(ticket);
            if (guard)
                done(ticket, *result);
        });
    });
    return ticket;
}

} // namespace dbx::model
