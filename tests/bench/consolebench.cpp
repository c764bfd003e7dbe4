#include "consolebench.h"

#include "benchutil.h"
#include "model/connection/connector.h"
#include "model/console/consolesession.h"
#include "model/db/executor.h"
#include "model/server/localserver.h"

#include <QDir>
#include <QElapsedTimer>

#include <algorithm>

namespace dbx::bench {

namespace {

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? -1 : values.at(values.size() / 2);
}

struct ConsoleRead {
    double firstPageMs = -1;
    double totalMs = -1;   // Fetch All: until the total is known
    double lastRowMs = -1; // then the last row, as a view jumping there asks for it
    qint64 total = 0;
    int cachedRows = 0;
    qint64 rssGrowthKb = 0;  // from before the run to after the last row
    qint64 peakGrowthKb = 0; // the peak over the same span (when the kernel can reset it)
};

// One run on a fresh session: run() until the model holds its first page, then Fetch All and
// the last row.
ConsoleRead consoleRead(const model::ConnectionSpec &spec, const QString &sql)
{
    ConsoleRead read;
    model::ConsoleSession session;
    session.open(spec);
    if (!waitUntil([&] { return session.isReady(); }, 30000))
        return read;
    QPointer<model::ResultSetModel> model;
    QObject::connect(&session, &model::ConsoleSession::resultReady, &session,
                     [&](int, model::ResultSetModel *m) { model = m; });
    const qint64 before = rssKb();
    const bool resetOk = resetPeak();
    QElapsedTimer t;
    t.start();
    session.run(sql, {});
    if (!waitUntil([&] { return !model.isNull(); }, 120000))
        return read;
    read.firstPageMs = double(t.nsecsElapsed()) / 1e6;
    t.restart();
    model->fetchAll();
    if (!waitUntil([&] { return model->totalCount().has_value(); }, 600000))
        return read;
    read.totalMs = double(t.nsecsElapsed()) / 1e6;
    read.total = *model->totalCount();
    t.restart();
    const QModelIndex last = model->index(model->rowCount() - 1, 0);
    model->data(last);
    if (!waitUntil([&] { return !model->data(last, model::ResultSetModel::LoadingRole).toBool(); },
                   120000))
        return read;
    read.lastRowMs = double(t.nsecsElapsed()) / 1e6;
    read.cachedRows = model->cachedRowCount();
    read.rssGrowthKb = rssKb() - before;
    read.peakGrowthKb = resetOk ? peakRssKb() - before : -1;
    return read;
}

bool prepare(QSqlDatabase &db, qint64 rows)
{
    for (const QString &sql :
         {s("DROP TABLE IF EXISTS console_rows"),
          s("CREATE TABLE console_rows (id bigint PRIMARY KEY, label text NOT NULL, qty int NOT "
            "NULL)"),
          s("INSERT INTO console_rows SELECT g, 'row ' || md5(g::text), (g * 7919) % 100000 "
            "FROM generate_series(1::bigint, %1) g")
              .arg(rows),
          s("VACUUM ANALYZE console_rows")}) {
        if (const auto done = model::exec(db, model::Statement(sql)); !done) {
            say(s("failed: %1: %2").arg(sql, done.error().message));
            return false;
        }
    }
    return true;
}

} // namespace

int runConsoleBench(qint64 rows, int repeat)
{
    auto server = startServer(s("dbx-bench-console"));
    if (!server)
        return 1;
    const model::ConnectionSpec spec = server->connectionSpec();
    int code = 1;
    {
        const auto opened = model::Connector::open(spec, s("console-bench"));
        if (opened) {
            QSqlDatabase db = opened.value();
            say(s("filling %1 rows...").arg(rows));
            if (prepare(db, rows)) {
                const QString sql = s("SELECT * FROM console_rows");
                QList<double> rawPage, rawFirst, session;
                ConsoleRead lastRun;
                for (int i = 0; i < repeat; ++i) {
                    rawPage << rawRead(db,
                                       sql + s(" LIMIT %1").arg(model::ResultSetModel::kPageRows))
                                   .totalMs;
                    rawFirst << rawRead(db, sql, true).firstRowMs;
                    lastRun = consoleRead(spec, sql);
                    session << lastRun.firstPageMs;
                }
                const double raw = median(rawPage);
                say(s("\n### `SELECT *` from %1 rows (median of %2)\n").arg(rows).arg(repeat));
                say(s("| measure | ConsoleSession | raw libpq read | ratio |"));
                say(s("|---|---|---|---|"));
                say(s("| first %1 rows | %2 ms | %3 ms (LIMIT %1, one round trip) | %4x |")
                        .arg(model::ResultSetModel::kPageRows)
                        .arg(ms(median(session)), ms(raw))
                        .arg(raw > 0 ? median(session) / raw : 0, 0, 'f', 2));
                say(s("| first row of the whole SELECT, single-row mode | - | %1 ms | - |")
                        .arg(ms(median(rawFirst))));
                say(s("| Fetch All: total known (MOVE ALL, no rows sent) | %1 ms (%2 rows) | - | - "
                      "|")
                        .arg(ms(lastRun.totalMs))
                        .arg(lastRun.total));
                say(s("| then the last row | %1 ms | - | - |").arg(ms(lastRun.lastRowMs)));
                say(s("| rows held in the client after Fetch All + last row | %1 | - | - |")
                        .arg(lastRun.cachedRows));
                say(s("| RSS growth of the run (peak) | %1 MB (%2 MB) | - | - |")
                        .arg(double(lastRun.rssGrowthKb) / 1024.0, 0, 'f', 1)
                        .arg(lastRun.peakGrowthKb < 0
                                 ? s("-")
                                 : QString::number(double(lastRun.peakGrowthKb) / 1024.0, 'f', 1)));
                code = lastRun.total == rows ? 0 : 1;
            }
        }
    }
    model::Connector::close(s("console-bench"));
    server->stop();
    QDir(server->config().rootDir).removeRecursively();
    return code;
}

} // namespace dbx::bench
