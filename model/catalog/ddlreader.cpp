#include "model/catalog/ddlreader.h"

#include "model/db/database.h"
#include "model/db/executor.h"
#include "model/server/localserver.h"
#include "model/sqlident.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStandardPaths>

#include <algorithm>

namespace dbx::model {

namespace {

Result<QString> functionDdl(QSqlDatabase &db, const DdlObject &object)
{
    // Every overload; aggregates and window functions have no CREATE FUNCTION to show.
    const auto rows =
        exec(db, Statement(QStringLiteral("SELECT pg_catalog.pg_get_functiondef(p.oid) "
                                          "FROM pg_catalog.pg_proc p "
                                          "JOIN pg_catalog.pg_namespace n ON n.oid = "
                                          "p.pronamespace "
                                          "WHERE n.nspname = $1 AND p.proname = $2 "
                                          "AND p.prokind IN ('f', 'p') ORDER BY p.oid"),
                           {object.schema, object.name}));
    if (!rows)
        return rows.error();
    QStringList parts;
    for (const QVariantList &row : rows->rows)
        parts << row.value(0).toString().trimmed() + QLatin1Char(';');
    if (parts.isEmpty())
        return DbError::plain(QCoreApplication::translate("DdlReader", "there is no function %1")
                                  .arg(quoteQualified(object.schema, object.name)));
    return parts.join(QLatin1String("\n\n")) + QLatin1Char('\n');
}

Result<QString> enumDdl(QSqlDatabase &db, const DdlObject &object)
{
    const auto rows =
        // The server quotes the name and the labels, as pg_dump would write them.
        exec(db, Statement(QStringLiteral("SELECT pg_catalog.quote_ident(n.nspname) || '.' || "
                                          "pg_catalog.quote_ident(t.typname), "
                                          "pg_catalog.quote_literal(e.enumlabel) "
                                          "FROM pg_catalog.pg_enum e "
                                          "JOIN pg_catalog.pg_type t ON t.oid = e.enumtypid "
                                          "JOIN pg_catalog.pg_namespace n ON n.oid = "
                                          "t.typnamespace "
                                          "WHERE n.nspname = $1 AND t.typname = $2 "
                                          "ORDER BY e.enumsortorder"),
                           {object.schema, object.name}));
    if (!rows)
        return rows.error();
    QStringList labels;
    for (const QVariantList &row : rows->rows)
        labels << QStringLiteral("    ") + row.value(1).toString();
    if (labels.isEmpty())
        return DbError::plain(QCoreApplication::translate("DdlReader", "there is no enum type %1")
                                  .arg(quoteQualified(object.schema, object.name)));
    return QStringLiteral("CREATE TYPE %1 AS ENUM (\n%2\n);\n")
        .arg(rows->rows.first().value(0).toString(), labels.join(QLatin1String(",\n")));
}

} // namespace

DdlReader::DdlReader(Database *database, QObject *parent)
    : QObject(parent)
    , m_database(database)
{}

DdlReader::~DdlReader()
{
    if (m_process) {
        m_process->disconnect(this);
        m_process->kill();
        m_process->waitForFinished(1000);
    }
}

QString DdlReader::pgDumpProgram()
{
    // The newest client dumps every older server; an older one refuses a newer server.
    for (const QString &dir : LocalServer::installedBinDirs()) {
        const QString program = dir + QStringLiteral("/pg_dump");
        if (QFileInfo(program).isExecutable())
            return program;
    }
    const QString onPath = QStandardPaths::findExecutable(QStringLiteral("pg_dump"));
    return onPath.isEmpty() ? QStringLiteral("pg_dump") : onPath;
}

QStringList DdlReader::pgDumpArguments(const DdlObject &object, const ConnectionSpec &spec)
{
    // The pattern's double quotes make pg_dump match the name literally, whatever it holds.
    // --no-password: a server that wants one the spec does not have fails at once instead of
    // pg_dump waiting for a prompt no one answers.
    return {QStringLiteral("--schema-only"),
            QStringLiteral("--no-password"),
            QStringLiteral("--no-owner"),
            QStringLiteral("--no-privileges"),
            QStringLiteral("--table=") + quoteQualified(object.schema, object.name),
            QStringLiteral("--dbname=") + spec.toKeywordString(false)};
}

QProcessEnvironment DdlReader::pgDumpEnvironment(const ConnectionSpec &spec)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // Environment, not argv: the command line of a process is visible to every local user.
    if (!spec.password.isEmpty())
        env.insert(QStringLiteral("PGPASSWORD"), spec.password);
    env.insert(QStringLiteral("PGCONNECT_TIMEOUT"), QStringLiteral("10"));
    return env;
}

