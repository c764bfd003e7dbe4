#include "pgbouncer.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QThread>

#include <arpa/inet.h>
#include <csignal>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

namespace dbx::test {

namespace {

const char *const clusterUser = "postgres";

// A loopback port nothing listens on now. Another process may take it before pgbouncer does;
// start() then tries again with another.
int freeLoopbackPort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return 0;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof address;
    int port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length) == 0)
        port = ntohs(address.sin_port);
    ::close(fd);
    return port;
}

bool acceptsConnections(int port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return false;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(quint16(port));
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0;
    ::close(fd);
    return ok;
}

// Root runs pgbouncer as the cluster's user, like the cluster itself: its files must be theirs.
void giveToClusterUser(const QString &path)
{
    if (::geteuid() != 0)
        return;
    if (const passwd *pw = ::getpwnam(clusterUser)) [[maybe_unused]]
        const int ignored = ::chown(QFile::encodeName(path).constData(), pw->pw_uid, pw->pw_gid);
}

} // namespace

PgBouncer::PgBouncer(const QString &root, const QString &socketDir, int port)
    : m_root(root)
    , m_socketDir(socketDir)
    , m_clusterPort(port)
{}

PgBouncer::~PgBouncer()
{
    stop();
}

bool PgBouncer::requested()
{
    return qEnvironmentVariable("DBX_TEST_POOLER") == QLatin1String("pgbouncer");
}

QString PgBouncer::writeConfig(int port) const
{
    const QString users = m_root + QStringLiteral("/users.txt");
    QFile userFile(users);
    if (!userFile.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return QStringLiteral("cannot write %1").arg(users);
    userFile.write("\"postgres\" \"\"\n");
    userFile.close();
    const QString ini = m_root + QStringLiteral("/pgbouncer.ini");
    QFile file(ini);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return QStringLiteral("cannot write %1").arg(ini);
    const QString text = QStringLiteral("[databases]\n"
                                        "* = host=%1 port=%2\n"
                                        "[pgbouncer]\n"
                                        "listen_addr = 127.0.0.1\n"
                                        "listen_port = %3\n"
                                        "unix_socket_dir =\n"
                                        "auth_type = trust\n"
                                        "auth_file = %4\n"
                                        "pool_mode = transaction\n"
                                        "default_pool_size = 20\n"
                                        "max_client_conn = 200\n"
                                        "ignore_startup_parameters = extra_float_digits,options\n"
                                        "pidfile = %5/pgbouncer.pid\n"
                                        "logfile = %5/pgbouncer.log\n")
                             .arg(m_socketDir)
                             .arg(m_clusterPort)
                             .arg(port)
                             .arg(users, m_root);
    file.write(text.toUtf8());
    file.close();
    giveToClusterUser(users);
    giveToClusterUser(ini);
    return {};
}

int PgBouncer::pidFromFile() const
{
    QFile file(m_root + QStringLiteral("/pgbouncer.pid"));
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    return file.readAll().trimmed().toInt();
}

QString PgBouncer::start()
{
    const QString program = QStandardPaths::findExecutable(
        QStringLiteral("pgbouncer"), {QStringLiteral("/usr/sbin"), QStringLiteral("/usr/bin")});
    if (program.isEmpty())
        return QStringLiteral("pgbouncer is not installed (Debian package pgbouncer)");
    QDir().mkpath(m_root);
    giveToClusterUser(m_root);
    QString lastError;
    for (int attempt = 0; attempt < 5; ++attempt) {
        const int port = freeLoopbackPort();
        if (port == 0)
            return QStringLiteral("no free loopback port");
        if (QString error = writeConfig(port); !error.isEmpty())
            return error;
        const QString ini = m_root + QStringLiteral("/pgbouncer.ini");
        QProcess process;
        process.setWorkingDirectory(QStringLiteral("/"));
        process.setProcessChannelMode(QProcess::MergedChannels);
        if (::geteuid() == 0)
            process.start(QStringLiteral("runuser"),
                          {QStringLiteral("-u"), QString::fromLatin1(clusterUser),
                           QStringLiteral("--"), program, QStringLiteral("-d"), ini});
        else
            process.start(program, {QStringLiteral("-d"), ini});
        process.waitForFinished(10000);
        const QString output = QString::fromLocal8Bit(process.readAll()).trimmed();
        QDeadlineTimer deadline(5000);
        while (!deadline.hasExpired() && !acceptsConnections(port))
            QThread::msleep(20);
        if (acceptsConnections(port)) {
            m_port = port;
            return {};
        }
        QFile log(m_root + QStringLiteral("/pgbouncer.log"));
        lastError = QStringLiteral("pgbouncer did not start on port %1: %2 %3")
                        .arg(port)
                        .arg(output, log.open(QIODevice::ReadOnly)
                                         ? QString::fromLocal8Bit(log.readAll().right(2000))
                                         : QString());
        if (const int pid = pidFromFile(); pid > 0)
            ::kill(pid, SIGTERM);
    }
    return lastError;
}

void PgBouncer::stop()
{
    if (m_port == 0)
        return;
    m_port = 0;
    const int pid = pidFromFile();
    if (pid <= 0)
        return;
    ::kill(pid, SIGTERM);
    QDeadlineTimer deadline(5000);
    while (!deadline.hasExpired() && ::kill(pid, 0) == 0)
        QThread::msleep(10);
}

model::ConnectionSpec PgBouncer::spec(const QString &database) const
{
    model::ConnectionSpec spec;
    spec.host = QStringLiteral("127.0.0.1");
    spec.port = m_port;
    spec.user = QString::fromLatin1(clusterUser);
    spec.database = database;
    return spec;
}

} // namespace dbx::test
