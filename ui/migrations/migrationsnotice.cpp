#include "ui/migrations/migrationsnotice.h"

#include "migrations/migrationservice.h"
#include "migrations/migrationstatus.h"

namespace dbx::ui {

using migrations::RevisionState;

MigrationsNotice::MigrationsNotice(migrations::MigrationService *service, QWidget *parent)
    : QToolButton(parent)
{
    setObjectName(QStringLiteral("migrationsNotice"));
    setAutoRaise(true);
    setCursor(Qt::PointingHandCursor);
    setToolTip(tr("Open the migrations panel"));
    setStyleSheet(QStringLiteral("QToolButton { color: #b25e00; font-weight: bold; }"));
    setVisible(false);
    connect(service, &migrations::MigrationService::statusChanged, this,
            &MigrationsNotice::showStatus);
    connect(service, &migrations::MigrationService::statusCleared, this, [this] { showText({}); });
    if (service->hasStatus())
        showStatus(service->status());
}

QString MigrationsNotice::noticeFor(const migrations::MigrationStatus &status)
{
    auto count = [&status](RevisionState state) { return int(status.idsIn(state).size()); };
    const int applied = count(RevisionState::Applied);
    const int modified = count(RevisionState::Modified);
    const int failed = count(RevisionState::Failed);
    // Managed by these revisions: one of them is recorded as applied or was tried.
    if (!status.ledgerExists || applied + modified + failed == 0)
        return {};
    QStringList parts;
    if (modified > 0)
        parts << tr("%n modified", nullptr, modified);
    if (const int unknown = count(RevisionState::Unknown); unknown > 0)
        parts << tr("%n unknown", nullptr, unknown);
    if (failed > 0)
        parts << tr("%n failed", nullptr, failed);
    if (const int pending = count(RevisionState::Pending); pending > 0)
        parts << tr("%n pending", nullptr, pending);
    if (parts.isEmpty())
        return {};
    return tr("Migrations: %1").arg(parts.join(QLatin1String(", ")));
}

void MigrationsNotice::setActive(bool active)
{
    m_active = active;
    showText(text());
}

void MigrationsNotice::showStatus(const migrations::MigrationStatus &status)
{
    showText(noticeFor(status));
}

void MigrationsNotice::showText(const QString &text)
{
    setText(text);
    setVisible(m_active && !text.isEmpty());
}

} // namespace dbx::ui
