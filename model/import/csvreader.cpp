#include "model/import/csvreader.h"

#include <QCoreApplication>
#include <QFile>
#include <QStringDecoder>

namespace dbx::model {

namespace {

// The preview reads at most this much of a file, however long its first records are.
constexpr qint64 kPreviewBytesMax = 16 * 1024 * 1024;
constexpr qint64 kPreviewChunk = 256 * 1024;

// COPY's CSV rules over text in memory, record by record.
class CsvParser {
public:
    CsvParser(const QString &text, const CsvOptions &options, bool complete)
        : m_text(text)
        , m_options(options)
        , m_complete(complete)
    {
        if (m_text.startsWith(QChar(0xfeff)))
            m_pos = 1;
    }

    // False when no whole record is left (at the end, or cut off by a partial read).
    bool next(CsvRecord *record)
    {
        if (m_pos >= m_text.size())
            return false;
        record->fields.clear();
        record->line = m_line;
        QString field;
        bool quoted = false;
        bool inQuotes = false;
        const QChar quote = m_options.quote;
        for (;;) {
            if (m_pos >= m_text.size()) {
                if (!m_complete)
                    return false;
                push(record, field, quoted);
                return true;
            }
            const QChar c = m_text.at(m_pos);
            if (inQuotes) {
                if (c == quote && peek() == quote) {
                    field += quote;
                    m_pos += 2;
                    continue;
                }
                if (c == quote)
                    inQuotes = false;
                else
                    field += c;
                countLine(c);
                ++m_pos;
                continue;
            }
            if (c == quote) {
                inQuotes = quoted = true;
            } else if (c == m_options.delimiter) {
                push(record, field, quoted);
                field.clear();
                quoted = false;
            } else if (c == QLatin1Char('\n') || c == QLatin1Char('\r')) {
                push(record, field, quoted);
                m_pos += (c == QLatin1Char('\r') && peek() == QLatin1Char('\n')) ? 2 : 1;
                ++m_line;
                return true;
            } else {
                field += c;
            }
            ++m_pos;
        }
    }

private:
    QChar peek() const { return m_pos + 1 < m_text.size() ? m_text.at(m_pos + 1) : QChar(); }
    void countLine(QChar c)
    {
        if (c == QLatin1Char('\n') || (c == QLatin1Char('\r') && peek() != QLatin1Char('\n')))
            ++m_line;
    }
    void push(CsvRecord *record, const QString &field, bool quoted) const
    {
        // Only an unquoted field can be NULL: "" is the empty string (COPY's rule).
        if (!quoted && field == m_options.nullText)
            record->fields << std::nullopt;
        else
            record->fields << field;
    }

    const QString &m_text;
    const CsvOptions &m_options;
    bool m_complete;
    qsizetype m_pos = 0;
    int m_line = 1;
};

// PostgreSQL's encoding names as Qt's decoder knows them.
QByteArray decoderName(const QString &pgEncoding)
{
    const QString e = pgEncoding.toUpper().remove(QLatin1Char('_')).remove(QLatin1Char('-'));
    if (e.isEmpty() || e == QLatin1String("UTF8") || e == QLatin1String("UNICODE"))
        return "UTF-8";
    if (e == QLatin1String("LATIN1") || e == QLatin1String("SQLASCII"))
        return "ISO-8859-1";
    if (e.startsWith(QLatin1String("WIN")))
        return "windows-" + e.mid(3).toLatin1();
    if (e == QLatin1String("KOI8R") || e == QLatin1String("KOI8"))
        return "KOI8-R";
    return pgEncoding.toLatin1();
}

} // namespace

Status validateCsvOptions(const CsvOptions &o)
{
    const auto oneByte = [](QChar c) { return c.unicode() > 0 && c.unicode() < 128; };
    const auto lineBreak = [](QChar c) { return c == u'\n' || c == u'\r'; };
    if (!oneByte(o.delimiter) || lineBreak(o.delimiter))
        return DbError::plain(QCoreApplication::translate(
            "CsvImport", "The delimiter must be one ASCII character other than a line break."));
    if (!oneByte(o.quote) || lineBreak(o.quote))
        return DbError::plain(QCoreApplication::translate(
            "CsvImport", "The quote must be one ASCII character other than a line break."));
    if (o.delimiter == o.quote)
        return DbError::plain(QCoreApplication::translate(
            "CsvImport", "The delimiter and the quote must be different characters."));
    if (o.nullText.contains(u'\n') || o.nullText.contains(u'\r'))
        return DbError::plain(QCoreApplication::translate(
            "CsvImport", "The text that stands for NULL cannot contain a line break."));
    return {};
}

CsvPreview parseCsvPreview(const QString &text, const CsvOptions &options, int maxRecords,
                           bool complete)
{
    CsvPreview preview;
    CsvParser parser(text, options, complete);
    CsvRecord record;
    bool headerRead = !options.header;
    while (preview.records.size() < maxRecords && parser.next(&record)) {
        preview.columnCount = std::max(preview.columnCount, int(record.fields.size()));
        if (!headerRead) {
            headerRead = true;
            for (const std::optional<QString> &name : record.fields)
                preview.header << name.value_or(QString());
            continue;
        }
        preview.records << record;
    }
    preview.wholeFile = complete && !parser.next(&record);
    return preview;
}

Result<CsvPreview> readCsvPreview(const QString &path, const CsvOptions &options, int maxRecords)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return DbError::plain(QCoreApplication::translate("CsvImport", "Cannot read %1: %2")
                                  .arg(path, file.errorString()));
    QStringDecoder decoder(decoderName(options.encoding).constData());
    if (!decoder.isValid())
        return DbError::plain(
            QCoreApplication::translate("CsvImport", "The encoding %1 is not known to the preview.")
                .arg(options.encoding));
    QString text;
    const int wanted = maxRecords + (options.header ? 1 : 0);
    for (;;) {
        // Doubling: a file whose first records are long is not parsed over and over.
        const QByteArray chunk = file.read(std::max<qint64>(kPreviewChunk, file.pos()));
        text += decoder.decode(chunk);
        const bool complete = file.atEnd() || chunk.isEmpty();
        CsvPreview preview = parseCsvPreview(text, options, maxRecords, complete);
        const int have = int(preview.records.size()) + (options.header ? 1 : 0);
        if (complete || have >= wanted || file.pos() >= kPreviewBytesMax)
            return preview;
    }
}

} // namespace dbx::model
