#pragma once

#include "model/query/queryrunner.h"
#include "model/query/querysql.h"

#include <QString>
#include <QStringList>

namespace dbx::app {

// How `dbexplorer query` prints a result. Values arrive as PostgreSQL's text forms; `categories`
// (pg_type.typcategory per column, empty when unknown) say which are numbers or booleans, so
// JSON gets real numbers and the table right-aligns them like psql.
enum class RowFormat { Csv, Json, Table };

// RFC 4180: a header line, fields quoted when they hold a comma, quote or line break; NULL is
// an empty field and an empty string "".
QString rowsAsCsv(const model::query::QueryRows &rows);
// An array of objects, one per row, keys in column order (repeated names stay repeated, as in
// PostgreSQL's own row_to_json).
QString rowsAsJson(const model::query::QueryRows &rows, const QStringList &categories);
// Aligned columns under a header and a rule, "(n rows)" at the end, as psql prints them.
QString rowsAsTable(const model::query::QueryRows &rows, const QStringList &categories);

// The statement with its bound values as a comment block ("-- $1 = '%Python%'"), for --sql.
QString sqlWithParameters(const model::query::GeneratedSql &generated);

} // namespace dbx::app
