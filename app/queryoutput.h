#pragma once

#include "model/db/statement.h"

#include <QString>

namespace dbx::app {

// The statement with its bound values as a comment block ("-- $1 = '%Python%'"), for --sql.
QString sqlWithParameters(const model::Statement &statement);

} // namespace dbx::app
