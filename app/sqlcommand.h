#pragma once

#include <QString>
#include <QStringList>

namespace dbx::app {

// `dbexplorer sql (FILE | - | --command SQL) CONNECTION [--param NAME=VALUE]... [--null-param
// NAME]... [--format table|csv|json] [--single-transaction] [--continue-on-error]`: runs a SQL
// script headless, the way psql -f does, through model::ScriptRunner. args[0] is the program
// name ("dbexplorer sql"). Returns 0 when every statement succeeded, 1 when one failed (or the
// connection did), 2 for a usage error, an unreadable file or a parameter without a value.
int runSqlCommand(const QStringList &args);
// One translated line for the list of commands in `dbexplorer --help`.
QString sqlCommandSummary();

} // namespace dbx::app
