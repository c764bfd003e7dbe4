#include "importbench.h"

#include "benchutil.h"
#include "model/connection/connector.h"
#include "model/db/executor.h"
#include "model/import/csvimport.h"
#include "model/server/localserver.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>

#include <algorithm>

namespace dbx::bench {

namespace {

struct Way {
    QString name;
    QList<Measured> runs;
};

double medianMs(QList<Measured> runs)
{
    std::sort(runs.begin(), runs.end(),
              [](const Measured &a, const Measured &b) { return a.ms < b.ms; });
    return runs.isEmpty() ? -1 : runs.at(runs.size() / 2).ms;
}

// One private cluster, the file to import and two tables of the same shape.
class ImportBench {
public:
    bool start();
    void stop();
    bool run(qint64 rows, int repeat);

private:
    bool sql(const QString &text);
    Measured inProcess(const QString &file);
    QStringList psqlArgs(const QString &command) const;

    std::unique_ptr<model::LocalServer> m_server;
    model::ConnectionSpec m_spec;
    QString m_psql;
    QString m_dir;
    QSqlDatabase m_db;
};

bool ImportBench::start()
{
    m_server = startServer(s("dbx-bench-import"));
    if (!m_server)
        return false;
    const auto bin = model::LocalServer::findBinDir(m_server->config().binDir);
    if (!bin || !QFileInfo::exists(bin.value() + s("/psql"))) {
        say(s("no psql beside the server binaries"));
        return false;
    }
    m_psql = bin.value() + s("/psql");
    m_dir = m_server->config().rootDir + s("/in");
    QDir().mkpath(m_dir);
    m_spec = m_server->connectionSpec();
    const auto opened = model::Connector::open(m_spec, s("import-bench"));
    if (!opened) {
        say(s("cannot connect: ") + opened.error().message);
        return false;
    }
    m_db = opened.value();
    return true;
}

void ImportBench::stop()
{
    m_db = {};
    model::Connector::close(s("import-bench"));
    if (m_server) {
        m_server->stop();
        QDir(m_server->config().rootDir).removeRecursively();
    }
}

bool ImportBench::sql(const QString &text)
{
    const auto done = model::exec(m_db, model::Statement(text));
    if (!done)
        say(s("failed: %1: %2").arg(text, done.error().message));
    return done.ok();
}

QStringList ImportBench::psqlArgs(const QString &command) const
{
    return {s("-X"), s("-q"),     s("-h"), m_spec.host,   s("-p"), QString::number(m_spec.port),
            s("-U"), m_spec.user, s("-d"), s("postgres"), s("-c"), command};
}

// importCsv on this process's connection: wall time and the growth of this process's peak RSS.
Measured ImportBench::inProcess(const QString &file)
{
    Measured m;
    model::ImportRequest request;
    request.path = file;
    request.schema = s("public");
    request.table = s("by_model");
    const qint64 before = rssKb();
    resetPeak();
    QElapsedTimer t;
    t.start();
    const auto done = model::importCsv(m_db, request);
    m.ms = double(t.nsecsElapsed()) / 1e6;
    m.peakKb = peakRssKb() - before;
    m.exitCode = done ? 0 : 1;
    if (!done)
        say(s("importCsv failed: ") + done.error().message);
    return m;
}

bool ImportBench::run(qint64 rows, int repeat)
{
    const QString file = m_dir + s("/rows.csv");
    const QString shape = s("(id bigint PRIMARY KEY, label text NOT NULL, qty int, note text)");
    for (const char *t : {"by_psql", "by_cli", "by_model"}) {
        if (!sql(s("DROP TABLE IF EXISTS %1").arg(s(t))) ||
            !sql(s("CREATE TABLE %1 %2").arg(s(t), shape)))
            return false;
    }
    // The file: quoted text with commas and quotes, NULLs and empty strings, Cyrillic.
    QProcess gen;
    gen.start(m_psql,
              psqlArgs(s("\\copy (SELECT g, 'label, \"' || md5(g::text) || '\" ёж', "
                         "CASE WHEN g % 10 = 0 THEN NULL ELSE (g * 7919) % 100000 END, "
                         "CASE WHEN g % 3 = 0 THEN '' END FROM generate_series(1::bigint, %1) "
                         "g) to '%2' csv")
                           .arg(rows)
                           .arg(file)));
    if (!gen.waitForFinished(900000) || gen.exitCode() != 0) {
        say(s("cannot write the file: ") + QString::fromUtf8(gen.readAllStandardError()));
        return false;
    }
    const QString conn = s("host=%1 port=%2 user=%3 dbname=postgres")
                             .arg(m_spec.host)
                             .arg(m_spec.port)
                             .arg(m_spec.user);
    Way psql{s("psql `\\copy t from 'f' csv`"), {}};
    Way cli{s("`dbexplorer import f t conn`"), {}};
    Way model{s("importCsv in process (RSS growth)"), {}};
    // Interleaved, so a slow phase of the machine hits every way alike.
    for (int i = 0; i < repeat; ++i) {
        if (!sql(s("TRUNCATE by_psql, by_cli, by_model")))
            return false;
        psql.runs << measureCommand(m_psql, psqlArgs(s("\\copy by_psql from '%1' csv").arg(file)));
        cli.runs << measureCommand(s(DBX_APP_PATH), {s("import"), file, s("public.by_cli"), conn});
        model.runs << inProcess(file);
    }
    const double mb = double(QFileInfo(file).size()) / 1048576.0;
    const double psqlMs = medianMs(psql.runs);
    say(s("\n### %1 rows, %2 MB of CSV\n").arg(rows).arg(mb, 0, 'f', 1));
    say(s("| way | median of %1 | rows/s | MB/s | throughput vs psql | peak RSS |").arg(repeat));
    say(s("|---|---|---|---|---|---|"));
    bool ok = true;
    for (const Way *way : {&psql, &cli, &model}) {
        const double median = medianMs(way->runs);
        qint64 peak = 0;
        for (const Measured &m : way->runs) {
            peak = std::max(peak, m.peakKb);
            ok = ok && m.exitCode == 0;
        }
        say(s("| %1 | %2 ms | %3 | %4 MB/s | %5x | %6 MB |")
                .arg(way->name, QString::number(median, 'f', 0),
                     QString::number(qint64(double(rows) / (median / 1000.0))),
                     QString::number(mb / (median / 1000.0), 'f', 1),
                     QString::number(psqlMs / median, 'f', 2),
                     QString::number(double(peak) / 1024.0, 'f', 1)));
    }
    const auto same = model::execScalar(
        m_db, model::Statement(s("SELECT (SELECT count(*) FROM by_cli) || '/' || (SELECT "
                                 "count(*) FROM by_model) || '/' || (SELECT count(*) FROM "
                                 "((TABLE by_psql EXCEPT ALL TABLE by_cli) UNION ALL (TABLE "
                                 "by_cli EXCEPT ALL TABLE by_psql)) d)")));
    const QString expected = s("%1/%1/0").arg(rows);
    const bool equal = same && same->toString() == expected;
    say(s("\nRows imported by dbexplorer / importCsv / rows differing from psql's: %1 (%2).")
            .arg(same ? same->toString() : s("?"), equal ? s("equal") : s("NOT EQUAL")));
    QFile::remove(file);
    return ok && equal;
}

} // namespace

int runImportBench(const QList<qint64> &sizes, int repeat)
{
    ImportBench bench;
    bool ok = bench.start();
    say(s("## CSV import: dbexplorer import and importCsv against psql \\copy from"));
    for (qint64 rows : sizes) {
        if (ok)
            ok = bench.run(rows, repeat);
    }
    bench.stop();
    return ok ? 0 : 1;
}

} // namespace dbx::bench
