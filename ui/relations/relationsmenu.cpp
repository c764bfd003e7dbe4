#include "ui/relations/relationsmenu.h"

#include "model/db/database.h"
#include "ui/common/icons.h"
#include "ui/connection/connectionregistry.h"
#include "ui/relations/erdiagrampanel.h"
#include "ui/schema/schemadock.h"
#include "ui/shell/mainwindow.h"

#include <QAction>
#include <QMenu>

namespace dbx::ui {

RelationsMenu *RelationsMenu::install(MainWindow *window)
{
    return new RelationsMenu(window);
}

RelationsMenu::RelationsMenu(MainWindow *window)
    : QObject(window)
    , m_window(window)
{
    setObjectName(QStringLiteral("relationsMenu"));
    QMenu *view = window->menu(MainWindow::Menu::View);
    QAction *show = view->addAction(icon(QStringLiteral("foreignkey")), tr("&ER Diagram"), this,
                                    &RelationsMenu::showDiagram);
    show->setObjectName(QStringLiteral("actionErDiagram"));
    show->setShortcut(QKeySequence(tr("Ctrl+Shift+D")));
    // A reload (Refresh, a migration, a new connection) may add or drop tables and keys.
    connect(window->schemaDock(), &SchemaDock::snapshotLoadedFor, this,
            [this](model::Database *database, const model::SchemaSnapshot &snapshot) {
                if (ErDiagramPanel *diagram = m_diagrams.value(database))
                    diagram->setSnapshot(snapshot);
            });
}

ErDiagramPanel *RelationsMenu::diagram() const
{
    return m_diagrams.value(m_window->connections()->current());
}

ErDiagramPanel *RelationsMenu::showDiagram()
{
    model::Database *database = m_window->connections()->current();
    if (ErDiagramPanel *diagram = m_diagrams.value(database)) {
        m_window->showPanel(diagram);
        return diagram;
    }
    auto *diagram = new ErDiagramPanel(m_window);
    m_diagrams.insert(database, diagram);
    // The diagram's connection is current while its tab is in front, so its tables open there.
    connect(diagram, &ErDiagramPanel::tableActivated, this, &RelationsMenu::tableActivated);
    m_window->addPanel(diagram, icon(QStringLiteral("foreignkey")), tr("ER Diagram"), database);
    diagram->setSnapshot(m_window->schemaDock()->snapshot(database));
    return diagram;
}

} // namespace dbx::ui
