#pragma once

#include <QString>
#include <QStringList>

namespace dbx::app {

// `dbexplorer query FILE.json [CONNECTION] [--format csv|json|table] [--sql] [--literal]`: runs a
// saved query (docs/query-format.md) headless, with its values bound, or prints its SQL.
// args[0] is the program name ("dbexplorer query"). Returns 0 when done, 1 when the query is
// invalid for the database or the server refused it, 2 for a usage error or an unreadable file.
int runQueryCommand(const QStringList &args);
// One translated line for the list of commands in `dbexplorer --help`.
QString queryCommandSummary();

} // namespace dbx::app
