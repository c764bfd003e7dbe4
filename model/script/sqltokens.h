#pragma once

#include <QByteArray>

#include <vector>

namespace dbx::model {

// One token of PostgreSQL's own scanner (pg_query_scan): byte offsets into the UTF-8 text it
// was given, the token number of pg_query.proto's enum Token, and its keyword category.
struct SqlToken {
    enum KeywordKind { NoKeyword = 0, Unreserved = 1, ColName = 2, TypeFuncName = 3, Reserved = 4 };
    int start = 0;
    int end = 0;
    int kind = 0;
    int keywordKind = NoKeyword;
    bool isKeyword() const { return keywordKind != NoKeyword; }
};

// Token numbers of pg_query.proto (enum Token); single characters are their ASCII code.
namespace sqltoken {
inline constexpr int kIdent = 258;
inline constexpr int kStringConst = 261;   // SCONST: '...', E'...', $$...$$
inline constexpr int kUnicodeString = 262; // USCONST: U&'...'
inline constexpr int kBitString = 263;     // BCONST
inline constexpr int kHexString = 264;     // XCONST
inline constexpr int kParam = 267;
inline constexpr int kTypecast = 268; // ::
inline constexpr int kLineComment = 275;
inline constexpr int kBlockComment = 276;
} // namespace sqltoken

// The tokens of `utf8`, or none when the scanner rejects it (an unterminated string, quoted
// identifier or comment). The protobuf-c headers are not part of Debian's libpg-query-dev, so
// the result is read with a minimal reader of the wire format.
std::vector<SqlToken> scanSql(const QByteArray &utf8);

} // namespace dbx::model
