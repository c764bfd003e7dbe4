#include "app/subcommands.h"

#include "app/commandline.h"
#include "app/importcommand.h"
#include "app/migratecommand.h"
#include "app/querycommand.h"
#include "app/sqlcommand.h"
#include "migrations/demoschema.h"
#include "model/catalog/catalogreader.h"
#include "model/catalog/ddlreader.h"
#include "model/connection/connector.h"
#include "model/db/sqlresult.h"
#include "model/demo/demodatabase.h"
#include "model/relations/schemadocument.h"
#include "model/server/localserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>

namespace dbx::app {

namespace {

int runPing(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "Subcommands",
        "Connects to a database, prints the server version and disconnects. A hot standby or "
        "a read-only database says so, a standby with its replication lag."));
    parser.addPositionalArgument(
        QStringLiteral("connection"),
        QCoreApplication::translate("Subcommands", "URI, SQLAlchemy URL or keyword string."));
    int code = ExitOk;
    const QCommandLineOption help = parser.addHelpOption();
    if (!parseOrExit(parser, args, help, &code))
        return code;
    if (parser.positionalArguments().size() != 1) {
        printError(QCoreApplication::translate("Subcommands",
                                               "ping needs exactly one connection argument"));
        return ExitUsage;
    }
    return runOnConnection(
        parser.positionalArguments().first(), QStringLiteral("ping"), [](QSqlDatabase &db) {
            const model::ServerInfo info = model::describeServer(db, {});
            QString line =
                QCoreApplication::translate("Subcommands", "PostgreSQL %1, database %2, user %3")
                    .arg(info.version, info.database, info.user);
            if (info.isReadOnly())
                line += QStringLiteral(", ") + info.accessText();
            printOut(line);
            if (info.inRecovery) {
                const model::Result<model::ReplicationLag> lag = model::readReplicationLag(db);
                printOut(QCoreApplication::translate("Subcommands", "replication: %1")
                             .arg(lag ? lag->text() : lag.error().oneLine()));
            }
            return int(ExitOk);
        });
}

// `schema --ddl OBJECT CONNECTION`: pg_dump for relations, the catalog for the rest.
int printDdl(const QString &object, const QStringList &positional)
{
    if (positional.size() != 1 || object.trimmed().isEmpty()) {
        printError(QCoreApplication::translate("Subcommands",
                                               "usage: schema --ddl [SCHEMA.]NAME CONNECTION"));
        return ExitUsage;
    }
    const QString connection = positional.first();
    return runOnConnection(connection, QStringLiteral("schema"), [&](QSqlDatabase &db) {
        const auto found = model::DdlReader::resolve(db, object.trimmed());
        const auto text =
            found ? model::DdlReader::read(db, found.value(),
                                           model::ConnectionSpec::parse(connection).value())
                  : model::Result<QString>(found.error());
        if (!text) {
            printError(text.error().oneLine());
            if (!text.error().detail.isEmpty())
                printError(text.error().detail);
            return int(ExitFailure);
        }
        printOut(text->trimmed());
        return int(ExitOk);
    });
}

int runSchema(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "Subcommands",
        "Prints a database's tables, columns, keys and relationships (many-to-one, one-to-many, "
        "one-to-one, many-to-many through association tables) as JSON or Graphviz DOT."));
    parser.addPositionalArgument(
        QStringLiteral("connection"),
        QCoreApplication::translate("Subcommands", "URI, SQLAlchemy URL or keyword string."));
    const QCommandLineOption format(
        QStringLiteral("format"),
        QCoreApplication::translate("Subcommands", "json (the default) or dot."),
        QStringLiteral("format"), QStringLiteral("json"));
    const QCommandLineOption ddl(
        QStringLiteral("ddl"),
        QCoreApplication::translate("Subcommands",
                                    "Print the DDL of one table, view, materialized view, "
                                    "sequence, function or enum type ([schema.]name; public by "
                                    "default) as PostgreSQL writes it."),
        QStringLiteral("object"));
    parser.addOption(format);
    parser.addOption(ddl);
    int code = ExitOk;
    const QCommandLineOption help = parser.addHelpOption();
    if (!parseOrExit(parser, args, help, &code))
        return code;
    if (parser.isSet(ddl))
        return printDdl(parser.value(ddl), parser.positionalArguments());
    const QString how = parser.value(format);
    if (parser.positionalArguments().size() != 1 ||
        (how != QLatin1String("json") && how != QLatin1String("dot"))) {
        printError(QCoreApplication::translate(
            "Subcommands", "schema needs one connection argument and --format json or dot"));
        return ExitUsage;
    }
    return runOnConnection(
        parser.positionalArguments().first(), QStringLiteral("schema"), [how](QSqlDatabase &db) {
            const model::Result<model::SchemaSnapshot> snapshot = model::CatalogReader::read(db);
            if (!snapshot.ok()) {
                printError(snapshot.error().oneLine());
                return int(ExitFailure);
            }
            const model::RelationshipGraph graph(snapshot.value());
            if (how == QLatin1String("dot"))
                printOut(model::schemaDot(snapshot.value(), graph).trimmed());
            else
                printOut(QString::fromUtf8(model::schemaJson(snapshot.value(), graph)).trimmed());
            return int(ExitOk);
        });
}

