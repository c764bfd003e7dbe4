#pragma once

#include <QHash>
#include <QObject>
#include <QPointer>

namespace dbx::model {
class Database;
}

namespace dbx::ui {

class MainWindow;
class QueryBuilderPanel;

// Puts the query builder into the main window: View → Query Builder opens the current
// connection's builder tab (made when first shown, and again after the tab was closed) and
// each builder follows its connection's schema reloads. Lives here so that main.cpp needs one
// line.
class QueryBuilderMenu : public QObject {
    Q_OBJECT
public:
    // `database` is the window's first connection; builders open on the current one.
    static QueryBuilderMenu *install(MainWindow *window, model::Database *database);

    // Opens the builder's tab, or brings it to the front.
    QueryBuilderPanel *showBuilder();
    // Shows the saved query at `path` in the builder and, with `run`, runs it; false with the
    // reason in `error` when the file cannot be read.
    bool openQueryFile(const QString &path, bool run, QString *error);
    // The current connection's builder; null while it is not open.
    QueryBuilderPanel *builder() const;
    // Opens the current connection's builder with From SQL holding `sql`.
    void importSql(const QString &sql);

signals:
    // A builder's Open in Console, with the connection it belongs to.
    void consoleRequested(dbx::model::Database *database, const QString &sql,
                          const QVariantList &values);

private:
    explicit QueryBuilderMenu(MainWindow *window);

    MainWindow *m_window;
    QHash<model::Database *, QPointer<QueryBuilderPanel>> m_panels;
};

} // namespace dbx::ui
