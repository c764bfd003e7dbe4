#include "ui/migrations/generaterevisiondialog.h"

#include "migrations/autogenerateservice.h"
#include "ui/common/sqlhighlighter.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

namespace dbx::ui {

using migrations::AutogenerateService;
using migrations::GeneratedRevision;

namespace {

QListWidget *list(const char *name, QWidget *parent)
{
    auto *widget = new QListWidget(parent);
    widget->setObjectName(QLatin1String(name));
    widget->setWordWrap(true);
    return widget;
}

} // namespace

GenerateRevisionDialog::GenerateRevisionDialog(AutogenerateService *service, QWidget *parent)
    : QDialog(parent)
    , m_service(service)
    , m_message(new QLineEdit(this))
    , m_compare(new QPushButton(tr("&Compare"), this))
    , m_state(new QLabel(this))
    , m_changes(list("generatedChanges", this))
    , m_warnings(list("generatedWarnings", this))
    , m_sql(new QPlainTextEdit(this))
    , m_renames(new QCheckBox(tr("Treat a dropped and an added table or column of the same "
                                 "shape as a &rename"),
                              this))
    , m_stamp(new QCheckBox(tr("&Stamp the database at the new revision (it already has the "
                               "change)"),
                            this))
    , m_save(nullptr)
{
    setObjectName(QStringLiteral("generateRevisionDialog"));
    setWindowTitle(tr("Generate Revision"));
    m_message->setObjectName(QStringLiteral("generateMessage"));
    m_message->setPlaceholderText(tr("what the change is for, e.g. add worker emails"));
    m_compare->setObjectName(QStringLiteral("generateCompare"));
    m_state->setObjectName(QStringLiteral("generateState"));
    m_state->setWordWrap(true);
    m_state->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_sql->setObjectName(QStringLiteral("generatedSql"));
    m_sql->setReadOnly(true);
    m_sql->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_sql->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    new SqlHighlighter(m_sql->document());
    m_renames->setObjectName(QStringLiteral("generateRenames"));
    m_renames->setChecked(service->options().diff.renames);
    m_stamp->setObjectName(QStringLiteral("generateStamp"));
    m_stamp->setChecked(true);

    auto *top = new QFormLayout;
    auto *messageRow = new QHBoxLayout;
    messageRow->addWidget(m_message, 1);
    messageRow->addWidget(m_compare);
    auto *messageLabel = new QLabel(tr("&Message:"), this);
    messageLabel->setBuddy(m_message);
    top->addRow(messageLabel, messageRow);

    auto *lists = new QWidget(this);
    auto *listLayout = new QVBoxLayout(lists);
    listLayout->setContentsMargins(0, 0, 0, 0);
    listLayout->addWidget(new QLabel(tr("Changes in the database:"), lists));
    listLayout->addWidget(m_changes, 2);
    listLayout->addWidget(new QLabel(tr("Warnings:"), lists));
    listLayout->addWidget(m_warnings, 1);
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(lists);
    split->addWidget(m_sql);
    split->setStretchFactor(1, 2);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    m_save = buttons->button(QDialogButtonBox::Save);
    m_save->setObjectName(QStringLiteral("generateSave"));
    m_save->setEnabled(false);
    connect(buttons, &QDialogButtonBox::accepted, this, &GenerateRevisionDialog::save);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_state);
    layout->addWidget(split, 1);
    layout->addWidget(m_renames);
    layout->addWidget(m_stamp);
    layout->addWidget(buttons);
    resize(980, 620);

    connect(m_compare, &QPushButton::clicked, this, &GenerateRevisionDialog::generate);
    connect(m_message, &QLineEdit::returnPressed, this, &GenerateRevisionDialog::generate);
    connect(m_renames, &QCheckBox::toggled, this, [this] {
        if (m_revision)
            generate();
    });
    connect(service, &AutogenerateService::generated, this, &GenerateRevisionDialog::showRevision);
    connect(service, &AutogenerateService::failed, this, &GenerateRevisionDialog::showError);
    connect(service, &AutogenerateService::saved, this, [this](const QString &path) {
        setBusy(false);
        emit revisionSaved(path);
        accept();
    });
}

void GenerateRevisionDialog::setMessage(const QString &message)
{
    m_message->setText(message);
}

const GeneratedRevision *GenerateRevisionDialog::revision() const
{
    return m_revision ? &*m_revision : nullptr;
}

void GenerateRevisionDialog::generate()
{
    if (m_message->text().simplified().isEmpty()) {
        m_state->setText(tr("A revision needs a message."));
        m_message->setFocus();
        return;
    }
    migrations::AutogenerateOptions options = m_service->options();
    options.diff.renames = m_renames->isChecked();
    m_service->setOptions(options);
    m_revision.reset();
    m_save->setEnabled(false);
    setBusy(true, tr("Building the revisions in a shadow database and comparing…"));
    m_service->generate(m_message->text());
}

void GenerateRevisionDialog::setBusy(bool busy, const QString &what)
{
    m_compare->setEnabled(!busy);
    m_renames->setEnabled(!busy);
    if (busy)
        m_state->setText(what);
}

void GenerateRevisionDialog::showRevision(const GeneratedRevision &revision)
{
    setBusy(false);
    m_revision = revision;
    m_changes->clear();
    m_changes->addItems(revision.differences);
    m_warnings->clear();
    const auto addWarnings = [this](const QString &prefix, const QStringList &lines) {
        for (const QString &line : lines)
            m_warnings->addItem(prefix.arg(line));
    };
    addWarnings(tr("Data loss on upgrade: %1"), revision.upgrade.warnings);
    addWarnings(tr("Data loss on downgrade: %1"), revision.downgrade.warnings);
    addWarnings(tr("Not written, named in the file: %1"), revision.upgrade.notExpressed);
    addWarnings(tr("Possible rename: %1"), revision.upgrade.renameCandidates);
    m_sql->setPlainText(revision.text);
    m_state->setText(tr("Verified in %1: the upgrade gives the database's schema, the downgrade "
                        "the revisions' one.")
                         .arg(revision.shadow));
    m_save->setEnabled(true);
}

void GenerateRevisionDialog::showError(const model::DbError &error)
{
    setBusy(false);
    m_state->setText(error.detail.isEmpty() ? error.message
                                            : error.message + QLatin1Char('\n') + error.detail);
}

void GenerateRevisionDialog::save()
{
    if (!m_revision)
        return;
    m_save->setEnabled(false);
    setBusy(true, tr("Saving…"));
    m_service->save(*m_revision, m_stamp->isChecked());
}

} // namespace dbx::ui
