#pragma once

#include <QObject>
#include <QPointer>

namespace dbx::model {
class Database;
}

namespace dbx::ui {

class MainWindow;
class QueryBuilderPanel;

// Puts the query builder into the main window: View → Query Builder opens its tab (made when
// first shown, and again after the tab was closed) and the builder follows every schema
// reload. Lives here so that main.cpp needs one line.
class QueryBuilderMenu : public QObject {
    Q_OBJECT
public:
    static QueryBuilderMenu *install(MainWindow *window, model::Database *database);

    // Opens the builder's tab, or brings it to the front.
    QueryBuilderPanel *showBuilder();
    // Shows the saved query at `path` in the builder and, with `run`, runs it; false with the
    // reason in `error` when the file cannot be read.
    bool openQueryFile(const QString &path, bool run, QString *error);
    // Null while the builder is not open.
    QueryBuilderPanel *builder() const;

private:
    QueryBuilderMenu(MainWindow *window, model::Database *database);

    MainWindow *m_window;
    model::Database *m_database;
    QPointer<QueryBuilderPanel> m_panel;
};

} // namespace dbx::ui
