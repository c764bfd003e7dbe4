#pragma once

#include <QWidget>

class QLabel;

namespace dbx::model {
class Database;
class ReplicationMonitor;
struct ReplicationLag;
} // namespace dbx::model

namespace dbx::ui {

// The status bar's account of the connection: where we are connected, the server version,
// whether it takes changes (a hot standby, a read-only database), a standby's replication lag
// (read on the worker every few seconds) and the transaction state (idle, in a transaction, in
// a failed transaction).
class ConnectionStatus : public QWidget {
    Q_OBJECT
public:
    explicit ConnectionStatus(model::Database *database, QWidget *parent = nullptr);

    QString connectionText() const;
    QString transactionText() const;
    // "hot standby, read-only" and the like; empty on a server that takes changes.
    QString accessText() const;
    // "Replication: lag 0.3 s, 0 bytes to replay"; empty unless connected to a standby.
    QString lagText() const;
    model::ReplicationMonitor *replication() const { return m_replication; }
    // Shown while the connection is being prepared (e.g. the demo server starts).
    void setPreparing(const QString &text);

private:
    void refresh();
    void showLag(const model::ReplicationLag &lag);

    model::Database *m_database;
    QLabel *m_icon;
    QLabel *m_connection;
    QLabel *m_version;
    QLabel *m_access;
    QLabel *m_lag;
    QLabel *m_transaction;
    model::ReplicationMonitor *m_replication;
    QString m_preparing;
};

} // namespace dbx::ui
