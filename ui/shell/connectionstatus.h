#pragma once

#include <QWidget>

class QLabel;

namespace dbx::model {
class Database;
}

namespace dbx::ui {

// The status bar's account of the connection: where we are connected, the server version and
// the transaction state (idle, in a transaction, in a failed transaction).
class ConnectionStatus : public QWidget {
    Q_OBJECT
public:
    explicit ConnectionStatus(model::Database *database, QWidget *parent = nullptr);

    QString connectionText() const;
    QString transactionText() const;
    // Shown while the connection is being prepared (e.g. the demo server starts).
    void setPreparing(const QString &text);

private:
    void refresh();

    model::Database *m_database;
    QLabel *m_icon;
    QLabel *m_connection;
    QLabel *m_version;
    QLabel *m_transaction;
    QString m_preparing;
};

} // namespace dbx::ui
