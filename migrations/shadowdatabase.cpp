#include "migrations/shadowdatabase.h"

#include "migrations/revisionwriter.h"
#include "model/connection/connector.h"
#include "model/db/executor.h"
#include "model/server/localserver.h"
#include "model/sqlident.h"

#include <QCoreApplication>

namespace dbx::migrations {

model::Result<std::unique_ptr<ShadowDatabase>>
ShadowDatabase::create(const model::ConnectionSpec &wantedSpec, const ShadowOptions &options)
{
    std::unique_ptr<ShadowDatabase> shadow(new ShadowDatabase);
    model::ConnectionSpec admin = wantedSpec;
    if (options.where == ShadowOptions::Where::LocalServer) {
        model::LocalServer::Config config;
        config.rootDir = options.serverDir;
        shadow->m_server = std::make_unique<model::LocalServer>(config);
        if (const model::Status started = shadow->m_server->start(); !started)
            return started.error();
        admin = shadow->m_server->connectionSpec();
        shadow->m_onLocalServer = true;
    }
    shadow->m_name = QStringLiteral("dbx_shadow_") + RevisionWriter::newId();
    if (const model::Status opened = shadow->open(admin); !opened)
        return opened.error();
    return shadow;
}

model::Status ShadowDatabase::open(const model::ConnectionSpec &adminSpec)
{
    m_adminSpec = adminSpec;
    m_adminConnection = model::Connector::uniqueName(QStringLiteral("shadow-admin"));
    auto admin = model::Connector::open(adminSpec, m_adminConnection);
    if (!admin)
        return admin.error();
    const auto created = model::exec(
        admin.value(), model::Statement(QStringLiteral("CREATE DATABASE %1 TEMPLATE template0")
                                            .arg(model::quoteIdent(m_name))));
    if (!created) {
        model::DbError error = created.error();
        error.message = QCoreApplication::translate("ShadowDatabase",
                                                    "Cannot create the shadow database %1: %2")
                            .arg(m_name, error.message);
        m_name.clear();
        return error;
    }
    model::ConnectionSpec spec = adminSpec;
    spec.database = m_name;
    m_connection = model::Connector::uniqueName(QStringLiteral("shadow"));
    auto db = model::Connector::open(spec, m_connection);
    if (!db)
        return db.error();
    m_db = db.value();
    return {};
}

ShadowDatabase::~ShadowDatabase()
{
    m_db = QSqlDatabase();
    if (!m_connection.isEmpty())
        model::Connector::close(m_connection);
    if (!m_name.isEmpty() && !m_adminConnection.isEmpty()) {
        QSqlDatabase admin = QSqlDatabase::database(m_adminConnection, false);
        // WITH (FORCE) came with PostgreSQL 13; the shadow's own session is closed already.
        const QString drop =
            QStringLiteral("DROP DATABASE IF EXISTS %1").arg(model::quoteIdent(m_name));
        auto dropped = model::exec(admin, model::Statement(drop + QStringLiteral(" WITH (FORCE)")));
        if (!dropped && dropped.error().sqlState == QLatin1String("42601"))
            dropped = model::exec(admin, model::Statement(drop));
        if (!dropped)
            qWarning("shadow database %s left behind: %s", qPrintable(m_name),
                     qPrintable(dropped.error().message));
    }
    if (!m_adminConnection.isEmpty())
        model::Connector::close(m_adminConnection);
    if (m_server && m_server->startedByUs())
        m_server->stop();
}

QString ShadowDatabase::description() const
{
    return m_onLocalServer ? QCoreApplication::translate("ShadowDatabase",
                                                         "%1 on the built-in local server (%2)")
                                 .arg(m_name, m_server->socketDir())
                           : QCoreApplication::translate("ShadowDatabase",
                                                         "%1 on the compared database's server")
                                 .arg(m_name);
}

} // namespace dbx::migrations
