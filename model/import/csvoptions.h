#pragma once

#include "model/result.h"

#include <QChar>
#include <QString>
#include <QStringList>

namespace dbx::model {

// How a CSV file is written: what COPY ... (FORMAT csv) is told and what the preview reader
// follows. The defaults are COPY's (and psql's \copy's): comma, double quote, an unquoted
// empty field is NULL while "" is the empty string.
struct CsvOptions {
    bool header = false;
    QChar delimiter = QLatin1Char(',');
    QChar quote = QLatin1Char('"');
    QString nullText; // an unquoted field equal to it is NULL
    QString encoding; // the file's encoding as PostgreSQL names it; empty = UTF8
};

// Refuses what COPY would refuse, in plain words before anything is sent: the delimiter and the
// quote are one one-byte character each, differ, and are no line break.
Status validateCsvOptions(const CsvOptions &options);

} // namespace dbx::model
