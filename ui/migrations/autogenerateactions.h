#pragma once

#include "migrations/schemadiff.h"

#include <QObject>
#include <QPointer>

class QWidget;

namespace dbx::migrations {
class AutogenerateService;
class MigrationService;
} // namespace dbx::migrations

namespace dbx::ui {

class GenerateRevisionDialog;

// Generate Revision and Check for Drift, shared by the Migrations menu, the panel's drift banner
// and its buttons. Generating needs a revision folder: with the built-in demo revisions in use
// it first offers to copy them into a folder of the user's, which then holds the new revision.
class AutogenerateActions : public QObject {
    Q_OBJECT
public:
    AutogenerateActions(migrations::MigrationService *migrations, QWidget *dialogParent);

    migrations::AutogenerateService *service() const { return m_service; }
    GenerateRevisionDialog *dialog() const;
    const QList<migrations::SchemaDifference> &drift() const { return m_drift; }

    void generateRevision();
    void checkDrift();
    // Copies the built-in revisions into `directory` and uses that folder; false with `error`.
    bool copyBuiltInRevisions(const QString &directory, QString *error);

signals:
    void driftChecked(const QList<dbx::migrations::SchemaDifference> &differences);
    void checkFailed(const QString &message);
    void checking(bool busy);

private:
    bool ensureFolder();

    migrations::MigrationService *m_migrations;
    migrations::AutogenerateService *m_service;
    QPointer<QWidget> m_dialogParent;
    QPointer<GenerateRevisionDialog> m_dialog;
    QList<migrations::SchemaDifference> m_drift;
    bool m_checking = false;
};

} // namespace dbx::ui
