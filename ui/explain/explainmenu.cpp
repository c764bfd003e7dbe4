#include "ui/explain/explainmenu.h"

#include "ui/explain/explainpanel.h"

#include <QAction>
#include <QCoreApplication>
#include <QMenu>
#include <QToolButton>

namespace dbx::ui {

using model::explain::ExplainMode;

namespace {

// The translation context of these messages.
struct ExplainMenu {
    Q_DECLARE_TR_FUNCTIONS(ExplainMenu)
};

} // namespace

void addExplainActions(QMenu *menu, model::Database *database, const StatementSource &statement,
                       QWidget *parent)
{
    const bool any = !statement().sql.trimmed().isEmpty();
    auto add = [&](const QString &text, const char *name, ExplainMode mode, const QString &tip) {
        QAction *action = menu->addAction(text);
        action->setObjectName(QLatin1String(name));
        action->setToolTip(tip);
        action->setEnabled(any);
        QObject::connect(action, &QAction::triggered, parent,
                         [=] { ExplainPanel::openWindow(database, statement(), mode, parent); });
    };
    add(ExplainMenu::tr("Explain"), "actionExplain", ExplainMode::Plan,
        ExplainMenu::tr("Show the planner's plan for the query without running it"));
    add(ExplainMenu::tr("Explain Analyze"), "actionExplainAnalyze", ExplainMode::Analyze,
        ExplainMenu::tr("Run the query to measure its plan (data changes are rolled back)"));
}

QToolButton *explainButton(model::Database *database, const StatementSource &statement,
                           QWidget *parent)
{
    auto *button = new QToolButton(parent);
    button->setObjectName(QStringLiteral("explainButton"));
    button->setText(ExplainMenu::tr("Explain"));
    button->setToolTip(ExplainMenu::tr("Show the query's plan, estimated or measured"));
    button->setPopupMode(QToolButton::InstantPopup);
    auto *menu = new QMenu(button);
    button->setMenu(menu);
    // Filled when opened, so that the actions see the statement as it is then.
    QObject::connect(menu, &QMenu::aboutToShow, button, [=] {
        menu->clear();
        addExplainActions(menu, database, statement, parent);
    });
    return button;
}

} // namespace dbx::ui
