#pragma once

#include "model/catalog/schemasnapshot.h"
#include "ui/schema/ddldialog.h"

#include <QDockWidget>
#include <QHash>

class QTabWidget;

namespace dbx::model {
class Database;
} // namespace dbx::model

namespace dbx::ui {

class ConnectionRegistry;
class SchemaEditor;
class SchemaPane;

// The schema dock: one tree per open connection (a tab each, with the connection's name and
// colour; the tab bar hides while only one is open). Picking a page makes its connection current;
// activating a table makes its connection current before asking for the table, so whoever opens it
// opens it there.
class SchemaDock : public QDockWidget {
    Q_OBJECT
public:
    // The width below which the tree's names can no longer be read.
    static constexpr int minimumUsableWidth = 190;

    explicit SchemaDock(ConnectionRegistry *connections, QWidget *parent = nullptr);

    // The current connection's schema, and any connection's.
    const model::SchemaSnapshot &snapshot() const;
    const model::SchemaSnapshot &snapshot(model::Database *database) const;
    SchemaPane *pane(model::Database *database) const { return m_panes.value(database); }
    bool isLoading() const;
    void showDdl(const model::DdlObject &object);
    // The dialog Show DDL opened last, while it is open (tests).
    DdlDialog *ddlDialog() const;
    // The current connection's schema changes (its tree's and the overview's context menus).
    SchemaEditor *editor() const;

public slots:
    // Reads the current connection's catalog again, or forgets it.
    void reload();
    void clear();

signals:
    // The current connection's schema was read.
    void snapshotLoaded(const dbx::model::SchemaSnapshot &snapshot);
    // Any open connection's schema was read.
    void snapshotLoadedFor(dbx::model::Database *database,
                           const dbx::model::SchemaSnapshot &snapshot);
    // A table or view was double-clicked (or Enter pressed on it, or Open chosen); its
    // connection is current by then.
    void tableActivated(const QString &schema, const QString &table);
    // Open Form was chosen on a table or view.
    void formRequested(const QString &schema, const QString &table);

private:
    SchemaPane *currentPane() const;
    void addPane(model::Database *database);
    void syncPages();
    void showCurrent();

    ConnectionRegistry *m_connections;
    QTabWidget *m_pages;
    QHash<model::Database *, SchemaPane *> m_panes;
    bool m_syncing = false;
};

} // namespace dbx::ui
