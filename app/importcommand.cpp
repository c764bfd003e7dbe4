#include "app/importcommand.h"

#include "app/commandline.h"
#include "model/db/executor.h"
#include "model/import/csvimport.h"
#include "model/sqlident.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <optional>

namespace dbx::app {

namespace {

struct ImportCommand {
    Q_DECLARE_TR_FUNCTIONS(ImportCommand)
};

QString description()
{
    return ImportCommand::tr(
        "Imports a CSV file into a table in one transaction: the file goes to the server "
        "unchanged through COPY FROM STDIN, so the result is what psql's \\copy gives.\n"
        "A row the server refuses stops the import with its line number; nothing is imported "
        "then.\n"
        "Exit status: 0 imported, 1 failed (nothing imported), 2 usage error.");
}

// One character for --delimiter / --quote; COPY's own checks follow in the model.
bool oneCharacter(const QString &value, const QString &option, QChar *out)
{
    if (value.size() != 1) {
        printError(
            ImportCommand::tr("%1 needs exactly one character, not \"%2\"").arg(option, value));
        return false;
    }
    *out = value.at(0);
    return true;
}

std::optional<model::ImportRequest> parseRequest(const QStringList &args, int *exitCode,
                                                 QString *connection)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(description());
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption header(QStringLiteral("header"),
                                    ImportCommand::tr("The first line names the columns."));
    const QCommandLineOption delimiter(QStringLiteral("delimiter"),
                                       ImportCommand::tr("The field delimiter (default ,)."),
                                       QStringLiteral("C"), QStringLiteral(","));
    const QCommandLineOption quote(QStringLiteral("quote"),
                                   ImportCommand::tr("The quote character (default \")."),
                                   QStringLiteral("C"), QStringLiteral("\""));
    const QCommandLineOption null(
        QStringLiteral("null"),
        ImportCommand::tr("The unquoted text that stands for NULL (default: an empty field)."),
        QStringLiteral("TEXT"));
    const QCommandLineOption encoding(
        QStringLiteral("encoding"),
        ImportCommand::tr("The file's encoding as PostgreSQL names it (default UTF8)."),
        QStringLiteral("E"));
    const QCommandLineOption columns(
        QStringLiteral("columns"),
        ImportCommand::tr("The table columns the file's columns go into, in file order."),
        QStringLiteral("a,b,..."));
    parser.addOptions({header, delimiter, quote, null, encoding, columns});
    parser.addPositionalArgument(QStringLiteral("file"), ImportCommand::tr("The CSV file."));
    parser.addPositionalArgument(QStringLiteral("table"),
                                 ImportCommand::tr("The table, as schema.table or table."));
    parser.addPositionalArgument(QStringLiteral("connection"),
                                 ImportCommand::tr("URI, SQLAlchemy URL or keyword string."));
    *exitCode = ExitUsage;
    if (!parseOrExit(parser, args, help, exitCode))
        return std::nullopt;
    *exitCode = ExitUsage;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 3) {
        printError(ImportCommand::tr("usage: import FILE TABLE CONNECTION [--header] "
                                     "[--delimiter C] [--quote C] [--null TEXT] "
                                     "[--encoding E] [--columns a,b,...]"));
        return std::nullopt;
    }
    model::ImportRequest request;
    request.path = positional.at(0);
    const QString table = positional.at(1);
    const qsizetype dot = table.indexOf(u'.');
    request.schema = dot < 0 ? QString() : table.left(dot);
    request.table = dot < 0 ? table : table.mid(dot + 1);
    *connection = positional.at(2);
    model::CsvOptions &o = request.options;
    o.header = parser.isSet(header);
    if (!oneCharacter(parser.value(delimiter), QStringLiteral("--delimiter"), &o.delimiter) ||
        !oneCharacter(parser.value(quote), QStringLiteral("--quote"), &o.quote))
        return std::nullopt;
    o.nullText = parser.value(null);
    o.encoding = parser.value(encoding);
    if (parser.isSet(columns)) {
        for (const QString &c : parser.value(columns).split(u','))
            request.columns << c.trimmed();
    }
    if (const model::Status valid = model::validateCsvOptions(o); !valid) {
        printError(valid.error().message);
        return std::nullopt;
    }
    return request;
}

int fail(const model::DbError &error)
{
    printError(error.oneLine());
    if (!error.detail.isEmpty())
        printError(error.detail);
    return ExitFailure;
}

// The table's schema when the name came without one: what the search path finds.
model::Result<QString> schemaOf(QSqlDatabase &db, const model::ImportRequest &request)
{
    if (!request.schema.isEmpty())
        return request.schema;
    const model::Statement find(
        QStringLiteral("SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON "
                       "n.oid = c.relnamespace WHERE c.oid = to_regclass($1)"),
        {model::quoteIdent(request.table)});
    const model::Result<QVariant> schema = model::execScalar(db, find);
    if (!schema)
        return schema.error();
    if (schema->isNull())
        return model::DbError::plain(ImportCommand::tr("There is no table %1.").arg(request.table));
    return schema->toString();
}

} // namespace

QString importCommandSummary()
{
    return ImportCommand::tr("import a CSV file into a table (as psql's \\copy does)");
}

int runImportCommand(const QStringList &args)
{
    int exitCode = ExitUsage;
    QString connection;
    std::optional<model::ImportRequest> request = parseRequest(args, &exitCode, &connection);
    if (!request)
        return exitCode;
    return runOnConnection(connection, QStringLiteral("import"), [&](QSqlDatabase &db) {
        const model::Result<QString> schema = schemaOf(db, *request);
        if (!schema)
            return fail(schema.error());
        request->schema = schema.value();
        const model::Result<model::ImportSummary> done = model::importCsv(db, *request);
        if (!done)
            return fail(done.error());
        printOut(ImportCommand::tr("imported %1 rows into %2")
                     .arg(done->rows)
                     .arg(request->schema + u'.' + request->table));
        return int(ExitOk);
    });
}

} // namespace dbx::app