int runServer(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "Subcommands",
        "Manages the built-in PostgreSQL server that holds the demo database.\n"
        "  start   create the cluster if needed, start it, create the demo database\n"
        "  stop    stop the server\n"
        "  status  exit 0 when running, 3 when stopped"));
    parser.addPositionalArgument(
        QStringLiteral("action"),
        QCoreApplication::translate("Subcommands", "start, stop or status"));
    const QCommandLineOption dir(
        QStringLiteral("server-dir"),
        QCoreApplication::translate("Subcommands", "Directory of the cluster (default: %1).")
            .arg(model::LocalServer::defaultRootDir()),
        QStringLiteral("dir"));
    const QCommandLineOption noDemo(
        QStringLiteral("no-demo"),
        QCoreApplication::translate("Subcommands",
                                    "Start the server without creating the demo database."));
    parser.addOptions({dir, noDemo});
    int code = ExitOk;
    const QCommandLineOption help = parser.addHelpOption();
    if (!parseOrExit(parser, args, help, &code))
        return code;
    const QStringList positional = parser.positionalArguments();
    const QString action = positional.value(0);
    if (positional.size() != 1 ||
        !QStringList{QStringLiteral("start"), QStringLiteral("stop"), QStringLiteral("status")}
             .contains(action)) {
        printError(QCoreApplication::translate("Subcommands",
                                               "server needs one action: start, stop or status"));
        return ExitUsage;
    }
    model::LocalServer::Config config;
    config.rootDir = parser.value(dir);
    model::LocalServer server(config);
    if (action == QLatin1String("status")) {
        const bool running = server.isRunning();
        printOut(running
                     ? QCoreApplication::translate("Subcommands", "running, socket directory %1")
                           .arg(server.socketDir())
                     : QCoreApplication::translate("Subcommands", "not running (%1)")
                           .arg(server.dataDir()));
        return running ? ExitOk : 3;
    }
    server.setProgressHandler([](const QString &line) { printOut(line); });
    model::Status status = action == QLatin1String("stop") ? server.stop() : server.start();
    if (status && action == QLatin1String("start") && !parser.isSet(noDemo))
        status =
            model::DemoDatabase::ensure(server.connectionSpec(), model::DemoDatabase::defaultName(),
                                        migrations::installDemoSchema);
    if (!status) {
        printError(status.error().oneLine());
        if (!status.error().detail.isEmpty())
            std::fprintf(stderr, "%s\n", status.error().detail.toLocal8Bit().constData());
        return ExitFailure;
    }
    if (action == QLatin1String("start"))
        printOut(server
                     .connectionSpec(parser.isSet(noDemo) ? QStringLiteral("postgres")
                                                          : model::DemoDatabase::defaultName())
                     .toUri());
    return ExitOk;
}

} // namespace

const QList<Subcommand> &subcommands()
{
    static const QList<Subcommand> list{
        {QStringLiteral("import"), importCommandSummary, runImportCommand},
        {QStringLiteral("migrate"), migrateCommandSummary, runMigrateCommand},
        {QStringLiteral("ping"),
         [] { return QCoreApplication::translate("Subcommands", "check that a connection works"); },
         runPing},
        {QStringLiteral("query"), queryCommandSummary, runQueryCommand},
        {QStringLiteral("schema"),
         [] {
             return QCoreApplication::translate(
                 "Subcommands", "print tables, keys and relationships as JSON or DOT");
         },
         runSchema},
        {QStringLiteral("server"),
         [] {
             return QCoreApplication::translate("Subcommands",
                                                "start, stop or query the built-in demo server");
         },
         runServer},
        {QStringLiteral("sql"), sqlCommandSummary, runSqlCommand},
    };
    return list;
}

const Subcommand *findSubcommand(const QString &name)
{
    for (const Subcommand &command : subcommands()) {
        if (command.name == name)
            return &command;
    }
    return nullptr;
}

} // namespace dbx::app
