#pragma once

#include <QString>
#include <QStringList>

namespace dbx::app {

// `dbexplorer import FILE TABLE CONNECTION [--header] [--delimiter C] [--quote C] [--null TEXT]
// [--encoding E] [--columns a,b,...]`: loads a CSV file into a table with COPY FROM STDIN in one
// transaction, as psql's \copy would. Returns 0 when imported, 1 when it failed (nothing was
// imported), 2 for a usage error.
int runImportCommand(const QStringList &args);
QString importCommandSummary();

} // namespace dbx::app
