#pragma once

#include "model/catalog/schemasnapshot.h"
#include "model/query/querydef.h"

#include <QList>
#include <QString>

namespace dbx::model::query {

// One way to extend a query along a foreign key: what the builder offers under "Add Join".
// A many-to-many relationship is one suggestion that adds two joins (the association table,
// then the far table), because that is how a person thinks of it.
struct JoinSuggestion {
    QString label;     // "resumes.worker_id → workers.id", "resumes ↔ vacancies through ..."
    QList<Join> joins; // appended in order; aliases are unique within the query
};

// The foreign-key joins leading out of the tables already in the query (its FROM table and
// joined tables), in both directions, plus many-to-many through association tables. A key the
// query already joins on is not offered again.
QList<JoinSuggestion> joinSuggestions(const Query &query, const SchemaSnapshot &snapshot);

} // namespace dbx::model::query
