#include "app/migratecommand.h"

#include "app/alembiccommand.h"
#include "app/autogeneratecommand.h"
#include "app/commandline.h"
#include "migrations/migrationerror.h"
#include "migrations/migrationrunner.h"
#include "migrations/revisionsource.h"
#include "migrations/revisionwriter.h"
#include "model/connection/connector.h"
#include "model/sqlscript.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QRegularExpression>

#include <optional>

namespace dbx::app {

namespace {

using migrations::MigrationPlan;

// The command line after validation: everything a run needs, nothing left to check.
struct MigrateRequest {
    QString command;
    QString target;
    QString connection; // empty only for "heads"
    QString directory;  // empty = the embedded demo revisions
    QString message;    // "revision" only
    bool sql = false;
    int lockTimeoutMs = 5000;
    bool autogenerate = false; // revision --autogenerate CONNECTION
    bool noStamp = false;
    bool sameServer = false; // the shadow database next to the compared one
    bool renames = false;
};

int exitCodeFor(const model::DbError &error)
{
    return migrations::isInvalidRequest(error) ? ExitUsage : ExitFailure;
}

int fail(const model::DbError &error)
{
    printError(error.oneLine());
    if (!error.statement.isEmpty() && !migrations::isInvalidRequest(error))
        printError(QCoreApplication::translate("MigrateCommand", "statement:\n%1")
                       .arg(model::abbreviatedSql(error.statement)));
    if (!error.detail.isEmpty())
        printError(error.detail);
    return exitCodeFor(error);
}

QString description()
{
    return QCoreApplication::translate(
        "MigrateCommand",
        "Applies, reverts and inspects schema migrations (revision files, see "
        "migrations/README.md).\n"
        "  current            the revision(s) the database is at\n"
        "  history            every revision with its state (applied, pending, failed, "
        "modified, unknown)\n"
        "  heads              the newest revision(s) of the files; no connection needed\n"
        "  upgrade TARGET     apply revisions up to TARGET\n"
        "  downgrade TARGET   revert revisions down to TARGET\n"
        "  stamp TARGET       record TARGET as applied without running any SQL\n"
        "  revision -m MSG    write a new empty revision on top of the heads of --migrations\n"
        "                     (default: the current folder); no connection needed\n"
        "  revision -m MSG --autogenerate CONNECTION\n"
        "                     write the revision that turns what the revisions produce into\n"
        "                     the database's schema, verified in a shadow database, and stamp\n"
        "                     the database at it (unless --no-stamp)\n"
        "  check CONNECTION   compare the database with what its applied revisions produce\n"
        "                     (exit 0 equal, 1 with the differences listed)\n"
        "TARGET: head, heads, base, a revision id or unique prefix, +N or -N.\n"
        "Without --migrations the built-in demo revisions are used.\n"
        "migrate --alembic DIR COMMAND [TARGET] CONNECTION runs an Alembic project's "
        "command instead (see migrate --alembic DIR --help).\n"
        "Exit status: 0 done, 1 failed, 2 usage or validation error.");
}

bool needsTarget(const QString &command)
{
    return command == QLatin1String("upgrade") || command == QLatin1String("downgrade") ||
           command == QLatin1String("stamp");
}

// COMMAND [TARGET] CONNECTION; prints the usage error and returns false when they do not fit.
bool readPositional(QStringList positional, MigrateRequest *request)
{
    request->command = positional.isEmpty() ? QString() : positional.takeFirst();
    const bool withTarget = needsTarget(request->command);
    static const QStringList withoutTarget{QStringLiteral("current"), QStringLiteral("history"),
                                           QStringLiteral("heads"), QStringLiteral("revision"),
                                           QStringLiteral("check")};
    if (!withTarget && !withoutTarget.contains(request->command)) {
        printError(QCoreApplication::translate(
                       "MigrateCommand",
                       "unknown migrate command \"%1\": use current, history, heads, upgrade, "
                       "downgrade, stamp, revision or check")
                       .arg(request->command));
        return false;
    }
    // A new revision is a matter of files only.
    if (request->command == QLatin1String("revision") && request->autogenerate) {
        if (positional.size() == 1) {
            request->connection = positional.first();
            return true;
        }
        printError(QCoreApplication::translate("MigrateCommand",
                                               "usage: migrate revision -m MESSAGE --autogenerate "
                                               "[--migrations DIR] [--no-stamp] CONNECTION"));
        return false;
    }
    if (request->command == QLatin1String("revision")) {
        if (positional.isEmpty())
            return true;
        printError(QCoreApplication::translate("MigrateCommand",
                                               "usage: migrate revision -m MESSAGE "
                                               "[--migrations DIR]"));
        return false;
    }
    if (withTarget && !positional.isEmpty())
        request->target = positional.takeFirst().trimmed();
    const bool connectionOptional = request->command == QLatin1String("heads");
    if (positional.size() > 1 || (positional.isEmpty() && !connectionOptional) ||
        (withTarget && request->target.isEmpty())) {
        printError(withTarget ? QCoreApplication::translate("MigrateCommand",
                                                            "usage: migrate %1 TARGET CONNECTION")
                                    .arg(request->command)
                              : QCoreApplication::translate("MigrateCommand",
                                                            "usage: migrate %1 CONNECTION")
                                    .arg(request->command));
        return false;
    }
    request->connection = positional.value(0);
    return true;
}

// -m goes with "revision" only, and "revision" needs a message that is not blank.
bool readMessage(const QCommandLineParser &parser, const QCommandLineOption &option,
                 MigrateRequest *request)
{
    const bool isRevision = request->command == QLatin1String("revision");
    if (parser.isSet(option) != isRevision) {
        printError(isRevision ? QCoreApplication::translate("MigrateCommand",
                                                            "usage: migrate revision -m MESSAGE "
                                                            "[--migrations DIR]")
                              : QCoreApplication::translate("MigrateCommand",
                                                            "-m goes with revision only"));
        return false;
    }
    request->message = parser.value(option);
    if (isRevision && request->message.simplified().isEmpty()) {
        printError(QCoreApplication::translate("MigrateCommand",
                                               "a new revision needs a message (-m MESSAGE)"));
        return false;
    }
    return true;
}

// Parses and checks the arguments; prints help or the usage error and returns nullopt then.
std::optional<MigrateRequest> parseRequest(const QStringList &args, int *exitCode)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(description());
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption sql(
        QStringLiteral("sql"),
        QCoreApplication::translate("MigrateCommand",
                                    "Print the SQL the run would execute, change nothing."));
    const QCommandLineOption dir(
        QStringLiteral("migrations"),
        QCoreApplication::translate("MigrateCommand", "Directory of the revision files."),
        QStringLiteral("dir"));
    const QCommandLineOption lockTimeout(
        QStringLiteral("lock-timeout"),
        QCoreApplication::translate(
            "MigrateCommand",
            "Give up a revision that waits longer than this for a lock (default 5)."),
        QStringLiteral("seconds"), QStringLiteral("5"));
    const QCommandLineOption message(
        {QStringLiteral("m"), QStringLiteral("message")},
        QCoreApplication::translate("MigrateCommand", "The message of a new revision."),
        QStringLiteral("message"));
    const QCommandLineOption autogenerate(
        QStringLiteral("autogenerate"),
        QCoreApplication::translate(
            "MigrateCommand", "revision: write the changes made in the database (CONNECTION)."));
    const QCommandLineOption noStamp(
        QStringLiteral("no-stamp"),
        QCoreApplication::translate("MigrateCommand",
                                    "revision --autogenerate: do not stamp the database."));
    const QCommandLineOption sameServer(
        QStringLiteral("shadow-same-server"),
        QCoreApplication::translate("MigrateCommand",
                                    "Build the shadow database on the compared database's server "
                                    "(needs CREATEDB) instead of the built-in local server."));
    const QCommandLineOption renames(
        QStringLiteral("renames"),
        QCoreApplication::translate("MigrateCommand",
                                    "revision --autogenerate: a dropped and an added table or "
                                    "column of the same shape become a rename."));
    parser.addOptions({sql, dir, lockTimeout, message, autogenerate, noStamp, sameServer, renames});
    parser.addPositionalArgument(
        QStringLiteral("command"),
        QCoreApplication::translate("MigrateCommand",
                                    "current, history, heads, upgrade, downgrade, stamp or "
                                    "revision"));
    parser.addPositionalArgument(
        QStringLiteral("connection"),
        QCoreApplication::translate("MigrateCommand", "URI, SQLAlchemy URL or keyword string."),
        QStringLiteral("[target] connection"));
    *exitCode = ExitUsage;
    if (!parseOrExit(parser, protectRelativeTargets(args), help, exitCode))
        return std::nullopt;
    MigrateRequest request;
    request.autogenerate = parser.isSet(autogenerate);
    request.noStamp = parser.isSet(noStamp);
    request.sameServer = parser.isSet(sameServer);
    request.renames = parser.isSet(renames);
    if (!readPositional(parser.positionalArguments(), &request))
        return std::nullopt;
    request.sql = parser.isSet(sql);
    if (request.sql && request.target.isEmpty()) {
        printError(QCoreApplication::translate("MigrateCommand",
                                               "--sql goes with upgrade, downgrade or stamp"));
        return std::nullopt;
    }
    request.directory = parser.value(dir);
    if (!readMessage(parser, message, &request))
        return std::nullopt;
    bool ok = false;
    const double seconds = parser.value(lockTimeout).toDouble(&ok);
    if (!ok || seconds < 0 || seconds > 86400) {
        printError(QCoreApplication::translate(
                       "MigrateCommand", "--lock-timeout needs a number of seconds, not \"%1\"")
                       .arg(parser.value(lockTimeout)));
        return std::nullopt;
    }
    request.lockTimeoutMs = int(seconds * 1000);
    const bool generating = request.command == QLatin1String("revision") && request.autogenerate;
    if ((request.autogenerate || request.noStamp || request.renames) && !generating) {
        printError(QCoreApplication::translate(
            "MigrateCommand", "--autogenerate, --no-stamp and --renames go with revision "
                              "--autogenerate only"));
        return std::nullopt;
    }
    if (request.sameServer && !generating && request.command != QLatin1String("check")) {
        printError(QCoreApplication::translate(
            "MigrateCommand", "--shadow-same-server goes with revision --autogenerate or check"));
        return std::nullopt;
    }
    return request;
}

QString revisionLine(const migrations::RevisionStatus &revision)
{
    QStringList marks;
    if (revision.isHead)
        marks << QCoreApplication::translate("MigrateCommand", "head");
    if (revision.isCurrent)
        marks << QCoreApplication::translate("MigrateCommand", "current");
    const QString mark =
        marks.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(marks.join(QLatin1String(", ")));
    return QStringLiteral("%1%2 %3").arg(revision.id, mark, revision.message);
}

void printCurrent(const migrations::MigrationStatus &status)
{
    if (!status.alembicTable.isEmpty())
        printOut(QCoreApplication::translate(
                     "MigrateCommand", "Alembic's %1 is at %2 (read only, never changed here).")
                     .arg(status.alembicTable,
                          status.alembicVersions.isEmpty()
                              ? QCoreApplication::translate("MigrateCommand", "base")
                              : status.alembicVersions.join(QLatin1String(", "))));
    if (status.current.isEmpty())
        printOut(QCoreApplication::translate("MigrateCommand", "base (no revision applied)"));
    for (const migrations::RevisionStatus &revision : status.revisions) {
        if (revision.isCurrent)
            printOut(revisionLine(revision));
    }
    for (const migrations::RevisionStatus &revision : status.revisions) {
        if (revision.state == migrations::RevisionState::Modified ||
            revision.state == migrations::RevisionState::Unknown)
            printError(QCoreApplication::translate("MigrateCommand", "%1 is %2")
                           .arg(revision.id, migrations::stateLabel(revision.state)));
    }
}

void printHistory(const migrations::MigrationStatus &status)
{
    for (auto it = status.revisions.crbegin(); it != status.revisions.crend(); ++it) {
        const migrations::RevisionStatus &revision = *it;
        const QString parents = revision.parents.isEmpty()
                                    ? QCoreApplication::translate("MigrateCommand", "base")
                                    : revision.parents.join(QLatin1String(", "));
        printOut(QStringLiteral("%1 -> %2  [%3]")
                     .arg(parents, revisionLine(revision), migrations::stateLabel(revision.state)));
        if (revision.appliedAt.isValid())
            printOut(
                QCoreApplication::translate("MigrateCommand", "    applied %1 by %2 in %3 ms")
                    .arg(revision.appliedAt.toLocalTime().toString(Qt::ISODate), revision.appliedBy)
                    .arg(revision.durationMs));
        if (revision.state == migrations::RevisionState::Failed)
            printOut(QCoreApplication::translate("MigrateCommand", "    last attempt failed: %1")
                         .arg(revision.lastError));
    }
}

void printLog(const migrations::LogLine &line)
{
    switch (line.level) {
    case migrations::LogLine::Level::Info:
        printOut(line.text);
        break;
    case migrations::LogLine::Level::Sql:
        printOut(QStringLiteral("    ") + line.text);
        break;
    case migrations::LogLine::Level::Warning:
        printError(line.text);
        break;
    case migrations::LogLine::Level::Error:
        break; // printed once, with its detail, when the run returns
    }
}

int runAction(migrations::MigrationRunner &runner, const MigrateRequest &request)
{
    const MigrationPlan::Action action =
        request.command == QLatin1String("upgrade")     ? MigrationPlan::Action::Upgrade
        : request.command == QLatin1String("downgrade") ? MigrationPlan::Action::Downgrade
                                                        : MigrationPlan::Action::Stamp;
    if (request.sql) {
        const auto script = runner.preview(action, request.target);
        if (!script)
            return fail(script.error());
        printOut(script->trimmed());
        return ExitOk;
    }
    runner.setLogHandler(printLog);
    const auto report = runner.run(action, request.target);
    return report ? ExitOk : fail(report.error());
}

int runWithConnection(const MigrateRequest &request, const migrations::RevisionGraph &graph)
{
    return runOnConnection(request.connection, QStringLiteral("migrate"), [&](QSqlDatabase &db) {
        migrations::RunnerOptions options;
        options.lockTimeoutMs = request.lockTimeoutMs;
        migrations::MigrationRunner runner(db, graph, options);
        if (request.command != QLatin1String("current") &&
            request.command != QLatin1String("history"))
            return runAction(runner, request);
        const auto status = runner.status();
        if (!status)
            return fail(status.error());
        if (request.command == QLatin1String("current"))
            printCurrent(status.value());
        else
            printHistory(status.value());
        return int(ExitOk);
    });
}

// Writes the file and prints its path alone on stdout, so a script can open it in an editor.
int writeRevision(const MigrateRequest &request)
{
    const QString directory = request.directory.isEmpty() ? QDir::currentPath() : request.directory;
    const auto written = migrations::RevisionWriter::create(directory, request.message);
    if (!written)
        return fail(written.error());
    printOut(written->path);
    printError(
        written->parents.size() > 1
            ? QCoreApplication::translate("MigrateCommand", "merge revision %1 of %2")
                  .arg(written->id, written->parents.join(QLatin1String(", ")))
        : written->parents.isEmpty()
            ? QCoreApplication::translate("MigrateCommand", "base revision %1").arg(written->id)
            : QCoreApplication::translate("MigrateCommand", "revision %1 on top of %2")
                  .arg(written->id, written->parents.first()));
    return ExitOk;
}

// revision --autogenerate works on the folder it writes into (default: the current one), as
// revision does; check reads the embedded demo revisions without --migrations, as runs do.
int runSchemaCompare(const MigrateRequest &request)
{
    AutogenerateRequest compare;
    compare.connection = request.connection;
    compare.directory = request.directory;
    if (request.autogenerate && compare.directory.isEmpty())
        compare.directory = QDir::currentPath();
    compare.message = request.message;
    compare.stamp = !request.noStamp;
    compare.options.diff.renames = request.renames;
    if (request.sameServer)
        compare.options.shadow.where = migrations::ShadowOptions::Where::SameServer;
    const auto graph = compare.directory.isEmpty()
                           ? migrations::RevisionSource::loadEmbedded()
                           : migrations::RevisionSource::loadDirectory(compare.directory);
    if (!graph)
        return fail(graph.error());
    return request.autogenerate ? runAutogenerate(compare, graph.value())
                                : runCheck(compare, graph.value());
}

} // namespace