QString DdlReader::trimDump(const QString &dump)
{
    QStringList kept;
    for (const QString &line : dump.split(QLatin1Char('\n'))) {
        // Session settings, psql meta-commands (\restrict) and the dump's banner comments.
        if (line.startsWith(QLatin1String("SET ")) ||
            line.startsWith(QLatin1String("SELECT pg_catalog.set_config(")) ||
            line.startsWith(QLatin1Char('\\')) ||
            line.startsWith(QLatin1String("-- PostgreSQL database dump")) ||
            line.startsWith(QLatin1String("-- Dumped ")))
            continue;
        if (line.trimmed().isEmpty() && (kept.isEmpty() || kept.last().trimmed().isEmpty()))
            continue;
        if (line == QLatin1String("--") && !kept.isEmpty() && kept.last() == QLatin1String("--"))
            continue;
        kept << line;
    }
    const auto blank = [](const QString &line) {
        return line.trimmed().isEmpty() || line == QLatin1String("--");
    };
    while (!kept.isEmpty() && blank(kept.last()))
        kept.removeLast();
    while (!kept.isEmpty() && blank(kept.first()))
        kept.removeFirst();
    return kept.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

Result<QString> DdlReader::catalogDdl(QSqlDatabase &db, const DdlObject &object)
{
    return object.kind == DdlObject::Kind::Function ? functionDdl(db, object) : enumDdl(db, object);
}

void DdlReader::load(const DdlObject &object)
{
    ++m_generation;
    if (m_ticket)
        m_database->cancel(std::exchange(m_ticket, 0));
    if (m_process) {
        m_process->disconnect(this);
        m_process->kill();
        m_process->deleteLater();
    }
    m_loading = true;
    if (object.isRelation()) {
        runPgDump(object);
        return;
    }
    m_ticket = m_database->run<QString>(
        [object](QSqlDatabase &db, const JobContext &) { return catalogDdl(db, object); }, this,
        [this](Ticket ticket, const Result<QString> &result) {
            if (ticket != m_ticket)
                return; // a newer load superseded this one
            m_ticket = 0;
            m_loading = false;
            if (result)
                emit ready(result.value());
            else
                emit failed(result.error());
        });
}

void DdlReader::runPgDump(const DdlObject &object)
{
    auto *process = new QProcess(this);
    m_process = process;
    process->setProcessEnvironment(pgDumpEnvironment(m_database->spec()));
    const quint64 generation = m_generation;
    connect(process, &QProcess::finished, this, [this, process, generation](int exitCode) {
        if (generation == m_generation)
            finishPgDump(process, exitCode);
        process->deleteLater();
    });
    connect(process, &QProcess::errorOccurred, this,
            [this, process, generation](QProcess::ProcessError error) {
                if (error != QProcess::FailedToStart || generation != m_generation)
                    return;
                m_loading = false;
                emit failed(DbError::plain(
                    QCoreApplication::translate("DdlReader",
                                                "pg_dump could not be started: %1. Install the "
                                                "package postgresql-client.")
                        .arg(process->errorString())));
                process->deleteLater();
            });
    process->start(pgDumpProgram(), pgDumpArguments(object, m_database->spec()));
}

void DdlReader::finishPgDump(QProcess *process, int exitCode)
{
    m_loading = false;
    const auto ddl = dumpResult(process->exitStatus() == QProcess::NormalExit, exitCode,
                                process->readAllStandardOutput(), process->readAllStandardError());
    if (ddl)
        emit ready(ddl.value());
    else
        emit failed(ddl.error());
}

Result<QString> DdlReader::dumpResult(bool exitedNormally, int exitCode, const QByteArray &out,
                                      const QByteArray &err)
{
    const QString errors = QString::fromUtf8(err).trimmed();
    if (!exitedNormally || exitCode != 0)
        return DbError::plain(QCoreApplication::translate("DdlReader", "pg_dump failed: %1")
                                  .arg(errors.section(QLatin1Char('\n'), 0, 0)),
                              errors);
    return trimDump(QString::fromUtf8(out));
}

Result<DdlObject> DdlReader::resolve(QSqlDatabase &db, const QString &qualifiedName)
{
    DdlObject object;
    const qsizetype dot = qualifiedName.indexOf(QLatin1Char('.'));
    object.schema = dot < 0 ? QStringLiteral("public") : qualifiedName.left(dot);
    object.name = dot < 0 ? qualifiedName : qualifiedName.mid(dot + 1);
    const auto kind = execScalar(
        db, Statement(QStringLiteral(
                          "SELECT k FROM ("
                          "SELECT c.relkind::text AS k, 1 AS o FROM pg_catalog.pg_class c "
                          "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                          "WHERE n.nspname = $1 AND c.relname = $2 "
                          "AND c.relkind IN ('r', 'p', 'f', 'v', 'm', 'S') "
                          "UNION ALL SELECT 'function', 2 FROM pg_catalog.pg_proc p "
                          "JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace "
                          "WHERE n.nspname = $1 AND p.proname = $2 AND p.prokind IN ('f', 'p') "
                          "UNION ALL SELECT 'enum', 3 FROM pg_catalog.pg_type t "
                          "JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace "
                          "WHERE n.nspname = $1 AND t.typname = $2 AND t.typtype = 'e'"
                          ") found ORDER BY o LIMIT 1"),
                      {object.schema, object.name}));
    if (!kind)
        return kind.error();
    const QString k = kind->toString();
    if (k.isEmpty())
        return DbError::plain(QCoreApplication::translate(
                                  "DdlReader", "no table, view, sequence, function or enum type %1")
                                  .arg(quoteQualified(object.schema, object.name)));
    using Kind = DdlObject::Kind;
    object.kind = k == QLatin1String("function") ? Kind::Function
                  : k == QLatin1String("enum")   ? Kind::Enum
                  : k == QLatin1String("v")      ? Kind::View
                  : k == QLatin1String("m")      ? Kind::MaterializedView
                  : k == QLatin1String("S")      ? Kind::Sequence
                                                 : Kind::Table;
    return object;
}

Result<QString> DdlReader::read(QSqlDatabase &db, const DdlObject &object,
                                const ConnectionSpec &spec)
{
    if (!object.isRelation())
        return catalogDdl(db, object);
    QProcess process;
    process.setProcessEnvironment(pgDumpEnvironment(spec));
    process.start(pgDumpProgram(), pgDumpArguments(object, spec));
    if (!process.waitForStarted(10000))
        return DbError::plain(QCoreApplication::translate("DdlReader",
                                                          "pg_dump could not be started: %1. "
                                                          "Install the package postgresql-client.")
                                  .arg(process.errorString()));
    process.waitForFinished(-1);
    return dumpResult(process.exitStatus() == QProcess::NormalExit, process.exitCode(),
                      process.readAllStandardOutput(), process.readAllStandardError());
}

} // namespace dbx::model
