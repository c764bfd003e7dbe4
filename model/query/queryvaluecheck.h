#pragma once

#include "model/catalog/schemasnapshot.h"
#include "model/query/queryscope.h"

#include <QString>
#include <QVariant>

namespace dbx::model::query {

// Whether a filter value can be read as the type of the column it is compared with, checked
// before the server would refuse it: numbers for numeric columns, a label of the enum, an ISO
// date or time, a boolean word. Returns the message for the user, empty when the value fits or
// the column's type is unknown. `name` is how the message names the column ("compensation").
QString valueMismatch(const ScopeColumn &column, const QString &name, const QVariant &value,
                      const SchemaSnapshot &snapshot);

} // namespace dbx::model::query
