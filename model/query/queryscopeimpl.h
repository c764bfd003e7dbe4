#pragma once

#include "model/query/queryscope.h"

namespace dbx::model::query {

// The pieces of scope resolution the validator needs as well (queryscope.cpp).

// The enum a format_type() name refers to: "workload", "public.workload", "\"My\".\"Kind\"".
const EnumInfo *findEnum(const SchemaSnapshot &snapshot, const QString &type,
                         const QString &preferredSchema);
// type and dataType for a type name (its kind looked up by name when `known` does not tell),
// enumSchema set for enums found in the snapshot.
ScopeColumn describeType(const SchemaSnapshot &snapshot, const QString &type,
                         const ColumnType &known, const QString &preferredSchema);
// The CTE `name` as seen from a query whose visible CTEs are `visible` (outer first).
const NamedQuery *findCte(const QList<NamedQuery> &visible, const QString &name);
// The columns one FROM/JOIN source contributes, named by the source's name.
QList<ScopeColumn> sourceColumns(const Source &source, const SchemaSnapshot &snapshot,
                                 const QList<NamedQuery> &visible);
// A column by source (empty: any source) and name.
const ScopeColumn *findColumn(const QList<ScopeColumn> &scope, const QString &source,
                              const QString &column);
// The type of an expression as far as the AST and the scope tell; empty when unknown.
ScopeColumn exprType(const Expr &e, const QList<ScopeColumn> &scope,
                     const SchemaSnapshot &snapshot);
// The name an output column gets: its label, the column's name, the function's name.
QString outputName(const SelectItem &item);

} // namespace dbx::model::query
