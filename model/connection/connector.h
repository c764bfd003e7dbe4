#pragma once

#include "model/connection/connectionspec.h"
#include "model/result.h"

#include <QSqlDatabase>
#include <QVariantList>

#include <functional>

namespace dbx::model {

// Opens QPSQL connections from a ConnectionSpec and turns failures into specific DbErrors.
// Each connection belongs to the thread that opened it (Qt 6.4 cannot move connections).
namespace Connector {

inline constexpr const char *applicationName = "DB Explorer";

bool driverAvailable();
DbError driverMissingError();

// Adds and opens a connection named `connectionName` in the calling thread. On failure the
// connection is removed again and the error says what went wrong in plain words.
Result<QSqlDatabase> open(const ConnectionSpec &spec, const QString &connectionName);
// Closes and removes the named connection; safe to call for names that do not exist.
void close(const QString &connectionName);
// Opens a short-lived connection of the calling thread, runs `body` on it and removes it again;
// returns the connection failure, or what `body` returned.
Status withConnection(const ConnectionSpec &spec, const QString &purpose,
                      const std::function<Status(QSqlDatabase &)> &body);

// A unique connection name for the calling thread and purpose, e.g. "worker-3".
QString uniqueName(const QString &purpose);

// Classifies a libpq connection failure. libpq exposes no SQLSTATE before a session exists, so
// the kind comes from libpq's English wording; the full message is kept either way.
DbError classifyConnectFailure(const QString &libpqMessage, const ConnectionSpec &spec);
// True when the session's client_encoding is UTF8, which every value the application sends
// and reads is in. (Values are server-side parameters, so no other setting matters.)
bool sessionIsUtf8(const QSqlDatabase &db);

} // namespace Connector
} // namespace dbx::model
