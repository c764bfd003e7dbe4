#pragma once

#include <QString>
#include <QStringList>

namespace dbx::app {

// `dbexplorer migrate COMMAND [TARGET] CONNECTION`: the migration runner for scripts and CI,
// with the same runner, checks and bookkeeping as the migrations panel. args[0] is the program
// name ("dbexplorer migrate"). Returns 0 when done, 1 when the run failed, 2 for a usage or
// validation error (bad arguments, invalid revision files, a target that cannot be planned).
int runMigrateCommand(const QStringList &args);
// QCommandLineParser takes "-2" for an option; a leading space keeps a relative target
// positional (targets are trimmed again).
QStringList protectRelativeTargets(QStringList args);
// One translated line for the list of commands in `dbexplorer --help`.
QString migrateCommandSummary();

} // namespace dbx::app
