#include "ui/querybuilder/sqlimportdialog.h"

#include "model/query/sqlimport.h"
#include "ui/common/sqlhighlighter.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace dbx::ui {

SqlImportDialog::SqlImportDialog(const model::SchemaSnapshot &snapshot, QWidget *parent)
    : QDialog(parent)
    , m_snapshot(snapshot)
    , m_text(new QPlainTextEdit(this))
    , m_error(new QLabel(this))
{
    setObjectName(QStringLiteral("importSqlDialog"));
    setWindowTitle(tr("Query from SQL"));
    auto *intro = new QLabel(
        tr("Paste or type one SELECT. The builder reads it with PostgreSQL's own parser and shows "
           "its tables, joins, columns, filters, grouping, windows and WITH queries."),
        this);
    intro->setWordWrap(true);
    m_text->setObjectName(QStringLiteral("importSqlText"));
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setPlaceholderText(
        QStringLiteral("SELECT workload, avg(compensation)::int AS avg_compensation\nFROM "
                       "resumes\nWHERE title LIKE '%Python%'\nGROUP BY workload"));
    new SqlHighlighter(m_text->document());
    m_error->setObjectName(QStringLiteral("importSqlError"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_error->hide();
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(tr("Show in Builder"));
    connect(buttons, &QDialogButtonBox::accepted, this, &SqlImportDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_text, &QPlainTextEdit::textChanged, this, [this] {
        m_ok->setEnabled(!m_text->toPlainText().trimmed().isEmpty());
        m_error->hide();
    });
    m_ok->setEnabled(false);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    resize(640, 420);
}

void SqlImportDialog::setSql(const QString &sql)
{
    m_text->setPlainText(sql);
}

QString SqlImportDialog::errorText() const
{
    return m_error->isVisible() ? m_error->text() : QString();
}

void SqlImportDialog::accept()
{
    const auto query = model::query::importSql(m_text->toPlainText(), m_snapshot);
    if (!query.ok()) {
        m_error->setText(query.error().message);
        m_error->show();
        return;
    }
    emit imported(query.value());
    QDialog::accept();
}

} // namespace dbx::ui
