#pragma once

#include "migrations/schemaedit.h"
#include "model/db/sqlresult.h"

#include <QDialog>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace dbx::model {
class Database;
}
namespace dbx::migrations {
class MigrationService;
}

namespace dbx::ui {

class ChangeForm;

// One schema change: its form on top, the DDL it generates (upgrade and downgrade) below as
// it is typed with what it loses, and the two ways to apply it: Run Now (one transaction on the
// worker; on a server error the dialog stays, with the error, and nothing has changed) or Save as
// Revision (a new revision file in the migrations folder in use; the default when the database is
// managed by revisions). A read-only server disables Run Now with its reason.
class SchemaChangeDialog : public QDialog {
    Q_OBJECT
public:
    SchemaChangeDialog(model::Database *database, migrations::MigrationService *service,
                       ChangeForm *form, const QString &title, QWidget *parent = nullptr);

    ChangeForm *form() const { return m_form; }
    QString ddl() const;
    QString errorText() const;
    // What the upgrade and downgrade lose, as shown under the DDL; empty when nothing.
    QString warningText() const;
    bool isRunning() const { return m_ticket != 0; }
    QPushButton *runNowButton() const { return m_runNow; }
    QPushButton *saveRevisionButton() const { return m_saveRevision; }

    void runNow();
    void saveAsRevision();

signals:
    // The change ran and committed: the schema is to be read again.
    void applied();
    // A revision file was written (absolute path, revision id).
    void revisionSaved(const QString &path, const QString &id);

private:
    void updateDdl();
    void updateButtons();
    void showError(const QString &text);

    model::Database *m_database;
    migrations::MigrationService *m_service;
    ChangeForm *m_form;
    QPlainTextEdit *m_sql;
    QLineEdit *m_message;
    QLabel *m_warnings;
    QLabel *m_error;
    QPushButton *m_runNow;
    QPushButton *m_saveRevision;
    model::Ticket m_ticket = 0;
    bool m_messageEdited = false;
};

} // namespace dbx::ui
