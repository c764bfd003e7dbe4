#pragma once

#include "model/explain/explainplan.h"

#include <QString>

namespace dbx::model::explain {

// Writes a parsed plan in the layout of EXPLAIN's text format ("->  Seq Scan on t  (cost=...)
// (actual time=... rows=... loops=...)", its conditions and buffers indented below), so that
// EXPLAIN ANALYZE need not run the statement a second time for its text form.
QString planText(const ExplainPlan &plan);

} // namespace dbx::model::explain
