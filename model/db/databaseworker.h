#pragma once

#include "model/connection/connectionspec.h"
#include "model/db/pgnative.h"
#include "model/db/sqlresult.h"

#include <QMutex>
#include <QObject>
#include <QSet>
#include <QSqlDatabase>

#include <atomic>
#include <functional>
#include <memory>

namespace dbx::model {

// Shared between a Database (any thread) and its worker: which ticket runs now, which tickets
// were cancelled, and the libpq cancel handle of the current connection. A cancel request is a
// network round trip of its own (PQcancel): it is sent from a pool thread, never from the
// caller's (the UI's), and the worker does not move on to its next statement while one is
// being sent, so it cannot hit a later statement.
class WorkerControl : public std::enable_shared_from_this<WorkerControl> {
public:
    void setCancelHandle(std::unique_ptr<CancelHandle> handle);
    void setRunning(Ticket ticket);
    Ticket running() const { return m_running.load(); }
    // Marks the ticket cancelled; if it runs now, asks the server to stop it.
    void cancel(Ticket ticket);
    void cancelAllUpTo(Ticket last);
    bool isCancelled(Ticket ticket) const;
    void forget(Ticket ticket);

private:
    void requestCancel(Ticket ticket);

    mutable QMutex m_mutex;
    std::unique_ptr<CancelHandle> m_cancel;
    QSet<Ticket> m_cancelled;
    Ticket m_cancelUpTo = 0;
    std::atomic<Ticket> m_running{0};
};

// What a job running on the worker may ask about its own request.
class JobContext {
public:
    JobContext(Ticket ticket, WorkerControl *control, std::function<void(qint64)> progress,
               DbError error = {});
    Ticket ticket() const { return m_ticket; }
    // Set when the job cannot run (not connected, cancelled before it started): the job then
    // only reports this error.
    const DbError &error() const { return m_error; }
    bool cancelled() const { return m_control->isCancelled(m_ticket); }
    // Called before the clean-up of a job that stopped (ROLLBACK, RELEASE): a cancel request
    // still on its way waits for nothing more and cannot hit those statements. A request is
    // sent from a pool thread and may come late; on a rolled-back transaction it would leave
    // the session in a failed one.
    void endCancellable() const { m_control->setRunning(0); }
    void progress(qint64 done) const { m_progress(done); }

private:
    Ticket m_ticket;
    WorkerControl *m_control;
    std::function<void(qint64)> m_progress;
    DbError m_error;
};

// Lives in a worker thread and owns that thread's connection; every database call of the
// application runs here. Use it through Database, which queues calls into this thread.
class DatabaseWorker : public QObject {
    Q_OBJECT
public:
    using Job = std::function<void(QSqlDatabase &, const JobContext &)>;

    explicit DatabaseWorker(std::shared_ptr<WorkerControl> control);
    ~DatabaseWorker() override;

    // All of these run in the worker thread.
    void open(const ConnectionSpec &spec);
    void close();
    void runJob(Ticket ticket, const Job &job);

signals:
    void opened(const dbx::model::ServerInfo &info);
    void openFailed(const dbx::model::DbError &error);
    void connectionLost(const dbx::model::DbError &error);
    void progress(dbx::model::Ticket ticket, qint64 done);
    void transactionStateChanged(dbx::model::TransactionState state);

private:
    // Reopens the connection when the last one broke; false (with the error) if that fails.
    bool ensureConnected(DbError *error);
    bool connect(DbError *error);
    void afterRequest();

    std::shared_ptr<WorkerControl> m_control;
    ConnectionSpec m_spec;
    QString m_name;
    QSqlDatabase m_db;
    bool m_hasSpec = false;
    TransactionState m_txState = TransactionState::Unknown;
};

} // namespace dbx::model
