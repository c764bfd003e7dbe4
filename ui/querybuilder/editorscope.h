#pragma once

#include "model/catalog/schemasnapshot.h"
#include "model/query/querydef.h"
#include "model/query/queryscope.h"

#include <QList>
#include <QString>

namespace dbx::ui {

// What an editor of one query level needs to offer choices: the schema, the columns its
// sources bring, and the CTEs it may select from.
struct EditorScope {
    model::SchemaSnapshot snapshot;
    QList<model::query::ScopeColumn> columns;
    QList<model::query::NamedQuery> outer; // CTEs visible from around this level
    QString columnText(int index) const
    {
        const auto &c = columns.at(index);
        return c.source.isEmpty() ? c.name : c.source + QLatin1Char('.') + c.name;
    }
    int indexOf(const model::query::Expr &expr) const
    {
        for (int i = 0; i < columns.size(); ++i)
            if (columns.at(i).source == expr.source && columns.at(i).name == expr.column)
                return i;
        return -1;
    }
};

} // namespace dbx::ui
