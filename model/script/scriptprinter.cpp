#include "model/script/scriptprinter.h"

#include "model/export/tabletextwriter.h"

#include <QCoreApplication>

namespace dbx::model {

namespace {

// psql prints the tag of a data-modifying statement after the rows it returned.
bool tagFollowsRows(const QString &command)
{
    for (const char *verb : {"INSERT", "UPDATE", "DELETE", "MERGE"}) {
        if (command.startsWith(QLatin1String(verb)))
            return true;
    }
    return false;
}

// The server's DETAIL without the HINT that DbError::detail appends to it.
QString detailOnly(const DbError &error)
{
    QString detail = error.detail;
    if (!error.hint.isEmpty() && detail.endsWith(error.hint)) {
        detail.chop(error.hint.size());
        if (detail.endsWith(u'\n'))
            detail.chop(1);
    }
    return detail;
}

// "DETAIL:  text", continuation lines as they are: psql's layout.
void addLabelled(QStringList &lines, const char *label, const QString &text)
{
    if (!text.isEmpty())
        lines << QLatin1String(label) + QLatin1String(":  ") + text;
}

} // namespace

ScriptPrinter::ScriptPrinter(ExportFormat format, ExportFile &out, MessageSink messages)
    : m_format(format)
    , m_out(out)
    , m_messages(std::move(messages))
{}

void ScriptPrinter::columns(const ScriptStep &, const PgResult &described)
{
    if (m_format == ExportFormat::Table)
        m_writer = std::make_unique<TableTextWriter>();
    else
        m_writer = std::make_unique<ExportRowWriter>(m_format, true, false);
    m_writer->begin(m_out, described);
}

bool ScriptPrinter::row(const PgResult &row)
{
    m_writer->rows(m_out, row);
    if (m_out.full() && m_written.ok())
        m_written = m_out.flush();
    return m_written.ok();
}

bool ScriptPrinter::copyData(const char *data, int length)
{
    m_out.append(data, length);
    if (m_out.full() && m_written.ok())
        m_written = m_out.flush();
    return m_written.ok();
}

void ScriptPrinter::endResult()
{
    if (!m_writer)
        return;
    m_writer->end(m_out);
    m_writer.reset();
    if (m_format == ExportFormat::Table)
        m_out.append("\n", 1);
}

void ScriptPrinter::flush()
{
    if (m_written.ok())
        m_written = m_out.flush();
}

void ScriptPrinter::finished(const ScriptStep &, const PgRows &summary, bool hadRows)
{
    endResult();
    if (!summary.command.isEmpty() && (!hadRows || tagFollowsRows(summary.command))) {
        if (m_format == ExportFormat::Table) {
            const QByteArray line = summary.command.toUtf8() + '\n';
            m_out.append(line.constData(), line.size());
        } else {
            m_messages(summary.command);
        }
    }
    flush();
}

void ScriptPrinter::notice(const Notice &notice)
{
    // What was written before the notice reaches the terminal before it.
    flush();
    QStringList lines;
    addLabelled(lines, notice.severity.toUtf8().constData(), notice.message);
    addLabelled(lines, "DETAIL", notice.detail);
    addLabelled(lines, "HINT", notice.hint);
    for (const QString &line : std::as_const(lines))
        m_messages(line);
}

void ScriptPrinter::failed(const ScriptStep &, const ScriptFailure &failure)
{
    // A result cut short is still closed, so a JSON output stays a valid document.
    endResult();
    flush();
    for (const QString &line : describe(failure))
        m_messages(line);
}

QStringList ScriptPrinter::describe(const ScriptFailure &failure)
{
    const DbError &error = failure.error;
    QStringList lines;
    lines << QCoreApplication::translate("ScriptPrinter", "line %1: ERROR:  %2")
                 .arg(failure.statementLine)
                 .arg(error.message);
    if (failure.line > 0) {
        const QString where = QCoreApplication::translate("ScriptPrinter", "line %1, column %2: ")
                                  .arg(failure.line)
                                  .arg(failure.column);
        lines << where + failure.lineText;
        // Tabs before the column are kept so that the caret lines up in a terminal.
        QString pad = failure.lineText.left(failure.column - 1);
        for (QChar &c : pad) {
            if (c != u'\t')
                c = u' ';
        }
        lines << QString(where.size(), u' ') + pad + u'^';
    }
    addLabelled(lines, "DETAIL", detailOnly(error));
    addLabelled(lines, "HINT", error.hint);
    return lines;
}

} // namespace dbx::model
