#pragma once

#include "model/relations/relationshipgraph.h"

#include <QByteArray>
#include <QString>

namespace dbx::model {

// A database's tables, keys and relationships written out for scripts and other tools: JSON
// (documented in docs/schema-format.md) and Graphviz DOT (crow's-foot ends, association tables
// marked). Pure: from a catalog snapshot and its relationship graph.
QByteArray schemaJson(const SchemaSnapshot &snapshot, const RelationshipGraph &graph);
QString schemaDot(const SchemaSnapshot &snapshot, const RelationshipGraph &graph);

} // namespace dbx::model
