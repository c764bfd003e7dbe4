#include "model/export/exportwriter.h"

#include "model/catalog/columntype.h"
#include "model/db/executor.h"

#include <QCoreApplication>

#include <unistd.h>

namespace dbx::model {

namespace {

DbError fileError(const QString &message, const QString &detail)
{
    DbError error;
    error.kind = DbError::Kind::Statement;
    error.message = message;
    error.detail = detail;
    return error;
}

} // namespace

// Quotes inside a quoted field are doubled. An empty string is written as "" so that it differs
// from NULL (nothing).
char *ExportRowWriter::writeCsv(char *out, const char *value, int length)
{
    if (length == 0) {
        *out++ = '"';
        *out++ = '"';
        return out;
    }
    // Text values hold no NUL, so the C library's scan applies.
    if (!std::strpbrk(value, ",\"\r\n"))
        return ExportFile::put(out, value, length);
    *out++ = '"';
    const char *end = value + length;
    for (const char *p = value; p < end;) {
        const char *quote = static_cast<const char *>(std::memchr(p, '"', size_t(end - p)));
        const char *stop = quote ? quote + 1 : end;
        out = ExportFile::put(out, p, stop - p);
        if (quote)
            *out++ = '"';
        p = stop;
    }
    *out++ = '"';
    return out;
}

namespace {

// A JSON string; UTF-8 passes through. Needs room for 6 * length + 2 bytes.
char *writeJsonString(char *out, const char *value, int length)
{
    static const char hex[] = "0123456789abcdef";
    *out++ = '"';
    const char *end = value + length;
    for (const char *p = value; p < end;) {
        // RFC 8259 escapes the quote, the backslash and U+0000..U+001F.
        const char *special = p;
        while (special < end && static_cast<unsigned char>(*special) >= 0x20 && *special != '"' &&
               *special != '\\')
            ++special;
        out = ExportFile::put(out, p, special - p);
        if (special == end)
            break;
        const auto c = static_cast<unsigned char>(*special);
        *out++ = '\\';
        switch (c) {
        case '"':
        case '\\':
            *out++ = char(c);
            break;
        case '\n':
            *out++ = 'n';
            break;
        case '\r':
            *out++ = 'r';
            break;
        case '\t':
            *out++ = 't';
            break;
        default:
            out = ExportFile::put(out, "u00", 3);
            *out++ = hex[c >> 4];
            *out++ = hex[c & 15];
        }
        p = special + 1;
    }
    *out++ = '"';
    return out;
}

} // namespace

ExportFile::ExportFile(const QString &path)
    : m_file(path)
{
    m_buffer.resize(kBufferBytes);
}

ExportFile::ExportFile()
    : m_toStdout(true)
{
    m_buffer.resize(kBufferBytes);
}

std::unique_ptr<ExportFile> ExportFile::standardOutput()
{
    return std::unique_ptr<ExportFile>(new ExportFile());
}

QIODevice &ExportFile::device()
{
    if (m_toStdout)
        return m_stdout;
    return m_file;
}

Status ExportFile::open()
{
    const bool opened = m_toStdout
                            ? m_stdout.open(STDOUT_FILENO, QIODevice::WriteOnly | QIODevice::Unbuffered)
                            : m_file.open(QIODevice::WriteOnly);
    if (opened)
        return {};
    return fileError(QCoreApplication::translate("TableExporter", "Could not create the file %1.")
                         .arg(m_toStdout ? QStringLiteral("-") : m_file.fileName()),
                     device().errorString());
}

Status ExportFile::flush()
{
    if (m_used == 0)
        return {};
    if (device().write(m_buffer.constData(), m_used) != m_used)
        return writeError();
    m_written += m_used;
    m_used = 0;
    if (m_buffer.size() > 2 * kBufferBytes) {
        m_buffer.resize(kBufferBytes);
        m_buffer.squeeze();
    }
    return {};
}

Status ExportFile::commit()
{
    if (Status flushed = flush(); !flushed)
        return flushed;
    if (m_toStdout)
        return {};
    if (!m_file.commit())
        return writeError();
    return {};
}

DbError ExportFile::writeError() const
{
    const QIODevice &out = m_toStdout ? static_cast<const QIODevice &>(m_stdout) : m_file;
    return fileError(QCoreApplication::translate("TableExporter", "Could not write the file %1.")
                         .arg(m_toStdout ? QStringLiteral("-") : m_file.fileName()),
                     out.errorString());
}

ExportRowWriter::Kind ExportRowWriter::kindOf(unsigned int type)
{
    switch (kindOfOid(type)) {
    case TypeKind::Integer:
        return Kind::Number;
    case TypeKind::Float:
    case TypeKind::Decimal:
        return Kind::Float;
    case TypeKind::Boolean:
        return Kind::Bool;
    case TypeKind::Json:
        return Kind::Json;
    default:
        return Kind::String;
    }
}

ExportRowWriter::ExportRowWriter(ExportFormat format, bool header, bool crlf)
    : m_format(format)
    , m_header(header)
    , m_crlf(crlf)
{}

void ExportRowWriter::begin(ExportFile &out, const PgResult &r)
{
    const int columns = r.columnCount();
    QByteArray header;
    for (int c = 0; c < columns; ++c) {
        const QByteArray utf8 = r.columnName(c).toUtf8();
        const char *name = utf8.constData();
        const int length = int(utf8.size());
        QByteArray text(6 * length + 4, Qt::Uninitialized);
        char *p = text.data();
        if (m_format == ExportFormat::Csv) {
            if (c > 0)
                *p++ = ',';
            header.append(text.constData(), writeCsv(p, name, length) - text.constData());
        } else {
            *p++ = c == 0 ? '{' : ',';
            p = writeJsonString(p, name, length);
            *p++ = ':';
            m_keys.push_back(text.left(p - text.constData()));
            m_kinds.push_back(kindOf(r.columnType(c)));
        }
    }
    if (m_format == ExportFormat::Json)
        out.append("[", 1);
    else if (m_header) {
        header.append(m_crlf ? "\r\n" : "\n");
        out.append(header.constData(), header.size());
    }
}

void ExportRowWriter::rows(ExportFile &out, const PgResult &r)
{
    const int count = r.rowCount();
    const int columns = r.columnCount();
    for (int i = 0; i < count; ++i) {
        if (m_format == ExportFormat::Csv)
            csvRow(out, r, i, columns);
        else
            jsonRow(out, r, i, columns);
    }
}

void ExportRowWriter::end(ExportFile &out)
{
    if (m_format == ExportFormat::Json)
        out.append("\n]\n", 3);
}

void ExportRowWriter::csvRow(ExportFile &out, const PgResult &r, int row, int columns)
{
    qsizetype bound = columns + 2;
    for (int c = 0; c < columns; ++c)
        bound += 2 * qsizetype(r.length(row, c)) + 2;
    char *p = out.room(bound);
    for (int c = 0; c < columns; ++c) {
        if (c > 0)
            *p++ = ',';
        if (!r.isNull(row, c))
            p = writeCsv(p, r.raw(row, c), r.length(row, c));
    }
    if (m_crlf)
        *p++ = '\r';
    *p++ = '\n';
    out.advance(p);
    ++m_rows;
}

void ExportRowWriter::jsonRow(ExportFile &out, const PgResult &r, int row, int columns)
{
    qsizetype bound = 4;
    for (int c = 0; c < columns; ++c)
        bound += m_keys[size_t(c)].size() + 6 * qsizetype(r.length(row, c)) + 5;
    char *p = out.room(bound);
    if (m_rows > 0)
        *p++ = ',';
    *p++ = '\n';
    for (int c = 0; c < columns; ++c) {
        const QByteArray &key = m_keys[size_t(c)];
        p = ExportFile::put(p, key.constData(), key.size());
        if (r.isNull(row, c)) {
            p = ExportFile::put(p, "null", 4);
            continue;
        }
        const char *v = r.raw(row, c);
        const int length = r.length(row, c);
        switch (m_kinds[size_t(c)]) {
        case Kind::Number:
        case Kind::Json:
            p = ExportFile::put(p, v, length);
            break;
        case Kind::Float:
            // NaN and Infinity have no JSON number form.
            if (v[0] == 'N' || v[0] == 'I' || (v[0] == '-' && v[1] == 'I'))
                p = writeJsonString(p, v, length);
            else
                p = ExportFile::put(p, v, length);
            break;
        case Kind::Bool:
            p = v[0] == 't' ? ExportFile::put(p, "true", 4) : ExportFile::put(p, "false", 5);
            break;
        case Kind::String:
            p = writeJsonString(p, v, length);
            break;
        }
    }
    if (columns == 0)
        *p++ = '{';
    *p++ = '}';
    out.advance(p);
    ++m_rows;
}

} // namespace dbx::model
