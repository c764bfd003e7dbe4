#include "migrations/demoschema.h"

#include "migrations/migrationrunner.h"
#include "migrations/revisionsource.h"
#include "model/db/executor.h"

namespace dbx::migrations {

namespace {

model::Result<bool> hasDemoTables(QSqlDatabase &db)
{
    const model::Result<QVariant> found = model::execScalar(
        db, model::Statement(QStringLiteral("SELECT to_regclass('public.workers') IS NOT NULL")));
    if (!found)
        return found.error();
    return found->toBool();
}

} // namespace

model::Result<bool> installDemoSchema(QSqlDatabase &db)
{
    model::Result<RevisionGraph> graph = RevisionSource::loadEmbedded();
    if (!graph)
        return graph.error();
    MigrationRunner runner(db, graph.value());
    const model::Result<MigrationStatus> status = runner.status();
    if (!status)
        return status.error();
    const bool nothingApplied = status->current.isEmpty();
    const model::Result<bool> tables = hasDemoTables(db);
    if (!tables)
        return tables.error();
    if (nothingApplied && tables.value()) {
        const auto stamped = runner.run(MigrationPlan::Action::Stamp, QStringLiteral("head"));
        return stamped ? model::Result<bool>(false) : model::Result<bool>(stamped.error());
    }
    const auto upgraded = runner.run(MigrationPlan::Action::Upgrade, QStringLiteral("head"));
    if (!upgraded)
        return upgraded.error();
    return nothingApplied;
}

} // namespace dbx::migrations
