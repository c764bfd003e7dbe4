#include "benchutil.h"

#include "model/server/localserver.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFile>
#include <QSqlQuery>
#include <QTimer>

#include <cstdio>
#include <unistd.h>

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

RawRead rawRead(QSqlDatabase &db, const QString &sql)
{
    RawRead r;
    QElapsedTimer timer;
    timer.start();
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(sql))
        return r;
    while (query.next()) {
        if (r.rows == 0)
            r.firstRowMs = double(timer.nsecsElapsed()) / 1e6;
        // Touch every value as a grid would.
        for (int i = 0; i < 3; ++i)
            query.value(i);
        ++r.rows;
    }
    r.totalMs = double(timer.nsecsElapsed()) / 1e6;
    r.ok = true;
    return r;
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
