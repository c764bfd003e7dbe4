#include "ui/querybuilder/querybuildermenu.h"

#include "model/query/queryjson.h"

#include "ui/common/icons.h"
#include "ui/connection/connectionregistry.h"
#include "ui/querybuilder/querybuilderpanel.h"
#include "ui/schema/schemadock.h"
#include "ui/shell/mainwindow.h"

#include <QAction>
#include <QMenu>

namespace dbx::ui {

QueryBuilderMenu *QueryBuilderMenu::install(MainWindow *window, model::Database *)
{
    return new QueryBuilderMenu(window);
}

QueryBuilderMenu::QueryBuilderMenu(MainWindow *window)
    : QObject(window)
    , m_window(window)
{
    setObjectName(QStringLiteral("queryBuilderMenu"));
    QMenu *view = window->menu(MainWindow::Menu::View);
    QAction *show = view->addAction(icon(QStringLiteral("table")), tr("&Query Builder"), this,
                                    &QueryBuilderMenu::showBuilder);
    show->setObjectName(QStringLiteral("actionQueryBuilder"));
    show->setShortcut(QKeySequence(tr("Ctrl+Shift+B")));
    // A reload (Refresh, a migration, a new connection) may add or drop tables and columns;
    // the validator then names what the query refers to that is gone.
    connect(window->schemaDock(), &SchemaDock::snapshotLoadedFor, this,
            [this](model::Database *database, const model::SchemaSnapshot &snapshot) {
                if (QueryBuilderPanel *panel = m_panels.value(database))
                    panel->setSnapshot(snapshot);
            });
}

QueryBuilderPanel *QueryBuilderMenu::builder() const
{
    return m_panels.value(m_window->connections()->current());
}

bool QueryBuilderMenu::openQueryFile(const QString &path, bool run, QString *error)
{
    const auto query = model::query::readQueryFile(path);
    if (!query.ok()) {
        *error = query.error().message;
        return false;
    }
    QueryBuilderPanel *panel = showBuilder();
    panel->setQuery(query.value());
    if (run)
        panel->run();
    return true;
}

QueryBuilderPanel *QueryBuilderMenu::showBuilder()
{
    model::Database *database = m_window->connections()->current();
    if (QueryBuilderPanel *panel = m_panels.value(database)) {
        m_window->showPanel(panel);
        return panel;
    }
    auto *panel = new QueryBuilderPanel(database, m_window);
    m_panels.insert(database, panel);
    m_window->addPanel(panel, icon(QStringLiteral("table")), tr("Query Builder"), database);
    connect(panel, &QueryBuilderPanel::consoleRequested, this,
            [this, database](const QString &sql, const QVariantList &values) {
                emit consoleRequested(database, sql, values);
            });
    panel->setSnapshot(m_window->schemaDock()->snapshot(database));
    return panel;
}

void QueryBuilderMenu::importSql(const QString &sql)
{
    showBuilder()->importSql(sql);
}

} // namespace dbx::ui
