#pragma once

#include "app/commandline.h"

#include <QObject>

#include <functional>

namespace dbx::model {
class ConnectionStore;
class Database;
} // namespace dbx::model

namespace dbx::ui {
class ConnectionController;
class MainWindow;
} // namespace dbx::ui

namespace dbx::app {

// The start-up sequence. Connections named on the command line are tried before the window
// appears, and a failure ends the program with a one-line error; otherwise the window shows
// at once and opens the last connection or the demo in the background.
class Launcher : public QObject {
    Q_OBJECT
public:
    Launcher(const GuiOptions &options, model::Database *database, model::ConnectionStore *store,
             ui::ConnectionController *connections, ui::MainWindow *window);

    // How --open reaches the table browser: (schema, table, show the form).
    void setTableOpener(std::function<void(const QString &, const QString &, bool)> opener)
    {
        m_openTable = std::move(opener);
    }
    // How --query reaches the query builder: (file, run it).
    void setQueryOpener(std::function<void(const QString &, bool)> opener)
    {
        m_openQuery = std::move(opener);
    }
    void start();

signals:
    void exitRequested(int code);

private:
    void openNamed();
    void whenFrontSchemaLoaded(std::function<void()> act);
    void showWindow();
    void traceStartup();
    void takeScreenshotWhenShown();

    GuiOptions m_options;
    model::Database *m_database;
    model::ConnectionStore *m_store;
    ui::ConnectionController *m_connections;
    ui::MainWindow *m_window;
    model::Database *m_front = nullptr; // the first connection named on the command line
    std::function<void(const char *)> m_mark;
    std::function<void(const QString &, const QString &, bool)> m_openTable;
    std::function<void(const QString &, bool)> m_openQuery;
};

} // namespace dbx::app
