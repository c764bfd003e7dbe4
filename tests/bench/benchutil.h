#pragma once

#include <QSqlDatabase>
#include <QString>

#include <functional>
#include <memory>

namespace dbx::model {
class LocalServer;
}

// Small measuring tools of the browse benchmark: memory of this process, waiting on the event
// loop with a deadline, and timing a forward-only read.
namespace dbx::bench {

// Resident set size now and its peak since the last resetPeak(), in kB (/proc/self/status).
qint64 rssKb();
qint64 peakRssKb();
// Makes VmHWM start again from the current RSS (Linux clear_refs 5); false if unsupported.
bool resetPeak();

// Runs the event loop until `done` is true; false after `timeoutMs`.
bool waitUntil(const std::function<bool()> &done, int timeoutMs);

struct RawRead {
    double firstRowMs = -1;
    double totalMs = -1;
    qint64 rows = 0;
    bool ok = false;
};
// Reads `sql` with plain libpq on the connection's handle, touching every value: one
// statement, one round trip. `stream`: in single-row mode (a whole table), else the result
// at once (a page), which is the fastest libpq reads a page.
RawRead rawRead(QSqlDatabase &db, const QString &sql, bool stream = false);

// A program run to the end with its standard output thrown away: wall time and the peak
// resident memory the kernel counted for it (wait4's ru_maxrss).
struct Measured {
    double ms = -1;
    qint64 peakKb = -1;
    int exitCode = -1;
};
Measured measureCommand(const QString &program, const QStringList &args);

// Milliseconds with one decimal, or "-" for a negative value.
QString ms(double value);

// A throwaway cluster (no fsync) under /tmp/<prefix>-<pid>, started; nullptr (and the reason
// said) when it cannot start.
std::unique_ptr<model::LocalServer> startServer(const QString &prefix);

// UTF-8 text as a QString (the benchmark's tables are written with many literals).
QString s(const char *text);
// One line of the report on stdout, flushed so a long run shows its progress.
void say(const QString &line);

} // namespace dbx::bench
