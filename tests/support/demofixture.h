#pragma once

#include "model/catalog/schemasnapshot.h"
#include "model/db/database.h"

#include <QString>

#include <memory>

namespace dbx::test {

// A fresh copy of the demo database (schema through the demo migrations, demo rows) in the
// test cluster, dropped first if an earlier run left one. Empty on success, else why not.
QString freshDemoDatabase(const QString &name);

// A fresh demo database as the GUI tests use it: a Database connected to it (its worker
// running) and the catalog snapshot the widgets are given. Empty on success, else why not.
QString openDemoSession(const QString &name, std::unique_ptr<model::Database> *database,
                        model::SchemaSnapshot *snapshot);

} // namespace dbx::test
