#pragma once

#include "model/query/querydef.h"
#include "model/relations/relatedloader.h"
#include "model/relations/relationshipgraph.h"

#include <QString>

namespace dbx::model {

// A filter in words, for a label: "workload = parttime and compensation is null".
QString describeFilter(const query::Filter &filter);

// What a conditional relationship is called where it is listed: its own name when the user
// gave one, else "resumes where workload = parttime, newest by id".
QString conditionLabel(const Relationship &rel, const RelatedCondition &condition);

} // namespace dbx::model
