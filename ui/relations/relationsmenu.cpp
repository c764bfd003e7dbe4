#include "relationsmenu.h"

#include "browser/browsertabs.h"
#include "erdiagrampanel.h"
#include "icons.h"
#include "schema/schemadock.h"
#include "shell/mainwindow.h"

#include <QAction>
#include <QMenu>

namespace dbx::ui {

RelationsMenu *RelationsMenu::install(MainWindow *window, BrowserTabs *browsers)
{
    return new RelationsMenu(window, browsers);
}

RelationsMenu::RelationsMenu(MainWindow *window, BrowserTabs *browsers)
    : QObject(window)
    , m_window(window)
    , m_browsers(browsers)
{
    setObjectName(QStringLiteral("relationsMenu"));
    QMenu *view = window->menu(MainWindow::Menu::View);
    QAction *show = view->addAction(icon(QStringLiteral("foreignkey")), tr("&ER Diagram"), this,
                                    &RelationsMenu::showDiagram);
    show->setObjectName(QStringLiteral("actionErDiagram"));
    show->setShortcut(QKeySequence(tr("Ctrl+Shift+D")));
    // A reload (Refresh, a migration, a new connection) may add or drop tables and keys.
    connect(window->schemaDock(), &SchemaDock::snapshotLoaded, this,
            [this](const model::SchemaSnapshot &snapshot) {
                if (m_diagram)
                    m_diagram->setSnapshot(snapshot);
            });
}

ErDiagramPanel *RelationsMenu::diagram() const
{
    return m_diagram;
}

ErDiagramPanel *RelationsMenu::showDiagram()
{
    if (m_diagram) {
        m_window->showPanel(m_diagram);
        return m_diagram;
    }
    m_diagram = new ErDiagramPanel(m_window);
    connect(
        m_diagram, &ErDiagramPanel::tableActivated, m_browsers,
        [this](const QString &schema, const QString &table) { m_browsers->open(schema, table); });
    m_window->addPanel(m_diagram, icon(QStringLiteral("foreignkey")), tr("ER Diagram"));
    m_diagram->setSnapshot(m_window->schemaDock()->snapshot());
    return m_diagram;
}

} // namespace dbx::ui
