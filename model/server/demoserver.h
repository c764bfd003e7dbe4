#pragma once

#include "model/demo/demodatabase.h"
#include "model/server/localserver.h"

#include <QObject>

#include <atomic>
#include <functional>
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
    // After ready(): the demo's tables are empty (see DemoDatabase::rowsMissing).
    bool rowsMissing() const { return m_rowsMissing; }
    // Loads the demo rows into the empty tables; answers with rowsReloaded() or reloadFailed().
    void reloadRows();
    bool isBusy() const;
    // The demo database's connection (valid once ready() was emitted).
    ConnectionSpec spec() const;
    QString rootDir() const;

signals:
    void progress(const QString &line);
    void ready(const dbx::model::ConnectionSpec &spec);
    void failed(const dbx::model::DbError &error);
    void rowsReloaded();
    void reloadFailed(const dbx::model::DbError &error);

private:
    std::unique_ptr<LocalServer> m_server;
    DemoDatabase::SchemaInstaller m_installer;
    void runInBackground(std::function<void()> work);

    QThread *m_thread = nullptr;
    std::atomic<bool> m_rowsMissing = false;
};

} // namespace dbx::model
