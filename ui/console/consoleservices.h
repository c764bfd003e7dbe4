#pragma once

#include <QHash>
#include <QObject>
#include <QVariantList>

namespace dbx::model {
class CompletionCatalogSource;
class Database;
class QueryHistory;
} // namespace dbx::model

namespace dbx::ui {

class ConsoleMenu;
class ConsolePage;
class HistoryMenu;
class MainWindow;
class QueryBuilderMenu;

// Joins the console to what serves it: completion from its connection's catalog, Explain and
// Explain Analyze in a plan tab, every statement recorded in the history (View → History runs
// or copies one back), and the way to and from the query builder ("Open in Query Builder" for
// a SELECT, "Open in Console" for the builder's query). Each console tab is attached as it is
// made; none of these pieces knows the others.
class ConsoleServices : public QObject {
    Q_OBJECT
public:
    // `history` defaults to the one in AppDataLocation, owned here.
    static ConsoleServices *install(MainWindow *window, ConsoleMenu *consoles,
                                    QueryBuilderMenu *builders,
                                    model::QueryHistory *history = nullptr);

    model::QueryHistory *history() const { return m_history; }
    HistoryMenu *historyMenu() const { return m_historyMenu; }
    // The completion catalog of a connection, shared by its console tabs.
    model::CompletionCatalogSource *catalogFor(model::Database *database);

    // Opens `sql` (with the values of its $n) in a new console tab on `database`.
    ConsolePage *openInConsole(model::Database *database, const QString &sql,
                               const QVariantList &values);
    // Reads the SELECT in front of `page`'s caret into the query builder of its connection.
    void openInBuilder(ConsolePage *page);

private:
    ConsoleServices(MainWindow *window, ConsoleMenu *consoles, QueryBuilderMenu *builders,
                    model::QueryHistory *history);
    void attach(ConsolePage *page);
    void attachActions(ConsolePage *page);
    void recordHistory(ConsolePage *page);
    void explain(ConsolePage *page, const QString &sql, bool analyze);
    // The console a statement from the history goes to: the one in front, or a new one.
    ConsolePage *targetPage();
    void insertStatement(const QString &sql, bool run);

    MainWindow *m_window;
    ConsoleMenu *m_consoles;
    QueryBuilderMenu *m_builders;
    model::QueryHistory *m_history;
    HistoryMenu *m_historyMenu;
    QHash<model::Database *, model::CompletionCatalogSource *> m_catalogs;
};

} // namespace dbx::ui
