#pragma once

#include <QIcon>

namespace dbx::ui {

// The application's icons, by file name in resources/icons (without ".svg").
QIcon icon(const QString &name);

} // namespace dbx::ui
