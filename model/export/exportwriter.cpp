#include "model/export/exportwriter.h"

#include <QCoreApplication>

#include <libpq-fe.h>

namespace dbx::model {

namespace {

// Type OIDs (pg_type.h) that decide how a JSON value is written.
constexpr Oid kBoolOid = 16;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kOidOid = 26;
constexpr Oid kJsonOid = 114;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kNumericOid = 1700;
constexpr Oid kJsonbOid = 3802;

DbError fileError(const QString &message, const QString &detail)
{
    DbError error;
    error.kind = DbError::Kind::Statement;
    error.message = message;
    error.detail = detail;
    return error;
}

// RFC 4180: a field is quoted when it holds a comma, a quote or a line break, and quotes inside
// are doubled. An empty string is written as "" so that it differs from NULL (nothing).
// Needs room for 2 * length + 2 bytes.
char *writeCsv(char *out, const char *value, int length)
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

Status ExportFile::open()
{
    if (m_file.open(QIODevice::WriteOnly))
        return {};
    return fileError(QCoreApplication::translate("TableExporter", "Could not create the file %1.")
                         .arg(m_file.fileName()),
                     m_file.errorString());
}

Status ExportFile::flush()
{
    if (m_used == 0)
        return {};
    if (m_file.write(m_buffer.constData(), m_used) != m_used)
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
    if (!m_file.commit())
        return writeError();
    return {};
}

DbError ExportFile::writeError() const
{
    return fileError(QCoreApplication::translate("TableExporter", "Could not write the file %1.")
                         .arg(m_file.fileName()),
                     m_file.errorString());
}

ExportRowWriter::Kind ExportRowWriter::kindOf(unsigned int type)
{
    switch (type) {
    case kInt2Oid:
    case kInt4Oid:
    case kInt8Oid:
    case kOidOid:
        return Kind::Number;
    case kFloat4Oid:
    case kFloat8Oid:
    case kNumericOid:
        return Kind::Float;
    case kBoolOid:
        return Kind::Bool;
    case kJsonOid:
    case kJsonbOid:
        return Kind::Json;
    default:
        return Kind::String;
    }
}

ExportRowWriter::ExportRowWriter(ExportFormat format, bool header)
    : m_format(format)
    , m_header(header)
{}

void ExportRowWriter::begin(ExportFile &out, const PGresult *r)
{
    const int columns = PQnfields(r);
    QByteArray header;
    for (int c = 0; c < columns; ++c) {
        const char *name = PQfname(r, c);
        const int length = int(std::strlen(name));
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
            m_kinds.push_back(kindOf(PQftype(r, c)));
        }
    }
    if (m_format == ExportFormat::Json)
        out.append("[", 1);
    else if (m_header) {
        header.append("\r\n");
        out.append(header.constData(), header.size());
    }
}

void ExportRowWriter::rows(ExportFile &out, const PGresult *r)
{
    const int count = PQntuples(r);
    const int columns = PQnfields(r);
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

void ExportRowWriter::csvRow(ExportFile &out, const PGresult *r, int row, int columns)
{
    qsizetype bound = columns + 2;
    for (int c = 0; c < columns; ++c)
        bound += 2 * qsizetype(PQgetlength(r, row, c)) + 2;
    char *p = out.room(bound);
    for (int c = 0; c < columns; ++c) {
        if (c > 0)
            *p++ = ',';
        if (!PQgetisnull(r, row, c))
            p = writeCsv(p, PQgetvalue(r, row, c), PQgetlength(r, row, c));
    }
    *p++ = '\r';
    *p++ = '\n';
    out.advance(p);
    ++m_rows;
}

void ExportRowWriter::jsonRow(ExportFile &out, const PGresult *r, int row, int columns)
{
    qsizetype bound = 4;
    for (int c = 0; c < columns; ++c)
        bound += m_keys[size_t(c)].size() + 6 * qsizetype(PQgetlength(r, row, c)) + 5;
    char *p = out.room(bound);
    if (m_rows > 0)
        *p++ = ',';
    *p++ = '\n';
    for (int c = 0; c < columns; ++c) {
        const QByteArray &key = m_keys[size_t(c)];
        p = ExportFile::put(p, key.constData(), key.size());
        if (PQgetisnull(r, row, c)) {
            p = ExportFile::put(p, "null", 4);
            continue;
        }
        const char *v = PQgetvalue(r, row, c);
        const int length = PQgetlength(r, row, c);
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
