#include "model/db/pgnative.h"

#include <QSqlDatabase>
#include <QSqlDriver>
#include <QVariant>

#include <libpq-fe.h>

namespace dbx::model {

PGconn *nativeConnection(const QSqlDatabase &db)
{
    if (!db.isValid() || !db.driver())
        return nullptr;
    const QVariant handle = db.driver()->handle();
    // Qt 6.4 registers the type as "pg_conn*"; other builds use "PGconn*".
    const QByteArray type = handle.typeName() ? QByteArray(handle.typeName()) : QByteArray();
    if (type != "pg_conn*" && type != "PGconn*")
        return nullptr;
    return *static_cast<PGconn *const *>(handle.data());
}

TransactionState transactionState(const QSqlDatabase &db)
{
    PGconn *conn = nativeConnection(db);
    if (!conn)
        return TransactionState::Unknown;
    switch (PQtransactionStatus(conn)) {
    case PQTRANS_IDLE:
        return TransactionState::Idle;
    case PQTRANS_ACTIVE:
        return TransactionState::Active;
    case PQTRANS_INTRANS:
        return TransactionState::InTransaction;
    case PQTRANS_INERROR:
        return TransactionState::InFailedTransaction;
    case PQTRANS_UNKNOWN:
        break;
    }
    return TransactionState::Unknown;
}

bool connectionBroken(const QSqlDatabase &db)
{
    PGconn *conn = nativeConnection(db);
    return !conn || PQstatus(conn) != CONNECTION_OK;
}

QString parameterStatus(const QSqlDatabase &db, const char *name)
{
    PGconn *conn = nativeConnection(db);
    if (!conn)
        return {};
    return QString::fromUtf8(PQparameterStatus(conn, name));
}

int backendPid(const QSqlDatabase &db)
{
    PGconn *conn = nativeConnection(db);
    return conn ? PQbackendPID(conn) : 0;
}

QString serverVersion(const QSqlDatabase &db)
{
    return parameterStatus(db, "server_version").section(QLatin1Char(' '), 0, 0);
}

CancelHandle::CancelHandle(const QSqlDatabase &db)
{
    if (PGconn *conn = nativeConnection(db))
        m_cancel = PQgetCancel(conn);
}

CancelHandle::~CancelHandle()
{
    if (m_cancel)
        PQfreeCancel(m_cancel);
}

bool CancelHandle::cancel(QString *why) const
{
    if (!m_cancel) {
        if (why)
            *why = QStringLiteral("no connection");
        return false;
    }
    char buffer[256] = {};
    const bool sent = PQcancel(m_cancel, buffer, sizeof buffer) == 1;
    if (!sent && why)
        *why = QString::fromUtf8(buffer);
    return sent;
}

} // namespace dbx::model
