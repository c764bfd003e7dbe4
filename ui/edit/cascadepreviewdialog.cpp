#include "ui/edit/cascadepreviewdialog.h"

#include "model/db/database.h"

#include <QDialogButtonBox>
#include <QFont>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QScreen>
#include <QScrollBar>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace dbx::ui {

using model::CascadeEffect;

namespace {

enum Column { TableColumn, ActionColumn, RowsColumn, ConstraintColumn };

QString qualified(const CascadeEffect &effect, const QString &rootSchema)
{
    return effect.schema == rootSchema ? effect.table
                                       : effect.schema + QLatin1Char('.') + effect.table;
}

} // namespace

CascadePreviewDialog::CascadePreviewDialog(model::Database *db,
                                           const model::SchemaSnapshot &snapshot,
                                           const model::TableInfo &table,
                                           const QList<QVariantList> &keys, QWidget *parent)
    : QDialog(parent)
    , m_db(db)
    , m_summary(new QLabel(this))
    , m_tree(new QTreeWidget(this))
    , m_note(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Cancel, this))
    , m_delete(m_buttons->addButton(tr("Delete"), QDialogButtonBox::AcceptRole))
{
    setObjectName(QStringLiteral("cascadePreviewDialog"));
    setWindowTitle(tr("Delete Rows of %1").arg(table.name));
    m_summary->setObjectName(QStringLiteral("cascadeSummary"));
    m_tree->setObjectName(QStringLiteral("cascadeEffects"));
    m_note->setObjectName(QStringLiteral("cascadeNote"));
    m_delete->setObjectName(QStringLiteral("cascadeDelete"));
    m_summary->setWordWrap(true);
    m_note->setWordWrap(true);
    m_note->setVisible(false);
    m_summary->setText(tr("Counting related rows…"));

    m_tree->setHeaderLabels({tr("Table"), tr("What happens"), tr("Rows"), tr("Foreign key")});
    m_tree->setVisible(false);

    m_delete->setEnabled(false);
    // Deleting is the step to think twice about: Enter cancels.
    m_buttons->button(QDialogButtonBox::Cancel)->setDefault(true);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_tree, 1);
    layout->addWidget(m_note);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    resize(720, 400);

    if (!m_db) {
        model::DbError error;
        error.kind = model::DbError::Kind::ConnectionFailed;
        error.message = tr("Not connected to a database.");
        showError(error);
        return;
    }
    m_ticket = model::loadDeletePreview(
        *m_db, snapshot, table, keys, this,
        [this](model::Ticket ticket, const model::Result<QList<CascadeEffect>> &result) {
            if (ticket != m_ticket)
                return;
            m_counting = false;
            if (result.ok())
                showEffects(result.value());
            else
                showError(result.error());
        });
}

CascadePreviewDialog::~CascadePreviewDialog()
{
    // Closed before the count came back: nobody waits for it any more.
    if (m_counting && m_db && m_ticket)
        m_db->cancel(m_ticket);
}

bool CascadePreviewDialog::isDeleteEnabled() const
{
    return m_delete->isEnabled();
}

QString CascadePreviewDialog::summaryText() const
{
    return m_summary->text();
}

void CascadePreviewDialog::showEffects(const QList<CascadeEffect> &effects)
{
    m_effects = effects;
    m_tree->clear();
    const QLocale locale;
    const QString rootSchema = effects.isEmpty() ? QString() : effects.first().schema;
    // Effects come depth first, so each one's parent is the last item one level up.
    QList<QTreeWidgetItem *> lastAtDepth;
    for (const CascadeEffect &effect : effects) {
        QString what;
        switch (effect.action) {
        case CascadeEffect::Action::Delete:
            what = effect.depth == 0 ? tr("deleted as asked") : tr("deleted");
            break;
        case CascadeEffect::Action::SetNull:
            what = tr("reference set to NULL");
            break;
        case CascadeEffect::Action::SetDefault:
            what = tr("reference set to its default");
            break;
        case CascadeEffect::Action::Blocked:
            what = tr("blocks the delete");
            break;
        }
        if (effect.truncated)
            what = tr("%1 (and more further down, not counted)").arg(what);
        const QString through =
            effect.constraintName.isEmpty()
                ? QString()
                : tr("%1 (ON DELETE %2)").arg(effect.constraintName, effect.onDelete);
        const QStringList texts{qualified(effect, rootSchema), what, locale.toString(effect.rows),
                                through};
        QTreeWidgetItem *parent = effect.depth > 0 && effect.depth <= lastAtDepth.size()
                                      ? lastAtDepth.at(effect.depth - 1)
                                      : nullptr;
        auto *item =
            parent ? new QTreeWidgetItem(parent, texts) : new QTreeWidgetItem(m_tree, texts);
        item->setTextAlignment(RowsColumn, Qt::AlignRight | Qt::AlignVCenter);
        item->setToolTip(TableColumn, effect.path.join(QStringLiteral(" → ")));
        item->setToolTip(ConstraintColumn, through);
        if (effect.action == CascadeEffect::Action::Blocked) {
            QFont bold = item->font(ActionColumn);
            bold.setBold(true);
            item->setFont(ActionColumn, bold);
        }
        lastAtDepth.resize(effect.depth);
        lastAtDepth.append(item);
    }
    m_tree->expandAll();
    for (int c : {TableColumn, ActionColumn, RowsColumn, ConstraintColumn})
        m_tree->resizeColumnToContents(c);
    m_tree->setVisible(true);
    widenToFit();
    m_summary->setText(model::describe(effects));

    const bool blocked = model::deleteIsBlocked(effects);
    const bool nothing = effects.isEmpty() || effects.first().rows == 0;
    m_delete->setEnabled(!blocked && !nothing);
    if (blocked) {
        m_note->setText(tr("Delete is off because the server would refuse it: other rows still "
                           "refer to these. Delete or change those rows first."));
        m_note->setVisible(true);
    } else if (nothing) {
        m_note->setText(tr("Delete is off because there is nothing left to delete."));
        m_note->setVisible(true);
    }
}

// Every column readable in full when the screen allows: the foreign key's "(ON DELETE
// CASCADE)" is the point of the dialog, not something to cut.
void CascadePreviewDialog::widenToFit()
{
    int needed = m_tree->frameWidth() * 2 + m_tree->verticalScrollBar()->sizeHint().width();
    for (int c = 0; c < m_tree->columnCount(); ++c)
        needed += m_tree->columnWidth(c);
    const QMargins margins = layout()->contentsMargins();
    needed += margins.left() + margins.right();
    const QScreen *shown = screen();
    const int room = shown ? shown->availableGeometry().width() - 40 : needed;
    if (needed > width())
        resize(qMin(needed, room), height());
}

void CascadePreviewDialog::showError(const model::DbError &error)
{
    m_counting = false;
    m_effects.clear();
    m_tree->setVisible(false);
    m_summary->setText(tr("Could not count the related rows: %1").arg(error.message));
    if (!error.detail.isEmpty())
        m_summary->setToolTip(error.detail);
    m_note->setText(tr("Delete is off because what it would take with it is unknown."));
    m_note->setVisible(true);
    m_delete->setEnabled(false);
}

} // namespace dbx::ui
