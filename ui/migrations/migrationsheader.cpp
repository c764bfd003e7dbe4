#include "ui/migrations/migrationsheader.h"

#include "migrations/migrationservice.h"
#include "model/db/database.h"
#include "ui/common/icons.h"
#include "ui/migrations/migrationactions.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

namespace dbx::ui {

using migrations::MigrationService;
using migrations::RevisionState;

MigrationsHeader::MigrationsHeader(MigrationActions *actions, QWidget *parent)
    : QWidget(parent)
    , m_actions(actions)
    , m_position(new QLabel(this))
    , m_source(new QLabel(this))
    , m_useBuiltIn(new QToolButton(this))
    , m_openFolder(new QToolButton(this))
    , m_refresh(new QToolButton(this))
{
    m_position->setObjectName(QStringLiteral("migrationsHeader"));
    m_position->setTextFormat(Qt::RichText);
    m_position->setWordWrap(true);
    m_position->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_source->setObjectName(QStringLiteral("revisionSource"));
    m_source->setTextFormat(Qt::PlainText);
    m_source->setStyleSheet(QStringLiteral("color: palette(placeholder-text);"));
    m_useBuiltIn->setObjectName(QStringLiteral("useBuiltInRevisionsButton"));
    m_useBuiltIn->setText(tr("Use Built-in Demo Revisions"));
    m_useBuiltIn->setToolTip(tr("Go back to the demo schema's revisions built into DB Explorer"));
    m_openFolder->setObjectName(QStringLiteral("openRevisionFolderButton"));
    m_openFolder->setText(tr("Open Revision Folder…"));
    m_openFolder->setToolTip(tr("Use the revision files of another project's versions folder"));
    m_openFolder->setIcon(icon(QStringLiteral("folder")));
    m_openFolder->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_refresh->setObjectName(QStringLiteral("refreshMigrationsButton"));
    m_refresh->setText(tr("Refresh"));
    m_refresh->setToolTip(tr("Read the revision files and the database's state again"));
    m_refresh->setIcon(icon(QStringLiteral("refresh")));
    m_refresh->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(2, 0, 0, 0);
    layout->addWidget(m_position, 1);
    layout->addWidget(m_source);
    layout->addWidget(m_useBuiltIn);
    layout->addWidget(m_openFolder);
    layout->addWidget(m_refresh);

    MigrationService *service = actions->service();
    connect(m_useBuiltIn, &QToolButton::clicked, actions, &MigrationActions::useBuiltInRevisions);
    connect(m_openFolder, &QToolButton::clicked, actions, &MigrationActions::chooseRevisionFolder);
    connect(m_refresh, &QToolButton::clicked, this, &MigrationsHeader::refresh);
    connect(service, &MigrationService::statusChanged, this, &MigrationsHeader::updatePosition);
    connect(service, &MigrationService::statusCleared, this, &MigrationsHeader::updatePosition);
    connect(service, &MigrationService::graphLoaded, this, &MigrationsHeader::updateSource);
    connect(service, &MigrationService::runningChanged, this, &MigrationsHeader::updateButtons);
    connect(service->database(), &model::Database::stateChanged, this, [this] {
        updatePosition();
        updateButtons();
    });
    updatePosition();
    updateSource();
}

QString MigrationsHeader::text() const
{
    return m_position->text();
}

void MigrationsHeader::updatePosition()
{
    const MigrationService *service = m_actions->service();
    const model::Database *database = service->database();
    if (database->state() != model::Database::State::Connected) {
        m_position->setText(tr("Not connected. Connect to a database to see which revisions it "
                               "has."));
        return;
    }
    const QString name = database->spec().database.toHtmlEscaped();
    if (!service->hasStatus()) {
        m_position->setText(tr("Reading the migration state of %1…").arg(name));
        return;
    }
    const migrations::MigrationStatus &status = service->status();
    const QString current = status.current.isEmpty() ? tr("base (nothing applied)")
                                                     : status.current.join(QLatin1String(", "));
    QString first = tr("<b>%1</b> is at <b>%2</b> · head: %3")
                        .arg(name, current, status.heads.join(QLatin1String(", ")));
    if (const auto pending = status.idsIn(RevisionState::Pending).size(); pending > 0)
        first += QStringLiteral(" · ") + tr("%n pending", nullptr, int(pending));
    QStringList lines{first};
    if (!status.ledgerExists)
        lines << tr("No migration bookkeeping yet: every revision is pending.");
    if (!status.alembicTable.isEmpty())
        lines << tr("Alembic's %1 says %2 (read only).")
                     .arg(status.alembicTable.toHtmlEscaped(),
                          status.alembicVersions.join(QLatin1String(", ")).toHtmlEscaped());
    m_position->setText(lines.join(QLatin1String("<br>")));
}

void MigrationsHeader::updateSource()
{
    const MigrationService *service = m_actions->service();
    const QString directory = service->revisionDirectory();
    const int count = int(service->graph().revisions().size());
    // Long paths keep their end, where the project's name usually is.
    const QString shown =
        directory.size() > 60 ? QStringLiteral("…") + directory.right(59) : directory;
    m_source->setText(directory.isEmpty() ? tr("Built-in demo revisions (%n)", nullptr, count)
                                          : tr("%1 (%n revision(s))", nullptr, count).arg(shown));
    m_source->setToolTip(directory);
    // Going back to the built-in revisions only makes sense while a folder is in use.
    m_useBuiltIn->setVisible(!directory.isEmpty());
    updatePosition();
    updateButtons();
}

void MigrationsHeader::updateButtons()
{
    // The graph cannot change under a running migration.
    const MigrationService *service = m_actions->service();
    const bool idle = !service->isRunning();
    m_useBuiltIn->setEnabled(idle);
    m_openFolder->setEnabled(idle);
    m_refresh->setEnabled(idle &&
                          service->database()->state() == model::Database::State::Connected);
}

void MigrationsHeader::refresh()
{
    // Files edited since they were loaded count too: a folder is read again before the state.
    MigrationService *service = m_actions->service();
    if (service->revisionDirectory().isEmpty())
        service->refreshStatus();
    else
        service->setRevisionDirectory(service->revisionDirectory());
}

} // namespace dbx::ui
