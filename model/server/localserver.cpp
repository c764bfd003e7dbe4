#include "model/server/localserver.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QVersionNumber>

#include <algorithm>
#include <cerrno>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

namespace dbx::model {

namespace {

constexpr int socketPathLimit = 107; // sun_path is 108 bytes including the terminator
const char *const clusterUser = "postgres";

bool pidAlive(qint64 pid)
{
    if (pid <= 0)
        return false;
    // EPERM means the process exists but belongs to someone else: still alive.
    return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

qint64 firstLinePid(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    return QString::fromUtf8(file.readLine()).trimmed().toLongLong();
}

bool chownToPostgres(const QString &path)
{
    const passwd *pw = ::getpwnam(clusterUser);
    if (!pw)
        return false;
    return ::chown(QFile::encodeName(path).constData(), pw->pw_uid, pw->pw_gid) == 0;
}

} // namespace

LocalServer::LocalServer(Config config)
    : m_config(std::move(config))
{
    if (m_config.rootDir.isEmpty())
        m_config.rootDir = defaultRootDir();
    m_config.rootDir = QDir::cleanPath(QDir(m_config.rootDir).absolutePath());
    m_asPostgresUser = ::geteuid() == 0;
    if (m_config.binDir.isEmpty()) {
        // Resolved now so that isRunning()/stop() work on a server this process did not start.
        if (const Result<QString> bin = findBinDir())
            m_config.binDir = bin.value();
    }
    m_socketDir = m_config.socketDir.isEmpty() ? m_config.rootDir + QStringLiteral("/run")
                                               : QDir::cleanPath(m_config.socketDir);
    const QString socketFile = QStringLiteral("/.s.PGSQL.%1").arg(m_config.port);
    if (m_config.socketDir.isEmpty() &&
        QFile::encodeName(m_socketDir + socketFile).size() + 5 > socketPathLimit) {
        // A deep home directory would overflow sun_path: use a short, stable directory instead.
        const QByteArray hash =
            QCryptographicHash::hash(QFile::encodeName(m_config.rootDir), QCryptographicHash::Sha1)
                .toHex()
                .left(12);
        m_socketDir = QStringLiteral("/tmp/dbx-%1-%2").arg(::geteuid()).arg(QLatin1String(hash));
    }
}

LocalServer::~LocalServer() = default;

QString LocalServer::defaultRootDir()
{
    const QString overridden = qEnvironmentVariable("DBX_SERVER_DIR");
    if (!overridden.isEmpty())
        return overridden;
    if (::geteuid() == 0)
        return QStringLiteral("/var/lib/dbexplorer/server");
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
           QStringLiteral("/dbexplorer/server");
}

bool LocalServer::isServerBinDir(const QString &dir)
{
    return !dir.isEmpty() && QFileInfo(dir + QStringLiteral("/initdb")).isExecutable() &&
           QFileInfo(dir + QStringLiteral("/pg_ctl")).isExecutable() &&
           QFileInfo(dir + QStringLiteral("/postgres")).isExecutable();
}

QStringList LocalServer::installedBinDirs()
{
    QStringList dirs;
    if (qEnvironmentVariableIsSet("DBX_PG_BINDIR"))
        dirs << qEnvironmentVariable("DBX_PG_BINDIR");
    QList<QVersionNumber> majors;
    const QDir lib(QStringLiteral("/usr/lib/postgresql"));
    for (const QString &entry : lib.entryList(QDir::Dirs | QDir::NoDotAndDotDot))
        majors << QVersionNumber::fromString(entry);
    std::sort(majors.begin(), majors.end(), std::greater<>());
    for (const QVersionNumber &major : majors)
        dirs << lib.filePath(major.toString() + QStringLiteral("/bin"));
    return dirs;
}

Result<QString> LocalServer::findBinDir(const QString &hint)
{
    auto complete = [](const QString &dir) { return isServerBinDir(dir); };
    QStringList candidates;
    if (!hint.isEmpty())
        candidates << hint;
    candidates << installedBinDirs();
    const QString onPath = QStandardPaths::findExecutable(QStringLiteral("initdb"));
    if (!onPath.isEmpty())
        candidates << QFileInfo(QFileInfo(onPath).canonicalFilePath()).absolutePath();
    for (const QString &dir : candidates) {
        if (complete(dir))
            return QDir::cleanPath(dir);
    }
    DbError error;
    error.kind = DbError::Kind::LocalServer;
    error.message = QCoreApplication::translate(
        "LocalServer", "PostgreSQL server programs (initdb, pg_ctl, postgres) were not found. "
                       "Install the package postgresql-15, or set DBX_PG_BINDIR to their "
                       "directory.");
    error.detail = QCoreApplication::translate("LocalServer", "Looked in: %1")
                       .arg(candidates.join(QStringLiteral(", ")));
    return error;
}

QString LocalServer::dataDir() const
{
    return m_config.rootDir + QStringLiteral("/data");
}

QString LocalServer::socketDir() const
{
    return m_socketDir;
}

QString LocalServer::logFile() const
{
    return m_config.rootDir + QStringLiteral("/server.log");
}

void LocalServer::setProgressHandler(std::function<void(const QString &)> handler)
{
    m_progress = std::move(handler);
}

void LocalServer::progress(const QString &line) const
{
    if (m_progress)
        m_progress(line);
}

DbError LocalServer::failure(const QString &message, const QString &detail) const
{
    DbError error;
    error.kind = DbError::Kind::LocalServer;
    error.message = message;
    error.detail = detail;
    return error;
}

bool LocalServer::isInitialized() const
{
    return QFileInfo::exists(dataDir() + QStringLiteral("/PG_VERSION"));
}

ConnectionSpec LocalServer::connectionSpec(const QString &database) const
{
    ConnectionSpec spec;
    spec.name = QCoreApplication::translate("LocalServer", "Local demo server");
    spec.host = m_socketDir;
    spec.port = m_config.port;
    spec.database = database;
    spec.user = QString::fromLatin1(clusterUser);
    return spec;
}

LocalServer::Run LocalServer::runTool(const QString &tool, const QStringList &args,
                                      int timeoutMs) const
{
    Run run;
    QProcess process;
    // The postgres user cannot enter a root-owned working directory such as /root.
    process.setWorkingDirectory(QStringLiteral("/"));
    process.setProcessChannelMode(QProcess::MergedChannels);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
    env.remove(QStringLiteral("PGDATA"));
    process.setProcessEnvironment(env);
    const QString program = m_config.binDir + QLatin1Char('/') + tool;
    if (m_asPostgresUser) {
        process.start(QStringLiteral("runuser"),
                      QStringList{QStringLiteral("-u"), QString::fromLatin1(clusterUser),
                                  QStringLiteral("--"), program} +
                          args);
    } else {
        process.start(program, args);
    }
    if (!process.waitForStarted(10000)) {
        run.output = process.errorString();
        return run;
    }
    run.started = true;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(2000);
        run.output = QCoreApplication::translate("LocalServer", "%1 did not finish within %2 s")
                         .arg(tool)
                         .arg(timeoutMs / 1000);
        return run;
    }
    run.output = QString::fromLocal8Bit(process.readAll()).trimmed();
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    return run;
}

Status LocalServer::prepareDirectories()
{
    for (const QString &dir : {m_config.rootDir, m_socketDir}) {
        if (!QDir().mkpath(dir))
            return failure(QCoreApplication::translate(
                               "LocalServer",
                               "Cannot create the directory %1: permission denied or read-only "
                               "file system.")
                               .arg(dir));
        if (m_asPostgresUser && !chownToPostgres(dir))
            return failure(QCoreApplication::translate(
                               "LocalServer",
                               "Cannot give the directory %1 to the postgres user (needed to run "
                               "the server as root).")
                               .arg(dir));
        if (::chmod(QFile::encodeName(dir).constData(), 0700) != 0)
            return failure(
                QCoreApplication::translate("LocalServer", "Cannot restrict the permissions of %1.")
                    .arg(dir));
    }
    if (!m_asPostgresUser && !QFileInfo(m_config.rootDir).isWritable())
        return failure(
            QCoreApplication::translate("LocalServer", "The directory %1 is not writable.")
                .arg(m_config.rootDir));
    if (m_asPostgresUser) {
        // Every parent must be traversable by the postgres user.
        for (QDir parent(m_config.rootDir); !parent.isRoot(); parent.cdUp()) {
            const QFileInfo info(parent.absolutePath());
            if (!(info.permissions() & QFileDevice::ExeOther) &&
                info.ownerId() != ::getpwnam(clusterUser)->pw_uid)
                return failure(QCoreApplication::translate(
                                   "LocalServer",
                                   "The postgres user cannot enter %1; choose a server directory "
                                   "outside it (DBX_SERVER_DIR).")
                                   .arg(parent.absolutePath()));
        }
    }
    return {};
}

Status LocalServer::initialize()
{
    const QString version = dataDir() + QStringLiteral("/PG_VERSION");
    if (QFileInfo::exists(version)) {
        QFile file(version);
        file.open(QIODevice::ReadOnly);
        const QString clusterMajor = QString::fromLatin1(file.readAll()).trimmed();
        const QString binMajor = QFileInfo(m_config.binDir).dir().dirName();
        const bool numericBin = binMajor.toInt() > 0;
        if (numericBin && clusterMajor != binMajor)
            return failure(QCoreApplication::translate(
                               "LocalServer",
                               "The cluster in %1 was created by PostgreSQL %2, but the server "
                               "programs are version %3.")
                               .arg(dataDir(), clusterMajor, binMajor));
        return {};
    }
    if (QDir(dataDir()).exists() && !QDir(dataDir()).isEmpty())
        return failure(QCoreApplication::translate(
                           "LocalServer",
                           "%1 exists but does not hold a PostgreSQL cluster; move it away or "
                           "choose another server directory.")
                           .arg(dataDir()));
    progress(QCoreApplication::translate("LocalServer", "Creating a PostgreSQL cluster in %1…")
                 .arg(dataDir()));
    QStringList args{QStringLiteral("-D"),
                     dataDir(),
                     QStringLiteral("-U"),
                     QString::fromLatin1(clusterUser),
                     QStringLiteral("-A"),
                     QStringLiteral("trust"),
                     QStringLiteral("-E"),
                     QStringLiteral("UTF8"),
                     QStringLiteral("--locale=C.UTF-8"),
                     QStringLiteral("--no-instructions")};
    if (!m_config.durable)
        args << QStringLiteral("-N");
    const Run run = runTool(QStringLiteral("initdb"), args, 120000);
    if (run.exitCode != 0)
        return failure(
            QCoreApplication::translate("LocalServer", "initdb failed to create the cluster in %1.")
                .arg(dataDir()),
            run.output);
    // Trust authentication is safe only because nothing but the owner can reach the socket.
    QFile conf(dataDir() + QStringLiteral("/postgresql.conf"));
    if (!conf.open(QIODevice::Append | QIODevice::Text))
        return failure(
            QCoreApplication::translate("LocalServer", "Cannot write %1.").arg(conf.fileName()));
    QByteArray settings = "\n# DB Explorer's private server: Unix socket only, owner only.\n"
                          "listen_addresses = ''\n"
                          "unix_socket_permissions = 0700\n"
                          "max_connections = 50\n"
                          "shared_buffers = 32MB\n"
                          "lc_messages = 'C.UTF-8'\n";
    if (!m_config.durable)
        settings += "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n";
    conf.write(settings);
    return {};
}

Status LocalServer::checkSocketFree() const
{
    const QString lock = m_socketDir + QStringLiteral("/.s.PGSQL.%1.lock").arg(m_config.port);
    const qint64 holder = firstLinePid(lock);
    const qint64 ours = firstLinePid(dataDir() + QStringLiteral("/postmaster.pid"));
    if (holder > 0 && holder != ours && pidAlive(holder))
        return failure(
            QCoreApplication::translate(
                "LocalServer", "The socket %1 (port %2) is in use by another server (process %3).")
                .arg(m_socketDir)
                .arg(m_config.port)
                .arg(holder));
    return {};
}

bool LocalServer::isRunning() const
{
    if (m_config.binDir.isEmpty() || !isInitialized())
        return false;
    const qint64 pid = firstLinePid(dataDir() + QStringLiteral("/postmaster.pid"));
    if (!pidAlive(pid))
        return false;
    return runTool(QStringLiteral("pg_ctl"),
                   {QStringLiteral("status"), QStringLiteral("-D"), dataDir()}, 10000)
               .exitCode == 0;
}

Status LocalServer::start()
{
    m_startedByUs = false;
    if (m_config.binDir.isEmpty()) {
        const Result<QString> bin = findBinDir();
        if (!bin)
            return bin.error();
        m_config.binDir = bin.value();
    }
    if (!isServerBinDir(m_config.binDir))
        return failure(QCoreApplication::translate(
                           "LocalServer",
                           "%1 does not contain the PostgreSQL server programs (initdb, pg_ctl, "
                           "postgres).")
                           .arg(m_config.binDir));
    if (m_config.port < 1 || m_config.port > 65535)
        return failure(
            QCoreApplication::translate("LocalServer", "Invalid port %1 for the local server.")
                .arg(m_config.port));
    if (QFile::encodeName(m_socketDir).size() + 17 > socketPathLimit)
        return failure(QCoreApplication::translate(
                           "LocalServer",
                           "The socket directory %1 is too long for a Unix socket path (at most "
                           "about 90 bytes).")
                           .arg(m_socketDir));
    if (m_socketDir.contains(QLatin1Char('\'')) || m_socketDir.contains(QLatin1Char('\\')))
        return failure(QCoreApplication::translate(
                           "LocalServer", "The socket directory %1 contains a quote or backslash.")
                           .arg(m_socketDir));
    if (Status s = prepareDirectories(); !s)
        return s;
    if (Status s = initialize(); !s)
        return s;
    if (isRunning())
        return {};
    if (Status s = checkSocketFree(); !s)
        return s;
    progress(QCoreApplication::translate("LocalServer", "Starting the local PostgreSQL server…"));
    // pg_ctl hands -o to a shell; the directory was checked above for quotes.
    const QString options = QStringLiteral("-k '%1' -p %2").arg(m_socketDir).arg(m_config.port);
    const Run run = runTool(QStringLiteral("pg_ctl"),
                            {QStringLiteral("start"), QStringLiteral("-w"), QStringLiteral("-t"),
                             QStringLiteral("60"), QStringLiteral("-D"), dataDir(),
                             QStringLiteral("-l"), logFile(), QStringLiteral("-o"), options},
                            90000);
    if (run.exitCode != 0) {
        QString detail = run.output;
        const QString tail = logTail();
        if (!tail.isEmpty())
            detail += QStringLiteral("\n") + tail;
        if (tail.contains(QLatin1String("Address already in use")) ||
            tail.contains(QLatin1String("could not create lock file")))
            return failure(
                QCoreApplication::translate("LocalServer", "The socket %1 (port %2) is busy.")
                    .arg(m_socketDir)
                    .arg(m_config.port),
                detail);
        return failure(QCoreApplication::translate(
                           "LocalServer", "The local PostgreSQL server did not start; see %1.")
                           .arg(logFile()),
                       detail);
    }
    m_startedByUs = true;
    return {};
}

Status LocalServer::stop()
{
    if (!isRunning())
        return {};
    progress(QCoreApplication::translate("LocalServer", "Stopping the local PostgreSQL server…"));
    const Run run = runTool(QStringLiteral("pg_ctl"),
                            {QStringLiteral("stop"), QStringLiteral("-w"), QStringLiteral("-t"),
                             QStringLiteral("60"), QStringLiteral("-m"), QStringLiteral("fast"),
                             QStringLiteral("-D"), dataDir()},
                            90000);
    if (run.exitCode != 0)
        return failure(
            QCoreApplication::translate("LocalServer", "The local PostgreSQL server did not stop."),
            run.output);
    m_startedByUs = false;
    return {};
}

QString LocalServer::logTail() const
{
    QFile file(logFile());
    if (!file.open(QIODevice::ReadOnly))
        return {};
    if (file.size() > 4096)
        file.seek(file.size() - 4096);
    return QString::fromUtf8(file.readAll()).trimmed();
}

} // namespace dbx::model
