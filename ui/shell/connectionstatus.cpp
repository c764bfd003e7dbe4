#include "ui/shell/connectionstatus.h"

#include "model/db/database.h"
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
    , m_transaction(new QLabel(this))
{
    m_connection->setObjectName(QStringLiteral("statusConnection"));
    m_version->setObjectName(QStringLiteral("statusVersion"));
    m_transaction->setObjectName(QStringLiteral("statusTransaction"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(10);
    layout->addWidget(m_icon);
    layout->addWidget(m_connection);
    layout->addWidget(m_version);
    layout->addWidget(m_transaction);
    layout->addStretch(1);

    connect(database, &Database::stateChanged, this, &ConnectionStatus::refresh);
    connect(database, &Database::connected, this, &ConnectionStatus::refresh);
    connect(database, &Database::transactionStateChanged, this, &ConnectionStatus::refresh);
    refresh();
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
