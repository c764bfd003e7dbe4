#pragma once

#include "migrations/migrationplan.h"
#include "migrations/migrationservice.h"
#include "ui/common/sqlpreviewdialog.h"
#include "ui/migrations/migrationconfirmdialog.h"
#include "ui/migrations/revisioneditordialog.h"

#include <QObject>
#include <QPointer>

class QWidget;

namespace dbx::ui {

class AutogenerateActions;

// How a migration is started from the GUI, shared by the panel and the Migrations menu so both
// ask the same questions: the plan is worked out first (refused at once when it cannot run), a
// confirmation shows it (and for a downgrade what gets dropped), and only then does the service
// run it. Also the SQL preview and the choice of revision folder. Nothing here blocks: dialogs
// are window-modal and answered through signals.
class MigrationActions : public QObject {
    Q_OBJECT
public:
    MigrationActions(migrations::MigrationService *service, QWidget *dialogParent);

    migrations::MigrationService *service() const { return m_service; }
    // Generate Revision and Check for Drift, for the menu and the panel.
    AutogenerateActions *autogenerate() const { return m_autogenerate; }
    // "head", or "heads" when the graph has several (then "head" would be ambiguous).
    QString headTarget() const;

    // "upgrade to head", in the user's language, for titles.
    static QString describe(migrations::MigrationPlan::Action action, const QString &target);

    void request(migrations::MigrationPlan::Action action, const QString &target);
    void preview(migrations::MigrationPlan::Action action, const QString &target);
    void chooseRevisionFolder();
    void useBuiltInRevisions();
    // Asks for a message, writes a new revision on top of the folder's heads and opens it for
    // editing; the folder is read again after writing and after every save. Only with a folder:
    // the built-in revisions are not files one can add to.
    void newRevision();
    void createRevision(const QString &message);

    // The open confirmation or preview, for tests and for raising them again.
    MigrationConfirmDialog *confirmation() const { return m_confirm; }
    SqlPreviewDialog *previewDialog() const { return m_preview; }
    RevisionEditorDialog *revisionEditor() const { return m_editor; }

signals:
    // A request that never reached the database: the plan could not be made, or the preview
    // failed. The panel shows it like a failed run.
    void refused(const dbx::model::DbError &error);

private:
    QWidget *dialogParent() const;
    void showPreview(const QString &sql);

    migrations::MigrationService *m_service;
    QPointer<QWidget> m_dialogParent;
    AutogenerateActions *m_autogenerate;
    QPointer<MigrationConfirmDialog> m_confirm;
    QPointer<SqlPreviewDialog> m_preview;
    QPointer<RevisionEditorDialog> m_editor;
    QString m_previewTitle;
    bool m_previewWanted = false;
};

} // namespace dbx::ui
