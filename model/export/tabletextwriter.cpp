#include "model/export/tabletextwriter.h"

#include "model/catalog/columntype.h"
#include "model/db/executor.h"

#include <QCoreApplication>

#include <algorithm>

namespace dbx::model {

namespace {

void put(ExportFile &out, const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    out.append(utf8.constData(), utf8.size());
}

// Trailing blanks of the last column are noise when the output is piped or diffed.
QString trimmedRight(QString line)
{
    while (line.endsWith(u' '))
        line.chop(1);
    return line;
}

} // namespace

void TableTextWriter::begin(ExportFile &, const PgResult &r)
{
    m_columns = r.columnNames();
    for (int c = 0; c < r.columnCount(); ++c) {
        const TypeKind kind = kindOfOid(r.columnType(c));
        m_rightAligned << (kind == TypeKind::Integer || kind == TypeKind::Decimal ||
                           kind == TypeKind::Float || kind == TypeKind::Money);
        m_widths << m_columns.at(c).size();
    }
}

void TableTextWriter::rows(ExportFile &out, const PgResult &r)
{
    for (int i = 0; i < r.rowCount(); ++i) {
        QStringList cells;
        for (int c = 0; c < r.columnCount(); ++c)
            cells << (r.isNull(i, c) ? QString()
                                     : QString::fromUtf8(r.raw(i, c), r.length(i, c)));
        ++m_rows;
        if (m_sized) {
            writeLine(out, cells);
            continue;
        }
        for (qsizetype c = 0; c < cells.size(); ++c)
            m_widths[c] = std::max(m_widths[c], cells.at(c).size());
        m_screen << cells;
        if (m_screen.size() >= kSizingRows)
            flushScreen(out);
    }
}

void TableTextWriter::flushScreen(ExportFile &out)
{
    m_sized = true;
    QStringList header;
    QStringList rule;
    for (qsizetype c = 0; c < m_columns.size(); ++c) {
        const QString &name = m_columns.at(c);
        const qsizetype left = (m_widths[c] - name.size()) / 2;
        header << QString(left, u' ') + name.leftJustified(m_widths[c] - left);
        rule << QString(m_widths[c] + 2, u'-');
    }
    put(out, trimmedRight(u' ' + header.join(QLatin1String(" | "))) + u'\n');
    put(out, rule.join(u'+') + u'\n');
    for (const QStringList &cells : std::as_const(m_screen))
        writeLine(out, cells);
    m_screen.clear();
}

void TableTextWriter::writeLine(ExportFile &out, const QStringList &cells)
{
    QStringList padded;
    for (qsizetype c = 0; c < cells.size(); ++c) {
        const qsizetype width = m_widths.value(c);
        padded << (m_rightAligned.value(c) ? cells.at(c).rightJustified(width)
                                           : cells.at(c).leftJustified(width));
    }
    put(out, trimmedRight(u' ' + padded.join(QLatin1String(" | "))) + u'\n');
}

void TableTextWriter::end(ExportFile &out)
{
    if (!m_sized)
        flushScreen(out);
    const int n = int(qMin<qint64>(m_rows, INT_MAX));
    put(out, (n == 1 ? QCoreApplication::translate("QueryCommand", "(1 row)")
                     : QCoreApplication::translate("QueryCommand", "(%n rows)", "", n)) +
                 u'\n');
}

} // namespace dbx::model
