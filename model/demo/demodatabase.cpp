#include "model/demo/demodatabase.h"

#include "model/relations/relatedloader.h"

#include "model/connection/connector.h"
#include "model/db/executor.h"
#include "model/sqlident.h"
#include "model/sqlscript.h"

#include <QCoreApplication>
#include <QFile>
#include <QSettings>

namespace dbx::model {

namespace {

QString resourceText(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

Status createDatabaseIfMissing(QSqlDatabase &db, const QString &name)
{
    const Result<QVariant> found = execScalar(
        db, Statement(QStringLiteral("SELECT 1 FROM pg_database WHERE datname = $1"), {name}));
    if (!found)
        return found.error();
    if (!found->isNull())
        return {};
    const Result<PgRows> created =
        exec(db, Statement(QStringLiteral("CREATE DATABASE %1").arg(quoteIdent(name))));
    // 42P04: another instance created it a moment ago, which is just as good.
    if (!created && created.error().sqlState != QLatin1String("42P04"))
        return created.error();
    return {};
}

Status loadDemoData(QSqlDatabase &db)
{
    const QString data = resourceText(QStringLiteral(":/dbx/demo/demo-data.sql"));
    if (data.isEmpty()) {
        DbError error;
        error.kind = DbError::Kind::LocalServer;
        error.message = QCoreApplication::translate(
            "DemoDatabase", "The demo data script is missing from the application's resources.");
        return error;
    }
    QList<Statement> script{Statement(QStringLiteral("BEGIN"))};
    for (const ScriptStatement &statement : splitScript(data))
        script << Statement(statement.sql);
    script << Statement(QStringLiteral("COMMIT"));
    if (Status loaded = execAll(db, script); !loaded) {
        exec(db, Statement(QStringLiteral("ROLLBACK")));
        DbError error = loaded.error();
        error.message =
            QCoreApplication::translate("DemoDatabase", "Could not load the demo data: %1")
                .arg(error.message);
        return error;
    }
    // Fresh statistics give the browser real row estimates from the first look.
    return execAll(db, {Statement(QStringLiteral("ANALYZE"))});
}

// The tables the demo rows go into.
const char *const demoTables[] = {"workers", "resumes", "vacancies", "vacancies_replies"};

Result<bool> tablesEmpty(QSqlDatabase &db)
{
    QStringList checks;
    for (const char *table : demoTables)
        checks << QStringLiteral("to_regclass('public.%1') IS NOT NULL").arg(QLatin1String(table));
    const Result<QVariant> present = execScalar(
        db, Statement(QStringLiteral("SELECT %1").arg(checks.join(QLatin1String(" AND ")))));
    if (!present)
        return present.error();
    if (!present->toBool())
        return false; // not the demo's schema (any more): nothing to offer
    QStringList empty;
    for (const char *table : demoTables)
        empty << QStringLiteral("NOT EXISTS (SELECT 1 FROM public.%1)").arg(QLatin1String(table));
    const Result<QVariant> none = execScalar(
        db, Statement(QStringLiteral("SELECT %1").arg(empty.join(QLatin1String(" AND ")))));
    if (!none)
        return none.error();
    return none->toBool();
}

} // namespace

Result<bool> DemoDatabase::rowsMissing(const ConnectionSpec &demo)
{
    bool missing = false;
    const Status status =
        Connector::withConnection(demo, QStringLiteral("demo"), [&](QSqlDatabase &db) -> Status {
            const Result<bool> empty = tablesEmpty(db);
            if (!empty)
                return empty.error();
            missing = empty.value();
            return {};
        });
    if (!status)
        return status.error();
    return missing;
}

Status DemoDatabase::reloadRows(const ConnectionSpec &demo)
{
    return Connector::withConnection(demo, QStringLiteral("demo"), [&](QSqlDatabase &db) -> Status {
        const Result<bool> empty = tablesEmpty(db);
        if (!empty)
            return empty.error();
        if (!empty.value()) {
            DbError error;
            error.kind = DbError::Kind::LocalServer;
            error.message = QCoreApplication::translate(
                "DemoDatabase", "The demo rows are loaded only into empty demo tables.");
            return error;
        }
        return loadDemoData(db);
    });
}

Status DemoDatabase::ensure(const ConnectionSpec &admin, const QString &name,
                            const SchemaInstaller &installer,
                            const std::function<void(const QString &)> &progress)
{
    Status status = Connector::withConnection(admin, QStringLiteral("demo"), [&](QSqlDatabase &db) {
        return createDatabaseIfMissing(db, name);
    });
    if (!status)
        return status;
    ConnectionSpec demo = admin;
    demo.database = name;
    return Connector::withConnection(demo, QStringLiteral("demo"), [&](QSqlDatabase &db) -> Status {
        if (progress)
            progress(
                QCoreApplication::translate("DemoDatabase", "Preparing the demo database \"%1\"…")
                    .arg(name));
        const Result<bool> created = installer(db);
        if (!created)
            return created.error();
        return created.value() ? loadDemoData(db) : Status();
    });
}

void DemoDatabase::rememberConditions(QSettings &settings)
{
    const QString marker = QStringLiteral("relations/demoConditionsSaved");
    if (settings.value(marker).toBool())
        return;
    Relationship rel;
    rel.kind = Relationship::Kind::OneToMany;
    rel.from = TableRef{QStringLiteral("public"), QStringLiteral("workers")};
    rel.constraintName = QStringLiteral("resumes_worker_id_fkey");
    RelatedCondition partTime;
    partTime.filter = query::Filter::column(QStringLiteral("workload"), query::Filter::Op::Eq,
                                            {QStringLiteral("parttime")});
    partTime.orderColumn = QStringLiteral("id");
    partTime.order = Qt::DescendingOrder;
    partTime.name = QCoreApplication::translate("DemoDatabase", "part-time resumes");
    saveCondition(settings, rel, partTime);
    settings.setValue(marker, true);
}

} // namespace dbx::model
