#pragma once

#include <QMetaType>
#include <QString>

class QSqlDatabase;
typedef struct pg_conn PGconn;
typedef struct pg_cancel PGcancel;

namespace dbx::model {

// Access to libpq underneath a QPSQL connection, for what QtSql does not offer: cancelling a
// running statement, the transaction status and the server's reported parameters.
PGconn *nativeConnection(const QSqlDatabase &db);

enum class TransactionState { Unknown, Idle, Active, InTransaction, InFailedTransaction };

TransactionState transactionState(const QSqlDatabase &db);
// True when libpq has given up on the connection (the server closed it, the network broke).
bool connectionBroken(const QSqlDatabase &db);
QString parameterStatus(const QSqlDatabase &db, const char *name);
int backendPid(const QSqlDatabase &db);
// The server version as "15.18" (from the startup parameters, no round trip).
QString serverVersion(const QSqlDatabase &db);

// A cancel handle usable from any thread while the owning thread runs a statement.
class CancelHandle {
public:
    CancelHandle() = default;
    explicit CancelHandle(const QSqlDatabase &db);
    ~CancelHandle();
    CancelHandle(const CancelHandle &) = delete;
    CancelHandle &operator=(const CancelHandle &) = delete;

    bool isValid() const { return m_cancel != nullptr; }
    // Asks the server to cancel whatever the connection runs now. Thread-safe (libpq's PQcancel
    // is documented as safe to call from other threads). Returns false with a reason on failure.
    bool cancel(QString *why = nullptr) const;

private:
    PGcancel *m_cancel = nullptr;
};

} // namespace dbx::model

Q_DECLARE_METATYPE(dbx::model::TransactionState)
