#pragma once

#include "model/query/querydef.h"
#include "model/result.h"

#include <QJsonObject>
#include <QString>

namespace dbx::model::query {

// The saved-query file format, documented in docs/query-format.md. Versioned ("format": 1);
// reading names the exact place of any mistake
// ("query.select[1].function: unknown function \"average\" (expected one of count, ...)").
QJsonObject toJson(const Query &query);
Result<Query> fromJson(const QJsonObject &object);

// A filter alone, in the same notation as a query's "where" (for conditions kept in settings).
QJsonValue filterToJson(const Filter &filter);
Result<Filter> filterFromJson(const QJsonValue &value);

// The largest saved query read; a larger file, or one that is not a regular file, is refused.
constexpr qint64 maxQueryFileBytes = 64 * 1024 * 1024;
// Refuses a file holding a NUL (as a byte or a \u0000 escape), with its line.
Result<Query> readQueryFile(const QString &path);
Status writeQueryFile(const QString &path, const Query &query);

} // namespace dbx::model::query
