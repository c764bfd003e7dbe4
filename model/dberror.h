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
    QString statement;
    // Server diagnostics that name what the error is about (empty when not reported).
    QString schemaName;
    QString tableName;
    QString columnName;
    QString constraintName;

    bool isError() const { return kind != Kind::None; }
    bool isCancelled() const { return kind == Kind::Cancelled; }
    // A single line suitable for stderr or a status bar.
    QString oneLine() const;
};

} // namespace dbx::model

Q_DECLARE_METATYPE(dbx::model::DbError)
