#include "ui/relations/relationsmenu.h"

#include "ui/common/icons.h"
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
    connect(m_diagram, &ErDiagramPanel::tableActivated, this, &RelationsMenu::tableActivated);
    m_window->addPanel(m_diagram, icon(QStringLiteral("foreignkey")), tr("ER Diagram"));
    m_diagram->setSnapshot(m_window->schemaDock()->snapshot());
    return m_diagram;
}

} // namespace dbx::ui
