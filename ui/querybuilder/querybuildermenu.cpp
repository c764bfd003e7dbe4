#include "ui/querybuilder/querybuildermenu.h"

#include "model/query/queryjson.h"

#include "ui/common/icons.h"
#include "ui/querybuilder/querybuilderpanel.h"
#include "ui/schema/schemadock.h"
#include "ui/shell/mainwindow.h"

#include <QAction>
#include <QMenu>

namespace dbx::ui {

QueryBuilderMenu *QueryBuilderMenu::install(MainWindow *window, model::Database *database)
{
    return new QueryBuilderMenu(window, database);
}

QueryBuilderMenu::QueryBuilderMenu(MainWindow *window, model::Database *database)
    : QObject(window)
    , m_window(window)
    , m_database(database)
{
    setObjectName(QStringLiteral("queryBuilderMenu"));
    QMenu *view = window->menu(MainWindow::Menu::View);
    QAction *show = view->addAction(icon(QStringLiteral("table")), tr("&Query Builder"), this,
                                    &QueryBuilderMenu::showBuilder);
    show->setObjectName(QStringLiteral("actionQueryBuilder"));
    show->setShortcut(QKeySequence(tr("Ctrl+Shift+B")));
    // A reload (Refresh, a migration, a new connection) may add or drop tables and columns;
    // the validator then names what the query refers to that is gone.
    connect(window->schemaDock(), &SchemaDock::snapshotLoaded, this,
            [this](const model::SchemaSnapshot &snapshot) {
                if (m_panel)
                    m_panel->setSnapshot(snapshot);
            });
}

QueryBuilderPanel *QueryBuilderMenu::builder() const
{
    return m_panel;
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
    if (m_panel) {
        m_window->showPanel(m_panel);
        return m_panel;
    }
    m_panel = new QueryBuilderPanel(m_database, m_window);
    m_window->addPanel(m_panel, icon(QStringLiteral("table")), tr("Query Builder"));
    m_panel->setSnapshot(m_window->schemaDock()->snapshot());
    return m_panel;
}

} // namespace dbx::ui
