#pragma once

#include <QHash>
#include <QObject>
#include <QPointer>

namespace dbx::model {
class Database;
}

namespace dbx::ui {

class ErDiagramPanel;
class MainWindow;

// Puts the ER diagram into the main window: View → ER Diagram opens the current connection's
// diagram tab (made when first shown, and again after the tab was closed), each diagram follows
// its connection's schema reloads, and a
// click on a table asks for its grid (tableActivated, wired by the application to whatever
// opens grids, so this feature needs no other).
class RelationsMenu : public QObject {
    Q_OBJECT
public:
    static RelationsMenu *install(MainWindow *window);

    // Opens the diagram's tab, or brings it to the front.
    ErDiagramPanel *showDiagram();
    // The current connection's diagram; null while it is not open.
    ErDiagramPanel *diagram() const;

signals:
    // A table of the diagram was clicked.
    void tableActivated(const QString &schema, const QString &table);

private:
    explicit RelationsMenu(MainWindow *window);

    MainWindow *m_window;
    QHash<model::Database *, QPointer<ErDiagramPanel>> m_diagrams;
};

} // namespace dbx::ui
