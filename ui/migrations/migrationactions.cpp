#include "ui/migrations/migrationactions.h"

#include "migrations/revisionwriter.h"
#include "model/db/database.h"
#include "ui/common/sqlpreviewdialog.h"
#include "ui/migrations/autogenerateactions.h"
#include "ui/migrations/migrationconfirmdialog.h"

#include <QApplication>
#include <QFileDialog>
#include <QInputDialog>
#include <QWidget>

namespace dbx::ui {

using migrations::MigrationPlan;

MigrationActions::MigrationActions(migrations::MigrationService *service, QWidget *dialogParent)
    : QObject(dialogParent)
    , m_service(service)
    , m_dialogParent(dialogParent)
    , m_autogenerate(new AutogenerateActions(service, dialogParent))
{
    connect(service, &migrations::MigrationService::impactReady, this,
            [this](const QList<migrations::DroppedObject> &objects) {
                if (m_confirm)
                    m_confirm->setDropped(objects);
            });
    connect(service, &migrations::MigrationService::impactFailed, this,
            [this](const model::DbError &error) {
                if (m_confirm)
                    m_confirm->setImpactError(error);
            });
    connect(service, &migrations::MigrationService::previewReady, this,
            &MigrationActions::showPreview);
    connect(service, &migrations::MigrationService::previewFailed, this,
            [this](const model::DbError &error) {
                if (!std::exchange(m_previewWanted, false))
                    return;
                emit refused(error);
            });
}

QString MigrationActions::headTarget() const
{
    return m_service->graph().heads().size() > 1 ? QStringLiteral("heads") : QStringLiteral("head");
}

QString MigrationActions::describe(MigrationPlan::Action action, const QString &target)
{
    switch (action) {
    case MigrationPlan::Action::Upgrade:
        return tr("upgrade to %1").arg(target);
    case MigrationPlan::Action::Downgrade:
        return tr("downgrade to %1").arg(target);
    case MigrationPlan::Action::Stamp:
        break;
    }
    return tr("stamp %1").arg(target);
}

QWidget *MigrationActions::dialogParent() const
{
    // A dialog asked for from inside a modal one (Preview from the confirmation) must sit on
    // top of it, or the modal dialog would block it.
    if (QWidget *modal = QApplication::activeModalWidget())
        return modal;
    return m_dialogParent;
}

void MigrationActions::request(MigrationPlan::Action action, const QString &target)
{
    if (m_service->isRunning() || m_confirm)
        return;
    const auto plan = m_service->plan(action, target);
    if (!plan) {
        emit refused(plan.error());
        return;
    }
    // A stamp also records again the checksum of edited revisions that stay applied.
    QStringList accepted;
    if (action == MigrationPlan::Action::Stamp) {
        for (const QString &id : m_service->status().idsIn(migrations::RevisionState::Modified)) {
            if (!plan->unstamp.contains(id))
                accepted << id;
        }
    }
    if (plan->isEmpty() && accepted.isEmpty()) { // nothing to confirm; the run logs as much
        m_service->run(action, target);
        return;
    }
    auto *dialog = new MigrationConfirmDialog(
        plan.value(), m_service->graph(), m_service->database()->spec().database, dialogParent());
    dialog->addAcceptedEdits(accepted, m_service->graph());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_confirm = dialog;
    if (action == MigrationPlan::Action::Downgrade) {
        dialog->waitForImpact();
        m_service->downgradeImpact(target);
    }
    connect(dialog, &QDialog::accepted, this,
            [this, action, target] { m_service->run(action, target); });
    connect(dialog, &MigrationConfirmDialog::previewRequested, this,
            [this, action, target] { preview(action, target); });
    dialog->open();
}

void MigrationActions::preview(MigrationPlan::Action action, const QString &target)
{
    // "-1" names no revision: the title says which one it is now.
    const auto plan = m_service->plan(action, target);
    m_previewTitle = describe(action, plan ? plan->target : target);
    m_previewWanted = true;
    m_service->preview(action, target);
}

void MigrationActions::showPreview(const QString &sql)
{
    if (!std::exchange(m_previewWanted, false))
        return;
    if (m_preview)
        m_preview->close();
    auto *dialog = new SqlPreviewDialog(m_previewTitle, sql, dialogParent());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_preview = dialog;
    dialog->open();
}

void MigrationActions::chooseRevisionFolder()
{
    const QString directory = QFileDialog::getExistingDirectory(
        dialogParent(), tr("Open Revision Folder"), m_service->revisionDirectory());
    if (!directory.isEmpty())
        m_service->setRevisionDirectory(directory);
}

void MigrationActions::useBuiltInRevisions()
{
    m_service->useEmbeddedRevisions();
}

void MigrationActions::newRevision()
{
    if (m_service->revisionDirectory().isEmpty() || m_service->isRunning())
        return;
    auto *ask = new QInputDialog(dialogParent());
    ask->setObjectName(QStringLiteral("newRevisionDialog"));
    ask->setWindowTitle(tr("New Revision"));
    ask->setLabelText(tr("What does the revision change? (its message)"));
    ask->setAttribute(Qt::WA_DeleteOnClose);
    connect(ask, &QInputDialog::textValueSelected, this, &MigrationActions::createRevision);
    ask->open();
}

void MigrationActions::createRevision(const QString &message)
{
    const QString directory = m_service->revisionDirectory();
    const auto written = migrations::RevisionWriter::create(directory, message);
    if (!written) {
        emit refused(written.error());
        return;
    }
    m_service->setRevisionDirectory(directory);
    auto *editor = new RevisionEditorDialog(written->path, dialogParent());
    editor->setAttribute(Qt::WA_DeleteOnClose);
    m_editor = editor;
    connect(editor, &RevisionEditorDialog::saved, this,
            [this, directory] { m_service->setRevisionDirectory(directory); });
    editor->open();
}

} // namespace dbx::ui
