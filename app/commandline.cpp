#include "app/commandline.h"

#include "app/subcommands.h"
#include "model/connection/connectionstore.h"
#include "model/connection/connector.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

namespace dbx::app {

namespace {

// Qt's usage line names the program as it was started (often a path); ours names `name`
// ("dbexplorer", "dbexplorer migrate").
QString helpNaming(const QCommandLineParser &parser, const QString &name)
{
    QString text = parser.helpText();
    const QString program = QCoreApplication::arguments().value(0);
    const qsizetype at = program.isEmpty() ? -1 : text.indexOf(program);
    if (!name.isEmpty() && at >= 0 && at < text.indexOf(u'\n'))
        text.replace(at, program.size(), name);
    return text;
}

QString description()
{
    QString text = QCoreApplication::translate(
        "CommandLine", "A native explorer for PostgreSQL databases.\n\n"
                       "Without a connection it opens the last one used, or the built-in demo "
                       "database on a private PostgreSQL server that it starts itself.\n\n"
                       "A connection may be a libpq URI (postgresql://user@host:5432/db), a "
                       "SQLAlchemy URL (postgresql+asyncpg://user:pass@host/db) or a keyword "
                       "string (\"host=localhost dbname=shop\"). PG* environment variables, "
                       "~/.pgpass and pg_service.conf are honoured.\n\nCommands (dbexplorer "
                       "COMMAND --help for details):");
    for (const Subcommand &command : subcommands())
        text += QStringLiteral("\n  %1  %2").arg(command.name.leftJustified(8), command.summary());
    text += QCoreApplication::translate(
        "CommandLine",
        "\n\nExit status: 0 success, 1 failure (connection, server), 2 usage error.");
    return text;
}

} // namespace

namespace {

PrintSink &sink()
{
    static PrintSink instance;
    return instance;
}

// Whole lines, whatever they hold: a printf("%s") would end a message at its first NUL.
void writeLine(std::FILE *stream, const QByteArray &line)
{
    std::fwrite(line.constData(), 1, size_t(line.size()), stream);
    std::fputc('\n', stream);
}

// A saved connection by its name, or else a connection string.
model::Result<model::ConnectionSpec> namedConnection(const QString &argument)
{
    const QList<model::ConnectionSpec> saved = model::ConnectionStore().saved();
    for (const model::ConnectionSpec &spec : saved) {
        if (spec.name == argument)
            return spec;
    }
    return model::ConnectionSpec::parse(argument);
}

} // namespace

void setPrintSink(PrintSink newSink)
{
    sink() = std::move(newSink);
}

void printError(const QString &message)
{
    // A NUL in a message is shown, not obeyed: the rest of the message still reaches the user.
    QString shown = message;
    shown.replace(QChar(0), QLatin1String("\\0"));
    if (sink())
        sink()(PrintChannel::Error, shown);
    else
        writeLine(stderr, "dbexplorer: " + shown.toLocal8Bit());
}

bool parseOrExit(QCommandLineParser &parser, const QStringList &args,
                 const QCommandLineOption &help, int *exitCode)
{
    if (!parser.parse(args)) {
        printError(parser.errorText());
        *exitCode = ExitUsage;
        return false;
    }
    if (parser.isSet(help)) {
        printOut(helpNaming(parser, args.value(0)));
        *exitCode = ExitOk;
        return false;
    }
    return true;
}

void printOut(const QString &text)
{
    if (sink()) {
        sink()(PrintChannel::Out, text);
        return;
    }
    writeLine(stdout, text.toLocal8Bit());
    std::fflush(stdout);
}

int runOnConnection(const QString &connection, const QString &purpose,
                    const std::function<int(QSqlDatabase &)> &body)
{
    const auto spec = model::ConnectionSpec::parse(connection);
    if (!spec) {
        printError(spec.error().message);
        return ExitUsage;
    }
    int result = ExitOk;
    const model::Status opened =
        model::Connector::withConnection(spec.value(), purpose, [&](QSqlDatabase &db) {
            result = body(db);
            return model::Status();
        });
    if (!opened) {
        printError(opened.error().oneLine());
        return ExitFailure;
    }
    return result;
}

QString languageArgument(const QStringList &arguments)
{
    for (int i = 1; i < arguments.size(); ++i) {
        const QString &arg = arguments.at(i);
        if (arg.startsWith(QLatin1String("--lang=")))
            return arg.mid(7);
        if (arg == QLatin1String("--lang") && i + 1 < arguments.size())
            return arguments.at(i + 1);
    }
    return {};
}

ParsedCommandLine parseGuiCommandLine(const QStringList &arguments)
{
    ParsedCommandLine parsed;
    QCommandLineParser parser;
    parser.setApplicationDescription(description());
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    const QCommandLineOption demo(
        QStringLiteral("demo"),
        QCoreApplication::translate("CommandLine",
                                    "Open the demo database on the built-in local server, "
                                    "creating it if needed."));
    const QCommandLineOption lang(
        QStringLiteral("lang"),
        QCoreApplication::translate("CommandLine", "Interface language: system, en or ru."),
        QStringLiteral("code"));
    const QCommandLineOption serverDir(
        QStringLiteral("server-dir"),
        QCoreApplication::translate("CommandLine", "Directory of the built-in server's cluster."),
        QStringLiteral("dir"));
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QCoreApplication::translate("CommandLine", "Save a PNG of the window once the database is "
                                                   "shown, then quit."),
        QStringLiteral("file"));
    const QCommandLineOption open(
        QStringLiteral("open"),
        QCoreApplication::translate("CommandLine",
                                    "Open this table ([schema.]table) once the database is shown."),
        QStringLiteral("table"));
    const QCommandLineOption form(
        QStringLiteral("form"),
        QCoreApplication::translate("CommandLine",
                                    "With --open: show the record form beside the grid."));
    const QCommandLineOption query(
        QStringLiteral("query"),
        QCoreApplication::translate("CommandLine",
                                    "Open this saved query (.json) in the query builder, or this "
                                    "SQL script (.sql) in a console, once the database is shown."),
        QStringLiteral("file"));
    const QCommandLineOption run(
        QStringLiteral("run"),
        QCoreApplication::translate("CommandLine", "With --query: run it at once."));
    parser.addOptions({demo, lang, serverDir, screenshot, open, form, query, run});
    parser.addPositionalArgument(
        QStringLiteral("connection"),
        QCoreApplication::translate("CommandLine",
                                    "Databases to open side by side: names of saved connections, "
                                    "URIs, SQLAlchemy URLs or keyword strings."),
        QStringLiteral("[connection...]"));
    parsed.exitNow = true;
    if (!parser.parse(arguments)) {
        printError(parser.errorText());
        parsed.exitCode = ExitUsage;
        return parsed;
    }
    if (parser.isSet(help)) {
        printOut(helpNaming(parser, QStringLiteral("dbexplorer")));
        return parsed;
    }
    if (parser.isSet(version)) {
        printOut(QStringLiteral("dbexplorer %1").arg(QCoreApplication::applicationVersion()));
        return parsed;
    }
    const QStringList positional = parser.positionalArguments();
    GuiOptions &options = parsed.options;
    options.language = parser.value(lang);
    if (!options.language.isEmpty() &&
        !QStringList{QStringLiteral("system"), QStringLiteral("en"), QStringLiteral("ru")}.contains(
            options.language)) {
        printError(QCoreApplication::translate("CommandLine",
                                               "unknown language \"%1\": use system, en or ru")
                       .arg(options.language));
        parsed.exitCode = ExitUsage;
        return parsed;
    }
    options.demo = parser.isSet(demo);
    options.serverDir = parser.value(serverDir);
    options.screenshotPath = parser.value(screenshot);
    options.openTable = parser.value(open);
    options.showForm = parser.isSet(form);
    options.openQuery = parser.value(query);
    options.runQuery = parser.isSet(run);
    if (!positional.isEmpty()) {
        for (const QString &argument : positional) {
            const model::Result<model::ConnectionSpec> spec = namedConnection(argument);
            if (!spec) {
                printError(spec.error().message);
                parsed.exitCode = ExitUsage;
                return parsed;
            }
            options.connections << spec.value();
        }
        options.hasConnection = true;
        options.connection = options.connections.first();
    }
    parsed.exitNow = false;
    return parsed;
}

} // namespace dbx::app
