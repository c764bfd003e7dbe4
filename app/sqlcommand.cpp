#include "app/sqlcommand.h"

#include "app/commandline.h"
#include "app/sqlexplain.h"
#include "model/db/databaseworker.h"
#include "model/export/exportwriter.h"
#include "model/script/scriptprinter.h"
#include "model/script/scriptrunner.h"
#include "model/userfile.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <optional>
#include <thread>

#include <pthread.h>
#include <unistd.h>

namespace dbx::app {

namespace {

struct SqlCommand {
    Q_DECLARE_TR_FUNCTIONS(SqlCommand)
};

// A script larger than this is a mistake (a dump belongs to psql or pg_restore).
constexpr qint64 kMaxScriptBytes = 256 * 1024 * 1024;

struct SqlRequest {
    QString script;
    QString connection;
    model::ParameterValues values;
    model::ExportFormat format = model::ExportFormat::Table;
    model::ScriptOptions options;
    bool explain = false;
    bool analyze = false;
};

struct Options {
    QCommandLineOption command{QStringLiteral("command"),
                               SqlCommand::tr("Run SQL given here instead of a file."),
                               QStringLiteral("sql")};
    QCommandLineOption param{
        QStringLiteral("param"),
        SqlCommand::tr("A value for :NAME (or $N with NAME a number), bound on the server as "
                       "text; repeatable."),
        QStringLiteral("name=value")};
    QCommandLineOption nullParam{QStringLiteral("null-param"),
                                 SqlCommand::tr("Bind NULL to :NAME; repeatable."),
                                 QStringLiteral("name")};
    QCommandLineOption format{QStringLiteral("format"),
                              SqlCommand::tr("table (the default), csv or json."),
                              QStringLiteral("format"), QStringLiteral("table")};
    QCommandLineOption single{
        QStringLiteral("single-transaction"),
        SqlCommand::tr("Run the script in one transaction, rolled back if a statement fails.")};
    QCommandLineOption keepGoing{
        QStringLiteral("continue-on-error"),
        SqlCommand::tr("Run the statements after a failing one too (exit status 1 at the end).")};
    QCommandLineOption explain{
        QStringLiteral("explain"),
        SqlCommand::tr("Print each statement's plan (EXPLAIN) instead of running it: text with "
                       "--format table, the server's JSON with --format json.")};
    QCommandLineOption analyze{
        QStringLiteral("analyze"),
        SqlCommand::tr("With --explain: EXPLAIN ANALYZE, BUFFERS; each statement runs inside a "
                       "transaction that is rolled back.")};
};

QString description()
{
    return SqlCommand::tr(
        "Runs a SQL script (a file, - for standard input, or --command) statement by "
        "statement, split by PostgreSQL's own parser, and prints each result as a table, CSV "
        "or JSON.\n"
        ":name and $1 in the SQL are parameters, bound on the server (never written into the "
        "SQL); give each a value with --param or --null-param.\n"
        "Command tags (UPDATE 3) go to standard output with --format table, else to standard "
        "error; notices and errors always go to standard error, errors with their line and "
        "column.\n"
        "Exit status: 0 done, 1 a statement failed (the first failure stops the script unless "
        "--continue-on-error), 2 usage error, unreadable file or missing parameter.");
}

// "name=value" (a leading ':' or '$' is allowed: --param :id=4).
bool addParameter(model::ParameterValues &values, const QString &spec, bool isNull)
{
    QString name = isNull ? spec : spec.section(u'=', 0, 0);
    if (name.startsWith(u':') || name.startsWith(u'$'))
        name.remove(0, 1);
    if (name.isEmpty() || (!isNull && !spec.contains(u'='))) {
        printError(isNull ? SqlCommand::tr("--null-param needs a name")
                          : SqlCommand::tr("--param needs NAME=VALUE, not \"%1\"").arg(spec));
        return false;
    }
    if (isNull)
        values.insert(name, std::nullopt);
    else
        values.insert(name, spec.section(u'=', 1));
    return true;
}

std::optional<QString> readScript(const QString &source)
{
    QByteArray bytes;
    if (source == QLatin1String("-")) {
        QFile in;
        if (!in.open(stdin, QIODevice::ReadOnly)) {
            printError(SqlCommand::tr("cannot read standard input"));
            return std::nullopt;
        }
        bytes = in.read(kMaxScriptBytes + 1);
        if (bytes.size() > kMaxScriptBytes) {
            printError(SqlCommand::tr("standard input holds more than 256 MB of SQL"));
            return std::nullopt;
        }
    } else {
        const model::Result<QByteArray> read = model::readUserFile(source, kMaxScriptBytes);
        if (!read) {
            printError(read.error().message);
            return std::nullopt;
        }
        bytes = read.value();
    }
    if (const int line = model::lineOfFirstNul(bytes)) {
        printError(
            SqlCommand::tr("%1:%2: a NUL byte cannot be sent to PostgreSQL")
                .arg(source == QLatin1String("-") ? SqlCommand::tr("standard input") : source)
                .arg(line));
        return std::nullopt;
    }
    return QString::fromUtf8(bytes);
}

bool parseFormat(const QString &how, model::ExportFormat *format)
{
    if (how == QLatin1String("table"))
        *format = model::ExportFormat::Table;
    else if (how == QLatin1String("csv"))
        *format = model::ExportFormat::Csv;
    else if (how == QLatin1String("json"))
        *format = model::ExportFormat::Json;
    else {
        printError(SqlCommand::tr("--format needs table, csv or json, not \"%1\"").arg(how));
        return false;
    }
    return true;
}

std::optional<SqlRequest> requestFrom(const QCommandLineParser &parser, const Options &o)
{
    SqlRequest request;
    const QStringList positional = parser.positionalArguments();
    const bool inline_ = parser.isSet(o.command);
    if (positional.size() != (inline_ ? 1 : 2)) {
        printError(SqlCommand::tr("usage: sql FILE CONNECTION, sql - CONNECTION or sql --command "
                                  "SQL CONNECTION"));
        return std::nullopt;
    }
    request.connection = positional.last();
    for (const QString &spec : parser.values(o.param)) {
        if (!addParameter(request.values, spec, false))
            return std::nullopt;
    }
    for (const QString &spec : parser.values(o.nullParam)) {
        if (!addParameter(request.values, spec, true))
            return std::nullopt;
    }
    if (!parseFormat(parser.value(o.format), &request.format))
        return std::nullopt;
    request.options.singleTransaction = parser.isSet(o.single);
    request.options.continueOnError = parser.isSet(o.keepGoing);
    request.explain = parser.isSet(o.explain);
    request.analyze = parser.isSet(o.analyze);
    if (request.analyze && !request.explain) {
        printError(SqlCommand::tr("--analyze goes with --explain"));
        return std::nullopt;
    }
    if (request.explain &&
        (request.format == model::ExportFormat::Csv || request.options.singleTransaction)) {
        printError(SqlCommand::tr("--explain prints --format table or json, and takes no "
                                  "--single-transaction"));
        return std::nullopt;
    }
    if (inline_) {
        request.script = parser.value(o.command);
        if (model::lineOfFirstNul(QStringView(request.script)) > 0) {
            printError(SqlCommand::tr("--command: a NUL byte cannot be sent to PostgreSQL"));
            return std::nullopt;
        }
        return request;
    }
    const std::optional<QString> script = readScript(positional.first());
    if (!script)
        return std::nullopt;
    request.script = *script;
    return request;
}

std::optional<SqlRequest> parseRequest(const QStringList &args, int *exitCode)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(description());
    const QCommandLineOption help = parser.addHelpOption();
    const Options o;
    parser.addOptions(
        {o.command, o.param, o.nullParam, o.format, o.single, o.keepGoing, o.explain, o.analyze});
    parser.addPositionalArgument(QStringLiteral("file"),
                                 SqlCommand::tr("The script, or - for standard input."),
                                 QStringLiteral("(file | - | --command sql)"));
    parser.addPositionalArgument(QStringLiteral("connection"),
                                 SqlCommand::tr("URI, SQLAlchemy URL or keyword string."));
    *exitCode = ExitUsage;
    if (!parseOrExit(parser, args, help, exitCode))
        return std::nullopt;
    return requestFrom(parser, o);
}

void writeMessage(const QString &line)
{
    QByteArray bytes = line.toLocal8Bit();
    bytes += '\n';
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
}

// Ctrl+C cancels the running statement on the server, as psql does, and stops the script (a
// killed client would leave an UPDATE running to its commit); a second Ctrl+C ends the program.
// SIGINT is blocked in every thread but one that waits for it: no work in a signal handler.
class InterruptCancels {
public:
    explicit InterruptCancels(QSqlDatabase &db)
        : m_control(std::make_shared<model::WorkerControl>())
        , m_context(kTicket, m_control.get(), [](qint64) {})
    {
        m_control->setCancelHandle(std::make_unique<model::CancelHandle>(db));
        m_control->setRunning(kTicket);
        sigemptyset(&m_signals);
        sigaddset(&m_signals, SIGINT);
        pthread_sigmask(SIG_BLOCK, &m_signals, &m_previous);
        m_waiter = std::thread([this] { wait(); });
    }
    ~InterruptCancels()
    {
        m_done = true;
        pthread_kill(m_waiter.native_handle(), SIGINT);
        m_waiter.join();
        pthread_sigmask(SIG_SETMASK, &m_previous, nullptr);
    }
    InterruptCancels(const InterruptCancels &) = delete;
    InterruptCancels &operator=(const InterruptCancels &) = delete;
    const model::JobContext *context() const { return &m_context; }

private:
    static constexpr model::Ticket kTicket = 1;
    void wait()
    {
        for (int interrupts = 0;; ++interrupts) {
            int signal = 0;
            sigwait(&m_signals, &signal);
            if (m_done)
                return;
            if (interrupts > 0)
                _exit(130); // 128 + SIGINT, what a shell reports for an interrupted program
            m_control->cancel(kTicket);
        }
    }

