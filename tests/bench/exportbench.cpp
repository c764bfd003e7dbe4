#include "exportbench.h"

#include "benchutil.h"
#include "model/catalog/catalogreader.h"
#include "model/connection/connector.h"
#include "model/export/tableexporter.h"
#include "model/server/localserver.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSqlQuery>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <unistd.h>

namespace dbx::bench {

namespace {

struct Run {
    double ms = -1;
    qint64 rows = -1;
    qint64 bytes = -1;
    qint64 peakKb = -1;
    double syncMs = 0; // psql only: fsync of its file afterwards
    QString error;
};

// Same bytes once line ends are alike: psql writes LF, TableExporter CRLF (RFC 4180).
bool sameCsv(const QString &a, const QString &b)
{
    QFile fa(a);
    QFile fb(b);
    if (!fa.open(QIODevice::ReadOnly) || !fb.open(QIODevice::ReadOnly))
        return false;
    for (;;) {
        QByteArray la = fa.readLine();
        QByteArray lb = fb.readLine();
        if (la.isEmpty() || lb.isEmpty())
            return la.isEmpty() && lb.isEmpty();
        if (la.endsWith("\r\n"))
            la.remove(la.size() - 2, 1);
        if (lb.endsWith("\r\n"))
            lb.remove(lb.size() - 2, 1);
        if (la != lb)
            return false;
    }
}

// One private cluster, a connection for setting up and a Database for the exporter.
class ExportBench {
public:
    bool start();
    void stop();
    bool run(qint64 rows, int repeat);

private:
    bool createTable(const QString &table, qint64 rows);
    Run psqlCopy(const QString &select, const QString &file);
    Run exportOnce(const model::TableQuery &query, model::ExportFormat format, bool allowCopy,
                   const QString &file);
    void line(const QString &what, const QList<Run> &runs, double psqlMs, double syncedMs,
              qint64 rows);
    bool commandLine(const QString &table, qint64 rows, int repeat);

