#include "ui/migrations/revisioneditordialog.h"

#include "migrations/revisionwriter.h"
#include "ui/common/sqlhighlighter.h"

#include <QDialogButtonBox>
#include <QFile>
#include <QFileInfo>
#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace dbx::ui {

RevisionEditorDialog::RevisionEditorDialog(const QString &path, QWidget *parent)
    : QDialog(parent)
    , m_path(path)
    , m_text(new QPlainTextEdit(this))
    , m_problem(new QLabel(this))
{
    setObjectName(QStringLiteral("revisionEditorDialog"));
    setWindowTitle(tr("Edit Revision — %1").arg(QFileInfo(path).fileName()));
    auto *note = new QLabel(
        tr("Write the upgrade SQL under \"-- upgrade\". To undo it, replace \"-- downgrade: "
           "empty\" with \"-- downgrade\" followed by the SQL that reverts it."),
        this);
    note->setWordWrap(true);
    m_text->setObjectName(QStringLiteral("revisionText"));
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    new SqlHighlighter(m_text->document());
    QFile file(path);
    if (file.open(QIODevice::ReadOnly))
        m_text->setPlainText(QString::fromUtf8(file.readAll()));
    m_problem->setObjectName(QStringLiteral("revisionProblem"));
    m_problem->setWordWrap(true);
    m_problem->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problem->setStyleSheet(QStringLiteral("color: #b3261e;"));
    m_problem->hide();

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Close, this);
    buttons->button(QDialogButtonBox::Save)->setObjectName(QStringLiteral("revisionSave"));
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (save())
            accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(note);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);
    resize(760, 560);
}

bool RevisionEditorDialog::save()
{
    const model::Status status = migrations::RevisionWriter::save(m_path, m_text->toPlainText());
    if (!status) {
        m_problem->setText(status.error().message);
        m_problem->show();
        return false;
    }
    m_problem->hide();
    emit saved(m_path);
    return true;
}

} // namespace dbx::ui
