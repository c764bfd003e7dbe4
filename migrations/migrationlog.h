#pragma once

#include <QString>

#include <functional>

namespace dbx::migrations {

// One line of a run's live log, for the panel and the command line.
struct LogLine {
    enum class Level { Info, Sql, Warning, Error };
    Level level = Level::Info;
    QString text;
    QString revision; // the revision it is about, empty for the run as a whole
};

using LogHandler = std::function<void(const LogLine &)>;
// Called after each revision (or stamp) completes: done of total.
using ProgressHandler = std::function<void(int done, int total, const QString &revision)>;
using CancelCheck = std::function<bool()>;

} // namespace dbx::migrations
