#pragma once

#include <QHash>
#include <QMap>
#include <QObject>
#include <QPointer>

namespace dbx::model {
class Database;
}

namespace dbx::ui {

class MainWindow;
class TableBrowser;

// Opens tables in the main window: a tab per table and connection (activating it again brings
// the same tab back, with its pending changes), and record windows for rows opened from a
// form's child grid. Tables open on the current connection. Keeps a second connection per open
// one for background counts so a long count(*) never holds up a page. Lives here so that
// MainWindow stays an assembler and main.cpp needs one line.
class BrowserTabs : public QObject {
    Q_OBJECT
public:
    // `database` is the window's first connection; tables open on the current one.
    static BrowserTabs *install(MainWindow *window, model::Database *database);

    // The tab for schema.table of the current connection, opened if needed; nullptr when the
    // table is unknown.
    TableBrowser *open(const QString &schema, const QString &table);
    TableBrowser *browser(const QString &schema, const QString &table) const;
    // A window with one row of `table` in its form (the row where keyColumn = keyValue).
    TableBrowser *openRecord(const QString &schema, const QString &table, const QString &keyColumn,
                             const QVariant &keyValue);

private:
    explicit BrowserTabs(MainWindow *window);
    TableBrowser *create(const QString &schema, const QString &table, QWidget *parent);
    void follow(model::Database *database);
    model::Database *current() const;
    QString keyOf(const QString &schema, const QString &table) const;

    MainWindow *m_window;
    QHash<model::Database *, model::Database *> m_background;
    QMap<QString, QPointer<TableBrowser>> m_tabs;
};

} // namespace dbx::ui
