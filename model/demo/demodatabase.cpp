#include "demodatabase.h"

#include "connection/connector.h"
#include "sqlident.h"

#include <QCoreApplication>
#include <QFile>
#include <QSqlError>
#include <QSqlQuery>

namespace dbx::model {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("DemoDatabase", text);
}

QString resourceText(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

// Opens a short-lived connection of this thread, runs `body`, and removes the connection.
Status withConnection(const ConnectionSpec &spec, const std::function<Status(QSqlDatabase &)> &body)
{
    const QString name = Connector::uniqueName(QStringLiteral("demo"));
    Status status;
    {
        Result<QSqlDatabase> db = Connector::open(spec, name);
        status = db ? body(db.value()) : Status(db.error());
    }
    Connector::close(name);
    return status;
}

Status createDatabaseIfMissing(QSqlDatabase &db, const QString &name)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("SELECT 1 FROM pg_database WHERE datname = ?"));
    query.addBindValue(name);
    if (!query.exec())
        return Connector::fromSqlError(query.lastError(), query.lastQuery());
    if (query.next())
        return {};
    const QString sql = QStringLiteral("CREATE DATABASE %1").arg(quoteIdent(name));
    // 42P04: another instance created it a moment ago, which is just as good.
    if (!query.exec(sql) && query.lastError().nativeErrorCode() != QLatin1String("42P04"))
        return Connector::fromSqlError(query.lastError(), sql);
    return {};
}

Status installSchemaIfMissing(QSqlDatabase &db)
{
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("SELECT to_regclass('public.workers') IS NOT NULL")) ||
        !query.next())
        return Connector::fromSqlError(query.lastError(), query.lastQuery());
    if (query.value(0).toBool())
        return {};
    const QString schema = resourceText(QStringLiteral(":/dbx/demo/demo-schema.sql"));
    const QString data = resourceText(QStringLiteral(":/dbx/demo/demo-data.sql"));
    if (schema.isEmpty() || data.isEmpty()) {
        DbError error;
        error.kind = DbError::Kind::LocalServer;
        error.message = tr("The demo scripts are missing from the application's resources.");
        return error;
    }
    // One simple-query message runs as one implicit transaction: all or nothing.
    const QString script = QStringLiteral("BEGIN;\n%1\n%2\nCOMMIT;").arg(schema, data);
    if (!query.exec(script)) {
        DbError error = Connector::fromSqlError(query.lastError(), script);
        error.message = tr("Could not create the demo schema: %1").arg(error.message);
        return error;
    }
    // Fresh statistics give the browser real row estimates from the first look.
    if (!query.exec(QStringLiteral("ANALYZE")))
        return Connector::fromSqlError(query.lastError(), QStringLiteral("ANALYZE"));
    return {};
}

} // namespace

Status DemoDatabase::ensure(const ConnectionSpec &admin, const QString &name,
                            const std::function<void(const QString &)> &progress)
{
    auto say = [&](const QString &line) {
        if (progress)
            progress(line);
    };
    Status status = withConnection(admin, [&](QSqlDatabase &db) {
        return createDatabaseIfMissing(db, name);
    });
    if (!status)
        return status;
    ConnectionSpec demo = admin;
    demo.database = name;
    return withConnection(demo, [&](QSqlDatabase &db) {
        say(tr("Preparing the demo database \"%1\"…").arg(name));
        return installSchemaIfMissing(db);
    });
}

} // namespace dbx::model
