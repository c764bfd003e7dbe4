#pragma once

#include <QMap>
#include <QObject>
#include <QPointer>

namespace dbx::model {
class Database;
}

namespace dbx::ui {

class MainWindow;
class TableBrowser;

// Opens tables in the main window: a tab per table (activating it again brings the same tab
// back, with its pending changes), and record windows for rows opened from a form's child
// grid. Keeps a second connection for background counts so a long count(*) never holds up a
// page. Lives here so that MainWindow stays an assembler and main.cpp needs one line.
class BrowserTabs : public QObject {
    Q_OBJECT
public:
    static BrowserTabs *install(MainWindow *window, model::Database *database);

    // The tab for schema.table, opened if needed; nullptr when the table is unknown.
    TableBrowser *open(const QString &schema, const QString &table);
    TableBrowser *browser(const QString &schema, const QString &table) const;
    // A window with one row of `table` in its form (the row where keyColumn = keyValue).
    TableBrowser *openRecord(const QString &schema, const QString &table, const QString &keyColumn,
                             const QVariant &keyValue);

private:
    BrowserTabs(MainWindow *window, model::Database *database);
    TableBrowser *create(const QString &schema, const QString &table, QWidget *parent);

    MainWindow *m_window;
    model::Database *m_database;
    model::Database *m_background;
    QMap<QString, QPointer<TableBrowser>> m_tabs;
};

} // namespace dbx::ui
