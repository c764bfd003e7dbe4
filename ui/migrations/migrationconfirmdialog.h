#pragma once

#include "migrations/migrationplan.h"
#include "migrations/migrationservice.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QTreeWidget;

namespace dbx::ui {

// Asked before a migration changes the database: which revisions the run applies, reverts or
// records, and for a downgrade what its SQL drops (tables with their row counts, types), which
// the service works out on the worker. For a downgrade the confirm button waits for that list:
// nobody should agree to drop tables without seeing how many rows they hold.
class MigrationConfirmDialog : public QDialog {
    Q_OBJECT
public:
    MigrationConfirmDialog(const migrations::MigrationPlan &plan,
                           const migrations::RevisionGraph &graph, const QString &database,
                           QWidget *parent = nullptr);

    // Stamp: edited revisions whose new checksum the stamp records.
    void addAcceptedEdits(const QStringList &ids, const migrations::RevisionGraph &graph);
    // Shows that the list of dropped objects is being read; confirming waits for it.
    void waitForImpact();
    void setDropped(const QList<migrations::DroppedObject> &objects);
    // The list could not be made; the user may still go on, warned.
    void setImpactError(const model::DbError &error);

signals:
    void previewRequested();

private:
    void addRevisions(const QString &group, const QStringList &ids,
                      const migrations::RevisionGraph &graph);

    QLabel *m_summary;
    QTreeWidget *m_revisions;
    QLabel *m_dropSummary;
    QTreeWidget *m_dropped;
    QDialogButtonBox *m_buttons;
};

} // namespace dbx::ui
