#include "ui/common/sqlpreviewdialog.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QVBoxLayout>

namespace dbx::ui {

SqlPreviewDialog::SqlPreviewDialog(const QString &title, const QString &sql, QWidget *parent)
    : QDialog(parent)
    , m_text(new QPlainTextEdit(this))
    , m_note(new QLabel(this))
{
    setObjectName(QStringLiteral("sqlPreviewDialog"));
    setWindowTitle(tr("SQL Preview — %1").arg(title));
    m_text->setObjectName(QStringLiteral("previewSql"));
    m_text->setReadOnly(true);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setPlainText(sql);
    m_note->setObjectName(QStringLiteral("previewNote"));
    m_note->setText(tr("Nothing has been run. This is the SQL the run would send, in order."));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton *copyButton = buttons->addButton(tr("&Copy"), QDialogButtonBox::ActionRole);
    copyButton->setObjectName(QStringLiteral("previewCopy"));
    QPushButton *saveButton = buttons->addButton(tr("&Save As…"), QDialogButtonBox::ActionRole);
    saveButton->setObjectName(QStringLiteral("previewSave"));
    connect(copyButton, &QPushButton::clicked, this, &SqlPreviewDialog::copy);
    connect(saveButton, &QPushButton::clicked, this, &SqlPreviewDialog::saveAs);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_note);
    layout->addWidget(m_text, 1);
    layout->addWidget(buttons);
    resize(760, 560);
}

QString SqlPreviewDialog::sql() const
{
    return m_text->toPlainText();
}

void SqlPreviewDialog::copy()
{
    QApplication::clipboard()->setText(sql());
    m_note->setText(tr("Copied to the clipboard."));
}

void SqlPreviewDialog::saveAs()
{
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Save SQL"), QStringLiteral("migration.sql"),
                                     tr("SQL files (*.sql);;All files (*)"));
    if (path.isEmpty())
        return;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(sql().toUtf8()) < 0 || !file.commit()) {
        m_note->setText(tr("Could not save %1: %2").arg(path, file.errorString()));
        m_note->setStyleSheet(QStringLiteral("color: #b3261e;"));
        return;
    }
    m_note->setStyleSheet({});
    m_note->setText(tr("Saved to %1.").arg(path));
}

} // namespace dbx::ui