// QCommandLineParser takes "-2" for an option; a leading space keeps a relative target
// positional (Target::parse trims it again).
QStringList protectRelativeTargets(QStringList args)
{
    static const QRegularExpression relative(QStringLiteral("^-[0-9]+$"));
    for (qsizetype i = 1; i < args.size(); ++i) {
        if (relative.match(args.at(i)).hasMatch())
            args[i].prepend(QLatin1Char(' '));
    }
    return args;
}

QString migrateCommandSummary()
{
    return QCoreApplication::translate("MigrateCommand",
                                       "apply, revert or inspect schema migrations");
}

int runMigrateCommand(const QStringList &args)
{
    for (const QString &arg : args) {
        if (arg == QLatin1String("--alembic") || arg.startsWith(QLatin1String("--alembic=")))
            return runAlembicCommand(args);
    }
    int exitCode = ExitUsage;
    const std::optional<MigrateRequest> request = parseRequest(args, &exitCode);
    if (!request)
        return exitCode;
    if (request->command == QLatin1String("revision") && !request->autogenerate)
        return writeRevision(request.value());
    if (request->autogenerate || request->command == QLatin1String("check"))
        return runSchemaCompare(request.value());
    const auto graph = request->directory.isEmpty()
                           ? migrations::RevisionSource::loadEmbedded()
                           : migrations::RevisionSource::loadDirectory(request->directory);
    if (!graph)
        return fail(graph.error());
    // The heads are a property of the files; a connection given out of habit is not needed.
    if (request->command == QLatin1String("heads")) {
        if (graph->heads().isEmpty())
            printError(QCoreApplication::translate("MigrateCommand", "no revisions in %1")
                           .arg(request->directory));
        for (const QString &id : graph->heads())
            printOut(QStringLiteral("%1 (head) %2").arg(id, graph->find(id)->message));
        return ExitOk;
    }
    const auto target = migrations::Target::parse(request->target.isEmpty() ? QStringLiteral("head")
                                                                            : request->target);
    if (!target)
        return fail(target.error());
    // A revision the files do not have is a usage error, whatever the database says.
    if (target->kind == migrations::Target::Kind::Revision) {
        if (const auto id = graph->resolve(target->text); !id)
            return fail(id.error());
    }
    return runWithConnection(request.value(), graph.value());
}

} // namespace dbx::app