    std::shared_ptr<model::WorkerControl> m_control;
    model::JobContext m_context;
    sigset_t m_signals;
    sigset_t m_previous;
    std::atomic<bool> m_done{false};
    std::thread m_waiter;
};

int runScript(const SqlRequest &request, const QList<model::ScriptStep> &steps, QSqlDatabase &db)
{
    std::unique_ptr<model::ExportFile> out = model::ExportFile::standardOutput();
    if (const model::Status opened = out->open(); !opened) {
        printError(opened.error().oneLine());
        return ExitFailure;
    }
    model::ScriptPrinter printer(request.format, *out, writeMessage);
    const model::ScriptRunner runner(request.script, steps, request.options);
    model::ScriptOutcome outcome;
    {
        const InterruptCancels interrupts(db);
        if (request.explain) {
            const ExplainRequest explain{request.analyze, request.options.continueOnError,
                                         request.format};
            return explainScript(request.script, steps, explain, db, interrupts.context(),
                                 writeMessage);
        }
        outcome = runner.run(db, printer, interrupts.context());
    }
    const model::Status flushed = out->commit();
    const model::Status &written = printer.writeStatus().ok() ? flushed : printer.writeStatus();
    if (!written) {
        printError(written.error().oneLine());
        return ExitFailure;
    }
    if (outcome.rolledBack)
        writeMessage(SqlCommand::tr("ROLLBACK: nothing the script did was kept"));
    return outcome.failed > 0 || outcome.stopped ? ExitFailure : ExitOk;
}

} // namespace

QString sqlCommandSummary()
{
    return SqlCommand::tr(
        "run a SQL script with bound :name parameters, print tables, CSV or JSON");
}

int runSqlCommand(const QStringList &args)
{
    int exitCode = ExitUsage;
    const std::optional<SqlRequest> request = parseRequest(args, &exitCode);
    if (!request)
        return exitCode;
    // Every parameter needs its value before anything runs: no half-run script.
    const model::Result<QList<model::ScriptStep>> steps =
        model::ScriptRunner::prepare(request->script, request->values);
    if (!steps) {
        printError(steps.error().message +
                   SqlCommand::tr(" (give --param NAME=VALUE or --null-param NAME)"));
        return ExitUsage;
    }
    return runOnConnection(request->connection, QStringLiteral("sql"), [&](QSqlDatabase &db) {
        return runScript(request.value(), steps.value(), db);
    });
}

} // namespace dbx::app
