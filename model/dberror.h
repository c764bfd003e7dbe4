#pragma once

#include <QMetaType>
#include <QString>

namespace dbx::model {

// What went wrong with a database operation, in a form the UI can show without parsing text:
// the SQLSTATE decides the category, the message is already in plain words.
struct DbError {
    enum class Kind {
        None,
        DriverMissing,     // the QPSQL plugin is not installed
        InvalidSpec,       // the connection string or form could not be understood
        ConnectionFailed,  // generic failure to connect
        AuthFailed,        // wrong password / no such role
        HostNotFound,      // DNS could not resolve the host
        ConnectionRefused, // nothing listens at host:port or socket
        DatabaseMissing,   // the database does not exist
        ConnectionLost,    // the server went away while connected
        Cancelled,         // the statement was cancelled on request (57014)
        Statement,         // the server rejected a statement
        LocalServer,       // the embedded server could not be prepared or started
    };

    Kind kind = Kind::None;
    QString sqlState; // five characters, empty when no server answered
    QString message;  // one line, plain words, translated
    QString detail;   // server DETAIL/HINT or process output, may be multi-line
    QString hint;     // the server's HINT alone (also in detail)
    QString statement;
    int position = 0; // 1-based character of `statement` the server points at, 0 when none
    // Server diagnostics that name what the error is about (empty when not reported).
    QString schemaName;
    QString tableName;
    QString columnName;
    QString constraintName;
    // The server's CONTEXT: where it was when it failed ("COPY t, line 17: ...").
    QString context;

    // The one "cancelled" error (SQLSTATE 57014), whoever stopped the work.
    static DbError cancelled(const QString &statement = {});
    // The connection broke under a statement (or was not open): the next request reconnects.
    static DbError connectionLost(const QString &detail = {}, const QString &statement = {});
    // A failure of the application's own making (a file, a limit), not the server's.
    static DbError plain(const QString &message, const QString &detail = {});

    bool isError() const { return kind != Kind::None; }
    bool isCancelled() const { return kind == Kind::Cancelled; }
    // A single line suitable for stderr or a status bar.
    QString oneLine() const;
};

} // namespace dbx::model

Q_DECLARE_METATYPE(dbx::model::DbError)
