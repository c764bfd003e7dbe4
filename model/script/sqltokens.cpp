#include "model/script/sqltokens.h"

#include <pg_query.h>

#include <cstdint>

namespace dbx::model {

namespace {

// A minimal reader of the protobuf wire format, enough for ScanResult { repeated ScanToken
// tokens = 2; } and ScanToken { int32 start = 1; int32 end = 2; Token token = 4; KeywordKind
// keyword_kind = 5; }: the protobuf-c headers are not part of Debian's libpg-query-dev.
class WireReader {
public:
    WireReader(const uint8_t *data, size_t size)
        : m_p(data)
        , m_end(data + size)
    {}
    bool atEnd() const { return m_p >= m_end || m_bad; }
    bool bad() const { return m_bad; }
    uint64_t varint()
    {
        uint64_t value = 0;
        for (int shift = 0; shift < 64 && m_p < m_end; shift += 7) {
            const uint8_t byte = *m_p++;
            value |= uint64_t(byte & 0x7f) << shift;
            if (!(byte & 0x80))
                return value;
        }
        m_bad = true;
        return 0;
    }
    // A length-delimited field's bytes, as a reader of its own.
    WireReader nested()
    {
        const uint64_t length = varint();
        if (m_bad || length > uint64_t(m_end - m_p)) {
            m_bad = true;
            return WireReader(m_end, 0);
        }
        WireReader inner(m_p, size_t(length));
        m_p += length;
        return inner;
    }
    void skip(int wireType)
    {
        switch (wireType) {
        case 0:
            varint();
            break;
        case 1:
            m_p += 8;
            break;
        case 2:
            nested();
            break;
        case 5:
            m_p += 4;
            break;
        default:
            m_bad = true;
        }
        if (m_p > m_end)
            m_bad = true;
    }

private:
    const uint8_t *m_p;
    const uint8_t *m_end;
    bool m_bad = false;
};

SqlToken readToken(WireReader in)
{
    SqlToken token;
    while (!in.atEnd()) {
        const uint64_t key = in.varint();
        const int field = int(key >> 3);
        const int wireType = int(key & 7);
        if (wireType != 0) {
            in.skip(wireType);
            continue;
        }
        const int value = int(in.varint());
        if (field == 1)
            token.start = value;
        else if (field == 2)
            token.end = value;
        else if (field == 4)
            token.kind = value;
        else if (field == 5)
            token.keywordKind = value;
    }
    return token;
}

} // namespace

std::vector<SqlToken> scanSql(const QByteArray &utf8)
{
    std::vector<SqlToken> tokens;
    PgQueryScanResult result = pg_query_scan(utf8.constData());
    if (!result.error) {
        WireReader in(reinterpret_cast<const uint8_t *>(result.pbuf.data), result.pbuf.len);
        while (!in.atEnd()) {
            const uint64_t key = in.varint();
            if ((key >> 3) == 2 && (key & 7) == 2)
                tokens.push_back(readToken(in.nested()));
            else
                in.skip(int(key & 7));
        }
        if (in.bad())
            tokens.clear();
    }
    pg_query_free_scan_result(result);
    return tokens;
}

} // namespace dbx::model
