#pragma once

#include "model/export/tableexporter.h"
#include "model/result.h"

#include <QByteArray>
#include <QSaveFile>
#include <QString>

#include <QFile>

#include <cstring>
#include <memory>
#include <vector>

namespace dbx::model {

class PgResult;

// The file an export writes: a temporary file beside the target with our own write buffer (one
// write() per megabyte), renamed over the target by commit(); destroyed without commit it leaves
// nothing behind. Or the process's standard output, for the command line, written as rows
// arrive. Rows are written through a raw pointer into room() reserved for them: one
// QByteArray::append per field would cost more than the copying itself.
class ExportFile {
public:
    explicit ExportFile(const QString &path);
    // Standard output (file descriptor 1).
    static std::unique_ptr<ExportFile> standardOutput();

    Status open();
    // Space for `bytes` more bytes at the end of what is buffered.
    char *room(qsizetype bytes)
    {
        if (m_used + bytes > m_buffer.size())
            m_buffer.resize(m_used + bytes); // a value larger than the buffer
        return m_buffer.data() + m_used;
    }
    // What was written into room() ends at `end`.
    void advance(const char *end) { m_used = end - m_buffer.constData(); }
    void append(const char *data, qsizetype size) { advance(put(room(size), data, size)); }
    qint64 bytes() const { return m_written + m_used; }
    // Checked per row: cheap, unlike building a Status each time.
    bool full() const { return m_used >= kFlushBytes; }
    Status flush();
    // Writes what is buffered and puts the file in place of the target.
    Status commit();

    static char *put(char *to, const char *data, qsizetype size)
    {
        std::memcpy(to, data, size_t(size));
        return to + size;
    }

private:
    static constexpr qsizetype kFlushBytes = 1024 * 1024;
    static constexpr qsizetype kBufferBytes = kFlushBytes + 64 * 1024;
    DbError writeError() const;

    ExportFile();
    QIODevice &device();

    QSaveFile m_file;
    QFile m_stdout;
    bool m_toStdout = false;
    QByteArray m_buffer; // its size is the capacity; m_used bytes are filled
    qsizetype m_used = 0;
    qint64 m_written = 0;
};

// Turns the text rows of FETCH results into CSV (RFC 4180, CRLF, NULL as an empty field and the
// empty string as "") or a JSON array of objects (RFC 8259; numbers, booleans and json columns
// by their type OID, everything else as strings). The first result, even an empty one,
// describes the columns.
class RowWriter {
public:
    virtual ~RowWriter() = default;
    // The first result, even an empty one, describes the columns.
    virtual void begin(ExportFile &out, const PgResult &r) = 0;
    virtual void rows(ExportFile &out, const PgResult &r) = 0;
    virtual void end(ExportFile &out) = 0;
};

class ExportRowWriter : public RowWriter {
public:
    ExportRowWriter(ExportFormat format, bool header, bool crlf = true);

    void begin(ExportFile &out, const PgResult &r) override;
    void rows(ExportFile &out, const PgResult &r) override;
    void end(ExportFile &out) override;
    qint64 rowCount() const { return m_rows; }

    // CSV's rule for one field (RFC 4180: quoted when it holds a comma, a quote or a line
    // break, the empty string as ""): needs room for 2 * length + 2 bytes.
    static char *writeCsv(char *out, const char *value, int length);

private:
    enum class Kind { Number, Float, Bool, Json, String };
    static Kind kindOf(unsigned int typeOid);
    void csvRow(ExportFile &out, const PgResult &r, int row, int columns);
    void jsonRow(ExportFile &out, const PgResult &r, int row, int columns);

    ExportFormat m_format;
    bool m_header;
    bool m_crlf;
    qint64 m_rows = 0;
    std::vector<QByteArray> m_keys;
    std::vector<Kind> m_kinds;
};

} // namespace dbx::model
