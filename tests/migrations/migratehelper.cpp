#include "app/migratecommand.h"
#include "printcapture.h"

#include <QCoreApplication>

// `dbexplorer migrate` as a process of its own, for the tests that need two runners at once or
// a runner killed in the middle of a revision.
int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    dbx::test::PrintCapture::setEcho(true);
    QStringList args = QCoreApplication::arguments();
    args[0] = QStringLiteral("dbexplorer migrate");
    return dbx::app::runMigrateCommand(args);
}
