#include "migrations/ledger.h"

#include "model/db/executor.h"
#include "model/sqlident.h"

namespace dbx::migrations {

namespace {

// Durations are measured by the server, so the preview shows the very SQL that runs.
const char *const sinceTransactionStart =
    "CAST(round(EXTRACT(epoch FROM clock_timestamp() - now()) * 1000) AS bigint)";

QVariant nullable(const QString &text)
{
    return text.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(text);
}

} // namespace

QSet<QString> LedgerState::appliedIds() const
{
    QSet<QString> ids;
    for (const AppliedRevision &row : applied)
        ids.insert(row.revision);
    return ids;
}

const AppliedRevision *LedgerState::find(const QString &revision) const
{
    for (const AppliedRevision &row : applied) {
        if (row.revision == revision)
            return &row;
    }
    return nullptr;
}

Ledger::Ledger(QString schema)
    : m_schema(std::move(schema))
{}

QString Ledger::defaultSchema()
{
    return QStringLiteral("dbx_migrations");
}

QString Ledger::table(const char *name) const
{
    return model::quoteQualified(m_schema, QLatin1String(name));
}

QList<SqlStep> Ledger::bootstrap() const
{
    return {
        SqlStep::bookkeeping(
            QStringLiteral("CREATE SCHEMA IF NOT EXISTS %1").arg(model::quoteIdent(m_schema))),
        SqlStep::bookkeeping(QStringLiteral("CREATE TABLE IF NOT EXISTS %1 (\n"
                                            "    revision text PRIMARY KEY,\n"
                                            "    message text NOT NULL,\n"
                                            "    checksum text NOT NULL,\n"
                                            "    applied_at timestamptz NOT NULL DEFAULT now(),\n"
                                            "    applied_by text NOT NULL DEFAULT current_user,\n"
                                            "    duration_ms bigint NOT NULL DEFAULT 0\n)")
                                 .arg(table("applied_revisions"))),
        SqlStep::bookkeeping(
            QStringLiteral("CREATE TABLE IF NOT EXISTS %1 (\n"
                           "    id bigserial PRIMARY KEY,\n"
                           "    happened_at timestamptz NOT NULL DEFAULT clock_timestamp(),\n"
                           "    revision text,\n"
                           "    action text NOT NULL,\n"
                           "    outcome text NOT NULL,\n"
                           "    sqlstate text,\n"
                           "    error text,\n"
                           "    statement text,\n"
                           "    performed_by text NOT NULL DEFAULT current_user,\n"
                           "    duration_ms bigint\n)")
                .arg(table("events"))),
    };
}

SqlStep Ledger::recordApplied(const Revision &revision) const
{
    return SqlStep::bookkeeping(
        QStringLiteral("INSERT INTO %1 (revision, message, checksum, "
                       "duration_ms)\nVALUES ($1, $2, $3, %2)")
            .arg(table("applied_revisions"), QLatin1String(sinceTransactionStart)),
        {revision.id, revision.message, revision.checksum});
}

QString Ledger::sinceStarted(const QString &placeholder) const
{
    return QStringLiteral("CAST(round(EXTRACT(epoch FROM clock_timestamp() - (SELECT max(happened_at) "
                          "FROM %1 WHERE revision = %2 AND outcome = 'started')) * 1000) AS bigint)")
        .arg(table("events"), placeholder);
}

SqlStep Ledger::markStarted(const QString &revision, const QString &action) const
{
    return SqlStep::bookkeeping(
        QStringLiteral("INSERT INTO %1 (revision, action, outcome)\nVALUES ($1, $2, 'started')")
            .arg(table("events")),
        {revision, action});
}

SqlStep Ledger::recordAppliedSinceMark(const Revision &revision) const
{
    return SqlStep::bookkeeping(
        QStringLiteral("INSERT INTO %1 (revision, message, checksum, duration_ms)\n"
                       "VALUES ($1, $2, $3, %2)")
            .arg(table("applied_revisions"), sinceStarted(QStringLiteral("$1"))),
        {revision.id, revision.message, revision.checksum});
}

SqlStep Ledger::recordStamped(const Revision &revision) const
{
    return SqlStep::bookkeeping(
        QStringLiteral("INSERT INTO %1 (revision, message, checksum, duration_ms)\n"
                       "VALUES ($1, $2, $3, 0)")
            .arg(table("applied_revisions")),
        {revision.id, revision.message, revision.checksum});
}

SqlStep Ledger::updateChecksum(const Revision &revision) const
{
    return SqlStep::bookkeeping(
        QStringLiteral("UPDATE %1 SET checksum = $1, message = $2 WHERE revision = $3")
            .arg(table("applied_revisions")),
        {revision.checksum, revision.message, revision.id});
}

SqlStep Ledger::forget(const QString &revision) const
{
    return SqlStep::bookkeeping(
        QStringLiteral("DELETE FROM %1 WHERE revision = $1").arg(table("applied_revisions")),
        {revision});
}

SqlStep Ledger::successEvent(const QString &revision, const QString &action,
                             bool sinceMarkStart) const
{
    return SqlStep::bookkeeping(
        QStringLiteral("INSERT INTO %1 (revision, action, outcome, duration_ms)\n"
                       "VALUES ($1, $2, 'succeeded', %2)")
            .arg(table("events"), sinceMarkStart ? sinceStarted(QStringLiteral("$1"))
                                                 : QLatin1String(sinceTransactionStart)),
        {revision, action});
}

SqlStep Ledger::failureEvent(const QString &revision, const QString &action,
                             const model::DbError &error, qint64 durationMs) const
{
    const QString outcome =
        error.isCancelled() ? QStringLiteral("cancelled") : QStringLiteral("failed");
    return SqlStep::bookkeeping(
        QStringLiteral("INSERT INTO %1 (revision, action, outcome, sqlstate, error, statement, "
                       "duration_ms)\nVALUES ($1, $2, $3, $4, $5, $6, $7)")
            .arg(table("events")),
        {nullable(revision), action, outcome, nullable(error.sqlState), nullable(error.message),
         nullable(error.statement), durationMs});
}

model::Result<LedgerState> Ledger::read(QSqlDatabase &db) const
{
    LedgerState state;
    const model::Result<QVariant> exists = model::execScalar(
        db, model::Statement(
                QStringLiteral("SELECT to_regclass($1) IS NOT NULL AND to_regclass($2) IS NOT NULL"),
                {table("applied_revisions"), table("events")}));
    if (!exists)
        return exists.error();
    state.exists = exists->toBool();
    if (state.exists) {
        if (const model::Status applied = readApplied(db, &state); !applied)
            return applied.error();
        if (const model::Status events = readEvents(db, &state); !events)
            return events.error();
    }
    readAlembic(db, &state);
    return state;
}

model::Status Ledger::readApplied(QSqlDatabase &db, LedgerState *state) const
{
    const auto rows = model::exec(
        db, model::Statement(QStringLiteral("SELECT revision, message, checksum, applied_at, "
                                            "applied_by, duration_ms FROM %1 "
                                            "ORDER BY applied_at, revision")
                                 .arg(table("applied_revisions"))));
    if (!rows)
        return rows.error();
    for (const QVariantList &row : rows->rows) {
        state->applied.append({row.value(0).toString(), row.value(1).toString(),
                               row.value(2).toString(), row.value(3).toDateTime(),
                               row.value(4).toString(), row.value(5).toLongLong()});
    }
    return {};
}

model::Status Ledger::readEvents(QSqlDatabase &db, LedgerState *state) const
{
    const auto rows = model::exec(
        db, model::Statement(QStringLiteral("SELECT DISTINCT ON (revision) revision, action, "
                                            "outcome, sqlstate, error, happened_at FROM %1 "
                                            "WHERE revision IS NOT NULL ORDER BY revision, id DESC")
                                 .arg(table("events"))));
    if (!rows)
        return rows.error();
    for (const QVariantList &row : rows->rows) {
        state->lastEvents.insert(row.value(0).toString(),
                                 {row.value(1).toString(), row.value(2).toString(),
                                  row.value(3).toString(), row.value(4).toString(),
                                  row.value(5).toDateTime()});
    }
    return {};
}

// Alembic's table is only read: writing it behind Alembic's back would break Alembic.
void Ledger::readAlembic(QSqlDatabase &db, LedgerState *state)
{
    const auto found = model::execScalar(
        db, model::Statement(QStringLiteral("SELECT n.nspname FROM pg_class c JOIN pg_namespace "
                                            "n ON n.oid = c.relnamespace WHERE c.relname = $1 "
                                            "AND c.relkind IN ('r', 'p') ORDER BY n.nspname = "
                                            "ANY (current_schemas(false)) DESC, n.nspname "
                                            "LIMIT 1"),
                             {QStringLiteral("alembic_version")}));
    if (!found || found->isNull())
        return;
    state->alembicTable =
        model::quoteQualified(found->toString(), QStringLiteral("alembic_version"));
    const auto versions = model::exec(
        db, model::Statement(
                QStringLiteral("SELECT version_num FROM %1 ORDER BY 1").arg(state->alembicTable)));
    if (!versions)
        return;
    for (const QVariantList &row : versions->rows)
        state->alembicVersions.append(row.value(0).toString());
}

} // namespace dbx::migrations
