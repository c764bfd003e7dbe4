#pragma once

#include "model/connection/connectionspec.h"
#include "model/result.h"

#include <QSqlDatabase>
#include <QString>

#include <memory>

namespace dbx::model {
class LocalServer;
}

namespace dbx::migrations {

struct ShadowOptions {
    enum class Where {
        LocalServer, // the built-in local server (started when needed, stopped again)
        SameServer,  // a scratch database next to the compared one (needs CREATEDB)
    };
    Where where = Where::LocalServer;
    QString serverDir; // the local server's root; empty = LocalServer::defaultRootDir()
};

// A throwaway database the revisions are run in, so their schema can be compared with a real
// database without touching it. Created empty (from template0), dropped again on destruction
// along with its connection; a local server it had to start is stopped again.
class ShadowDatabase {
public:
    // `wanted` is the compared database: its server hosts a SameServer shadow and drops it.
    static model::Result<std::unique_ptr<ShadowDatabase>>
    create(const model::ConnectionSpec &wantedSpec, const ShadowOptions &options);
    ~ShadowDatabase();
    ShadowDatabase(const ShadowDatabase &) = delete;
    ShadowDatabase &operator=(const ShadowDatabase &) = delete;

    QSqlDatabase &db() { return m_db; }
    // "dbx_shadow_1a2b3c on the built-in local server", for messages.
    QString description() const;

private:
    ShadowDatabase() = default;
    model::Status open(const model::ConnectionSpec &adminSpec);

    std::unique_ptr<model::LocalServer> m_server;
    model::ConnectionSpec m_adminSpec; // where CREATE and DROP DATABASE run
    QString m_name;
    QString m_connection;
    QString m_adminConnection;
    QSqlDatabase m_db;
    bool m_onLocalServer = false;
};

} // namespace dbx::migrations
