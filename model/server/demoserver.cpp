#include "model/server/demoserver.h"

#include "model/demo/demodatabase.h"

#include <QThread>

namespace dbx::model {

DemoServer::DemoServer(LocalServer::Config config, DemoDatabase::SchemaInstaller installer,
                       QObject *parent)
    : QObject(parent)
    , m_server(std::make_unique<LocalServer>(std::move(config)))
    , m_installer(std::move(installer))
{}

DemoServer::~DemoServer()
{
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
    }
    if (m_server->startedByUs())
        m_server->stop();
}

bool DemoServer::isBusy() const
{
    return m_thread && m_thread->isRunning();
}

ConnectionSpec DemoServer::spec() const
{
    ConnectionSpec spec = m_server->connectionSpec(DemoDatabase::defaultName());
    spec.name = tr("Demo database");
    return spec;
}

QString DemoServer::rootDir() const
{
    return m_server->config().rootDir;
}

void DemoServer::runInBackground(std::function<void()> work)
{
    if (m_thread) {
        delete m_thread;
        m_thread = nullptr;
    }
    m_thread = QThread::create(std::move(work));
    m_thread->setObjectName(QStringLiteral("dbx-demo-server"));
    m_thread->start();
}

void DemoServer::start()
{
    if (isBusy())
        return;
    LocalServer *server = m_server.get();
    // Progress lines are emitted from the worker thread; queued to receivers automatically.
    server->setProgressHandler([this](const QString &line) { emit progress(line); });
    runInBackground([this, server] {
        Status status = server->start();
        if (status) {
            status = DemoDatabase::ensure(server->connectionSpec(), DemoDatabase::defaultName(),
                                          m_installer,
                                          [this](const QString &line) { emit progress(line); });
        }
        if (status) {
            // Asked only here, off the window's thread: the offer to reload comes with ready().
            const Result<bool> missing = DemoDatabase::rowsMissing(spec());
            m_rowsMissing = missing.ok() && missing.value();
            emit ready(spec());
        } else {
            emit failed(status.error());
        }
    });
}

void DemoServer::reloadRows()
{
    if (isBusy())
        return;
    runInBackground([this] {
        const Status status = DemoDatabase::reloadRows(spec());
        if (status) {
            m_rowsMissing = false;
            emit rowsReloaded();
        } else {
            emit reloadFailed(status.error());
        }
    });
}

} // namespace dbx::model
