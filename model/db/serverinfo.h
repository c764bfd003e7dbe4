#pragma once

#include "model/result.h"

#include <QMetaType>
#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace dbx::model {

// What the worker learnt about the server when it connected, including whether it accepts
// changes at all: a hot standby (pg_is_in_recovery()) or a session that starts read-only
// (default_transaction_read_only, set for the server, the database or the role) refuses every
// write, so editing and migrations are turned away before anything is sent.
struct ServerInfo {
    QString version; // "15.18"
    QString user;
    QString database;
    QString displayName;
    int backendPid = 0;           // as libpq knows it: a pooler's own number behind one
    int serverPid = 0;            // pg_backend_pid() when connecting
    bool inRecovery = false;      // a hot standby
    bool readOnlyDefault = false; // default_transaction_read_only = on

    bool isReadOnly() const { return inRecovery || readOnlyDefault; }
    // A pooler answers the connection with a process number of its own, so the two differ:
    // the server process doing the work then changes from one transaction to the next.
    bool viaPooler() const { return serverPid != 0 && serverPid != backendPid; }
    // "hot standby, read-only", "read-only (default_transaction_read_only = on)", or empty
    // when the server accepts changes: the words of the status bar, ping and the title.
    QString accessText() const;
    // "hot standby, read-only" or "read-only": the short form, for the window title.
    QString accessBrief() const;
    // Why nothing can be changed here, a sentence for tooltips; empty when writable.
    QString readOnlyReason() const;
};

// Reads ServerInfo from an open connection (startup parameters and one query).
ServerInfo describeServer(const QSqlDatabase &db, const QString &displayName);

// How far a hot standby is behind its primary. On an idle primary the age of the last replayed
// transaction grows although nothing is missing, so the WAL received but not yet replayed is
// reported beside it.
struct ReplicationLag {
    // now() - pg_last_xact_replay_timestamp(); empty before the first replayed transaction.
    std::optional<double> replayAgeSeconds;
    QString receiveLsn; // pg_last_wal_receive_lsn(); empty when nothing is streamed
    QString replayLsn;  // pg_last_wal_replay_lsn()
    // pg_wal_lsn_diff(receive, replay); empty when the receive position is unknown.
    std::optional<qint64> unreplayedBytes;

    // "last transaction replayed 1.2 s ago, 0 bytes received and not yet replayed".
    QString text() const;
    // "lag 1.2 s, 0 bytes to replay": the same, short enough for a status bar.
    QString brief() const;
};

// Reads the lag on a hot standby (one query). Run it on a worker connection.
Result<ReplicationLag> readReplicationLag(QSqlDatabase &db);

} // namespace dbx::model

Q_DECLARE_METATYPE(dbx::model::ServerInfo)
Q_DECLARE_METATYPE(dbx::model::ReplicationLag)
