#include "app/alembiccommand.h"

#include "app/commandline.h"
#include "app/migratecommand.h"
#include "migrations/alembichistory.h"
#include "migrations/alembicprocess.h"
#include "migrations/alembicproject.h"
#include "migrations/migrationerror.h"
#include "model/db/serverinfo.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <optional>

namespace dbx::app {

namespace {

using migrations::AlembicCommand;
using migrations::AlembicOutcome;
using migrations::AlembicProject;
using migrations::AlembicTool;

struct AlembicRequest {
    AlembicProject project;
    AlembicCommand command;
    AlembicTool tool;
    QString connection; // empty only for heads and --sql
};

int fail(const model::DbError &error)
{
    printError(error.oneLine());
    if (!error.statement.isEmpty())
        printError(
            QCoreApplication::translate("AlembicCommand", "statement: %1").arg(error.statement));
    if (!error.detail.isEmpty())
        printError(error.detail);
    return migrations::isInvalidRequest(error) ? ExitUsage : ExitFailure;
}

QString description()
{
    return QCoreApplication::translate(
        "AlembicCommand",
        "Runs a command of an Alembic project (a folder with alembic.ini) with Debian's "
        "alembic, the connection handed over as sqlalchemy.url.\n"
        "  current            the revision(s) alembic_version is at\n"
        "  history            every revision with its state (applied, pending)\n"
        "  heads              the newest revision(s); no connection needed\n"
        "  upgrade TARGET     apply revisions up to TARGET (head, a revision, +N)\n"
        "  downgrade TARGET   revert revisions down to TARGET (base, a revision, -N)\n"
        "  stamp TARGET       set alembic_version to TARGET without running migrations\n"
        "--sql prints Alembic's offline SQL for upgrade, downgrade and stamp.\n"
        "Exit status: 0 done, 1 failed, 2 usage error or no such revision.");
}

std::optional<AlembicRequest> parseRequest(const QStringList &args, int *exitCode)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(description());
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption dir(
        QStringLiteral("alembic"),
        QCoreApplication::translate("AlembicCommand", "The Alembic project's folder."),
        QStringLiteral("dir"));
    const QCommandLineOption sql(
        QStringLiteral("sql"),
        QCoreApplication::translate("AlembicCommand",
                                    "Print Alembic's offline SQL, change nothing."));
    const QCommandLineOption program(
        QStringLiteral("alembic-program"),
        QCoreApplication::translate("AlembicCommand",
                                    "The alembic program (default /usr/bin/alembic)."),
        QStringLiteral("path"), AlembicTool().program);
    const QCommandLineOption python(
        QStringLiteral("python"),
        QCoreApplication::translate("AlembicCommand",
                                    "The Python interpreter (default /usr/bin/python3)."),
        QStringLiteral("path"), AlembicTool().interpreter);
    parser.addOptions({dir, sql, program, python});
    parser.addPositionalArgument(QStringLiteral("command"),
                                 AlembicCommand::names().join(QLatin1String(", ")));
    parser.addPositionalArgument(
        QStringLiteral("connection"),
        QCoreApplication::translate("AlembicCommand", "URI, SQLAlchemy URL or keyword string."),
        QStringLiteral("[target] connection"));
    *exitCode = ExitUsage;
    if (!parseOrExit(parser, protectRelativeTargets(args), help, exitCode))
        return std::nullopt;
    const auto project = AlembicProject::open(parser.value(dir));
    if (!project) {
        printError(project.error().message);
        return std::nullopt;
    }
    QStringList positional = parser.positionalArguments();
    const QString name = positional.isEmpty() ? QString() : positional.takeFirst();
    const bool withTarget = name == QLatin1String("upgrade") ||
                            name == QLatin1String("downgrade") || name == QLatin1String("stamp");
    const QString target = withTarget && !positional.isEmpty() ? positional.takeFirst() : QString();
    const auto command = AlembicCommand::make(name, target, parser.isSet(sql));
    if (!command) {
        printError(command.error().message);
        return std::nullopt;
    }
    const bool connectionOptional =
        !command->connects() && command->kind != AlembicCommand::Kind::History;
    if (positional.size() > 1 || (positional.isEmpty() && !connectionOptional)) {
        printError(QCoreApplication::translate("AlembicCommand",
                                               "usage: migrate --alembic DIR %1%2 CONNECTION")
                       .arg(name, withTarget ? QStringLiteral(" TARGET") : QString()));
        return std::nullopt;
    }
    return AlembicRequest{project.value(), command.value(),
                          AlembicTool{parser.value(program), parser.value(python)},
                          positional.value(0)};
}

void printLive(const AlembicCommand &command, bool standardOutput, const QString &text)
{
    if (!standardOutput)
        printError(text);
    else if (command.kind != AlembicCommand::Kind::History)
        printOut(text);
}

void printHistory(QList<migrations::AlembicRevision> revisions, const QStringList &versions)
{
    migrations::applyAlembicVersions(&revisions, versions);
    for (const migrations::AlembicRevision &revision : revisions) {
        QStringList marks;
        if (revision.isHead)
            marks << QCoreApplication::translate("AlembicCommand", "head");
        if (revision.isCurrent)
            marks << QCoreApplication::translate("AlembicCommand", "current");
        if (revision.isMergePoint)
            marks << QCoreApplication::translate("AlembicCommand", "merge");
        if (revision.isBranchPoint)
            marks << QCoreApplication::translate("AlembicCommand", "branch point");
        printOut(QStringLiteral("%1 -> %2%3 %4  [%5]")
                     .arg(revision.parents.isEmpty()
                              ? QCoreApplication::translate("AlembicCommand", "base")
                              : revision.parents.join(QLatin1String(", ")),
                          revision.id,
                          marks.isEmpty()
                              ? QString()
                              : QStringLiteral(" (%1)").arg(marks.join(QLatin1String(", "))),
                          revision.message, migrations::alembicStateLabel(revision.state)));
    }
}

// After the run, on the open connection: the state it left, and whether it was this database.
int report(QSqlDatabase &db, const AlembicRequest &request, const model::ConnectionSpec &spec,
           const AlembicOutcome &outcome)
{
    const QString open = model::describeServer(db, {}).database;
    for (const migrations::AlembicReach &reach : outcome.reached) {
        if (!migrations::reachedOpenDatabase(reach, spec, open))
            printError(QCoreApplication::translate(
                           "AlembicCommand",
                           "env.py chose its own database: Alembic ran against %1, not %2.")
                           .arg(reach.describe(), open));
    }
    if (!outcome.ok)
        return fail(outcome.error);
    const migrations::AlembicVersionTable table = migrations::readAlembicVersionTable(db);
    if (request.command.kind == AlembicCommand::Kind::History) {
        printHistory(migrations::parseAlembicHistory(outcome.output), table.versions);
    } else if (request.command.changesDatabase()) {
        printError(QCoreApplication::translate("AlembicCommand", "alembic_version of %1 is at %2.")
                       .arg(open, table.table.isEmpty() || table.versions.isEmpty()
                                      ? QCoreApplication::translate("AlembicCommand", "base")
                                      : table.versions.join(QLatin1String(", "))));
    }
    return ExitOk;
}

} // namespace

int runAlembicCommand(const QStringList &args)
{
    int exitCode = ExitUsage;
    const std::optional<AlembicRequest> request = parseRequest(args, &exitCode);
    if (!request)
        return exitCode;
    const auto print = [&request](bool out, const QString &text) {
        printLive(request->command, out, text);
    };
    model::ConnectionSpec spec;
    if (!request->connection.isEmpty()) {
        const auto parsed = model::ConnectionSpec::parse(request->connection);
        if (!parsed) {
            printError(parsed.error().message);
            return ExitUsage;
        }
        spec = parsed.value();
    }
    // Offline SQL and the heads need no server; everything else reports the state after.
    if (!request->command.connects() && request->command.kind != AlembicCommand::Kind::History) {
        const AlembicOutcome outcome = migrations::AlembicProcess::runToEnd(
            request->project, request->tool, spec, request->command, print);
        return outcome.ok ? int(ExitOk) : fail(outcome.error);
    }
    return runOnConnection(request->connection, QStringLiteral("alembic"), [&](QSqlDatabase &db) {
        const AlembicOutcome outcome = migrations::AlembicProcess::runToEnd(
            request->project, request->tool, spec, request->command, print);
        return report(db, request.value(), spec, outcome);
    });
}

} // namespace dbx::app
