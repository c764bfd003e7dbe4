#pragma once

#include <QList>

// The import mode of dbx_bench: CSV import throughput of `dbexplorer import` (and of importCsv
// in this process) next to psql's \copy ... from on the same file in the same run, and the
// memory each takes.
namespace dbx::bench {

int runImportBench(const QList<qint64> &sizes, int repeat);

} // namespace dbx::bench
