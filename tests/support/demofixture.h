#pragma once

#include <QString>

namespace dbx::test {

// A fresh copy of the demo database (schema through the demo migrations, demo rows) in the
// test cluster, dropped first if an earlier run left one. Empty on success, else why not.
QString freshDemoDatabase(const QString &name);

} // namespace dbx::test
