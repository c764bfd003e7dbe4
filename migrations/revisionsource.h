#pragma once

#include "migrations/revisiongraph.h"
#include "model/result.h"

#include <QList>
#include <QString>

namespace dbx::migrations {

// Where revision files come from: a directory chosen by the user, the demo chain embedded in the
// library, or text held in memory (tests, the panel's editor). All of them end in a checked graph.
class RevisionSource {
public:
    struct File {
        QString name; // shown in messages, e.g. "3f2a9c1d7b01_create_workers.sql"
        QString text;
    };

    // The largest revision file read; anything larger is refused by name.
    static constexpr qint64 maxFileBytes = 256 * 1024 * 1024;

    // Every *.sql file directly inside `directory`; one that is not a regular file (a link to
    // a device, a FIFO) or is larger than maxFileBytes is refused with its name.
    static model::Result<RevisionGraph> loadDirectory(const QString &directory);
    // The demo schema's revisions, compiled into the library as Qt resources.
    static model::Result<RevisionGraph> loadEmbedded();
    static QString embeddedPath();
    // Parses every file; the error's message is the first problem found ("file:line: ..."),
    // its detail the others, one per line.
    static model::Result<RevisionGraph> loadFiles(const QList<File> &files);
};

} // namespace dbx::migrations
