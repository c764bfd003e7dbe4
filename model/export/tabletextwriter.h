#pragma once

#include "model/export/exportwriter.h"

#include <QByteArray>
#include <QList>

namespace dbx::model {

// Rows as aligned text under a header and a rule, "(n rows)" at the end, the way psql prints
// them: numbers right-aligned, the rest left-aligned. The widths come from the first screen
// of rows (kept until it is full), so a result of any size streams with bounded memory; a
// later, wider value pushes its line out rather than the whole table.
class TableTextWriter : public RowWriter {
public:
    static constexpr int kSizingRows = 1000;

    void begin(ExportFile &out, const PgResult &r) override;
    void rows(ExportFile &out, const PgResult &r) override;
    void end(ExportFile &out) override;

private:
    void flushScreen(ExportFile &out);
    void appendCell(int column, const char *data, qsizetype size);

    QList<QByteArray> m_columns; // UTF-8, as every cell
    QList<bool> m_rightAligned;
    QList<qsizetype> m_widths; // in characters
    QList<QList<QByteArray>> m_screen;
    QByteArray m_line; // the line being written, reused
    bool m_sized = false;
    qint64 m_rows = 0;
};

} // namespace dbx::model
