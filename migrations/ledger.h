#pragma once

#include "migrations/revision.h"
#include "migrations/sqlstep.h"
#include "model/result.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QSet>
#include <QSqlDatabase>

namespace dbx::migrations {

struct AppliedRevision {
    QString revision;
    QString message;
    QString checksum;
    QDateTime appliedAt;
    QString appliedBy;
    qint64 durationMs = 0;
};

// The newest event of a revision: tells a failed revision from one never tried.
struct RevisionEvent {
    QString action;  // upgrade, downgrade, stamp, unstamp
    QString outcome; // succeeded, failed, cancelled
    QString sqlState;
    QString error;
    QDateTime at;
};

// What the bookkeeping tables (and an Alembic version table, if any) say about a database.
struct LedgerState {
    bool exists = false;            // false: never migrated by us, every revision is pending
    QList<AppliedRevision> applied; // in the order they were applied
    QHash<QString, RevisionEvent> lastEvents;
    QString alembicTable; // schema-qualified, empty when the database has none
    QStringList alembicVersions;

    QSet<QString> appliedIds() const;
    const AppliedRevision *find(const QString &revision) const;
};

// The runner's own bookkeeping, in its own schema: one row per applied revision (with checksum,
// who applied it, when and how long it took), and an append-only event log of every attempt,
// failures included. Alembic's alembic_version keeps only the current heads; this keeps history.
class Ledger {
public:
    explicit Ledger(QString schema = defaultSchema());
    static QString defaultSchema();
    const QString &schema() const { return m_schema; }

    // Idempotent DDL creating the schema and tables; run under the advisory lock.
    QList<SqlStep> bootstrap() const;
    // Inside a revision's transaction: duration measured from the transaction's start.
    SqlStep recordApplied(const Revision &revision) const;
    // For a revision run without a transaction: a "started" event before its statements (it
    // stays behind when the run is killed half-way) and the duration measured from it; kept
    // in a table, not the session, so it holds behind a transaction pooler.
    SqlStep markStarted(const QString &revision, const QString &action) const;
    SqlStep recordAppliedSinceMark(const Revision &revision) const;
    SqlStep recordStamped(const Revision &revision) const;
    SqlStep updateChecksum(const Revision &revision) const;
    SqlStep forget(const QString &revision) const;
    SqlStep successEvent(const QString &revision, const QString &action, bool sinceMark) const;
    // How the server measures the duration since a revision's "started" event.
    SqlStep failureEvent(const QString &revision, const QString &action,
                         const model::DbError &error, qint64 durationMs) const;

    // Reads everything without writing (a database that has no bookkeeping stays untouched).
    model::Result<LedgerState> read(QSqlDatabase &db) const;
    // Alembic's version table alone (also read for Alembic projects run from the panel).
    static void readAlembic(QSqlDatabase &db, LedgerState *state);

private:
    QString table(const char *name) const;
    QString sinceStarted(const QString &placeholder) const;
    model::Status readApplied(QSqlDatabase &db, LedgerState *state) const;
    model::Status readEvents(QSqlDatabase &db, LedgerState *state) const;

    QString m_schema;
};

} // namespace dbx::migrations
