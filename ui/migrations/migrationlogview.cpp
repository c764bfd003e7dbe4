#include "ui/migrations/migrationlogview.h"

#include "model/dberror.h"

#include <QFontDatabase>
#include <QTime>

namespace dbx::ui {

using migrations::LogLine;

MigrationLogView::MigrationLogView(QWidget *parent)
    : QPlainTextEdit(parent)
{
    setObjectName(QStringLiteral("migrationLog"));
    setReadOnly(true);
    setLineWrapMode(QPlainTextEdit::WidgetWidth);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setMaximumBlockCount(5000); // a long session must not grow without bound
    setPlaceholderText(tr("The log of migration runs appears here."));
}

void MigrationLogView::append(const LogLine &line)
{
    QString color;
    switch (line.level) {
    case LogLine::Level::Info:
        break;
    case LogLine::Level::Sql:
        color = QStringLiteral("#6b6b6b");
        break;
    case LogLine::Level::Warning:
        color = QStringLiteral("#b25e00");
        break;
    case LogLine::Level::Error:
        color = QStringLiteral("#b3261e");
        m_lastError = line.text;
        break;
    }
    const QString time = QTime::currentTime().toString(QStringLiteral("HH:mm:ss"));
    QString text = line.text.toHtmlEscaped();
    text.replace(QLatin1Char('\n'), QLatin1String("<br>&nbsp;&nbsp;"));
    const QString body =
        color.isEmpty() ? text
                        : QStringLiteral("<span style=\"color:%1\">%2</span>").arg(color, text);
    // pre-wrap: Alembic's log and offline SQL keep their spacing and indentation.
    appendHtml(QStringLiteral("<span style=\"white-space:pre-wrap\"><span "
                              "style=\"color:#8a8a8a\">%1</span>&nbsp;%2</span>")
                   .arg(time, body));
}

void MigrationLogView::appendError(const model::DbError &error)
{
    // The runner logs a failing revision itself; the same words twice would be noise.
    if (error.message != m_lastError)
        append({LogLine::Level::Error, error.message, {}});
    if (!error.detail.isEmpty())
        append({LogLine::Level::Error, error.detail, {}});
    m_lastError.clear();
}

} // namespace dbx::ui
