#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace dbx::app {

// A headless command: `dbexplorer NAME ...`. Later features add theirs here (migrate, query,
// schema), so everything the window does can also be scripted.
struct Subcommand {
    QString name;
    std::function<QString()> summary;                // one translated line for --help
    std::function<int(const QStringList &args)> run; // args[0] is "dbexplorer NAME"
};

const QList<Subcommand> &subcommands();
const Subcommand *findSubcommand(const QString &name);

} // namespace dbx::app
