#include "ui/schema/ddldialog.h"

#include "model/sqlident.h"
#include "ui/common/sqlhighlighter.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace dbx::ui {

DdlDialog::DdlDialog(model::Database *database, const model::DdlObject &object, QWidget *parent)
    : QDialog(parent)
    , m_reader(new model::DdlReader(database, this))
    , m_text(new QPlainTextEdit(this))
    , m_note(new QLabel(this))
{
    setObjectName(QStringLiteral("ddlDialog"));
    setWindowTitle(tr("DDL — %1").arg(model::quoteQualified(object.schema, object.name)));
    m_text->setObjectName(QStringLiteral("ddlText"));
    m_text->setReadOnly(true);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    new SqlHighlighter(m_text->document());
    m_note->setObjectName(QStringLiteral("ddlNote"));
    m_note->setWordWrap(true);
    m_note->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_note->setText(object.isRelation() ? tr("Running pg_dump…") : tr("Reading the catalog…"));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_copy = buttons->addButton(tr("&Copy"), QDialogButtonBox::ActionRole);
    m_copy->setObjectName(QStringLiteral("ddlCopy"));
    m_copy->setEnabled(false);
    connect(m_copy, &QPushButton::clicked, this, &DdlDialog::copy);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_reader, &model::DdlReader::ready, this, &DdlDialog::showDdl);
    connect(m_reader, &model::DdlReader::failed, this, &DdlDialog::showError);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_note);
    layout->addWidget(m_text, 1);
    layout->addWidget(buttons);
    // Fits a 1024x700 screen with the window frame and a panel around it.
    resize(760, 560);
    m_reader->load(object);
}

QString DdlDialog::ddl() const
{
    return m_text->toPlainText();
}

bool DdlDialog::isLoading() const
{
    return m_reader->isLoading();
}

void DdlDialog::showDdl(const QString &ddl)
{
    m_text->setPlainText(ddl);
    m_note->setText(tr("As PostgreSQL writes it."));
    m_copy->setEnabled(true);
}

void DdlDialog::showError(const model::DbError &error)
{
    m_note->setText(error.detail.isEmpty() || error.message.contains(error.detail)
                        ? error.message
                        : error.message + QLatin1Char('\n') + error.detail);
    m_note->setStyleSheet(QStringLiteral("color: #b3261e;"));
}

void DdlDialog::copy()
{
    QApplication::clipboard()->setText(ddl());
    m_note->setText(tr("Copied to the clipboard."));
}

} // namespace dbx::ui
