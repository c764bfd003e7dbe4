#pragma once

#include "model/query/querydef.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariantList>

namespace dbx::test {

// The three example queries of issue #5 as builder ASTs, each with the SQL a person would write
// by hand for it. Tests run both on the demo database and expect the same rows.

// Average compensation per workload of Python resumes paying over 40000, where it exceeds 70000.
model::query::Query seedAvgCompensation();
QString seedAvgCompensationSql();

// Each resume's compensation against the average of its workload, through a subquery and a CTE,
// biggest difference first.
model::query::Query seedCompensationDiff();
QString seedCompensationDiffSql();

// Replies to vacancies from part-time resumes or resumes without a compensation, over four
// joined tables.
model::query::Query seedPartTimeReplies();
QString seedPartTimeRepliesSql();

// Rows as comparable text, one "a|b|<NULL>" line per row: how those tests compare a built
// query's rows with the hand SQL's.
QStringList rowsAsText(const QList<QVariantList> &rows);

} // namespace dbx::test
