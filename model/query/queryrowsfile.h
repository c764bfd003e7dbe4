#pragma once

#include "export/tableexporter.h"
#include "query/queryrunner.h"
#include "result.h"

#include <QString>

namespace dbx::model::query {

// Writes rows a query returned to a file: CSV (RFC 4180, CRLF, a header line, NULL as an empty
// field and the empty string as "") or a JSON array of objects (numbers and booleans as such,
// NULL as null, everything else as strings; a repeated column name gets "_2"). The file appears
// complete or not at all.
Status writeQueryRows(const QString &path, ExportFormat format, const QueryRows &rows);

} // namespace dbx::model::query
