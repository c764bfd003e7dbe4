#pragma once

#include "model/catalog/schemasnapshot.h"

namespace dbx::test {

// The demo schema as the catalog reader reports it (workers 1-n resumes, resumes n-m vacancies
// through vacancies_replies, the workload enum), built in memory for tests that need no
// database: layouts, diagrams, SQL generation and validation.
model::SchemaSnapshot demoSnapshot();

} // namespace dbx::test
