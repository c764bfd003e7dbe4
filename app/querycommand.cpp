#include "app/querycommand.h"

#include "app/commandline.h"
#include "app/queryoutput.h"
#include "model/catalog/catalogreader.h"
#include "model/export/exportwriter.h"
#include "model/export/tableexporter.h"
#include "model/query/queryjson.h"
#include "model/query/querysql.h"
#include "model/query/queryvalidator.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <optional>

namespace dbx::app {

namespace {

// The translation context of the command's messages, shared with queryoutput.cpp.
struct QueryCommand {
    Q_DECLARE_TR_FUNCTIONS(QueryCommand)
};

using model::query::Query;

struct QueryRequest {
    QString file;
    bool hasConnection = false; // without one, only --sql or --literal make sense
    QString connection;
    model::ExportFormat format = model::ExportFormat::Csv;
    bool sql = false;
    bool literal = false;
};

QString description()
{
    return QueryCommand::tr(
        "Runs a saved query (a JSON file, see docs/query-format.md) and prints its rows, or "
        "prints its SQL.\n"
        "The query is first checked against the database's schema; every problem is "
        "printed on a line of its own.\n"
        "With --sql or --literal the connection may be left out: the SQL is printed "
        "without checking or running anything.\n"
        "Exit status: 0 done, 1 invalid query or server error, 2 usage error or "
        "unreadable file.");
}

std::optional<QueryRequest> parseRequest(const QStringList &args, int *exitCode)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(description());
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption format(QStringLiteral("format"),
                                    QueryCommand::tr("csv (the default), json or table."),
                                    QStringLiteral("format"), QStringLiteral("csv"));
    const QCommandLineOption sql(
        QStringLiteral("sql"),
        QueryCommand::tr("Print the SQL with $n placeholders and the bound values; run nothing."));
    const QCommandLineOption literal(
        QStringLiteral("literal"),
        QueryCommand::tr(
            "Print the SQL with the values written in as literals, for reading; run nothing."));
    parser.addOptions({format, sql, literal});
    parser.addPositionalArgument(QStringLiteral("file"),
                                 QueryCommand::tr("The saved query, a .json file."));
    parser.addPositionalArgument(QStringLiteral("connection"),
                                 QueryCommand::tr("URI, SQLAlchemy URL or keyword string."),
                                 QStringLiteral("[connection]"));
    *exitCode = ExitUsage;
    if (!parseOrExit(parser, args, help, exitCode))
        return std::nullopt;
    QueryRequest request;
    request.sql = parser.isSet(sql);
    request.literal = parser.isSet(literal);
    const QStringList positional = parser.positionalArguments();
    const bool connectionOptional = request.sql || request.literal;
    if (positional.isEmpty() || positional.size() > 2 ||
        (positional.size() == 1 && !connectionOptional)) {
        printError(QueryCommand::tr(
            "usage: query FILE.json CONNECTION [--format csv|json|table], or query "
            "FILE.json --sql"));
        return std::nullopt;
    }
    request.file = positional.at(0);
    // A connection given but empty ("") is a mistake to report, not a request for the SQL.
    request.hasConnection = positional.size() == 2;
    request.connection = positional.value(1);
    const QString how = parser.value(format);
    if (how == QLatin1String("json"))
        request.format = model::ExportFormat::Json;
    else if (how == QLatin1String("table"))
        request.format = model::ExportFormat::Table;
    else if (how != QLatin1String("csv")) {
        printError(QueryCommand::tr("--format needs csv, json or table, not \"%1\"").arg(how));
        return std::nullopt;
    }
    return request;
}

// printOut adds the line break the text already ends with.
void printText(const QString &text)
{
    QString body = text;
    if (body.endsWith(u'\n'))
        body.chop(1);
    printOut(body);
}

void printSql(const QueryRequest &request, const Query &query)
{
    if (request.sql)
        printText(sqlWithParameters(model::query::toSql(query)));
    if (request.sql && request.literal)
        printOut({});
    if (request.literal)
        printText(model::query::toLiteralSql(query).trimmed() + u'\n');
}

int fail(const model::DbError &error)
{
    printError(error.oneLine());
    if (!error.detail.isEmpty())
        printError(error.detail);
    return ExitFailure;
}

int runOnDatabase(const QueryRequest &request, const Query &query, QSqlDatabase &db)
{
    const auto snapshot = model::CatalogReader::read(db);
    if (!snapshot)
        return fail(snapshot.error());
    const QList<model::query::QueryProblem> problems =
        model::query::validate(query, snapshot.value());
    for (const model::query::QueryProblem &problem : problems)
        printError(problem.where.isEmpty()
                       ? problem.message
                       : QStringLiteral("%1: %2").arg(problem.where, problem.message));
    if (!problems.isEmpty())
        return ExitFailure;
    if (request.sql || request.literal) {
        printSql(request, query);
        return ExitOk;
    }
    // Rows are written as they arrive: memory stays flat whatever the row count.
    std::unique_ptr<model::ExportFile> out = model::ExportFile::standardOutput();
    if (const model::Status opened = out->open(); !opened)
        return fail(opened.error());
    model::ExportOptions options;
    options.crlf = false; // a terminal's lines, as psql writes them
    const model::Result<qint64> rows =
        model::exportStatement(db, model::query::toSql(query), request.format, options, *out);
    const model::Status flushed = out->commit();
    if (!rows)
        return fail(rows.error());
    if (!flushed)
        return fail(flushed.error());
    return ExitOk;
}

} // namespace

QString queryCommandSummary()
{
    return QueryCommand::tr("run a saved query (JSON) and print CSV, JSON or a table, or its SQL");
}

int runQueryCommand(const QStringList &args)
{
    int exitCode = ExitUsage;
    const std::optional<QueryRequest> request = parseRequest(args, &exitCode);
    if (!request)
        return exitCode;
    const model::Result<Query> query = model::query::readQueryFile(request->file);
    if (!query) {
        printError(query.error().message);
        return ExitUsage;
    }
    if (!request->hasConnection) {
        printSql(request.value(), query.value());
        return ExitOk;
    }
    return runOnConnection(request->connection, QStringLiteral("query"), [&](QSqlDatabase &db) {
        return runOnDatabase(request.value(), query.value(), db);
    });
}

} // namespace dbx::app
