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

    // Every *.sql file directly inside `directory`.
    static model::Result<RevisionGraph> loadDirectory(const QString &directory);
    // The demo schema's revisions, compiled into the library as Qt resources.
    static model::Result<RevisionGraph> loadEmbedded();
    static QString embeddedPath();
    // Parses every file; the error lists every problem found, one "file:line: ..." per line of
    // its detail, the first one as its message.
    static model::Result<RevisionGraph> loadFiles(const QList<File> &files);
};

} // namespace dbx::migrations
