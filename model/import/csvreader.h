#pragma once

#include "model/import/csvoptions.h"
#include "model/result.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace dbx::model {

// One record of a CSV file as COPY reads it: fields (nullopt for NULL) and the file line it
// starts on (1-based; a quoted field may span several lines).
struct CsvRecord {
    QList<std::optional<QString>> fields;
    int line = 0;
};

// The first records of a file, for the import dialog's preview and its column mapping.
struct CsvPreview {
    QStringList header;       // the first line's fields when CsvOptions::header, else empty
    QList<CsvRecord> records; // the data records after it
    int columnCount = 0;      // the most fields any record (or the header) has
    bool wholeFile = false;   // every record of the file is in `records`
};

// Reads the first `maxRecords` records of `path` with the quoting rules of COPY's CSV format
// (a quote anywhere in a field opens or closes quoting, a doubled quote inside is one quote,
// line breaks inside quotes belong to the field, CRLF, LF or CR end a record). Only for the
// preview: the import itself sends the file unchanged to the server, which parses it. A UTF-8
// byte order mark is dropped here (psql would keep it in the first field).
Result<CsvPreview> readCsvPreview(const QString &path, const CsvOptions &options,
                                  int maxRecords = 50);
// The same from text already in memory (tests).
CsvPreview parseCsvPreview(const QString &text, const CsvOptions &options, int maxRecords,
                           bool complete);

} // namespace dbx::model
