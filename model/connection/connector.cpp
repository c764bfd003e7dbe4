#include "model/connection/connector.h"

#include "model/db/pgnative.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QSqlError>
#include <QStringList>

namespace dbx::model::Connector {

namespace {

QString quoteOption(const QString &value)
{
    QString escaped = value;
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    escaped.replace(QLatin1Char('\''), QLatin1String("\\'"));
    return QLatin1Char('\'') + escaped + QLatin1Char('\'');
}

// QPSQL appends the connect options to its own host/port/user string and turns ';' into ' ',
// so each option is written as a quoted keyword=value pair.
QString connectOptions(const ConnectionSpec &spec)
{
    QMap<QString, QString> options = spec.options;
    if (!spec.sslMode.isEmpty())
        options.insert(QStringLiteral("sslmode"), spec.sslMode);
    if (!options.contains(QStringLiteral("application_name")))
        options.insert(QStringLiteral("application_name"), QLatin1String(applicationName));
    if (!options.contains(QStringLiteral("connect_timeout")))
        options.insert(QStringLiteral("connect_timeout"), QStringLiteral("10"));
    // The app's bound values rely on UTF8; a service file must not switch it.
    options.insert(QStringLiteral("client_encoding"), QStringLiteral("UTF8"));
    QStringList parts;
    for (auto it = options.cbegin(); it != options.cend(); ++it)
        parts << it.key() + QLatin1Char('=') + quoteOption(it.value());
    return parts.join(QLatin1Char(' '));
}

QString firstLine(const QString &text)
{
    QString line = text.trimmed().section(QLatin1Char('\n'), 0, 0).trimmed();
    if (line.startsWith(QLatin1String("FATAL:")))
        line = line.mid(6).trimmed();
    return line;
}

QString target(const ConnectionSpec &spec)
{
    if (spec.host.isEmpty())
        return QCoreApplication::translate("Connector", "the default local socket");
    const QString port = spec.port > 0 ? QString::number(spec.port) : QStringLiteral("5432");
    return spec.isSocket()
               ? QCoreApplication::translate("Connector", "socket directory %1 (port %2)")
                     .arg(spec.host, port)
               : QStringLiteral("%1:%2").arg(spec.host, port);
}

} // namespace

bool driverAvailable()
{
    return QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL"));
}

DbError driverMissingError()
{
    DbError error;
    error.kind = DbError::Kind::DriverMissing;
    error.message = QCoreApplication::translate(
        "Connector", "The Qt PostgreSQL driver (QPSQL) is not installed; install the package "
                     "libqt6sql6-psql.");
    return error;
}

QString uniqueName(const QString &purpose)
{
    static QAtomicInteger<quint64> counter;
    return QStringLiteral("dbx-%1-%2").arg(purpose).arg(counter.fetchAndAddRelaxed(1) + 1);
}

Result<QSqlDatabase> open(const ConnectionSpec &spec, const QString &connectionName)
{
    if (!driverAvailable())
        return driverMissingError();
    DbError failure;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connectionName);
        db.setHostName(spec.host);
        if (spec.port > 0)
            db.setPort(spec.port);
        db.setDatabaseName(spec.database);
        db.setUserName(spec.user);
        db.setPassword(spec.password);
        db.setConnectOptions(connectOptions(spec));
        if (db.open())
            return db;
        failure = classifyConnectFailure(db.lastError().databaseText(), spec);
    }
    QSqlDatabase::removeDatabase(connectionName);
    return failure;
}

void close(const QString &connectionName)
{
    if (!QSqlDatabase::contains(connectionName))
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(connectionName, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(connectionName);
}

Status withConnection(const ConnectionSpec &spec, const QString &purpose,
                      const std::function<Status(QSqlDatabase &)> &body)
{
    const QString name = uniqueName(purpose);
    Status status;
    {
        Result<QSqlDatabase> db = open(spec, name);
        status = db ? body(db.value()) : Status(db.error());
    }
    close(name);
    return status;
}

DbError classifyConnectFailure(const QString &libpqMessage, const ConnectionSpec &spec)
{
    DbError error;
    error.kind = DbError::Kind::ConnectionFailed;
    error.detail = libpqMessage.trimmed();
    const QString text = libpqMessage;
    const QString user = spec.user.isEmpty()
                             ? QCoreApplication::translate("Connector", "(default user)")
                             : spec.user;
    if (text.contains(QLatin1String("password authentication failed"))) {
        error.kind = DbError::Kind::AuthFailed;
        error.sqlState = QStringLiteral("28P01");
        error.message =
            QCoreApplication::translate("Connector", "Wrong password for user \"%1\".").arg(user);
    } else if (text.contains(QLatin1String("no password supplied"))) {
        error.kind = DbError::Kind::AuthFailed;
        error.message = QCoreApplication::translate(
                            "Connector", "The server asks for a password for user \"%1\".")
                            .arg(user);
    } else if (text.contains(QLatin1String("role \"")) &&
               text.contains(QLatin1String("does not exist"))) {
        error.kind = DbError::Kind::AuthFailed;
        error.sqlState = QStringLiteral("28000");
        error.message =
            QCoreApplication::translate("Connector", "The server has no user \"%1\".").arg(user);
    } else if (text.contains(QLatin1String("database \"")) &&
               text.contains(QLatin1String("does not exist"))) {
        error.kind = DbError::Kind::DatabaseMissing;
        error.sqlState = QStringLiteral("3D000");
        error.message =
            QCoreApplication::translate("Connector", "Database \"%1\" does not exist on %2.")
                .arg(spec.database.isEmpty() ? user : spec.database, target(spec));
    } else if (text.contains(QLatin1String("could not translate host name"))) {
        error.kind = DbError::Kind::HostNotFound;
        error.message =
            QCoreApplication::translate("Connector", "Unknown host \"%1\".").arg(spec.host);
    } else if (text.contains(QLatin1String("Connection refused")) ||
               text.contains(QLatin1String("No such file or directory"))) {
        error.kind = DbError::Kind::ConnectionRefused;
        error.message =
            QCoreApplication::translate("Connector", "No PostgreSQL server is running at %1.")
                .arg(target(spec));
    } else if (text.contains(QLatin1String("timeout expired"))) {
        error.message = QCoreApplication::translate("Connector", "Timed out connecting to %1.")
                            .arg(target(spec));
    } else {
        const QString line = firstLine(text);
        error.message =
            QCoreApplication::translate("Connector", "Could not connect to %1: %2")
                .arg(target(spec), line.isEmpty()
                                       ? QCoreApplication::translate("Connector", "unknown error")
                                       : line);
    }
    return error;
}

bool sessionIsUtf8(const QSqlDatabase &db)
{
    const QString encoding = parameterStatus(db, "client_encoding");
    // QPSQL asks for "UNICODE", which the server reports back under that alias of UTF8.
    return encoding == QLatin1String("UTF8") || encoding == QLatin1String("UNICODE");
}

} // namespace dbx::model::Connector
