#pragma once

#include "model/db/statement.h"

#include <functional>

class QMenu;
class QToolButton;
class QWidget;

namespace dbx::model {
class Database;
}

namespace dbx::ui {

// Where a feature asks for the statement to explain, at the moment the user chooses.
using StatementSource = std::function<model::Statement()>;

// Adds "Explain" ("actionExplain") and "Explain Analyze" ("actionExplainAnalyze") to `menu`;
// each opens an ExplainPanel window on `database` for what `statement` returns then. Both are
// disabled while it returns no SQL.
void addExplainActions(QMenu *menu, model::Database *database, const StatementSource &statement,
                       QWidget *parent);

// An "Explain" tool button whose menu holds the same two actions, for a panel's button row.
QToolButton *explainButton(model::Database *database, const StatementSource &statement,
                           QWidget *parent);

} // namespace dbx::ui
