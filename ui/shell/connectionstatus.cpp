#include "ui/shell/connectionstatus.h"

#include "model/db/database.h"
#include "model/db/replicationmonitor.h"
#include "ui/common/icons.h"

#include <QHBoxLayout>
#include <QLabel>

namespace dbx::ui {

using model::Database;
using model::TransactionState;

ConnectionStatus::ConnectionStatus(Database *database, QWidget *parent)
    : QWidget(parent)
    , m_database(database)
    , m_icon(new QLabel(this))
    , m_connection(new QLabel(this))
    , m_version(new QLabel(this))
    , m_access(new QLabel(this))
    , m_lag(new QLabel(this))
    , m_transaction(new QLabel(this))
    , m_replication(new model::ReplicationMonitor(database, this))
{
    m_connection->setObjectName(QStringLiteral("statusConnection"));
    m_version->setObjectName(QStringLiteral("statusVersion"));
    m_transaction->setObjectName(QStringLiteral("statusTransaction"));
    m_access->setObjectName(QStringLiteral("statusAccess"));
    m_access->setStyleSheet(QStringLiteral("color: #9c6500; font-weight: bold;"));
    m_lag->setObjectName(QStringLiteral("statusLag"));
    m_lag->hide();
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(10);
    layout->addWidget(m_icon);
    layout->addWidget(m_connection);
    layout->addWidget(m_version);
    layout->addWidget(m_access);
    layout->addWidget(m_lag);
    layout->addWidget(m_transaction);
    layout->addStretch(1);

    connect(database, &Database::stateChanged, this, &ConnectionStatus::refresh);
    connect(database, &Database::connected, this, &ConnectionStatus::refresh);
    connect(database, &Database::transactionStateChanged, this, &ConnectionStatus::refresh);
    connect(m_replication, &model::ReplicationMonitor::lagChanged, this,
            &ConnectionStatus::showLag);
    connect(m_replication, &model::ReplicationMonitor::lagFailed, this,
            [this](const model::DbError &error) {
                m_lag->setText(tr("Replication lag unknown"));
                m_lag->setToolTip(error.message);
                m_lag->show();
            });
    connect(m_replication, &model::ReplicationMonitor::stopped, this, [this] {
        m_lag->clear();
        m_lag->hide();
    });
    refresh();
}

void ConnectionStatus::showLag(const model::ReplicationLag &lag)
{
    m_lag->setText(tr("Replication: %1").arg(lag.brief()));
    m_lag->setToolTip(
        lag.text() + QStringLiteral(".\n") +
        tr("WAL received up to %1, replayed up to %2. On a primary without writes the time since "
           "the last replayed transaction grows although the standby misses nothing.")
            .arg(lag.receiveLsn.isEmpty() ? tr("(not streaming)") : lag.receiveLsn, lag.replayLsn));
    m_lag->show();
}

QString ConnectionStatus::accessText() const
{
    return m_access->isHidden() ? QString() : m_access->text();
}

QString ConnectionStatus::lagText() const
{
    return m_lag->isHidden() ? QString() : m_lag->text();
}

void ConnectionStatus::setPreparing(const QString &text)
{
    m_preparing = text;
    refresh();
}

QString ConnectionStatus::connectionText() const
{
    return m_connection->text();
}

QString ConnectionStatus::transactionText() const
{
    return m_transaction->text();
}

void ConnectionStatus::refresh()
{
    const model::ServerInfo &info = m_database->serverInfo();
    QString text;
    QString iconName = QStringLiteral("disconnect");
    switch (m_database->state()) {
    case Database::State::Connected:
        text = tr("%1 as %2").arg(info.displayName, info.user);
        iconName = QStringLiteral("connect");
        m_preparing.clear();
        break;
    case Database::State::Connecting:
        text = tr("Connecting to %1…").arg(m_database->spec().displayName());
        break;
    case Database::State::Failed:
        text = tr("Connection failed: %1").arg(m_database->lastError().message);
        break;
    case Database::State::Disconnected:
        text = m_preparing.isEmpty() ? tr("Not connected") : m_preparing;
        if (!m_database->lastError().message.isEmpty() && m_preparing.isEmpty())
            text = tr("Disconnected: %1").arg(m_database->lastError().message);
        break;
    }
    m_icon->setPixmap(icon(iconName).pixmap(16, 16));
    m_connection->setText(text);
    const bool connected = m_database->state() == Database::State::Connected;
    m_version->setVisible(connected);
    m_version->setText(tr("PostgreSQL %1").arg(info.version));
    m_access->setVisible(connected && info.isReadOnly());
    m_access->setText(connected ? info.accessText() : QString());
    m_access->setToolTip(info.readOnlyReason());
    m_transaction->setVisible(connected);
    switch (m_database->transactionState()) {
    case TransactionState::InTransaction:
        m_transaction->setText(tr("In transaction"));
        m_transaction->setStyleSheet(QStringLiteral("color: #9c6500; font-weight: bold;"));
        break;
    case TransactionState::InFailedTransaction:
        m_transaction->setText(tr("Transaction failed: roll back"));
        m_transaction->setStyleSheet(QStringLiteral("color: #b3261e; font-weight: bold;"));
        break;
    case TransactionState::Active:
        m_transaction->setText(tr("Running"));
        m_transaction->setStyleSheet({});
        break;
    case TransactionState::Idle:
    case TransactionState::Unknown:
        m_transaction->setText(tr("Auto-commit"));
        m_transaction->setStyleSheet({});
        break;
    }
}

} // namespace dbx::ui
