#pragma once

#include "model/query/querydef.h"

#include <QString>
#include <QStringList>

namespace dbx::ui {

// How the builder's lists name an expression: short and SQL-like ("avg(resumes.compensation)"),
// for reading only; the SQL that runs comes from querysql.h.
QString exprText(const model::query::Expr &expr);

// The aggregate functions offered for an output or a HAVING condition, in combo order
// (index 0 is "none"), and the window functions.
QStringList aggregateNames();
QList<model::query::Expr::Function> aggregateFunctions();
QStringList windowFunctionNames();
QList<model::query::Expr::Function> windowFunctions();
// The casts offered in the editable cast combos.
QStringList castTypes();

} // namespace dbx::ui
