#include "testcluster.h"

#include "pgbouncer.h"

#include "model/connection/connector.h"
#include "model/sqlident.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

#include <cstdlib>
#include <unistd.h>

namespace dbx::test {

QString TestCluster::testRoot()
{
    const QString overridden = qEnvironmentVariable("DBX_TEST_ROOT");
    return overridden.isEmpty() ? QStringLiteral("/tmp/dbx-tests") : overridden;
}

namespace {
TestCluster *g_cluster = nullptr;

// Runs while QCoreApplication is still alive (QProcess needs it), unlike a static destructor.
void stopCluster()
{
    delete g_cluster;
    g_cluster = nullptr;
}
} // namespace

TestCluster &TestCluster::instance()
{
    if (!g_cluster) {
        g_cluster = new TestCluster;
        qAddPostRoutine(stopCluster);
    }
    return *g_cluster;
}

TestCluster::TestCluster()
{
    const QString exe = QFileInfo(QCoreApplication::applicationFilePath()).fileName();
    m_root = QStringLiteral("%1/%2-%3").arg(testRoot(), exe).arg(::getpid());
    QDir().mkpath(testRoot());
    // /tmp/dbx-tests is shared by the tests of every user and by root's cluster owner.
    QFile::setPermissions(testRoot(), QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                          QFileDevice::ExeOwner | QFileDevice::ReadGroup |
                                          QFileDevice::ExeGroup | QFileDevice::ReadOther |
                                          QFileDevice::ExeOther | QFileDevice::WriteOther);
    model::LocalServer::Config config;
    config.rootDir = m_root;
    config.durable = false;
    m_server = std::make_unique<model::LocalServer>(config);
    const model::Status status = m_server->start();
    if (!status) {
        m_error = QStringLiteral("private PostgreSQL cluster did not start: %1\n%2")
                      .arg(status.error().message, status.error().detail);
        return;
    }
    if (PgBouncer::requested()) {
        pooledSpec();
        if (!m_bouncer->isRunning())
            m_error = QStringLiteral("the pooled variant of this test needs pgbouncer");
    }
}

TestCluster::~TestCluster()
{
    m_bouncer.reset();
    if (!m_server)
        return;
    m_server->stop();
    QDir(m_root).removeRecursively();
    QDir(m_server->socketDir()).removeRecursively();
}

model::ConnectionSpec TestCluster::spec(const QString &database) const
{
    if (pooled() && m_bouncer && m_bouncer->isRunning())
        return m_bouncer->spec(database);
    return directSpec(database);
}

model::ConnectionSpec TestCluster::directSpec(const QString &database) const
{
    return m_server->connectionSpec(database);
}

model::ConnectionSpec TestCluster::pooledSpec(const QString &database)
{
    if (!m_bouncer) {
        m_bouncer = std::make_unique<PgBouncer>(m_root + QStringLiteral("/pgbouncer"),
                                                m_server->socketDir(), m_server->config().port);
        const QString error = m_bouncer->start();
        if (!error.isEmpty()) {
            qWarning("pgbouncer: %s", qPrintable(error));
            m_error = error;
        }
    }
    return m_bouncer->spec(database);
}

bool TestCluster::pooled() const
{
    return PgBouncer::requested();
}

QString TestCluster::socketDir() const
{
    return m_server->socketDir();
}

int TestCluster::port() const
{
    return m_server->config().port;
}

QSqlDatabase TestCluster::open(const QString &database)
{
    return openAs(spec(database), QStringLiteral("test-%1-%2").arg(database));
}

QSqlDatabase TestCluster::openDirect(const QString &database)
{
    return openAs(directSpec(database), QStringLiteral("test-%1-direct-%2").arg(database));
}

QSqlDatabase TestCluster::openAs(const model::ConnectionSpec &spec, const QString &prefix)
{
    const QString name = prefix.arg(reinterpret_cast<quintptr>(QThread::currentThread()));
    if (QSqlDatabase::contains(name)) {
        QSqlDatabase db = QSqlDatabase::database(name);
        if (db.isOpen())
            return db;
        model::Connector::close(name);
    }
    const auto opened = model::Connector::open(spec, name);
    if (!opened) {
        qWarning("cannot open test connection: %s", qPrintable(opened.error().message));
        return {};
    }
    return opened.value();
}

bool TestCluster::exec(const QString &database, const QString &sql, QString *error)
{
    QSqlDatabase db = open(database);
    QSqlQuery query(db);
    if (query.exec(sql))
        return true;
    if (error)
        *error = query.lastError().text();
    qWarning("SQL failed: %s\n%s", qPrintable(query.lastError().text()), qPrintable(sql));
    return false;
}

bool TestCluster::recreateDatabase(const QString &name, QString *error)
{
    const QString quoted = model::quoteIdent(name);
    // Close our own connections to it first, or DROP DATABASE refuses.
    for (const QString &connection : QSqlDatabase::connectionNames()) {
        if (connection.startsWith(QStringLiteral("test-%1-").arg(name)))
            model::Connector::close(connection);
    }
    return exec(QStringLiteral("postgres"),
                QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(quoted), error) &&
           exec(QStringLiteral("postgres"), QStringLiteral("CREATE DATABASE %1").arg(quoted),
                error);
}

} // namespace dbx::test
