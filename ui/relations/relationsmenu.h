#pragma once

#include <QObject>
#include <QPointer>

namespace dbx::ui {

class ErDiagramPanel;
class MainWindow;

// Puts the ER diagram into the main window: View → ER Diagram opens its tab (made when first
// shown, and again after the tab was closed), the diagram follows every schema reload, and a
// click on a table asks for its grid (tableActivated, wired by the application to whatever
// opens grids, so this feature needs no other).
class RelationsMenu : public QObject {
    Q_OBJECT
public:
    static RelationsMenu *install(MainWindow *window);

    // Opens the diagram's tab, or brings it to the front.
    ErDiagramPanel *showDiagram();
    // Null while the diagram is not open.
    ErDiagramPanel *diagram() const;

signals:
    // A table of the diagram was clicked.
    void tableActivated(const QString &schema, const QString &table);

private:
    explicit RelationsMenu(MainWindow *window);

    MainWindow *m_window;
    QPointer<ErDiagramPanel> m_diagram;
};

} // namespace dbx::ui
