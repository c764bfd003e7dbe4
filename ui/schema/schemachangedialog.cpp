#include "ui/schema/schemachangedialog.h"

#include "migrations/changerevision.h"
#include "migrations/migrationservice.h"
#include "model/db/database.h"
#include "ui/common/sqlhighlighter.h"
#include "ui/schema/schemachangeforms.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace dbx::ui {

namespace {

QString errorMessage(const model::DbError &error)
{
    QString text = error.message;
    if (!error.detail.isEmpty())
        text += u'\n' + error.detail;
    return text;
}

} // namespace

SchemaChangeDialog::SchemaChangeDialog(model::Database *database,
                                       migrations::MigrationService *service, ChangeForm *form,
                                       const QString &title, QWidget *parent)
    : QDialog(parent)
    , m_database(database)
    , m_service(service)
    , m_form(form)
    , m_sql(new QPlainTextEdit(this))
    , m_message(new QLineEdit(this))
    , m_warnings(new QLabel(this))
    , m_error(new QLabel(this))
{
    setObjectName(QStringLiteral("schemaChangeDialog"));
    setWindowTitle(title);
    form->setParent(this);
    m_sql->setObjectName(QStringLiteral("schemaChangeSql"));
    m_sql->setReadOnly(true);
    m_sql->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_sql->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    new SqlHighlighter(m_sql->document());
    m_message->setObjectName(QStringLiteral("revisionMessage"));
    m_warnings->setObjectName(QStringLiteral("schemaChangeWarnings"));
    m_warnings->setWordWrap(true);
    m_warnings->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_warnings->setStyleSheet(QStringLiteral("color: #8a5300;"));
    m_warnings->hide();
    m_error->setObjectName(QStringLiteral("schemaChangeError"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet(QStringLiteral("color: #b3261e;"));
    m_error->hide();

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_runNow = buttons->addButton(tr("&Run Now"), QDialogButtonBox::ActionRole);
    m_runNow->setObjectName(QStringLiteral("schemaChangeRunNow"));
    m_saveRevision = buttons->addButton(tr("&Save as Revision"), QDialogButtonBox::ActionRole);
    m_saveRevision->setObjectName(QStringLiteral("schemaChangeSaveRevision"));
    connect(m_runNow, &QPushButton::clicked, this, &SchemaChangeDialog::runNow);
    connect(m_saveRevision, &QPushButton::clicked, this, &SchemaChangeDialog::saveAsRevision);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(form, &ChangeForm::edited, this, &SchemaChangeDialog::updateDdl);
    connect(m_message, &QLineEdit::textEdited, this, [this] { m_messageEdited = true; });

    auto *message = new QFormLayout;
    message->addRow(tr("Revision &message:"), m_message);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(form, 1);
    layout->addWidget(new QLabel(tr("DDL:"), this));
    layout->addWidget(m_sql, 1);
    layout->addWidget(m_warnings);
    layout->addLayout(message);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    // The default is what keeps a database managed by revisions in step with its folder.
    const bool managed = service && service->hasStatus() && service->status().ledgerExists &&
                         !service->revisionDirectory().isEmpty();
    (managed ? m_saveRevision : m_runNow)->setDefault(true);
    resize(720, 600); // fits a 1024x700 screen with the window frame
    updateDdl();
}

QString SchemaChangeDialog::ddl() const
{
    return m_sql->toPlainText();
}

QString SchemaChangeDialog::warningText() const
{
    return m_warnings->isHidden() ? QString() : m_warnings->text();
}

QString SchemaChangeDialog::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void SchemaChangeDialog::updateDdl()
{
    const migrations::SchemaEdit change = m_form->change();
    const QString problem = change.problem();
    QStringList warnings;
    if (!problem.isEmpty()) {
        m_sql->setPlainText(QStringLiteral("-- ") + problem);
    } else {
        const migrations::SchemaChange upgrade = change.upgrade();
        const migrations::SchemaChange downgrade = change.downgrade();
        // The section markers of a revision file: SQL, not words to translate.
        m_sql->setPlainText(QStringLiteral("-- upgrade\n") + migrations::scriptOf(upgrade) +
                            QStringLiteral("\n-- downgrade\n") + migrations::scriptOf(downgrade));
        for (const QString &w : upgrade.warnings)
            warnings << tr("Upgrade: %1").arg(w);
        for (const QString &w : downgrade.warnings)
            warnings << tr("Downgrade: %1").arg(w);
    }
    m_warnings->setText(warnings.join(u'\n'));
    m_warnings->setVisible(!warnings.isEmpty());
    if (!m_messageEdited)
        m_message->setText(change.summary());
    updateButtons();
}

void SchemaChangeDialog::updateButtons()
{
    const bool valid = m_form->change().problem().isEmpty();
    const bool running = m_ticket != 0;
    const model::ServerInfo &info = m_database->serverInfo();
    const bool connected = m_database->state() == model::Database::State::Connected;
    m_runNow->setEnabled(valid && !running && connected && !info.isReadOnly());
    m_runNow->setToolTip(info.isReadOnly() ? info.readOnlyReason()
                                           : tr("Run the DDL now, in one transaction"));
    const bool folder = m_service && !m_service->revisionDirectory().isEmpty();
    m_saveRevision->setEnabled(valid && !running && folder);
    m_saveRevision->setToolTip(
        folder ? tr("Write a new revision into %1").arg(m_service->revisionDirectory())
               : tr("Choose a folder of revisions in the Migrations panel first: the built-in "
                    "revisions cannot be added to"));
}

void SchemaChangeDialog::showError(const QString &text)
{
    m_error->setText(text);
    m_error->setVisible(!text.isEmpty());
}

void SchemaChangeDialog::runNow()
{
    if (m_ticket)
        return;
    showError({});
    m_ticket = migrations::runSchemaEdit(
        *m_database, m_form->change(), this, [this](model::Ticket, const model::Status &status) {
            m_ticket = 0;
            updateButtons();
            if (!status) {
                showError(tr("Nothing was changed: %1").arg(errorMessage(status.error())));
                return;
            }
            emit applied();
            accept();
        });
    updateButtons();
}

void SchemaChangeDialog::saveAsRevision()
{
    const migrations::SchemaEdit change = m_form->change();
    if (!m_service || m_service->revisionDirectory().isEmpty())
        return;
    showError({});
    const QString directory = m_service->revisionDirectory();
    const auto written = migrations::writeChangeRevision(directory, m_message->text(),
                                                         change.upgrade(), change.downgrade());
    if (!written) {
        showError(errorMessage(written.error()));
        return;
    }
    m_service->setRevisionDirectory(directory); // the panel lists the new revision
    emit revisionSaved(written->path, written->id);
    accept();
}

} // namespace dbx::ui
