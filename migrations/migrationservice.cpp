#include "migrations/migrationservice.h"

#include "migrations/ledger.h"
#include "migrations/migrationerror.h"
#include "migrations/revisionsource.h"
#include "model/connection/connector.h"
#include "model/db/database.h"
#include "model/db/executor.h"
#include "model/sqlident.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>

#include <pg_query.h>

namespace dbx::migrations {

// Lives in the service's thread and is emitted from the worker's: Qt then queues the signals,
// which the service forwards as its own.
class RunRelay : public QObject {
    Q_OBJECT
signals:
    void logLine(const dbx::migrations::LogLine &line);
    void progress(int done, int total, const QString &revision);
};

namespace {

using model::DbError;
using model::JobContext;
using model::Result;

// The names of a parse tree's name list, e.g. [{"String": {"sval": "public"}}, ...].
QStringList nameParts(const QJsonArray &items)
{
    QStringList parts;
    for (const QJsonValue &item : items)
        parts << item.toObject()
                     .value(QLatin1String("String"))
                     .toObject()
                     .value(QLatin1String("sval"))
                     .toString();
    return parts;
}

void collectDrops(const QString &sql, const QString &revision, QList<DroppedObject> *out)
{
    const QByteArray utf8 = sql.toUtf8();
    PgQueryParseResult parsed = pg_query_parse(utf8.constData());
    if (parsed.error) { // the revision file was checked when loaded; nothing to report here
        pg_query_free_parse_result(parsed);
        return;
    }
    const QJsonDocument tree = QJsonDocument::fromJson(QByteArray(parsed.parse_tree));
    pg_query_free_parse_result(parsed);
    for (const QJsonValue &entry : tree.object().value(QLatin1String("stmts")).toArray()) {
        const QJsonObject drop = entry.toObject()
                                     .value(QLatin1String("stmt"))
                                     .toObject()
                                     .value(QLatin1String("DropStmt"))
                                     .toObject();
        const QString removeType = drop.value(QLatin1String("removeType")).toString();
        const bool table = removeType == QLatin1String("OBJECT_TABLE");
        if (!table && removeType != QLatin1String("OBJECT_TYPE"))
            continue;
        for (const QJsonValue &object : drop.value(QLatin1String("objects")).toArray()) {
            // Tables come as a List of names, types as a TypeName with its names.
            const QJsonObject node = object.toObject();
            const QJsonArray names = table ? node.value(QLatin1String("List"))
                                                 .toObject()
                                                 .value(QLatin1String("items"))
                                                 .toArray()
                                           : node.value(QLatin1String("TypeName"))
                                                 .toObject()
                                                 .value(QLatin1String("names"))
                                                 .toArray();
            const QStringList parts = nameParts(names);
            if (parts.isEmpty())
                continue;
            DroppedObject dropped;
            dropped.kind = table ? DroppedObject::Kind::Table : DroppedObject::Kind::Type;
            dropped.name = parts.last();
            dropped.schema = parts.size() > 1 ? parts.at(parts.size() - 2) : QString();
            dropped.revision = revision;
            out->append(dropped);
        }
    }
}

// Whether the object is there now and, for a table, how many rows it holds.
model::Status measure(QSqlDatabase &db, DroppedObject *object)
{
    const QString qualified = model::quoteQualified(object->schema, object->name);
    const bool table = object->kind == DroppedObject::Kind::Table;
    const auto found = model::execScalar(
        db, model::Statement(table ? QStringLiteral("SELECT to_regclass($1) IS NOT NULL")
                                   : QStringLiteral("SELECT to_regtype($1) IS NOT NULL"),
                             {qualified}));
    if (!found)
        return found.error();
    object->exists = found->toBool();
    if (!table || !object->exists)
        return {};
    const auto counted = model::execScalar(
        db, model::Statement(QStringLiteral("SELECT count(*) FROM %1").arg(qualified)));
    if (!counted)
        return counted.error();
    object->rows = counted->toLongLong();
    return {};
}

Result<QList<DroppedObject>> impactOf(QSqlDatabase &db, const JobContext &context,
                                      const RevisionGraph &graph, const QString &schema,
                                      const QString &target)
{
    const auto state = Ledger(schema).read(db);
    if (!state)
        return state.error();
    const auto plan = MigrationPlan::downgrade(graph, state->appliedIds(), target);
    if (!plan)
        return plan.error();
    QList<DroppedObject> objects;
    for (const QString &id : plan->steps) {
        for (const DroppedObject &object : objectsDroppedBy(*graph.find(id))) {
            // The newest revision to drop a name is the one that actually drops it.
            const bool seen = std::any_of(objects.cbegin(), objects.cend(), [&](const auto &o) {
                return o.kind == object.kind && o.schema == object.schema && o.name == object.name;
            });
            if (!seen)
                objects.append(object);
        }
    }
    for (DroppedObject &object : objects) {
        if (context.cancelled())
            return DbError::cancelled();
        if (const model::Status measured = measure(db, &object); !measured)
            return measured.error();
    }
    return objects;
}

} // namespace

QString DroppedObject::displayName() const
{
    return schema.isEmpty() ? name : schema + QLatin1Char('.') + name;
}

QList<DroppedObject> objectsDroppedBy(const Revision &revision)
{
    QList<DroppedObject> objects;
    if (revision.downgrade.kind != Downgrade::Kind::Statements)
        return objects;
    for (const Statement &statement : revision.downgrade.statements)
        collectDrops(statement.sql, revision.id, &objects);
    return objects;
}

MigrationService::MigrationService(model::Database *database, QObject *parent)
    : QObject(parent)
    , m_database(database)
    // Deleted through the event loop: the last owner may be a job ending on the worker thread.
    , m_relay(new RunRelay, [](RunRelay *relay) { relay->deleteLater(); })
{
    connect(m_relay.get(), &RunRelay::logLine, this, &MigrationService::logLine);
    connect(m_relay.get(), &RunRelay::progress, this, &MigrationService::progress);
    // The embedded revisions are checked by the build's tests; a failure here is a build bug.
    auto embedded = RevisionSource::loadEmbedded();
    Q_ASSERT(embedded.ok());
    if (embedded)
        m_graph = std::move(embedded).value();
    connect(database, &model::Database::connected, this, &MigrationService::refreshStatus);
    connect(database, &model::Database::stateChanged, this, [this](model::Database::State state) {
        if (state != model::Database::State::Connected)
            forgetStatus();
    });
}

MigrationService::~MigrationService()
{
    // A run left going would hold the advisory lock and finish unobserved; stop it instead.
    if (m_runTicket)
        m_database->cancel(m_runTicket);
}

bool MigrationService::setRevisionDirectory(const QString &directory)
{
    if (isRunning()) {
        emit graphFailed(refusedRun(tr("Wait for the running migration to finish before "
                                       "switching revisions.")));
        return false;
    }
    auto graph = RevisionSource::loadDirectory(directory);
    if (!graph) {
        emit graphFailed(graph.error());
        return false;
    }
    useGraph(std::move(graph).value(), directory);
    return true;
}

bool MigrationService::useEmbeddedRevisions()
{
    if (isRunning()) {
        emit graphFailed(refusedRun(tr("Wait for the running migration to finish before "
                                       "switching revisions.")));
        return false;
    }
    auto graph = RevisionSource::loadEmbedded();
    if (!graph) {
        emit graphFailed(graph.error());
        return false;
    }
    useGraph(std::move(graph).value(), {});
    return true;
}

void MigrationService::useGraph(RevisionGraph graph, const QString &directory)
{
    m_graph = std::move(graph);
    m_directory = directory;
    forgetStatus(); // computed against the old graph
    emit graphLoaded();
    if (m_database->state() == model::Database::State::Connected)
        refreshStatus();
}

void MigrationService::forgetStatus()
{
    m_status = {};
    m_hasStatus = false;
    m_statusTicket = 0; // a read under way answers for what is no longer shown
    emit statusCleared();
}

model::Result<MigrationPlan> MigrationService::plan(MigrationPlan::Action action,
                                                    const QString &target) const
{
    if (!m_hasStatus)
        return refusedRun(tr("The migration state of the database is not known yet."));
    if (const QString refusal = readOnlyRefusal(m_database->serverInfo()); !refusal.isEmpty())
        return refusedRun(refusal);
    // A stamp is how an edited revision is accepted, so only unknown revisions block it.
    const bool stamp = action == MigrationPlan::Action::Stamp;
    if (const model::Status runnable = m_status.checkRunnable();
        !runnable && (!stamp || !m_status.idsIn(RevisionState::Unknown).isEmpty()))
        return runnable.error();
    QSet<QString> applied;
    for (const RevisionStatus &revision : m_status.revisions) {
        if (revision.state == RevisionState::Applied || revision.state == RevisionState::Modified)
            applied.insert(revision.id);
    }
    return MigrationPlan::make(action, m_graph, applied, target);
}

void MigrationService::refreshStatus()
{
    if (m_statusTicket)
        m_database->cancel(m_statusTicket);
    m_statusTicket = m_database->run<MigrationStatus>(
        [graph = m_graph, options = m_options](QSqlDatabase &db, const JobContext &context) {
            MigrationRunner runner(db, graph, options);
            runner.setJobContext(&context);
            return runner.status();
        },
        this,
        [this](model::Ticket ticket, const Result<MigrationStatus> &result) {
            if (ticket != m_statusTicket)
                return; // superseded by a newer read or another graph
            m_statusTicket = 0;
            if (!result) {
                emit statusFailed(result.error());
                return;
            }
            m_status = result.value();
            m_hasStatus = true;
            emit statusChanged(m_status);
        });
}

void MigrationService::preview(MigrationPlan::Action action, const QString &target)
{
    if (m_previewTicket)
        m_database->cancel(m_previewTicket);
    m_previewTicket = m_database->run<QString>(
        [graph = m_graph, options = m_options, action, target](QSqlDatabase &db,
                                                               const JobContext &context) {
            MigrationRunner runner(db, graph, options);
            runner.setJobContext(&context);
            return runner.preview(action, target);
        },
        this,
        [this](model::Ticket ticket, const Result<QString> &result) {
            if (ticket != m_previewTicket)
                return;
            m_previewTicket = 0;
            if (result)
                emit previewReady(result.value());
            else
                emit previewFailed(result.error());
        });
}

QString MigrationService::describeStart(MigrationPlan::Action action, const QString &target) const
{
    const QString database = m_database->spec().database;
    // "-1" or "head" name no revision: the plan says which one they are now.
    const auto planned = plan(action, target);
    const QString named = planned ? planned->target : target;
    switch (action) {
    case MigrationPlan::Action::Upgrade:
        return tr("Starting the upgrade of %1 to %2…").arg(database, named);
    case MigrationPlan::Action::Downgrade:
        return tr("Starting the downgrade of %1 to %2…").arg(database, named);
    case MigrationPlan::Action::Stamp:
        break;
    }
    return tr("Stamping %1 as %2…").arg(database, named);
}

bool MigrationService::run(MigrationPlan::Action action, const QString &target)
{
    if (isRunning())
        return false;
    emit logLine({LogLine::Level::Info, describeStart(action, target), {}});
    m_runTicket = m_database->run<RunReport>(
        [relay = m_relay, graph = m_graph, options = m_options, action,
         target](QSqlDatabase &db, const JobContext &context) {
            MigrationRunner runner(db, graph, options);
            runner.setJobContext(&context);
            RunRelay *out = relay.get();
            runner.setLogHandler([out](const LogLine &line) { emit out->logLine(line); });
            runner.setProgressHandler([out](int done, int total, const QString &revision) {
                emit out->progress(done, total, revision);
            });
            return runner.run(action, target);
        },
        this,
        [this](model::Ticket ticket, const Result<RunReport> &result) {
            if (ticket != m_runTicket)
                return;
            m_runTicket = 0;
            emit runningChanged(false);
            if (result)
                emit runFinished(result.value());
            else
                emit runFailed(result.error());
            refreshStatus(); // every run changes what the panel shows, a failed one included
        });
    emit runningChanged(true);
    return true;
}

void MigrationService::downgradeImpact(const QString &target)
{
    if (m_impactTicket)
        m_database->cancel(m_impactTicket);
    m_impactTicket = m_database->run<QList<DroppedObject>>(
        [graph = m_graph, schema = m_options.schema, target](QSqlDatabase &db,
                                                             const JobContext &context) {
            return impactOf(db, context, graph, schema, target);
        },
        this,
        [this](model::Ticket ticket, const Result<QList<DroppedObject>> &result) {
            if (ticket != m_impactTicket)
                return;
            m_impactTicket = 0;
            if (result)
                emit impactReady(result.value());
            else
                emit impactFailed(result.error());
        });
}

void MigrationService::cancel()
{
    if (m_runTicket)
        m_database->cancel(m_runTicket);
    if (m_impactTicket)
        m_database->cancel(m_impactTicket);
}

} // namespace dbx::migrations

#include "migrationservice.moc"
