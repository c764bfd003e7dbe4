#include "app/autogeneratecommand.h"

#include "app/commandline.h"
#include "migrations/migrationerror.h"
#include "model/connection/connectionspec.h"

#include <QCoreApplication>

namespace dbx::app {

namespace {

int failed(const model::DbError &error)
{
    printError(error.oneLine());
    if (!error.detail.isEmpty())
        printError(error.detail);
    return migrations::isInvalidRequest(error) ? ExitUsage : ExitFailure;
}

// Runs `body` with the compared database open and its connection spec (for the shadow).
int withDatabase(const AutogenerateRequest &request,
                 const std::function<int(QSqlDatabase &, const model::ConnectionSpec &)> &body)
{
    const auto spec = model::ConnectionSpec::parse(request.connection);
    if (!spec) {
        printError(spec.error().message);
        return ExitUsage;
    }
    return runOnConnection(request.connection, QStringLiteral("autogenerate"),
                           [&](QSqlDatabase &db) { return body(db, spec.value()); });
}

void printList(const QString &title, const QStringList &lines)
{
    if (lines.isEmpty())
        return;
    printError(title);
    for (const QString &line : lines)
        printError(QStringLiteral("  ") + line);
}

} // namespace

int runAutogenerate(const AutogenerateRequest &request, const migrations::RevisionGraph &graph)
{
    return withDatabase(request, [&](QSqlDatabase &db, const model::ConnectionSpec &spec) {
        migrations::Autogenerate autogenerate(db, spec, graph, request.options);
        const auto revision = autogenerate.prepare(request.message);
        if (!revision)
            return failed(revision.error());
        const auto path = autogenerate.save(revision.value(), request.directory, request.stamp);
        if (!path)
            return failed(path.error());
        printOut(path.value());
        printList(QCoreApplication::translate("AutogenerateCommand", "changes:"),
                  revision->differences);
        printList(QCoreApplication::translate("AutogenerateCommand", "data loss on upgrade:"),
                  revision->upgrade.warnings);
        printList(QCoreApplication::translate("AutogenerateCommand", "data loss on downgrade:"),
                  revision->downgrade.warnings);
        printList(
            QCoreApplication::translate("AutogenerateCommand", "not written (named in the file):"),
            revision->upgrade.notExpressed);
        printList(
            QCoreApplication::translate("AutogenerateCommand",
                                        "possible renames (--renames writes them as renames):"),
            revision->upgrade.renameCandidates);
        printError(QCoreApplication::translate("AutogenerateCommand", "verified in %1")
                       .arg(revision->shadow));
        printError(request.stamp
                       ? QCoreApplication::translate("AutogenerateCommand",
                                                     "the database is stamped at %1")
                             .arg(revision->id)
                       : QCoreApplication::translate("AutogenerateCommand",
                                                     "the database is not stamped (--no-stamp)"));
        return int(ExitOk);
    });
}

int runCheck(const AutogenerateRequest &request, const migrations::RevisionGraph &graph)
{
    return withDatabase(request, [&](QSqlDatabase &db, const model::ConnectionSpec &spec) {
        migrations::Autogenerate autogenerate(db, spec, graph, request.options);
        const auto differences = autogenerate.check();
        if (!differences)
            return failed(differences.error());
        if (differences->isEmpty()) {
            printOut(QCoreApplication::translate("AutogenerateCommand",
                                                 "the database equals what its revisions produce"));
            return int(ExitOk);
        }
        for (const migrations::SchemaDifference &d : differences.value())
            printOut(d.describe(migrations::Autogenerate::databaseSide(),
                                migrations::Autogenerate::revisionsSide()));
        return int(ExitFailure);
    });
}

} // namespace dbx::app
