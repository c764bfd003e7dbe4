#include "migrations/autogenerate.h"

#include "migrations/changerevision.h"
#include "migrations/migrationerror.h"
#include "migrations/migrationrunner.h"
#include "migrations/migrationstatus.h"
#include "migrations/revisionfile.h"
#include "migrations/revisionsource.h"
#include "migrations/revisionwriter.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>

namespace dbx::migrations {

namespace {

QStringList described(const QList<SchemaDifference> &differences)
{
    QStringList lines;
    for (const SchemaDifference &d : differences)
        lines << d.describe(Autogenerate::databaseSide(), Autogenerate::revisionsSide());
    return lines;
}

model::Status runTo(MigrationRunner &runner, MigrationPlan::Action action, const QString &target)
{
    const auto report = runner.run(action, target);
    return report ? model::Status() : model::Status(report.error());
}

} // namespace

Autogenerate::Autogenerate(QSqlDatabase wanted, model::ConnectionSpec wantedSpec,
                           RevisionGraph graph, AutogenerateOptions options)
    : m_wanted(std::move(wanted))
    , m_spec(std::move(wantedSpec))
    , m_graph(std::move(graph))
    , m_options(std::move(options))
{
    m_options.diff.targetName = databaseSide();
    m_options.diff.sourceName = revisionsSide();
}

QString Autogenerate::databaseSide()
{
    return QCoreApplication::translate("Autogenerate", "the database");
}

QString Autogenerate::revisionsSide()
{
    return QCoreApplication::translate("Autogenerate", "the revisions");
}

QStringList Autogenerate::excludedSchemas() const
{
    return {Ledger::defaultSchema()};
}

model::Result<Autogenerate::Shadowed> Autogenerate::buildShadow(bool requireHeads)
{
    const auto ledger = Ledger().read(m_wanted);
    if (!ledger)
        return ledger.error();
    const MigrationStatus status = MigrationStatus::compute(m_graph, ledger.value());
    if (const model::Status runnable = status.checkRunnable(); !runnable)
        return runnable.error();
    QStringList current = status.current;
    QStringList heads = status.heads;
    std::sort(current.begin(), current.end());
    std::sort(heads.begin(), heads.end());
    if (requireHeads && current != heads)
        return refusedRun(
            QCoreApplication::translate(
                "Autogenerate",
                "The database is at %1, the revisions end at %2: upgrade it first, so the new "
                "revision holds only the changes made in the database.")
                .arg(current.isEmpty() ? QCoreApplication::translate("Autogenerate", "base")
                                       : current.join(QLatin1String(", ")),
                     heads.isEmpty() ? QCoreApplication::translate("Autogenerate", "base")
                                     : heads.join(QLatin1String(", "))));
    auto shadow = ShadowDatabase::create(m_spec, m_options.shadow);
    if (!shadow)
        return shadow.error();
    Shadowed built{std::move(shadow.value()), {}, {}, current};
    MigrationRunner runner(built.shadow->db(), m_graph);
    for (const QString &id : current) {
        if (const model::Status ran = runTo(runner, MigrationPlan::Action::Upgrade, id); !ran)
            return ran.error();
    }
    auto revisions = SchemaModel::read(built.shadow->db(), excludedSchemas());
    if (!revisions)
        return revisions.error();
    auto database = SchemaModel::read(m_wanted, excludedSchemas());
    if (!database)
        return database.error();
    built.revisions = std::move(revisions.value());
    built.database = std::move(database.value());
    return built;
}

model::Result<QList<SchemaDifference>> Autogenerate::check()
{
    auto built = buildShadow(false);
    if (!built)
        return built.error();
    return SchemaDiff::differences(built->revisions, built->database);
}

model::Result<GeneratedRevision> Autogenerate::prepare(const QString &message)
{
    if (message.simplified().isEmpty())
        return invalidRequest(
            QCoreApplication::translate("Autogenerate", "a new revision needs a message"));
    auto built = buildShadow(true);
    if (!built)
        return built.error();
    GeneratedRevision revision;
    revision.message = message.simplified();
    revision.id = RevisionWriter::newId();
    revision.parents = m_graph.heads();
    revision.upgrade = SchemaDiff::change(built->revisions, built->database, m_options.diff);
    DiffOptions back = m_options.diff;
    std::swap(back.targetName, back.sourceName);
    revision.downgrade = SchemaDiff::change(built->database, built->revisions, back);
    revision.differences = described(SchemaDiff::differences(built->revisions, built->database));
    revision.shadow = built->shadow->description();
    if (revision.upgrade.statements.isEmpty())
        return invalidRequest(
            revision.differences.isEmpty()
                ? QCoreApplication::translate(
                      "Autogenerate",
                      "The database equals its revisions: there is nothing to generate.")
                : QCoreApplication::translate(
                      "Autogenerate",
                      "The database differs from its revisions only in what autogenerate "
                      "cannot write:"),
            revision.differences.join(QLatin1Char('\n')));
    revision.text = compose(revision);
    if (const model::Status verified = verify(built.value(), revision); !verified)
        return verified.error();
    return revision;
}

QString Autogenerate::compose(const GeneratedRevision &revision) const
{
    return changeRevisionText(
        {revision.id, revision.parents, revision.message,
         QCoreApplication::translate("Autogenerate",
                                     "Generated from the differences between the database and its "
                                     "revisions, verified in a shadow database."),
         revision.upgrade, revision.downgrade},
        QDateTime::currentDateTimeUtc());
}

// Runs the file as the runner would on the shadow: the upgrade must give the database's schema
// and the downgrade the revisions' one again.
model::Status Autogenerate::verify(Shadowed &built, const GeneratedRevision &revision)
{
    const QString fileName = RevisionWriter::fileName(revision.id, revision.message);
    auto parsed = RevisionFile::parse(revision.text, fileName);
    if (!parsed)
        return parsed.error();
    QList<Revision> revisions = m_graph.revisions();
    revisions << parsed.value();
    auto graph = RevisionGraph::build(revisions);
    if (!graph)
        return graph.error();
    MigrationRunner runner(built.shadow->db(), graph.value());
    const auto failed = [&](const QString &what, const model::DbError &cause) {
        model::DbError error = refusedRun(what.arg(cause.message), cause.detail);
        error.statement = cause.statement;
        return error;
    };
    if (const auto ran = runTo(runner, MigrationPlan::Action::Upgrade, revision.id); !ran)
        return failed(QCoreApplication::translate(
                          "Autogenerate", "The generated upgrade fails in the shadow database: %1"),
                      ran.error());
    auto upgraded = SchemaModel::read(built.shadow->db(), excludedSchemas());
    if (!upgraded)
        return upgraded.error();
    if (const auto left = SchemaDiff::expressibleDifferences(upgraded.value(), built.database);
        !left.isEmpty())
        return refusedRun(QCoreApplication::translate(
                              "Autogenerate",
                              "After the generated upgrade the shadow database still differs "
                              "from the database:"),
                          described(left).join(QLatin1Char('\n')));
    const QString parent =
        revision.parents.isEmpty() ? QStringLiteral("base") : revision.parents.first();
    if (const auto ran = runTo(runner, MigrationPlan::Action::Downgrade, parent); !ran)
        return failed(
            QCoreApplication::translate("Autogenerate",
                                        "The generated downgrade fails in the shadow database: %1"),
            ran.error());
    auto downgraded = SchemaModel::read(built.shadow->db(), excludedSchemas());
    if (!downgraded)
        return downgraded.error();
    if (const auto left = SchemaDiff::expressibleDifferences(built.revisions, downgraded.value());
        !left.isEmpty())
        return refusedRun(QCoreApplication::translate(
                              "Autogenerate",
                              "After the generated downgrade the shadow database differs from "
                              "what the revisions produce:"),
                          described(left).join(QLatin1Char('\n')));
    return {};
}

model::Result<QString> Autogenerate::save(const GeneratedRevision &revision,
                                          const QString &directory, bool stamp)
{
    const auto written = RevisionWriter::create(directory, revision.message, revision.id);
    if (!written)
        return written.error();
    if (written->parents != revision.parents) {
        QFile::remove(written->path);
        return refusedRun(QCoreApplication::translate(
                              "Autogenerate",
                              "The revisions in %1 changed while the revision was generated: "
                              "generate it again.")
                              .arg(directory));
    }
    if (const model::Status saved = RevisionWriter::save(written->path, revision.text); !saved)
        return saved.error();
    if (!stamp)
        return written->path;
    const auto graph = RevisionSource::loadDirectory(directory);
    if (!graph)
        return graph.error();
    MigrationRunner runner(m_wanted, graph.value());
    if (const model::Status stamped = runTo(runner, MigrationPlan::Action::Stamp, revision.id);
        !stamped)
        return stamped.error();
    return written->path;
}

} // namespace dbx::migrations
