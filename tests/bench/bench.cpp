// dbx_bench: how fast TableDataModel shows rows of big tables, next to the usual ways of reading
// them, measured in one run on the same data in a private cluster.
//
//   dbx_bench [--rows 100000,1000000,10000000] [--cap-seconds 120] [--cap-mb 4096]
//   dbx_bench --export [--rows 1000000,10000000] [--repeat 3]   (CSV/JSON export vs psql)
//   dbx_bench --import [--rows 1000000] [--repeat 3]            (CSV import vs psql \copy from)
//   dbx_bench --console [--rows 10000000] [--repeat 3]    (console SELECT vs raw libpq read)
//   dbx_bench --ui [--rows 10000000]   (the longest UI-thread stall of TableBrowser, offscreen)
//   dbx_bench --completion [--tables 5000] (SQL completion: catalog load, keystroke -> list)
//
// Prints one markdown table per size. QSqlQueryModel runs in a child process under a time and
// address-space cap, since it reads the whole result into memory.

#include "benchutil.h"
#include "completionbench.h"
#include "consolebench.h"
#include "exportbench.h"
#include "importbench.h"
#include "model/catalog/catalogreader.h"
#include "model/connection/connector.h"
#include "model/data/tabledatamodel.h"
#include "model/server/localserver.h"
#include "uibench.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlQueryModel>
#include <QSqlRecord>

#include <algorithm>
#include <cstdio>
#include <unistd.h>

using namespace dbx;
using namespace dbx::bench;

namespace {

double since(const QElapsedTimer &t)
{
    return double(t.nsecsElapsed()) / 1e6;
}

struct ModelNumbers {
    double firstMs = -1, endMs = -1, indexMs = -1, middleMs = -1, scrollPageMs = -1;
    double sortMs = -1, sortEndMs = -1, sortMiddleMs = -1, exactCountMs = -1, sortIndexMs = -1;
    double settledEndMs = -1;
    qint64 middleId = 0, peakKb = 0, rssKb = 0, rowsFetched = 0, requests = 0;
};

struct ChildNumbers {
    QString status; // empty when it finished
    double firstMs = -1, endMs = -1, sortMs = -1;
    qint64 peakKb = -1;
};

// Owns the private cluster and the connections, creates each table and runs every measurement
// of one size; the QSqlQueryModel baseline runs in a child process (queryModelMain).
class Bench {
public:
    Bench(int capSeconds, int capMb)
        : m_capSeconds(capSeconds)
        , m_capMb(capMb)
    {}
    bool start();
    void stop();
    bool run(qint64 rows);

private:
    bool createTable(const QString &table, qint64 rows);
    ModelNumbers measureModel(const model::TableInfo &info, qint64 rows);
    ModelNumbers measureOnce(const model::TableInfo &info, qint64 rows);
    double median3(const QString &sql);
    double psqlMs(const QString &select);
    ChildNumbers queryModelChild(const QString &table);
    void print(qint64 rows, const QString &table, const ModelNumbers &m, const ChildNumbers &c);

