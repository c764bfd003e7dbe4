#include "demofixture.h"

#include "migrations/demoschema.h"
#include "model/catalog/catalogreader.h"
#include "model/demo/demodatabase.h"
#include "model/sqlident.h"
#include "testcluster.h"

#include <QSignalSpy>
#include <QSqlQuery>

namespace dbx::test {

QString freshDemoDatabase(const QString &name)
{
    TestCluster &cluster = TestCluster::instance();
    if (!cluster.startError().isEmpty())
        return cluster.startError();
    if (!cluster.exec(
            QStringLiteral("postgres"),
            QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(model::quoteIdent(name))))
        return QStringLiteral("cannot drop the old %1").arg(name);
    const model::Status status =
        model::DemoDatabase::ensure(cluster.spec(), name, migrations::installDemoSchema);
    return status.ok() ? QString() : status.error().message;
}

QString openDemoSession(const QString &name, std::unique_ptr<model::Database> *database,
                        model::SchemaSnapshot *snapshot)
{
    if (const QString error = freshDemoDatabase(name); !error.isEmpty())
        return error;
    TestCluster &cluster = TestCluster::instance();
    QSqlDatabase sync = cluster.open(name);
    const auto read = model::CatalogReader::read(sync);
    if (!read.ok())
        return read.error().message;
    *snapshot = read.value();
    *database = std::make_unique<model::Database>();
    QSignalSpy connected(database->get(), &model::Database::connected);
    (*database)->connectTo(cluster.spec(name));
    return connected.wait(10000) ? QString() : QStringLiteral("could not connect to %1").arg(name);
}

} // namespace dbx::test
