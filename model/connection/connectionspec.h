#pragma once

#include "model/result.h"

#include <QMap>
#include <QMetaType>
#include <QString>

namespace dbx::model {

// Where and how to connect, independent of how the user wrote it. Empty fields are left to
// libpq, so PG* environment variables, ~/.pgpass and pg_service.conf keep working.
struct ConnectionSpec {
    QString name; // label of a saved connection; not sent to the server
    QString host; // a host name, an address, or a socket directory (leading '/')
    int port = -1;
    QString database;
    QString user;
    QString password;
    QString sslMode; // disable, allow, prefer, require, verify-ca, verify-full; empty = libpq's
    // Every other libpq keyword (service, connect_timeout, options, sslrootcert, ...).
    QMap<QString, QString> options;
    // How a saved connection is shown, not sent to the server: its group in the Connections
    // dock, its colour ("#rrggbb", empty = none) and whether it is a production database.
    QString group;
    QString color;
    bool production = false;

    // Parses a libpq URI (postgresql:// or postgres://), a SQLAlchemy URL
    // (postgresql+driver://, the +driver part is dropped) or a libpq keyword/value string.
    static Result<ConnectionSpec> parse(const QString &text);

    // A keyword/value string libpq accepts; the password is left out unless asked for.
    QString toKeywordString(bool withPassword = false) const;
    // A postgresql:// URI without the password, for display and saving.
    QString toUri() const;
    // Short human label such as "postgres@localhost:5432/demo".
    QString displayName() const;

    bool isSocket() const { return host.startsWith(QLatin1Char('/')); }
    friend bool operator==(const ConnectionSpec &, const ConnectionSpec &) = default;
};

} // namespace dbx::model

Q_DECLARE_METATYPE(dbx::model::ConnectionSpec)
