#pragma once

#include <QList>

// The export mode of dbx_bench: CSV export throughput of TableExporter next to psql's \copy on
// the same table in the same run, and the memory an export takes.
namespace dbx::bench {

// Runs the export benchmark for each table size; `repeat` runs per way of exporting (the
// median is reported). Prints markdown; returns the process exit code.
int runExportBench(const QList<qint64> &sizes, int repeat);

} // namespace dbx::bench
