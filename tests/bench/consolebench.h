#pragma once

#include <QtGlobal>

// The console mode of dbx_bench: the first rows of a `SELECT *` through ConsoleSession (its
// scroll cursor, the first page in a ResultSetModel) next to a raw libpq read of the same rows,
// and the client's memory after Fetch All and a jump to the last row.
namespace dbx::bench {

int runConsoleBench(qint64 rows, int repeat);

} // namespace dbx::bench