    int m_capSeconds;
    int m_capMb;
    std::unique_ptr<model::LocalServer> m_server;
    model::ConnectionSpec m_spec;
    QSqlDatabase m_sync;
    std::unique_ptr<model::Database> m_db;
    std::unique_ptr<model::Database> m_background;
};

bool Bench::start()
{
    m_server = startServer(s("dbx-bench"));
    if (!m_server)
        return false;
    m_spec = m_server->connectionSpec();
    const auto opened = model::Connector::open(m_spec, s("bench-sync"));
    if (!opened) {
        say(s("cannot connect: ") + opened.error().message);
        return false;
    }
    m_sync = opened.value();
    QSqlQuery(m_sync).exec(s("SET maintenance_work_mem = '256MB'"));
    for (auto *db : {&m_db, &m_background}) {
        *db = std::make_unique<model::Database>();
        (*db)->connectTo(m_spec);
        if (!waitUntil([&] { return (*db)->state() == model::Database::State::Connected; },
                       10000)) {
            say(s("the model's connection did not open"));
            return false;
        }
    }
    return true;
}

void Bench::stop()
{
    m_db.reset();
    m_background.reset();
    m_sync = {};
    model::Connector::close(s("bench-sync"));
    if (m_server) {
        m_server->stop();
        QDir(m_server->config().rootDir).removeRecursively();
    }
}

bool Bench::createTable(const QString &table, qint64 rows)
{
    QElapsedTimer t;
    t.start();
    QSqlQuery q(m_sync);
    const QStringList steps = {
        s("DROP TABLE IF EXISTS %1").arg(table),
        s("CREATE TABLE %1 (id bigint PRIMARY KEY, label text NOT NULL, qty int NOT NULL)")
            .arg(table),
        s("INSERT INTO %1 SELECT g, 'label ' || md5(g::text), (g * 7919) % 100000 "
          "FROM generate_series(1::bigint, %2) g")
            .arg(table)
            .arg(rows),
        s("CREATE INDEX %1_qty ON %1 (qty)").arg(table),
        s("VACUUM ANALYZE %1").arg(table),
    };
    for (const QString &sql : steps) {
        if (!q.exec(sql)) {
            say(s("setup failed: ") + sql);
            return false;
        }
    }
    say(s("created %1 with %2 rows in %3 s").arg(table).arg(rows).arg(since(t) / 1000, 0, 'f', 1));
    return true;
}

// Every measure of the grid, run `runs` times on a fresh grid each: the median of each.
ModelNumbers Bench::measureModel(const model::TableInfo &info, qint64 rows)
{
    constexpr int runs = 5;
    QList<ModelNumbers> all;
    for (int i = 0; i < runs; ++i) {
        all << measureOnce(info, rows);
        waitUntil([&] { return !m_db->isBusy() && !m_background->isBusy(); }, 60000);
    }
    const auto median = [&](double ModelNumbers::*field) {
        QList<double> values;
        for (const ModelNumbers &n : all)
            values << n.*field;
        std::sort(values.begin(), values.end());
        return values.at(values.size() / 2);
    };
    ModelNumbers m = all.first();
    for (double ModelNumbers::*field :
         {&ModelNumbers::firstMs, &ModelNumbers::endMs, &ModelNumbers::indexMs,
          &ModelNumbers::middleMs, &ModelNumbers::scrollPageMs, &ModelNumbers::sortMs,
          &ModelNumbers::sortEndMs, &ModelNumbers::sortMiddleMs, &ModelNumbers::exactCountMs,
          &ModelNumbers::sortIndexMs, &ModelNumbers::settledEndMs})
        m.*field = median(field);
    for (const ModelNumbers &n : all)
        m.peakKb = std::max(m.peakKb, n.peakKb);
    return m;
}

ModelNumbers Bench::measureOnce(const model::TableInfo &info, qint64 rows)
{
    ModelNumbers m;
    const qint64 rssStart = rssKb();
    resetPeak();
    model::TableDataModel grid(m_db.get(), nullptr, m_background.get());
    QElapsedTimer open;
    QObject::connect(&grid, &model::TableDataModel::exactCountKnown, &grid,
                     [&] { m.exactCountMs = since(open); });
    open.start();
    grid.setTable(info);
    int last = grid.rowCount() - 1; // the estimate until the exact count arrives
    if (waitUntil([&] { return grid.isRowLoaded(0); }, 60000))
        m.firstMs = since(open);
    QElapsedTimer t;
    t.start();
    grid.data(grid.index(last, 0));
    if (waitUntil([&] { return grid.isRowLoaded(last); }, 60000))
        m.endMs = since(t);
    if (waitUntil([&] { return grid.hasPositionIndex(); }, 60000))
        m.indexMs = since(open);
    const int middle = int(rows / 2);
    t.restart();
    grid.data(grid.index(middle, 0));
    if (waitUntil([&] { return grid.isRowLoaded(middle); }, 60000))
        m.middleMs = since(t);
    m.middleId = grid.data(grid.index(middle, 0), Qt::EditRole).toLongLong();
    // Scrolling on from the middle, a page at a time as a view would.
    const int pages = 20;
    t.restart();
    for (int p = 1; p <= pages; ++p) {
        const int row = qMin(last, middle + p * grid.pageSize());
        grid.data(grid.index(row, 0));
        waitUntil([&] { return grid.isRowLoaded(row); }, 60000);
    }
    m.scrollPageMs = since(t) / pages;
    // The background count, before the sort below restarts it.
    waitUntil([&] { return grid.isCountExact(); }, 120000);
    // The end again, now that nothing runs beside it: from the start, which drops the tail.
    grid.sort(-1, Qt::AscendingOrder);
    waitUntil([&] { return grid.isRowLoaded(0) && grid.isCountExact(); }, 120000);
    waitUntil([&] { return !m_db->isBusy() && !m_background->isBusy(); }, 60000);
    last = grid.rowCount() - 1;
    t.restart();
    grid.data(grid.index(last, 0));
    if (waitUntil([&] { return grid.isRowLoaded(last); }, 60000))
        m.settledEndMs = since(t);
    t.restart();
    grid.sort(2, Qt::AscendingOrder);
    grid.data(grid.index(0, 0));
    if (waitUntil([&] { return grid.isRowLoaded(0); }, 60000))
        m.sortMs = since(t);
    last = grid.rowCount() - 1;
    t.restart();
    grid.data(grid.index(last, 0));
    if (waitUntil([&] { return grid.isRowLoaded(last); }, 60000))
        m.sortEndMs = since(t);
    // A jump into the middle of the order needs the sort column's histogram: timed once the
    // position index is there, like the unsorted jump (its wait is reported apart).
    t.restart();
    if (waitUntil([&] { return grid.hasPositionIndex(); }, 60000))
        m.sortIndexMs = since(t);
    t.restart();
    grid.data(grid.index(middle, 0));
    if (waitUntil([&] { return grid.isRowLoaded(middle); }, 60000))
        m.sortMiddleMs = since(t);
    m.peakKb = peakRssKb() - rssStart;
    m.rssKb = rssKb() - rssStart;
    m.rowsFetched = grid.rowsFetched();
    m.requests = grid.pageRequests();
    return m;
}

double Bench::median3(const QString &sql)
{
    QList<double> times;
    for (int i = 0; i < 3; ++i)
        times << rawRead(m_sync, sql).totalMs;
    std::sort(times.begin(), times.end());
    return times.at(1);
}

double Bench::psqlMs(const QString &select)
{
    const QStringList args = {
        s("-X"),       s("-q"),     s("-h"),
        m_spec.host,   s("-p"),     QString::number(m_spec.port),
        s("-U"),       m_spec.user, s("-d"),
        s("postgres"), s("-c"),     s("\\copy (%1) to /dev/null").arg(select)};
    QElapsedTimer t;
    t.start();
    QProcess psql;
    psql.start(s("psql"), args);
    if (!psql.waitForFinished(600000) || psql.exitCode() != 0)
        return -1;
    return since(t);
}

ChildNumbers Bench::queryModelChild(const QString &table)
{
    ChildNumbers c;
    QProcess child;
    const QString script = s("ulimit -v %1; exec \"$0\" \"$@\"").arg(qint64(m_capMb) * 1024);
    child.start(s("bash"),
                {s("-c"), script, QCoreApplication::applicationFilePath(), s("--child-querymodel"),
                 m_spec.host, QString::number(m_spec.port), m_spec.user, table});
    if (!child.waitForFinished(m_capSeconds * 1000)) {
        child.kill();
        child.waitForFinished(5000);
        c.status = s("stopped after %1 s").arg(m_capSeconds);
        return c;
    }
    const QString out = QString::fromUtf8(child.readAllStandardOutput()).trimmed();
    const QStringList f = out.split(QLatin1Char(' '));
    if (child.exitCode() != 0 || f.size() != 4) {
        c.status = s("failed under the %1 MB cap").arg(m_capMb);
        return c;
    }
    c.firstMs = f.at(0).toDouble();
    c.endMs = f.at(1).toDouble();
    c.sortMs = f.at(2).toDouble();
    c.peakKb = f.at(3).toLongLong();
    return c;
}

QString ratio(double ours, double base)
{
    if (ours < 0 || base <= 0)
        return s("-");
    return QString::number(ours / base, 'f', 2) + s("x");
}

QString mb(qint64 kb)
{
    return kb < 0 ? s("-") : QString::number(double(kb) / 1024.0, 'f', 1) + s(" MB");
}

void Bench::print(qint64 rows, const QString &table, const ModelNumbers &m, const ChildNumbers &c)
{
    const QString cols = s("SELECT id, label, qty FROM %1").arg(table);
    const double rawFirst = median3(cols + s(" ORDER BY id LIMIT 100"));
    const double rawEnd = median3(cols + s(" ORDER BY id DESC LIMIT 100"));
    const double offEnd = median3(cols + s(" ORDER BY id OFFSET %1 LIMIT 100").arg(rows - 100));
    const double rawMid = median3(cols + s(" WHERE id > %1 ORDER BY id LIMIT 100").arg(rows / 2));
    const double offMid = median3(cols + s(" ORDER BY id OFFSET %1 LIMIT 100").arg(rows / 2));
    const double rawSort = median3(cols + s(" ORDER BY qty, id LIMIT 100"));
    // The same pages of the sorted grid: the last one, and one from the middle of the order.
    const double rawSortEnd = median3(cols + s(" ORDER BY qty DESC, id DESC LIMIT 100"));
    const double rawSortMid =
        median3(cols + s(" WHERE (qty, id) > (50000, 0) ORDER BY qty, id LIMIT 100"));
    resetPeak();
    const qint64 rssBefore = rssKb();
    const RawRead full = rawRead(m_sync, cols + s(" ORDER BY id"), true);
    const qint64 rawPeak = peakRssKb() - rssBefore;
    const double psqlFirst = psqlMs(cols + s(" ORDER BY id LIMIT 100"));
    const double psqlFull = psqlMs(cols + s(" ORDER BY id"));
    const QString qsqm = c.status.isEmpty() ? QString() : s(" (QSqlQueryModel %1)").arg(c.status);
    say(s("\n### %1 rows\n").arg(rows));
    say(s("| measure | TableDataModel | raw libpq read | ratio | psql \\copy | "
          "QSqlQueryModel | target |"));
    say(s("|---|---|---|---|---|---|---|"));
    const auto line = [](const QString &what, double ours, double raw, const QString &psql,
                         const QString &qm, const QString &target) {
        say(s("| %1 | %2 ms | %3 ms | %4 | %5 | %6 | %7 |")
                .arg(what, ms(ours), ms(raw), ratio(ours, raw), psql, qm, target));
    };
    line(s("first screen (100 rows)"), m.firstMs, rawFirst, ms(psqlFirst) + s(" ms"),
         ms(c.firstMs) + s(" ms") + qsqm, s("< 50 ms, <= 1.5x raw"));
    line(s("jump to last row, at once (the count runs beside it)"), m.endMs, rawEnd,
         s("OFFSET: %1 ms").arg(ms(offEnd)),
         ms(c.endMs) + s(" ms (fetchMore: rows already in memory)"), s("< 150 ms"));
    line(s("jump to last row"), m.settledEndMs, rawEnd, s("-"), s("-"), s("< 150 ms, <= 3x raw"));
    line(s("jump to middle row"), m.middleMs, rawMid, s("OFFSET: %1 ms").arg(ms(offMid)), s("-"),
         s("< 150 ms, <= 3x raw"));
    line(s("scroll one page on"), m.scrollPageMs, rawMid, s("-"), s("-"), s("-"));
    line(s("sort by indexed column, first screen"), m.sortMs, rawSort, s("-"),
         ms(c.sortMs) + s(" ms"), s("<= 3x raw"));
    line(s("sorted, jump to last row"), m.sortEndMs, rawSortEnd, s("-"), s("-"),
         s("< 150 ms, <= 3x raw"));
    line(s("sorted, jump to middle row"), m.sortMiddleMs, rawSortMid, s("-"), s("-"),
         s("< 150 ms, <= 3x raw"));
    line(s("read every row"), -1, full.totalMs, ms(psqlFull) + s(" ms"), s("see first screen"),
         s("-"));
    say(s("| peak RSS growth | %1 | %2 | - | - | %3 | < 100 MB |")
            .arg(mb(m.peakKb), mb(rawPeak), mb(c.peakKb)));
    say(s("\nTableDataModel: %1 page requests, %2 rows fetched of %3; position index ready after "
          "%4 ms (sorted: %8 ms after the sort's first screen); exact count after %5 ms; the "
          "middle row showed id %6 (exact: %7).")
            .arg(m.requests)
            .arg(m.rowsFetched)
            .arg(rows)
            .arg(ms(m.indexMs), ms(m.exactCountMs))
            .arg(m.middleId)
            .arg(rows / 2 + 1)
            .arg(ms(m.sortIndexMs)));
}

bool Bench::run(qint64 rows)
{
    const QString table = s("bench_%1").arg(rows);
    if (!createTable(table, rows))
        return false;
    const auto snapshot = model::CatalogReader::read(m_sync);
    const model::TableInfo *info = snapshot ? snapshot->table(s("public"), table) : nullptr;
    if (!info) {
        say(s("catalog read failed"));
        return false;
    }
    {
        // Warm-up: the connections' first look at the table (catalog caches, plans) is not
        // what a user waits for when opening a grid on a session in use. It runs to the end
        // (count included) so that no cancelled statement still burns a core when the
        // measured grid opens: on two cores that alone costs the first screen a few ms.
        model::TableDataModel warm(m_db.get(), nullptr, m_background.get());
        warm.setTable(*info);
        waitUntil(
            [&] { return warm.isRowLoaded(0) && warm.hasPositionIndex() && warm.isCountExact(); },
            120000);
        // The same for the sorted order: the index on the sort column is read once.
        warm.sort(2, Qt::AscendingOrder);
        warm.data(warm.index(0, 0));
        waitUntil([&] { return warm.isRowLoaded(0) && warm.hasPositionIndex(); }, 120000);
        const int end = warm.rowCount() - 1;
        warm.data(warm.index(end, 0));
        waitUntil([&] { return warm.isRowLoaded(end) && warm.isCountExact(); }, 120000);
    }
    waitUntil([&] { return !m_db->isBusy() && !m_background->isBusy(); }, 10000);
    const ModelNumbers m = measureModel(*info, rows);
    const ChildNumbers c = queryModelChild(table);
    print(rows, table, m, c);
    const bool ok = m.firstMs >= 0 && m.endMs >= 0 && m.middleMs >= 0 && m.sortMs >= 0;
    QSqlQuery(m_sync).exec(s("DROP TABLE %1").arg(table));
    return ok;
}

// The child: QSqlQueryModel on the same table, printing "first end sort peakKb".
int queryModelMain(const QStringList &args)
{
    model::ConnectionSpec spec;
    spec.host = args.value(0);
    spec.port = args.value(1).toInt();
    spec.user = args.value(2);
    spec.database = s("postgres");
    const QString table = args.value(3);
    const auto opened = model::Connector::open(spec, s("child"));
    if (!opened)
        return 1;
    const qint64 rssStart = rssKb();
    resetPeak();
    QSqlQueryModel qm;
    QElapsedTimer t;
    t.start();
    qm.setQuery(s("SELECT id, label, qty FROM %1 ORDER BY id").arg(table), opened.value());
    qm.data(qm.index(0, 0));
    const double first = since(t);
    t.restart();
    while (qm.canFetchMore())
        qm.fetchMore();
    qm.data(qm.index(qm.rowCount() - 1, 0));
    const double end = since(t);
    t.restart();
    qm.setQuery(s("SELECT id, label, qty FROM %1 ORDER BY qty, id").arg(table), opened.value());
    qm.data(qm.index(0, 0));
    const double sorted = since(t);
    if (qm.lastError().isValid())
        return 1;
    std::printf("%.1f %.1f %.1f %lld\n", first, end, sorted, peakRssKb() - rssStart);
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    const bool uiMode = std::any_of(argv, argv + argc, [](const char *a) {
        return qstrcmp(a, "--ui") == 0 || qstrcmp(a, "--completion") == 0;
    });
    if (uiMode && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    std::unique_ptr<QCoreApplication> app = uiMode ? std::make_unique<QApplication>(argc, argv)
                                                   : std::make_unique<QCoreApplication>(argc, argv);
    QStringList args = QCoreApplication::arguments().mid(1);
    if (args.value(0) == s("--child-querymodel"))
        return queryModelMain(args.mid(1));
    const bool exportMode = args.removeAll(s("--export")) > 0;
    const bool importMode = args.removeAll(s("--import")) > 0;
    const bool consoleMode = args.removeAll(s("--console")) > 0;
    QList<qint64> sizes = {100000, 1000000, 10000000};
    int capSeconds = 120;
    int capMb = 4096;
    for (qsizetype i = 0; i + 1 < args.size(); i += 2) {
        if (args.at(i) == s("--rows")) {
            sizes.clear();
            for (const QString &n : args.at(i + 1).split(QLatin1Char(',')))
                sizes << n.toLongLong();
        } else if (args.at(i) == s("--cap-seconds")) {
            capSeconds = args.at(i + 1).toInt();
        } else if (args.at(i) == s("--cap-mb")) {
            capMb = args.at(i + 1).toInt();
        }
    }
    if (args.removeAll(s("--completion")) > 0) {
        const int at = int(args.indexOf(s("--tables")));
        return runCompletionBench(at >= 0 ? args.value(at + 1).toInt() : 5000);
    }
    args.removeAll(s("--ui"));
    if (uiMode) {
        const int at = int(args.indexOf(s("--rows")));
        return runUiBench(at >= 0 ? args.value(at + 1).toLongLong() : 10000000);
    }
    if (consoleMode) {
        const int at = int(args.indexOf(s("--repeat")));
        const int repeat = at >= 0 ? qMax(1, args.value(at + 1).toInt()) : 3;
        return runConsoleBench(args.contains(s("--rows")) ? sizes.value(0) : 10000000, repeat);
    }
    if (importMode) {
        const int at = int(args.indexOf(s("--repeat")));
        const int repeat = at >= 0 ? qMax(1, args.value(at + 1).toInt()) : 3;
        return runImportBench(args.contains(s("--rows")) ? sizes : QList<qint64>{1000000}, repeat);
    }
    if (exportMode) {
        const int at = int(args.indexOf(s("--repeat")));
        const int repeat = at >= 0 ? qMax(1, args.value(at + 1).toInt()) : 3;
        const bool sized = args.contains(s("--rows"));
        return runExportBench(sized ? sizes : QList<qint64>{1000000, 10000000}, repeat);
    }
    Bench bench(capSeconds, capMb);
    bool ok = bench.start();
    for (qint64 rows : sizes) {
        if (ok)
            ok = bench.run(rows);
    }
    bench.stop();
    return ok ? 0 : 1;
}
