#pragma once

#include "model/demo/demodatabase.h"
#include "model/server/localserver.h"

#include <QObject>

#include <memory>

class QThread;

namespace dbx::model {

// The built-in demo: a LocalServer holding the demo database, started in the background so the
// window stays responsive during initdb and start-up. Stops the server again on destruction
// when it was the one that started it.
class DemoServer : public QObject {
    Q_OBJECT
public:
    // `installer` builds the demo schema (the application passes the migrations).
    DemoServer(LocalServer::Config config, DemoDatabase::SchemaInstaller installer,
               QObject *parent = nullptr);
    ~DemoServer() override;

    // Starts the server and prepares the demo database; answers with ready() or failed().
    void start();
    bool isBusy() const;
    // The demo database's connection (valid once ready() was emitted).
    ConnectionSpec spec() const;
    QString rootDir() const;

signals:
    void progress(const QString &line);
    void ready(const dbx::model::ConnectionSpec &spec);
    void failed(const dbx::model::DbError &error);

private:
    std::unique_ptr<LocalServer> m_server;
    DemoDatabase::SchemaInstaller m_installer;
    QThread *m_thread = nullptr;
};

} // namespace dbx::model