    std::unique_ptr<model::LocalServer> m_server;
    model::ConnectionSpec m_spec;
    QString m_psql;
    QString m_dir;
    QSqlDatabase m_sync;
    std::unique_ptr<model::Database> m_db;
};

bool ExportBench::start()
{
    m_server = startServer(s("dbx-bench-export"));
    if (!m_server)
        return false;
    const QString root = m_server->config().rootDir;
    // psql from the same installation as the server.
    const auto bin = model::LocalServer::findBinDir(m_server->config().binDir);
    if (!bin || !QFileInfo::exists(bin.value() + s("/psql"))) {
        say(s("no psql beside the server binaries"));
        return false;
    }
    m_psql = bin.value() + s("/psql");
    m_dir = root + s("/out");
    QDir().mkpath(m_dir);
    m_spec = m_server->connectionSpec();
    const auto opened = model::Connector::open(m_spec, s("export-bench-sync"));
    if (!opened) {
        say(s("cannot connect: ") + opened.error().message);
        return false;
    }
    m_sync = opened.value();
    m_db = std::make_unique<model::Database>();
    m_db->connectTo(m_spec);
    return waitUntil([&] { return m_db->state() == model::Database::State::Connected; }, 10000);
}

void ExportBench::stop()
{
    m_db.reset();
    m_sync = {};
    model::Connector::close(s("export-bench-sync"));
    if (m_server) {
        m_server->stop();
        QDir(m_server->config().rootDir).removeRecursively();
    }
}

bool ExportBench::createTable(const QString &table, qint64 rows)
{
    QSqlQuery q(m_sync);
    const QStringList steps = {
        s("DROP TABLE IF EXISTS %1").arg(table),
        s("CREATE TABLE %1 (id bigint PRIMARY KEY, label text NOT NULL, qty int NOT NULL)")
            .arg(table),
        s("INSERT INTO %1 SELECT g, 'label ' || md5(g::text), (g * 7919) % 100000 "
          "FROM generate_series(1::bigint, %2) g")
            .arg(table)
            .arg(rows),
        s("VACUUM ANALYZE %1").arg(table),
    };
    for (const QString &sql : steps) {
        if (!q.exec(sql)) {
            say(s("setup failed: ") + sql);
            return false;
        }
    }
    return true;
}

Run ExportBench::psqlCopy(const QString &select, const QString &file)
{
    Run r;
    const QStringList args = {
        s("-X"),       s("-q"),     s("-h"),
        m_spec.host,   s("-p"),     QString::number(m_spec.port),
        s("-U"),       m_spec.user, s("-d"),
        s("postgres"), s("-c"),     s("\\copy (%1) to '%2' csv header").arg(select, file)};
    QElapsedTimer t;
    t.start();
    QProcess psql;
    psql.start(m_psql, args);
    if (!psql.waitForFinished(900000) || psql.exitCode() != 0) {
        r.error = QString::fromUtf8(psql.readAllStandardError());
        return r;
    }
    r.ms = double(t.nsecsElapsed()) / 1e6;
    r.bytes = QFileInfo(file).size();
    // TableExporter's QSaveFile syncs the file to disk before renaming it; psql does not. The
    // same fsync on psql's file gives the like-for-like figure.
    QFile written(file);
    if (written.open(QIODevice::ReadOnly)) {
        t.restart();
        ::fsync(written.handle());
        r.syncMs = double(t.nsecsElapsed()) / 1e6;
    }
    return r;
}

Run ExportBench::exportOnce(const model::TableQuery &query, model::ExportFormat format,
                            bool allowCopy, const QString &file)
{
    Run r;
    model::TableExporter exporter(m_db.get());
    std::optional<model::Result<model::ExportSummary>> result;
    QObject::connect(&exporter, &model::TableExporter::finished, &exporter,
                     [&](const model::Result<model::ExportSummary> &done) { result = done; });
    model::ExportOptions options;
    options.allowCopy = allowCopy;
    const qint64 rssBefore = rssKb();
    resetPeak();
    QElapsedTimer t;
    t.start();
    exporter.start(query, format, file, options);
    if (!waitUntil([&] { return result.has_value(); }, 900000)) {
        r.error = s("timed out");
        return r;
    }
    r.ms = double(t.nsecsElapsed()) / 1e6;
    r.peakKb = peakRssKb() - rssBefore;
    if (!result->ok()) {
        r.error = result->error().message;
        return r;
    }
    r.rows = result->value().rows;
    r.bytes = result->value().bytes;
    return r;
}

double median(QList<Run> runs)
{
    std::sort(runs.begin(), runs.end(), [](const Run &a, const Run &b) { return a.ms < b.ms; });
    return runs.isEmpty() ? -1 : runs.at(runs.size() / 2).ms;
}

void ExportBench::line(const QString &what, const QList<Run> &runs, double psqlMs, double syncedMs,
                       qint64 rows)
{
    const double ms = median(runs);
    qint64 peak = 0;
    for (const Run &r : runs)
        peak = std::max(peak, r.peakKb);
    const Run &last = runs.last();
    if (!last.error.isEmpty()) {
        say(s("| %1 | failed: %2 | | | | | | |").arg(what, last.error.simplified()));
        return;
    }
    const double rowsPerS = double(rows) / (ms / 1000.0);
    const double mbPerS = double(last.bytes) / 1048576.0 / (ms / 1000.0);
    say(s("| %1 | %2 ms | %3 | %4 MB/s | %5x | %6x | %7 | %8 MB |")
            .arg(what, QString::number(ms, 'f', 0), QString::number(qint64(rowsPerS)),
                 QString::number(mbPerS, 'f', 1), QString::number(psqlMs / ms, 'f', 2),
                 QString::number(syncedMs / ms, 'f', 2),
                 last.peakKb < 0 ? s("-")
                                 : QString::number(double(peak) / 1024.0, 'f', 1) + s(" MB"),
                 QString::number(double(last.bytes) / 1048576.0, 'f', 1)));
}

bool ExportBench::run(qint64 rows, int repeat)
{
    const QString table = s("export_%1").arg(rows);
    if (!createTable(table, rows))
        return false;
    const auto snapshot = model::CatalogReader::read(m_sync);
    const model::TableInfo *info = snapshot ? snapshot->table(s("public"), table) : nullptr;
    if (!info)
        return false;
    const model::TableQuery query = model::TableQuery::fromTable(*info);
    const QString select = query.selectAll().sql; // the same statement for psql
    const QString psqlFile = m_dir + s("/psql.csv");
    const QString copyFile = m_dir + s("/copy.csv");
    const QString cursorFile = m_dir + s("/cursor.csv");
    const QString jsonFile = m_dir + s("/cursor.json");
    QList<Run> psql, copy, cursor, json;
    // Interleaved, so a slow phase of the machine hits every way alike.
    for (int i = 0; i < repeat; ++i) {
        psql << psqlCopy(select, psqlFile);
        copy << exportOnce(query, model::ExportFormat::Csv, true, copyFile);
        cursor << exportOnce(query, model::ExportFormat::Csv, false, cursorFile);
        json << exportOnce(query, model::ExportFormat::Json, false, jsonFile);
    }
    const double psqlMs = median(psql);
    QList<Run> synced = psql;
    for (Run &r : synced)
        r.ms += r.syncMs;
    const double syncedMs = median(synced);
    say(s("\n### %1 rows (`%2`)\n").arg(rows).arg(select));
    say(s("| way | median of %1 | rows/s | MB/s | throughput vs psql | vs psql + fsync | "
          "peak RSS growth | file |")
            .arg(repeat));
    say(s("|---|---|---|---|---|---|---|---|"));
    if (!psql.last().error.isEmpty()) {
        say(s("psql failed: ") + psql.last().error);
        return false;
    }
    line(s("psql `\\copy ... to 'f' csv header`"), psql, psqlMs, syncedMs, rows);
    line(s("psql `\\copy`, then fsync of its file"), synced, psqlMs, syncedMs, rows);
    line(s("TableExporter CSV (COPY TO STDOUT)"), copy, psqlMs, syncedMs, rows);
    line(s("TableExporter CSV (bound values, streamed rows)"), cursor, psqlMs, syncedMs, rows);
    line(s("TableExporter JSON (streamed rows)"), json, psqlMs, syncedMs, rows);
    const bool rowsOk =
        copy.last().rows == rows && cursor.last().rows == rows && json.last().rows == rows;
    const bool copySame = sameCsv(psqlFile, copyFile);
    const bool cursorSame = sameCsv(psqlFile, cursorFile);
    say(s("\nRow counts reported: %1; CSV files equal to psql's apart from CRLF line ends: "
          "COPY path %2, cursor path %3.")
            .arg(rowsOk ? s("all correct") : s("WRONG"), copySame ? s("yes") : s("NO"),
                 cursorSame ? s("yes") : s("NO")));
    for (const QString &f : {psqlFile, copyFile, cursorFile, jsonFile})
        QFile::remove(f);
    const bool cliOk = commandLine(table, rows, repeat);
    QSqlQuery(m_sync).exec(s("DROP TABLE %1").arg(table));
    return rowsOk && copySame && cursorSame && cliOk;
}

// `dbexplorer query` with a saved query that binds a value (so COPY cannot serve it), output to
// /dev/null, against psql's \copy of the same SELECT to stdout: wall time and peak memory of
// each whole process.
bool ExportBench::commandLine(const QString &table, qint64 rows, int repeat)
{
    const QString file = m_dir + s("/query.json");
    QFile json(file);
    if (!json.open(QIODevice::WriteOnly))
        return false;
    json.write(s("{\"format\": 1, \"query\": {\"from\": \"public.%1\", \"select\": [\"%1.id\", "
                 "\"%1.label\", \"%1.qty\"], \"where\": {\"left\": \"%1.qty\", \"op\": "
                 "\"ge\", \"value\": 0}}}")
                   .arg(table)
                   .toUtf8());
    json.close();
    const QString conn = s("host=%1 port=%2 user=%3 dbname=postgres")
                             .arg(m_spec.host)
                             .arg(m_spec.port)
                             .arg(m_spec.user);
    const QString select =
        s("SELECT %1.id, %1.label, %1.qty FROM public.%1 WHERE %1.qty >= 0").arg(table);
    struct Way {
        QString name;
        QString program;
        QStringList args;
        QList<Measured> runs;
    };
    QList<Way> ways = {
        {s("psql `\\copy (...) to stdout csv`"),
         m_psql,
         {s("-X"), s("-q"), s("-h"), m_spec.host, s("-p"), QString::number(m_spec.port), s("-U"),
          m_spec.user, s("-d"), s("postgres"), s("-c"),
          s("\\copy (%1) to stdout csv header").arg(select)},
         {}},
        {s("`dbexplorer query --format csv`"), s(DBX_APP_PATH), {s("query"), file, conn}, {}},
        {s("`dbexplorer query --format json`"),
         s(DBX_APP_PATH),
         {s("query"), file, conn, s("--format"), s("json")},
         {}},
        {s("`dbexplorer query --format table`"),
         s(DBX_APP_PATH),
         {s("query"), file, conn, s("--format"), s("table")},
         {}},
    };
    for (int i = 0; i < repeat; ++i) {
        for (Way &way : ways)
            way.runs << measureCommand(way.program, way.args);
    }
    const auto medianMs = [](QList<Measured> runs) {
        std::sort(runs.begin(), runs.end(),
                  [](const Measured &a, const Measured &b) { return a.ms < b.ms; });
        return runs.at(runs.size() / 2).ms;
    };
    const double psqlMs = medianMs(ways.first().runs);
    say(s("\n#### the command line, %1 rows, a bound value (`qty >= $1`)\n").arg(rows));
    say(s("| way | median of %1 | rows/s | throughput vs psql | peak RSS of the process |")
            .arg(repeat));
    say(s("|---|---|---|---|---|"));
    bool allOk = true;
    for (const Way &way : ways) {
        qint64 peak = 0;
        bool ok = true;
        for (const Measured &m : way.runs) {
            peak = std::max(peak, m.peakKb);
            ok = ok && m.exitCode == 0;
        }
        const double ms = medianMs(way.runs);
        say(s("| %1 | %2 ms | %3 | %4x | %5 MB |%6")
                .arg(way.name, QString::number(ms, 'f', 0),
                     QString::number(qint64(double(rows) / (ms / 1000.0))),
                     QString::number(psqlMs / ms, 'f', 2),
                     QString::number(double(peak) / 1024.0, 'f', 1),
                     ok ? QString() : s(" FAILED")));
        allOk = allOk && ok;
    }
    QFile::remove(file);
    return allOk;
}

} // namespace

int runExportBench(const QList<qint64> &sizes, int repeat)
{
    ExportBench bench;
    bool ok = bench.start();
    for (qint64 rows : sizes) {
        if (ok)
            ok = bench.run(rows, repeat);
    }
    bench.stop();
    return ok ? 0 : 1;
}

} // namespace dbx::bench
