#pragma once

#include "migrations/autogenerate.h"

#include <QDialog>

class QCheckBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;

namespace dbx::migrations {
class AutogenerateService;
}

namespace dbx::ui {

// Generate Revision: compares the connected database with what its revisions produce (in a
// shadow database, on the worker), shows the revision for review (the SQL highlighted, what it
// changes, what it loses, what it could not write) with the choice to treat drop + add of one
// shape as a rename, and saves it into the revision folder, stamping the database.
class GenerateRevisionDialog : public QDialog {
    Q_OBJECT
public:
    GenerateRevisionDialog(migrations::AutogenerateService *service, QWidget *parent = nullptr);

    // Starts the comparison with the message typed (or given).
    void generate();
    void setMessage(const QString &message);
    const migrations::GeneratedRevision *revision() const;

signals:
    void revisionSaved(const QString &path);

private:
    void showRevision(const migrations::GeneratedRevision &revision);
    void showError(const model::DbError &error);
    void setBusy(bool busy, const QString &what = {});
    void save();

    migrations::AutogenerateService *m_service;
    QLineEdit *m_message;
    QPushButton *m_compare;
    QLabel *m_state;
    QListWidget *m_changes;
    QListWidget *m_warnings;
    QPlainTextEdit *m_sql;
    QCheckBox *m_renames;
    QCheckBox *m_stamp;
    QPushButton *m_save;
    std::optional<migrations::GeneratedRevision> m_revision;
};

} // namespace dbx::ui
