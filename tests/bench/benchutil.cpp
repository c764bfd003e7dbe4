#include "benchutil.h"

#include "model/db/pgnative.h"
#include "model/server/localserver.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFile>
#include <QTimer>

#include <libpq-fe.h>

#include <cstdio>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace dbx::bench {

namespace {
qint64 statusField(const char *field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray key = QByteArray(field) + ':';
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(key))
            return line.mid(key.size()).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}
} // namespace

qint64 rssKb()
{
    return statusField("VmRSS");
}

qint64 peakRssKb()
{
    return statusField("VmHWM");
}

bool resetPeak()
{
    QFile refs(QStringLiteral("/proc/self/clear_refs"));
    return refs.open(QIODevice::WriteOnly) && refs.write("5") == 1;
}

bool waitUntil(const std::function<bool()> &done, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    // Wakes the loop now and then even when no event comes.
    QTimer tick;
    tick.start(5);
    while (!done()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
    }
    return true;
}

RawRead rawRead(QSqlDatabase &db, const QString &sql, bool stream)
{
    RawRead r;
    PGconn *conn = model::nativeConnection(db);
    if (!conn)
        return r;
    QElapsedTimer timer;
    timer.start();
    const QByteArray text = sql.toUtf8();
    // One round trip, the way the application's executor sends a statement.
    if (PQsendQueryParams(conn, text.constData(), 0, nullptr, nullptr, nullptr, nullptr, 0) != 1)
        return r;
    if (stream)
        PQsetSingleRowMode(conn);
    bool ok = true;
    while (PGresult *result = PQgetResult(conn)) {
        const ExecStatusType status = PQresultStatus(result);
        ok = ok && (status == PGRES_TUPLES_OK || status == PGRES_SINGLE_TUPLE);
        const int rows = PQntuples(result);
        const int columns = PQnfields(result);
        for (int i = 0; i < rows; ++i) {
            if (r.rows == 0)
                r.firstRowMs = double(timer.nsecsElapsed()) / 1e6;
            // Touch every value as a grid would.
            for (int c = 0; c < columns; ++c)
                (void)PQgetvalue(result, i, c);
            ++r.rows;
        }
        PQclear(result);
    }
    r.totalMs = double(timer.nsecsElapsed()) / 1e6;
    r.ok = ok;
    return r;
}

Measured measureCommand(const QString &program, const QStringList &args)
{
    Measured m;
    QList<QByteArray> storage{QFile::encodeName(program)};
    for (const QString &a : args)
        storage << a.toLocal8Bit();
    std::vector<char *> argv;
    for (QByteArray &a : storage)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    QElapsedTimer timer;
    timer.start();
    const pid_t pid = ::fork();
    if (pid == 0) {
        const int null = ::open("/dev/null", O_WRONLY);
        ::dup2(null, STDOUT_FILENO);
        ::execv(argv.front(), argv.data());
        ::_exit(127);
    }
    if (pid < 0)
        return m;
    int status = 0;
    rusage usage{};
    if (::wait4(pid, &status, 0, &usage) != pid)
        return m;
    m.ms = double(timer.nsecsElapsed()) / 1e6;
    m.peakKb = usage.ru_maxrss;
    m.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return m;
}

QString ms(double value)
{
    return value < 0 ? QStringLiteral("-") : QString::number(value, 'f', 1);
}

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

void say(const QString &line)
{
    std::printf("%s\n", qPrintable(line));
    std::fflush(stdout);
}

std::unique_ptr<model::LocalServer> startServer(const QString &prefix)
{
    model::LocalServer::Config config;
    config.rootDir = QStringLiteral("/tmp/%1-%2").arg(prefix).arg(::getpid());
    config.durable = false;
    auto server = std::make_unique<model::LocalServer>(config);
    const model::Status started = server->start();
    if (!started) {
        say(s("cannot start the cluster: ") + started.error().message + s("\n") +
            started.error().detail);
        return nullptr;
    }
    return server;
}

} // namespace dbx::bench
