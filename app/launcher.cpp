#include "app/launcher.h"

#include "model/connection/connectionstore.h"
#include "model/db/database.h"
#include "ui/connection/connectioncontroller.h"
#include "ui/connection/connectionregistry.h"
#include "ui/schema/schemadock.h"
#include "ui/shell/mainwindow.h"

#include <QDateTime>
#include <QFile>
#include <QTimer>

#include <cstdio>
#include <unistd.h>

namespace dbx::app {

namespace {
// The process's start time from /proc, so that the trace includes loading Qt itself.
qint64 processStartMs()
{
    QFile stat(QStringLiteral("/proc/self/stat"));
    QFile uptime(QStringLiteral("/proc/uptime"));
    if (!stat.open(QIODevice::ReadOnly) || !uptime.open(QIODevice::ReadOnly))
        return QDateTime::currentMSecsSinceEpoch();
    const QByteArray fields = stat.readAll();
    const QList<QByteArray> afterName = fields.mid(fields.lastIndexOf(')') + 2).split(' ');
    const double startTicks = afterName.value(19).toDouble(); // field 22: starttime
    const double upSeconds = uptime.readAll().split(' ').value(0).toDouble();
    const double ageMs = (upSeconds - startTicks / double(::sysconf(_SC_CLK_TCK))) * 1000.0;
    return QDateTime::currentMSecsSinceEpoch() - qint64(ageMs);
}
} // namespace

Launcher::Launcher(const GuiOptions &options, model::Database *database,
                   model::ConnectionStore *store, ui::ConnectionController *connections,
                   ui::MainWindow *window)
    : m_options(options)
    , m_database(database)
    , m_store(store)
    , m_connections(connections)
    , m_window(window)
{}

void Launcher::traceStartup()
{
    // Opt-in milestones on stderr, measured from process start, for start-up measurements.
    if (!qEnvironmentVariableIsSet("DBX_TRACE_STARTUP"))
        return;
    m_mark = [](const char *what) {
        std::fprintf(
            stderr, "startup: %s after %lld ms\n", what,
            static_cast<long long>(QDateTime::currentMSecsSinceEpoch() - processStartMs()));
    };
    auto mark = m_mark;
    connect(m_database, &model::Database::connected, this, [mark] { mark("connected"); });
    connect(m_window->schemaDock(), &ui::SchemaDock::snapshotLoaded, this,
            [mark] { mark("schema shown"); });
}

// --open and --query act on the first connection named (or the only one), once its schema is
// read, whichever of several connections finished first.
void Launcher::whenFrontSchemaLoaded(std::function<void()> act)
{
    auto once = std::make_shared<QMetaObject::Connection>();
    *once = connect(m_window->schemaDock(), &ui::SchemaDock::snapshotLoadedFor, this,
                    [this, once, act](model::Database *database) {
                        if (m_front && database != m_front)
                            return;
                        QObject::disconnect(*once);
                        m_window->connections()->setCurrent(database);
                        act();
                    });
}

void Launcher::start()
{
    traceStartup();
    if (!m_options.openTable.isEmpty() && m_openTable) {
        const QString name = m_options.openTable;
        const QString schema = name.contains(QLatin1Char('.'))
                                   ? name.section(QLatin1Char('.'), 0, 0)
                                   : QStringLiteral("public");
        const QString table =
            name.contains(QLatin1Char('.')) ? name.section(QLatin1Char('.'), 1) : name;
        whenFrontSchemaLoaded(
            [this, schema, table] { m_openTable(schema, table, m_options.showForm); });
    }
    if (!m_options.openQuery.isEmpty() && m_openQuery) {
        whenFrontSchemaLoaded([this] { m_openQuery(m_options.openQuery, m_options.runQuery); });
    }
    if (!m_options.screenshotPath.isEmpty())
        takeScreenshotWhenShown();
    if (m_options.hasConnection) {
        openNamed();
        return;
    }
    showWindow();
    const model::ConnectionSpec last = m_store->last();
    const bool hasLast = !last.host.isEmpty() || !last.database.isEmpty();
    if (m_options.demo || m_store->lastWasDemo() || !hasLast)
        m_connections->openDemo(true);
    else
        m_connections->connectTo(last, true);
}

// Whoever names databases on the command line wants those: each opens beside the others, the
// window shows once all are connected, and the first failure ends the program in one line.
void Launcher::openNamed()
{
    ui::ConnectionRegistry *registry = m_window->connections();
    QList<model::Database *> opened;
    // --demo with connections: the demo opens beside them.
    if (m_options.demo)
        opened << registry->openDemo(false);
    for (const model::ConnectionSpec &spec : std::as_const(m_options.connections)) {
        model::Database *database = registry->open(spec, false);
        if (!opened.contains(database)) // the same saved name twice is one connection
            opened << database;
    }
    m_front = opened.first();
    auto pending = std::make_shared<qsizetype>(opened.size());
    auto watches = std::make_shared<QList<QMetaObject::Connection>>();
    const auto stopWatching = [watches] {
        for (const QMetaObject::Connection &watch : std::as_const(*watches))
            QObject::disconnect(watch);
    };
    for (model::Database *database : std::as_const(opened)) {
        *watches << connect(registry->controller(database), &ui::ConnectionController::failed, this,
                            [this, stopWatching](const model::DbError &error) {
                                stopWatching();
                                printError(error.oneLine());
                                emit exitRequested(ExitFailure);
                            });
        *watches << connect(database, &model::Database::connected, this,
                            [this, pending, stopWatching, registry, first = opened.first()] {
                                if (--*pending > 0)
                                    return;
                                stopWatching();
                                registry->setCurrent(first); // the first one named is in front
                                showWindow();
                            });
    }
}

void Launcher::showWindow()
{
    m_window->show();
    if (m_mark) // the first turn of the event loop after show() paints the window
        QTimer::singleShot(0, this, [this] { m_mark("window shown"); });
}

void Launcher::takeScreenshotWhenShown()
{
    const QString path = m_options.screenshotPath;
    auto save = [this, path](int code) {
        // Give the views one moment to lay out and paint the new content (and an opened
        // table its first page).
        const bool opens = !m_options.openTable.isEmpty() || !m_options.openQuery.isEmpty();
        const int settle = opens ? 1500 : 400;
        QTimer::singleShot(settle, this, [this, path, code] {
            const bool saved = m_window->grab().save(path);
            if (!saved)
                printError(tr("cannot write the screenshot %1").arg(path));
            emit exitRequested(saved ? code : ExitFailure);
        });
    };
    connect(m_window->schemaDock(), &ui::SchemaDock::snapshotLoaded, this,
            [save] { save(ExitOk); });
    connect(m_connections, &ui::ConnectionController::failed, this, [save] { save(ExitFailure); });
}

} // namespace dbx::app
