#pragma once

#include "model/connection/connectionspec.h"
#include "model/result.h"

#include <QString>

#include <functional>

namespace dbx::model {

// A private PostgreSQL cluster that DB Explorer creates, starts and stops itself: the embedded
// demo server, and the throwaway servers of the tests. It listens only on a Unix socket in its
// own directory, so several can run side by side without port clashes. Every call blocks (it
// runs initdb and pg_ctl): call it from a worker thread, never from the UI thread.
class LocalServer {
public:
    struct Config {
        // Holds data/ (the cluster), run/ (the socket, unless the path is too long for a
        // socket) and server.log. Created on first use.
        QString rootDir;
        int port = 5432;
        // Where initdb, pg_ctl and postgres live; empty = discover (see findBinDir).
        QString binDir;
        // Off for test clusters: fsync and full-page writes off, as throwaway data allows.
        bool durable = true;
        // Where the socket goes; empty = <rootDir>/run (or a short path under /tmp when that
        // would exceed the socket path limit).
        QString socketDir;
    };

    explicit LocalServer(Config config);
    ~LocalServer();
    LocalServer(const LocalServer &) = delete;
    LocalServer &operator=(const LocalServer &) = delete;

    // The per-user default root: ~/.local/share/dbexplorer/server, or /var/lib/dbexplorer/server
    // when running as root (a home directory under /root is not traversable by the postgres
    // user that must own the cluster). DBX_SERVER_DIR overrides it.
    static QString defaultRootDir();
    // DBX_PG_BINDIR, else the newest /usr/lib/postgresql/<major>/bin, else initdb on PATH.
    static Result<QString> findBinDir(const QString &hint = {});
    // True when `dir` holds initdb, pg_ctl and postgres.
    static bool isServerBinDir(const QString &dir);
    // DBX_PG_BINDIR when set, then every installed /usr/lib/postgresql/N/bin, newest first
    // (the newest client programs work with every older server).
    static QStringList installedBinDirs();

    // Creates the cluster if needed and starts it unless it is already running. Idempotent.
    Status start();
    // Stops the server if it runs (fast shutdown: open sessions are disconnected).
    Status stop();
    bool isRunning() const;
    // True when start() launched the postmaster (rather than finding it already running).
    bool startedByUs() const { return m_startedByUs; }
    bool isInitialized() const;

    // Connection to a database of this server, as the cluster's superuser "postgres".
    ConnectionSpec connectionSpec(const QString &database = QStringLiteral("postgres")) const;

    QString dataDir() const;
    QString socketDir() const;
    QString logFile() const;
    const Config &config() const { return m_config; }

    // Receives one line per step ("Creating the cluster…"), for a splash or the console.
    void setProgressHandler(std::function<void(const QString &)> handler);

private:
    struct Run {
        int exitCode = -1;
        QString output;
        bool started = false;
    };
    Run runTool(const QString &tool, const QStringList &args, int timeoutMs) const;
    Status prepareDirectories();
    Status initialize();
    Status checkSocketFree() const;
    DbError failure(const QString &message, const QString &detail = {}) const;
    void progress(const QString &line) const;
    QString logTail() const;

    Config m_config;
    QString m_socketDir;
    bool m_asPostgresUser = false;
    bool m_startedByUs = false;
    std::function<void(const QString &)> m_progress;
};

} // namespace dbx::model
