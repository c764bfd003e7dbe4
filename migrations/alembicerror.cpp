#include "migrations/alembicerror.h"

#include "migrations/migrationerror.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace dbx::migrations {

namespace {

// Debian ships the modules an Alembic project usually needs under these package names.
QString debianPackageFor(const QString &module)
{
    const QString top = module.section(QLatin1Char('.'), 0, 0);
    if (top == QLatin1String("alembic"))
        return QStringLiteral("python3-alembic");
    if (top == QLatin1String("sqlalchemy"))
        return QStringLiteral("python3-sqlalchemy");
    if (top == QLatin1String("psycopg2"))
        return QStringLiteral("python3-psycopg2");
    if (top == QLatin1String("psycopg"))
        return QStringLiteral("python3-psycopg");
    return QStringLiteral("python3-") + top.toLower().replace(QLatin1Char('_'), QLatin1Char('-'));
}

// The lines of the final exception of a traceback ("pkg.Error: message" and what follows it),
// without SQLAlchemy's pointer to its documentation.
QStringList exceptionLines(const QStringList &lines)
{
    static const QRegularExpression head(QStringLiteral(R"(^[A-Za-z_][\w.]*(Error|Exception)\b)"));
    int start = -1;
    for (int i = 0; i < lines.size(); ++i) {
        if (head.match(lines.at(i)).hasMatch())
            start = i;
    }
    if (start < 0)
        return {};
    QStringList result;
    for (int i = start; i < lines.size(); ++i) {
        if (lines.at(i).startsWith(QLatin1String("(Background on this error")))
            break;
        result << lines.at(i);
    }
    while (!result.isEmpty() && result.constLast().trimmed().isEmpty())
        result.removeLast();
    return result;
}

model::DbError failed(const QString &message, const QString &detail = {})
{
    model::DbError error = refusedRun(message, detail);
    return error;
}

model::DbError serverRefused(const QStringList &exception, const QString &errors)
{
    // "sqlalchemy.exc.ProgrammingError: (psycopg2.errors.UndefinedTable) message"
    static const QRegularExpression dbapi(
        QStringLiteral(R"(^[\w.]+: \(psycopg2\.(?:errors\.)?(\w+)\) (.*)$)"));
    const QRegularExpressionMatch match = dbapi.match(exception.first());
    const QString kind = match.captured(1);
    const QString message = match.captured(2).trimmed();
    QString statement;
    QStringList detail;
    for (const QString &line : exception.mid(1)) {
        if (line.startsWith(QLatin1String("[SQL: ")))
            statement = line.mid(6).chopped(line.endsWith(QLatin1Char(']')) ? 1 : 0);
        else if (!line.startsWith(QLatin1String("[parameters:")))
            detail << line;
    }
    if (kind == QLatin1String("OperationalError") &&
        (message.contains(QLatin1String("connection to server")) ||
         message.contains(QLatin1String("could not connect")) ||
         message.contains(QLatin1String("could not translate host name")))) {
        model::DbError error = failed(
            QCoreApplication::translate("AlembicError", "Alembic cannot connect: %1").arg(message));
        error.kind = model::DbError::Kind::ConnectionFailed;
        return error;
    }
    const QString revision = lastRunningRevision(errors);
    model::DbError error =
        failed(revision.isEmpty()
                   ? QCoreApplication::translate("AlembicError",
                                                 "The server refused Alembic's statement: %1")
                         .arg(message)
                   : QCoreApplication::translate("AlembicError", "Revision %1 failed: %2")
                         .arg(revision, message),
               detail.join(QLatin1Char('\n')).trimmed());
    error.statement = statement;
    return error;
}

} // namespace

QString lastRunningRevision(const QString &errors)
{
    static const QRegularExpression running(QStringLiteral(
        R"(Running (upgrade|downgrade) ([0-9A-Za-z_, ()]*) -> ([0-9A-Za-z_, ()]*),)"));
    QString revision;
    auto it = running.globalMatch(errors);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        revision =
            (match.captured(1) == QLatin1String("upgrade") ? match.captured(3) : match.captured(2))
                .trimmed();
    }
    return revision;
}

model::DbError explainAlembicFailure(const QString &errors, const AlembicTool &tool, int exitCode)
{
    const QStringList lines = errors.split(QLatin1Char('\n'));
    static const QRegularExpression missingModule(
        QStringLiteral(R"(ModuleNotFoundError: No module named '([\w.]+)')"));
    if (const auto match = missingModule.match(errors); match.hasMatch())
        return failed(
            QCoreApplication::translate(
                "AlembicError",
                "%1 has no Python module \"%2\": install the package %3, or choose an "
                "interpreter that has it")
                .arg(tool.interpreter, match.captured(1), debianPackageFor(match.captured(1))));
    static const QRegularExpression noRevision(
        QStringLiteral(R"(Can't locate revision identified by '([^']*)')"));
    if (const auto match = noRevision.match(errors); match.hasMatch())
        return invalidRequest(QCoreApplication::translate(
                                  "AlembicError", "No such revision in this Alembic project: %1")
                                  .arg(match.captured(1)));
    const QStringList exception = exceptionLines(lines);
    if (!exception.isEmpty() && exception.first().contains(QLatin1String("(psycopg2")))
        return serverRefused(exception, errors);
    for (const QString &line : lines) {
        if (line.startsWith(QLatin1String("FAILED: ")))
            return failed(QCoreApplication::translate("AlembicError", "Alembic failed: %1")
                              .arg(line.mid(8).trimmed()));
    }
    if (!exception.isEmpty())
        return failed(QCoreApplication::translate("AlembicError", "Alembic failed: %1")
                          .arg(exception.first()),
                      exception.mid(1).join(QLatin1Char('\n')));
    QString last;
    for (const QString &line : lines) {
        if (!line.trimmed().isEmpty())
            last = line.trimmed();
    }
    return failed(
        last.isEmpty()
            ? QCoreApplication::translate("AlembicError", "Alembic exited with status %1")
                  .arg(exitCode)
            : QCoreApplication::translate("AlembicError", "Alembic exited with status %1: %2")
                  .arg(exitCode)
                  .arg(last));
}

} // namespace dbx::migrations
