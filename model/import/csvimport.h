#pragma once

#include "model/catalog/schemasnapshot.h"
#include "model/db/statement.h"
#include "model/import/csvoptions.h"
#include "model/result.h"

#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

class QSqlDatabase;

namespace dbx::model {

class JobContext;

// What to import: a file into a table, its columns in file order (empty: every column of the
// table in order, as COPY without a column list).
struct ImportRequest {
    QString path;
    QString schema;
    QString table;
    QStringList columns;
    CsvOptions options;
};

struct ImportSummary {
    qint64 rows = 0;
    qint64 bytes = 0;
};

// COPY schema.table (columns) FROM STDIN (FORMAT csv, ...): identifiers quoted by quoteIdent,
// the options written as literals (COPY takes no parameters). Fails on options COPY refuses.
Result<Statement> copyFromStatement(const ImportRequest &request);

// Imports the file in one transaction (a savepoint when one is open): the file goes to the
// server unchanged in chunks, so the server parses it exactly as for psql's \copy; a bad row
// stops everything and leaves nothing. Progress reports the bytes sent. A row the server
// refuses is named as "line N: reason", N the file's line where the server stopped (it counts
// the line breaks inside quoted fields too, so N is where the bad record ends).
Result<ImportSummary> importCsv(QSqlDatabase &db, const ImportRequest &request,
                                const JobContext *context = nullptr);

// For each file column, the table column of the same name (exactly, else ignoring case), or
// empty. Without a header the file's columns go to the table's in order.
QStringList defaultMapping(const QStringList &fileHeader, int fileColumns,
                           const QList<ColumnInfo> &tableColumns);
// The COPY column list of a mapping; refuses file columns mapped to nothing and table columns
// used twice, in plain words (a column is skipped by leaving it out of the file).
Result<QStringList> mappedColumns(const QStringList &mapping);
// Why `value` (nullopt = NULL) cannot go into `column`, empty when it can or the type is not
// checked here: the column-type model's check of numbers, booleans, dates, enums, and NULL
// into NOT NULL.
QString cellMismatch(const ColumnInfo &column, const std::optional<QString> &value,
                     const SchemaSnapshot &snapshot);

} // namespace dbx::model

Q_DECLARE_METATYPE(dbx::model::ImportSummary)
