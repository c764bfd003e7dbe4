#pragma once

#include <QStringList>

namespace dbx::app {

// `dbexplorer migrate --alembic DIR COMMAND [TARGET] CONNECTION [--sql]`: runs Debian's alembic
// in an Alembic project with the connection handed over as sqlalchemy.url. Exit status as the
// other migrate commands: 0 done, 1 failed (Alembic's error in plain words), 2 usage error,
// no such project or no such revision.
int runAlembicCommand(const QStringList &args);

} // namespace dbx::app
