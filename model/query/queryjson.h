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

Result<Query> readQueryFile(const QString &path);
Status writeQueryFile(const QString &path, const Query &query);

} // namespace dbx::model::query
