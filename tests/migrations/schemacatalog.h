#pragma once

#include <QSqlDatabase>
#include <QStringList>

namespace dbx::test {

// A comparable description of everything in one schema (tables, columns with types, nullability
// and defaults, constraints with their ON DELETE actions, indexes, enum labels, functions,
// triggers, sequences), one sorted line per fact, so two schemas compare with QCOMPARE and a
// difference shows as the lines that differ.
QStringList schemaFacts(QSqlDatabase db, const QString &schema = QStringLiteral("public"));

} // namespace dbx::test
