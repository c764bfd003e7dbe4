#pragma once

#include <QObject>
#include <QPointer>

namespace dbx::ui {

class BrowserTabs;
class ErDiagramPanel;
class MainWindow;

// Puts the ER diagram into the main window: View → ER Diagram opens its tab (made when first
// shown, and again after the tab was closed), the diagram follows every schema reload, and a
// click on a table opens its grid. Lives here so that main.cpp needs one line.
class RelationsMenu : public QObject {
    Q_OBJECT
public:
    static RelationsMenu *install(MainWindow *window, BrowserTabs *browsers);

    // Opens the diagram's tab, or brings it to the front.
    ErDiagramPanel *showDiagram();
    // Null while the diagram is not open.
    ErDiagramPanel *diagram() const;

private:
    RelationsMenu(MainWindow *window, BrowserTabs *browsers);

    MainWindow *m_window;
    BrowserTabs *m_browsers;
    QPointer<ErDiagramPanel> m_diagram;
};

} // namespace dbx::ui
