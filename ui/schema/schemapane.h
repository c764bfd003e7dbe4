#pragma once

#include "model/catalog/schemasnapshot.h"
#include "model/db/sqlresult.h"
#include "model/result.h"
#include "ui/schema/ddldialog.h"

#include <QPointer>
#include <QWidget>

class QLabel;
class QMenu;
class QLineEdit;
class QSortFilterProxyModel;
class QTreeView;
class QToolButton;

namespace dbx::model {
class Database;
class SchemaTreeModel;
} // namespace dbx::model

namespace dbx::ui {

class SchemaEditor;
class SchemaIconProxy;

// The schema tree of one connection: reads the catalog on the database worker whenever the
// connection is made (or on Refresh) and shows schemas, tables, views, columns, keys, indexes,
// checks and enums, with a filter box. Only the newest read counts: an older one that arrives
// late is dropped. The schema dock holds one per open connection.
class SchemaPane : public QWidget {
    Q_OBJECT
public:
    // The width below which the tree's names can no longer be read.
    static constexpr int minimumUsableWidth = 190;

    explicit SchemaPane(model::Database *database, QWidget *parent = nullptr);

    model::Database *database() const { return m_database; }
    const model::SchemaSnapshot &snapshot() const;
    bool isLoading() const { return m_pending != 0; }
    // The DDL of `object` in a dialog of its own (not modal: several may stay open to compare).
    void showDdl(const model::DdlObject &object);
    // The dialog Show DDL opened last, while it is open (tests).
    DdlDialog *ddlDialog() const { return m_ddlDialog; }
    // The schema changes its context menu offers (and the overview's).
    SchemaEditor *editor() const { return m_editor; }

public slots:
    void reload();
    void clear();

signals:
    void snapshotLoaded(const dbx::model::SchemaSnapshot &snapshot);
    // A table or view was double-clicked (or Enter pressed on it, or Open chosen).
    void tableActivated(const QString &schema, const QString &table);
    // Open Form was chosen on a table or view.
    void formRequested(const QString &schema, const QString &table);

private:
    void applySnapshot(model::Ticket ticket, const model::Result<model::SchemaSnapshot> &result);
    void setStatus(const QString &text, bool error = false);
    void activate(const QModelIndex &index);
    void showContextMenu(const QPoint &at);
    void addSchemaChanges(QMenu *menu, const QModelIndex &index);

    model::Database *m_database;
    model::SchemaTreeModel *m_model;
    SchemaIconProxy *m_icons;
    QSortFilterProxyModel *m_filter;
    QLineEdit *m_filterEdit;
    QTreeView *m_tree;
    QLabel *m_status;
    QToolButton *m_refresh;
    model::Ticket m_pending = 0;
    QPointer<DdlDialog> m_ddlDialog;
    SchemaEditor *m_editor;
};

} // namespace dbx::ui
