#pragma once

#include "model/catalog/schemasnapshot.h"
#include "model/query/querydef.h"

#include <QList>
#include <QString>

namespace dbx::model::query {

// A column an expression can name: which source it comes from and what type it has.
struct ScopeColumn {
    QString source;       // the source's name (alias) in the query
    QString name;         // the column's name, or a subquery's / CTE's output label
    QString type;        // format_type text when known ("integer", "workload"), else empty
    ColumnType dataType; // the kind of type; Unknown when not known
    QString enumSchema;  // for enum columns: where the type lives, to offer its labels
};

// The columns a query's output has, in order: what a subquery or CTE built on it exposes.
// `outer` are the CTEs visible from an enclosing query.
QList<ScopeColumn> outputColumns(const Query &query, const SchemaSnapshot &snapshot,
                                 const QList<NamedQuery> &outer = {});

// Every column of every source in the query's FROM and JOINs, source by source.
QList<ScopeColumn> columnsInScope(const Query &query, const SchemaSnapshot &snapshot,
                                  const QList<NamedQuery> &outer = {});

} // namespace dbx::model::query
