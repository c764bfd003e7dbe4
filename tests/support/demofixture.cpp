#include "demofixture.h"

#include "demo/demodatabase.h"
#include "demoschema.h"
#include "sqlident.h"
#include "testcluster.h"

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

} // namespace dbx::test
