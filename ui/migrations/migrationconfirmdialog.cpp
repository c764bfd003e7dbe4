#include "ui/migrations/migrationconfirmdialog.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <limits>

namespace dbx::ui {

using migrations::DroppedObject;
using migrations::MigrationPlan;

MigrationConfirmDialog::MigrationConfirmDialog(const MigrationPlan &plan,
                                               const migrations::RevisionGraph &graph,
                                               const QString &database, QWidget *parent)
    : QDialog(parent)
    , m_summary(new QLabel(this))
    , m_revisions(new QTreeWidget(this))
    , m_dropSummary(new QLabel(this))
    , m_dropped(new QTreeWidget(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("migrationConfirmDialog"));
    m_buttons->setObjectName(QStringLiteral("confirmButtons"));
    m_revisions->setObjectName(QStringLiteral("confirmRevisions"));
    m_dropped->setObjectName(QStringLiteral("droppedObjects"));
    m_dropSummary->setObjectName(QStringLiteral("dropSummary"));
    m_summary->setWordWrap(true);
    m_dropSummary->setWordWrap(true);
    m_revisions->setHeaderLabels({tr("Revision"), tr("Message")});
    m_revisions->setRootIsDecorated(plan.action == MigrationPlan::Action::Stamp);
    m_revisions->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_dropped->setHeaderLabels({tr("Dropped"), tr("Kind"), tr("Rows now")});
    m_dropped->setRootIsDecorated(false);
    m_dropped->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_dropped->header()->setStretchLastSection(false);
    m_dropped->setVisible(false);
    m_dropSummary->setVisible(false);

    QPushButton *ok = m_buttons->button(QDialogButtonBox::Ok);
    QPushButton *preview = m_buttons->addButton(tr("Preview SQL…"), QDialogButtonBox::ActionRole);
    preview->setObjectName(QStringLiteral("confirmPreview"));
    const int count = int(plan.steps.size());
    switch (plan.action) {
    case MigrationPlan::Action::Upgrade:
        setWindowTitle(tr("Confirm Upgrade"));
        ok->setText(tr("Upgrade"));
        m_summary->setText(tr("Apply %n revision(s) to the database %1, each in its own "
                              "transaction:",
                              nullptr, count)
                               .arg(database));
        addRevisions({}, plan.steps, graph);
        break;
    case MigrationPlan::Action::Downgrade:
        setWindowTitle(tr("Confirm Downgrade"));
        ok->setText(tr("Downgrade"));
        m_summary->setText(
            tr("Revert %n revision(s) in the database %1, newest first:", nullptr, count)
                .arg(database));
        addRevisions({}, plan.steps, graph);
        // Destroying data is the one thing to think twice about: Cancel is the default.
        m_buttons->button(QDialogButtonBox::Cancel)->setDefault(true);
        break;
    case MigrationPlan::Action::Stamp:
        setWindowTitle(tr("Confirm Stamp"));
        ok->setText(tr("Stamp"));
        m_summary->setText(tr("Change what the database %1 records as applied to match %2, "
                              "without running any of the revisions' SQL:")
                               .arg(database, plan.target));
        addRevisions(tr("Recorded as applied"), plan.steps, graph);
        addRevisions(tr("Forgotten"), plan.unstamp, graph);
        m_revisions->expandAll();
        break;
    }

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_revisions, 1);
    layout->addWidget(m_dropSummary);
    layout->addWidget(m_dropped, 1);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(preview, &QPushButton::clicked, this, &MigrationConfirmDialog::previewRequested);
    resize(620, plan.action == MigrationPlan::Action::Downgrade ? 480 : 360);
}

void MigrationConfirmDialog::addRevisions(const QString &group, const QStringList &ids,
                                          const migrations::RevisionGraph &graph)
{
    if (ids.isEmpty())
        return;
    QTreeWidgetItem *parent = nullptr;
    if (!group.isEmpty()) {
        parent = new QTreeWidgetItem(m_revisions, {group});
        parent->setFirstColumnSpanned(true);
    }
    for (const QString &id : ids) {
        const migrations::Revision *revision = graph.find(id);
        const QStringList texts{id, revision ? revision->message : QString()};
        if (parent)
            new QTreeWidgetItem(parent, texts);
        else
            new QTreeWidgetItem(m_revisions, texts);
    }
}

void MigrationConfirmDialog::addAcceptedEdits(const QStringList &ids,
                                              const migrations::RevisionGraph &graph)
{
    addRevisions(tr("Edited, accepted as the files are now"), ids, graph);
    m_revisions->expandAll();
}

void MigrationConfirmDialog::waitForImpact()
{
    m_dropSummary->setText(tr("Reading what the downgrade drops…"));
    m_dropSummary->setVisible(true);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(false);
}

void MigrationConfirmDialog::setDropped(const QList<DroppedObject> &objects)
{
    const QLocale locale;
    qint64 rows = 0;
    m_dropped->clear();
    for (const DroppedObject &object : objects) {
        const bool table = object.kind == DroppedObject::Kind::Table;
        QString count;
        if (!object.exists)
            count = tr("not there");
        else if (table)
            count = locale.toString(object.rows);
        auto *item = new QTreeWidgetItem(
            m_dropped, {object.displayName(), table ? tr("table") : tr("type"), count});
        item->setTextAlignment(2, Qt::AlignRight | Qt::AlignVCenter);
        item->setToolTip(0, tr("Dropped by the downgrade of %1").arg(object.revision));
        if (table && object.rows > 0)
            rows += object.rows;
    }
    m_dropped->setVisible(!objects.isEmpty());
    m_dropped->header()->resizeSections(QHeaderView::ResizeToContents);
    if (objects.isEmpty())
        m_dropSummary->setText(tr("The downgrade SQL drops no tables or types."));
    else if (rows > 0)
        m_dropSummary->setText(
            tr("<b>This drops the following, and %n row(s) of data with them:</b>", nullptr,
               int(qMin<qint64>(rows, std::numeric_limits<int>::max()))));
    else
        m_dropSummary->setText(tr("This drops the following (no rows are lost):"));
    m_dropSummary->setStyleSheet(rows > 0 ? QStringLiteral("color: #b3261e;") : QString());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(true);
}

void MigrationConfirmDialog::setImpactError(const model::DbError &error)
{
    m_dropSummary->setText(
        tr("Could not work out what the downgrade drops: %1").arg(error.message));
    m_dropSummary->setStyleSheet(QStringLiteral("color: #b3261e;"));
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(true);
}

} // namespace dbx::ui
