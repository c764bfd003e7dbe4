#include "model/export/tabletextwriter.h"

#include "model/catalog/columntype.h"
#include "model/db/executor.h"

#include <QCoreApplication>

#include <algorithm>

namespace dbx::model {

namespace {

// Characters, not bytes: a UTF-8 continuation byte starts no character.
qsizetype textWidth(const char *data, qsizetype size)
{
    qsizetype width = 0;
    for (qsizetype i = 0; i < size; ++i)
        width += (static_cast<unsigned char>(data[i]) & 0xC0) != 0x80;
    return width;
}

qsizetype textWidth(const QByteArray &text)
{
    return textWidth(text.constData(), text.size());
}

void putLine(ExportFile &out, QByteArray &line)
{
    // Trailing blanks of the last column are noise when the output is piped or diffed.
    qsizetype end = line.size();
    while (end > 0 && line.at(end - 1) == ' ')
        --end;
    line.truncate(end);
    line.append('\n');
    out.append(line.constData(), line.size());
}

} // namespace

void TableTextWriter::begin(ExportFile &, const PgResult &r)
{
    for (int c = 0; c < r.columnCount(); ++c) {
        const TypeKind kind = kindOfOid(r.columnType(c));
        m_rightAligned << (kind == TypeKind::Integer || kind == TypeKind::Decimal ||
                           kind == TypeKind::Float || kind == TypeKind::Money);
        m_columns << r.columnNames().at(c).toUtf8();
        m_widths << textWidth(m_columns.last());
    }
}

void TableTextWriter::rows(ExportFile &out, const PgResult &r)
{
    for (int i = 0; i < r.rowCount(); ++i) {
        ++m_rows;
        if (m_sized) {
            // Straight from the server's bytes: no copy of a value but into the line.
            m_line.clear();
            for (int c = 0; c < r.columnCount(); ++c) {
                const bool null = r.isNull(i, c);
                appendCell(c, null ? "" : r.raw(i, c), null ? 0 : r.length(i, c));
            }
            putLine(out, m_line);
            continue;
        }
        QList<QByteArray> cells;
        for (int c = 0; c < r.columnCount(); ++c) {
            cells << (r.isNull(i, c) ? QByteArray() : QByteArray(r.raw(i, c), r.length(i, c)));
            m_widths[c] = std::max(m_widths[c], textWidth(cells.last()));
        }
        m_screen << cells;
        if (m_screen.size() >= kSizingRows)
            flushScreen(out);
    }
}

void TableTextWriter::appendCell(int column, const char *data, qsizetype size)
{
    m_line.append(column == 0 ? " " : " | ");
    const qsizetype pad = std::max<qsizetype>(0, m_widths.value(column) - textWidth(data, size));
    if (m_rightAligned.value(column))
        m_line.append(pad, ' ');
    m_line.append(data, size);
    if (!m_rightAligned.value(column))
        m_line.append(pad, ' ');
}

void TableTextWriter::flushScreen(ExportFile &out)
{
    m_sized = true;
    m_line.clear();
    QByteArray rule;
    for (qsizetype c = 0; c < m_columns.size(); ++c) {
        const QByteArray &name = m_columns.at(c);
        const qsizetype spare = m_widths[c] - textWidth(name);
        m_line.append(c == 0 ? " " : " | ");
        m_line.append(spare / 2, ' ').append(name).append(spare - spare / 2, ' ');
        if (c > 0)
            rule.append('+');
        rule.append(m_widths[c] + 2, '-');
    }
    putLine(out, m_line);
    putLine(out, rule);
    for (const QList<QByteArray> &cells : std::as_const(m_screen)) {
        m_line.clear();
        for (qsizetype c = 0; c < cells.size(); ++c)
            appendCell(int(c), cells.at(c).constData(), cells.at(c).size());
        putLine(out, m_line);
    }
    m_screen.clear();
}

void TableTextWriter::end(ExportFile &out)
{
    if (!m_sized)
        flushScreen(out);
    const int n = int(qMin<qint64>(m_rows, INT_MAX));
    const QByteArray count =
        (n == 1 ? QCoreApplication::translate("QueryCommand", "(1 row)")
                : QCoreApplication::translate("QueryCommand", "(%n rows)", "", n))
            .toUtf8() +
        '\n';
    out.append(count.constData(), count.size());
}

} // namespace dbx::model
