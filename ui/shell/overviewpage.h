#pragma once

#include "model/catalog/schemasnapshot.h"
#include "model/db/sqlresult.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QStackedWidget;
class QTreeWidget;

namespace dbx::ui {

class SchemaEditor;

// The first tab of the central area: with no connection, the ways to get one (connect, open the
// demo); once connected, what the database holds (its tables and views with their estimated
// sizes and references), as an entry point to the feature panels.
class OverviewPage : public QWidget {
    Q_OBJECT
public:
    explicit OverviewPage(QWidget *parent = nullptr);

    void showDisconnected(const QString &message = {});
    void showConnecting(const QString &message);
    void showDatabase(const model::ServerInfo &info, const model::SchemaSnapshot &snapshot);
    // A table's rows as counted (a grid knows after reading it, after every commit too): the
    // planner's estimate goes stale as soon as rows are inserted.
    void setRowCount(const QString &schema, const QString &table, qint64 rows);
    // The schema changes its context menu offers on a table (and Create Table anywhere).
    void setSchemaEditor(SchemaEditor *editor) { m_editor = editor; }

signals:
    void connectRequested();
    void demoRequested();
    void tableActivated(const QString &schema, const QString &table);
    void formRequested(const QString &schema, const QString &table);
    void ddlRequested(const QString &schema, const QString &table);
    void refreshRequested();

private:
    QWidget *buildWelcome();
    QWidget *buildSummary();
    void showContextMenu(const QPoint &at);

    SchemaEditor *m_editor = nullptr;

    QStackedWidget *m_stack;
    QLabel *m_welcomeMessage;
    QPushButton *m_connect;
    QPushButton *m_demo;
    QLabel *m_title;
    QLabel *m_subtitle;
    QTreeWidget *m_tables;
};

} // namespace dbx::ui
