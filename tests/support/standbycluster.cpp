#include "standbycluster.h"

#include "testcluster.h"

#include "model/connection/connector.h"
#include "model/db/executor.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QThread>

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

namespace dbx::test {

namespace {
StandbyCluster *g_standby = nullptr;

void stopStandby()
{
    delete g_standby;
    g_standby = nullptr;
}

// As root the cluster belongs to the postgres user, who must own the directory the copy goes to.
bool giveToPostgres(const QString &dir)
{
    if (::geteuid() != 0)
        return true;
    const passwd *pw = ::getpwnam("postgres");
    return pw && ::chown(QFile::encodeName(dir).constData(), pw->pw_uid, pw->pw_gid) == 0;
}
} // namespace

StandbyCluster &StandbyCluster::instance()
{
    if (!g_standby) {
        // The primary first: post routines run in reverse order, so the standby stops first.
        TestCluster::instance();
        g_standby = new StandbyCluster;
        qAddPostRoutine(stopStandby);
    }
    return *g_standby;
}

StandbyCluster::StandbyCluster()
{
    TestCluster &primary = TestCluster::instance();
    if (!primary.startError().isEmpty()) {
        m_error = QStringLiteral("no primary for the standby: %1").arg(primary.startError());
        return;
    }
    const QString exe = QFileInfo(QCoreApplication::applicationFilePath()).fileName();
    m_root = QStringLiteral("%1/%2-%3-standby")
                 .arg(TestCluster::testRoot(), exe)
                 .arg(QCoreApplication::applicationPid());
    QDir(m_root).removeRecursively();
    const auto bin = model::LocalServer::findBinDir();
    if (!bin) {
        m_error = bin.error().message;
        return;
    }
    if (!QDir().mkpath(m_root) || !giveToPostgres(m_root) ||
        ::chmod(QFile::encodeName(m_root).constData(), 0700) != 0) {
        m_error = QStringLiteral("cannot prepare %1 for the standby").arg(m_root);
        return;
    }
    m_error = baseBackup(bin.value());
    if (!m_error.isEmpty())
        return;
    model::LocalServer::Config config;
    config.rootDir = m_root;
    config.binDir = bin.value();
    config.port = primary.port(); // another socket directory: no clash
    config.durable = false;
    m_server = std::make_unique<model::LocalServer>(config);
    // The data directory holds a cluster already, so start() only starts it.
    if (const model::Status started = m_server->start(); !started)
        m_error = QStringLiteral("the standby did not start: %1\n%2")
                      .arg(started.error().message, started.error().detail);
}

QString StandbyCluster::baseBackup(const QString &binDir)
{
    TestCluster &primary = TestCluster::instance();
    const QStringList args{QStringLiteral("-h"), primary.socketDir(), QStringLiteral("-p"),
                           QString::number(primary.port()), QStringLiteral("-U"),
                           QStringLiteral("postgres"), QStringLiteral("-D"), dataDir(),
                           QStringLiteral("-R"), QStringLiteral("-X"), QStringLiteral("stream"),
                           QStringLiteral("--no-sync"),
                           // A spread checkpoint would keep the copy waiting for minutes.
                           QStringLiteral("--checkpoint=fast")};
    const QString program = binDir + QStringLiteral("/pg_basebackup");
    QProcess process;
    process.setWorkingDirectory(QStringLiteral("/")); // postgres cannot enter /root
    process.setProcessChannelMode(QProcess::MergedChannels);
    if (::geteuid() == 0)
        process.start(QStringLiteral("runuser"),
                      QStringList{QStringLiteral("-u"), QStringLiteral("postgres"),
                                  QStringLiteral("--"), program} +
                          args);
    else
        process.start(program, args);
    if (!process.waitForFinished(120000)) {
        process.kill();
        process.waitForFinished(5000);
        return QStringLiteral("pg_basebackup did not finish within 120 s: %1")
            .arg(QString::fromLocal8Bit(process.readAll()).trimmed());
    }
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return QStringLiteral("pg_basebackup failed: %1 %2")
            .arg(process.errorString(), QString::fromLocal8Bit(process.readAll()).trimmed());
    return {};
}

StandbyCluster::~StandbyCluster()
{
    if (m_server)
        m_server->stop();
    if (!m_root.isEmpty())
        QDir(m_root).removeRecursively();
    if (m_server)
        QDir(m_server->socketDir()).removeRecursively();
}

QString StandbyCluster::dataDir() const
{
    return m_root + QStringLiteral("/data");
}

model::ConnectionSpec StandbyCluster::spec(const QString &database) const
{
    return m_server ? m_server->connectionSpec(database) : model::ConnectionSpec{};
}

QSqlDatabase StandbyCluster::open(const QString &database)
{
    const QString name = QStringLiteral("standby-%1-%2")
                             .arg(database)
                             .arg(reinterpret_cast<quintptr>(QThread::currentThread()));
    if (QSqlDatabase::contains(name)) {
        QSqlDatabase db = QSqlDatabase::database(name);
        if (db.isOpen())
            return db;
        model::Connector::close(name);
    }
    const auto opened = model::Connector::open(spec(database), name);
    if (!opened) {
        qWarning("cannot open the standby: %s", qPrintable(opened.error().message));
        return {};
    }
    return opened.value();
}

bool StandbyCluster::waitForReplay(int timeoutMs)
{
    QSqlDatabase primary = TestCluster::instance().openDirect();
    const auto wrote =
        model::exec(primary, model::Statement(QStringLiteral("SELECT pg_current_wal_lsn()::text")));
    if (!wrote || wrote->rows.isEmpty())
        return false;
    const QString target = wrote->rows.first().value(0).toString();
    QSqlDatabase standby = open();
    const QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        const auto caught = model::exec(
            standby,
            model::Statement(QStringLiteral("SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn"),
                             {target}));
        if (caught && !caught->rows.isEmpty() && caught->rows.first().value(0).toBool())
            return true;
        QThread::msleep(50);
    }
    return false;
}

} // namespace dbx::test
