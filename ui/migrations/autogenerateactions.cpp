#include "ui/migrations/autogenerateactions.h"

#include "migrations/autogenerateservice.h"
#include "migrations/migrationservice.h"
#include "migrations/revisionsource.h"
#include "ui/migrations/generaterevisiondialog.h"

#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QMessageBox>

namespace dbx::ui {

using migrations::AutogenerateService;

AutogenerateActions::AutogenerateActions(migrations::MigrationService *migrations,
                                         QWidget *dialogParent)
    : QObject(dialogParent)
    , m_migrations(migrations)
    , m_service(new AutogenerateService(migrations, this))
    , m_dialogParent(dialogParent)
{
    setObjectName(QStringLiteral("autogenerateActions"));
    connect(m_service, &AutogenerateService::checked, this,
            [this](const QList<migrations::SchemaDifference> &differences) {
                m_checking = false;
                m_drift = differences;
                emit checking(false);
                emit driftChecked(differences);
            });
    connect(m_service, &AutogenerateService::failed, this, [this](const model::DbError &error) {
        if (!m_checking)
            return; // the dialog shows its own failures
        m_checking = false;
        emit checking(false);
        emit checkFailed(error.detail.isEmpty() ? error.message
                                                : error.message + QLatin1Char('\n') + error.detail);
    });
    // A saved revision clears the drift it was generated from.
    connect(m_service, &AutogenerateService::saved, this, [this] {
        m_drift.clear();
        emit driftChecked(m_drift);
    });
}

GenerateRevisionDialog *AutogenerateActions::dialog() const
{
    return m_dialog;
}

void AutogenerateActions::generateRevision()
{
    if (m_service->isBusy() || !ensureFolder())
        return;
    if (!m_dialog) {
        m_dialog = new GenerateRevisionDialog(m_service, m_dialogParent);
        m_dialog->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_dialog->open();
}

void AutogenerateActions::checkDrift()
{
    if (m_service->isBusy())
        return;
    m_checking = true;
    emit checking(true);
    m_service->check();
}

// The built-in revisions are resources, not files one can add to.
bool AutogenerateActions::ensureFolder()
{
    if (!m_migrations->revisionDirectory().isEmpty())
        return true;
    const auto answer = QMessageBox::question(
        m_dialogParent, tr("Generate Revision"),
        tr("The built-in demo revisions are not files, so a new revision cannot be added to "
           "them. Copy them into a folder of yours, which then holds the new revision?"));
    if (answer != QMessageBox::Yes)
        return false;
    const QString directory =
        QFileDialog::getExistingDirectory(m_dialogParent, tr("Folder for the Revisions"));
    if (directory.isEmpty())
        return false;
    QString error;
    if (!copyBuiltInRevisions(directory, &error)) {
        QMessageBox::warning(m_dialogParent, tr("Generate Revision"), error);
        return false;
    }
    return true;
}

bool AutogenerateActions::copyBuiltInRevisions(const QString &directory, QString *error)
{
    const QDir source(migrations::RevisionSource::embeddedPath());
    for (const QString &name : source.entryList({QStringLiteral("*.sql")}, QDir::Files)) {
        const QString target = QDir(directory).filePath(name);
        if (QFile::exists(target))
            continue; // the same revision copied before
        if (!QFile::copy(source.filePath(name), target)) {
            *error = tr("Cannot copy %1 into %2.").arg(name, directory);
            return false;
        }
        QFile::setPermissions(target, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup |
                                          QFile::ReadOther);
    }
    if (!m_migrations->setRevisionDirectory(directory)) {
        *error = tr("The revisions in %1 do not load.").arg(directory);
        return false;
    }
    return true;
}

} // namespace dbx::ui
