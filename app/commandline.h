#pragma once

#include "model/connection/connectionspec.h"

#include <QSqlDatabase>
#include <QString>

#include <functional>

class QCommandLineOption;
class QCommandLineParser;

namespace dbx::app {

// What the user asked for on the command line when starting the window.
struct GuiOptions {
    bool demo = false;
    bool hasConnection = false;
    model::ConnectionSpec connection; // the first of `connections`
    // Every connection named (saved names or connection strings), each opened beside the others.
    QList<model::ConnectionSpec> connections;
    QString language;       // "system", "en", "ru"; empty = the stored choice
    QString serverDir;      // the embedded server's directory; empty = default
    QString screenshotPath; // save a PNG of the window once it shows a database, then quit
    QString openTable;      // [schema.]table to open once the schema is read
    bool showForm = false;  // with openTable: show the record form beside the grid
    QString openQuery;      // a saved query to show in the query builder
    bool runQuery = false;  // with openQuery: run it
};

// The outcome of parsing: run the GUI with `options`, or exit at once with `exitCode` after the
// text in `output` (help, version) or `error` (usage) was printed.
struct ParsedCommandLine {
    bool exitNow = false;
    int exitCode = 0;
    GuiOptions options;
};

// Exit codes shared by the GUI start and every subcommand.
enum ExitCode { ExitOk = 0, ExitFailure = 1, ExitUsage = 2 };

ParsedCommandLine parseGuiCommandLine(const QStringList &arguments);
// For headless commands: parses `connection` (a usage error exits 2), opens it (a failure is
// printed in one line and exits 1) and returns what `body` returns.
int runOnConnection(const QString &connection, const QString &purpose,
                    const std::function<int(QSqlDatabase &)> &body);
// Reads --lang before anything else so that --help is already translated.
QString languageArgument(const QStringList &arguments);
// Parses a subcommand's own options (`help` is the parser's help option); prints the help or
// the usage error and returns false then, with the exit code set.
bool parseOrExit(QCommandLineParser &parser, const QStringList &args,
                 const QCommandLineOption &help, int *exitCode);
// Prints "dbexplorer: message" on stderr.
void printError(const QString &message);
void printOut(const QString &text);
// Where printOut/printError go instead of stdout/stderr (tests capture them); empty = the
// standard streams.
enum class PrintChannel { Out, Error };
using PrintSink = std::function<void(PrintChannel channel, const QString &text)>;
void setPrintSink(PrintSink sink);

} // namespace dbx::app
