// DB Explorer's entry point: a headless subcommand, or the window.

#include "app/commandline.h"
#include "app/launcher.h"
#include "app/subcommands.h"
#include "migrations/demoschema.h"
#include "migrations/migrationservice.h"
#include "model/connection/connectionstore.h"
#include "model/connection/connector.h"
#include "model/db/database.h"
#include "model/demo/demodatabase.h"
#include "model/server/demoserver.h"
#include "ui/activity/activitymenu.h"
#include "ui/browser/browsertabs.h"
#include "ui/browser/tablebrowser.h"
#include "ui/connection/connectioncontroller.h"
#include "ui/console/consolemenu.h"
#include "ui/console/consolepage.h"
#include "ui/console/consoleservices.h"
#include "ui/migrations/migrationsmenu.h"
#include "ui/querybuilder/querybuildermenu.h"
#include "ui/relations/relationsmenu.h"
#include "ui/shell/connectionsdock.h"
#include "ui/shell/mainwindow.h"
#include "ui/translations.h"

#include <QApplication>
#include <QSettings>

#include <optional>

namespace {

void describeApplication()
{
    QCoreApplication::setOrganizationName(QStringLiteral("dbexplorer"));
    QCoreApplication::setApplicationName(QStringLiteral("dbexplorer"));
    QCoreApplication::setApplicationVersion(QStringLiteral(DBX_VERSION));
}

QString chosenLanguage(const QStringList &arguments)
{
    const QString fromArgs = dbx::app::languageArgument(arguments);
    return fromArgs.isEmpty() ? dbx::ui::storedLanguage() : fromArgs;
}

int runHeadless(int argc, char **argv, const dbx::app::Subcommand &command)
{
    QCoreApplication app(argc, argv);
    describeApplication();
    QStringList arguments = QCoreApplication::arguments();
    dbx::ui::installTranslations(chosenLanguage(arguments));
    // The subcommand parses "dbexplorer NAME args..." as its own program name and arguments.
    arguments.removeAt(1);
    arguments[0] = QStringLiteral("dbexplorer ") + command.name;
    return command.run(arguments);
}

// Parses the window's command line without a display, so --help, --version and usage errors
// work on a bare terminal; returns the exit code when the program should stop there.
std::optional<int> parseFirst(int argc, char **argv, dbx::app::GuiOptions *options)
{
    QCoreApplication app(argc, argv);
    describeApplication();
    const QStringList arguments = QCoreApplication::arguments();
    dbx::ui::installTranslations(chosenLanguage(arguments));
    const dbx::app::ParsedCommandLine parsed = dbx::app::parseGuiCommandLine(arguments);
    if (parsed.exitNow)
        return parsed.exitCode;
    const bool display = qEnvironmentVariableIsSet("DISPLAY") ||
                         qEnvironmentVariableIsSet("WAYLAND_DISPLAY") ||
                         qEnvironmentVariableIsSet("QT_QPA_PLATFORM");
    if (!display) {
        dbx::app::printError(QCoreApplication::translate(
            "CommandLine", "no display to open the window on: run it in a desktop session, "
                           "or under a virtual display (xvfb-run -a dbexplorer ...)"));
        return dbx::app::ExitFailure;
    }
    *options = parsed.options;
    return std::nullopt;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc > 1) {
        if (const dbx::app::Subcommand *command =
                dbx::app::findSubcommand(QString::fromLocal8Bit(argv[1])))
            return runHeadless(argc, argv, *command);
    }
    dbx::app::GuiOptions options;
    if (const std::optional<int> exitCode = parseFirst(argc, argv, &options))
        return *exitCode;

    QApplication app(argc, argv);
    describeApplication();
    QApplication::setApplicationDisplayName(QStringLiteral("DB Explorer"));
    QApplication::setDesktopFileName(QStringLiteral("dbexplorer"));
    dbx::ui::installTranslations(chosenLanguage(QCoreApplication::arguments()));
    if (!dbx::model::Connector::driverAvailable()) {
        dbx::app::printError(dbx::model::Connector::driverMissingError().message);
        return dbx::app::ExitFailure;
    }

    {
        QSettings settings;
        dbx::model::DemoDatabase::rememberConditions(settings);
    }
    dbx::model::LocalServer::Config serverConfig;
    serverConfig.rootDir = options.serverDir;
    dbx::model::DemoServer demoServer(serverConfig, dbx::migrations::installDemoSchema);
    dbx::model::ConnectionStore store;
    dbx::model::Database database;
    dbx::migrations::MigrationService migrationService(&database);
    dbx::ui::ConnectionController connections(&database, &demoServer, &store);
    dbx::ui::MainWindow window(&database, &connections);
    connections.setDialogParent(&window);
    dbx::ui::ConnectionsDock::install(&window, &store);
    dbx::ui::MigrationsMenu::install(&window, &migrationService);
    dbx::ui::BrowserTabs *browsers = dbx::ui::BrowserTabs::install(&window, &database);
    QObject::connect(
        dbx::ui::RelationsMenu::install(&window), &dbx::ui::RelationsMenu::tableActivated, browsers,
        [browsers](const QString &schema, const QString &table) { browsers->open(schema, table); });
    dbx::ui::ActivityMenu::install(&window, &database);
    dbx::ui::QueryBuilderMenu *queries = dbx::ui::QueryBuilderMenu::install(&window, &database);
    dbx::ui::ConsoleMenu *consoles = dbx::ui::ConsoleMenu::install(&window, &database);
    dbx::ui::ConsoleServices::install(&window, consoles, queries);
    dbx::app::Launcher launcher(options, &database, &store, &connections, &window);
    QObject::connect(&launcher, &dbx::app::Launcher::exitRequested, &app, &QCoreApplication::exit);
    launcher.setTableOpener([browsers](const QString &schema, const QString &table, bool form) {
        if (dbx::ui::TableBrowser *browser = browsers->open(schema, table)) {
            browser->setFormVisible(form);
        } else {
            dbx::app::printError(
                QCoreApplication::translate("CommandLine", "no table %1.%2 in this database")
                    .arg(schema, table));
        }
    });
    launcher.setQueryOpener([queries, consoles](const QString &path, bool run) {
        QString error;
        // A .sql script opens in a console; a saved query (.json) in the builder.
        if (path.endsWith(QLatin1String(".sql"), Qt::CaseInsensitive)) {
            dbx::ui::ConsolePage *page = consoles->openScript(path, &error);
            if (!page)
                dbx::app::printError(error);
            else if (run)
                page->runScriptWhenReady();
        } else if (!queries->openQueryFile(path, run, &error)) {
            dbx::app::printError(error);
        }
    });
    launcher.start();
    return app.exec();
}
