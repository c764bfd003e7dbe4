#pragma once

#include "model/result.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

namespace dbx::migrations {

// Writes a new, empty revision file into a folder of revisions, as `alembic revision -m` does:
// a random id, the folder's current heads as parents (a merge when there are several), and the
// header and sections in the format RevisionFile reads. The file is read back through
// RevisionSource before it is reported, so what was written is known to load.
class RevisionWriter {
public:
    struct Written {
        QString id;
        QStringList parents;
        QString path; // absolute path of the new file
    };

    // Refuses an empty message (invalid request), a folder that is missing or not writable and
    // a file that already exists (plain errors: nothing about the request is wrong); revision
    // files that do not load are the loader's invalid request.
    // `id` empty: a new random one (the command line and the panel); given: that one (tests).
    static model::Result<Written> create(const QString &directory, const QString &message,
                                         const QString &id = {});

    // Replaces the file at `path` with `text` (an edit of a revision just written), only when
    // the text parses as a revision; the error names the line otherwise.
    static model::Status save(const QString &path, const QString &text);

    // 12 random lowercase hex digits, Alembic's form.
    static QString newId();
    // Lowercase ASCII words of `message` joined by "_", Cyrillic transliterated, at most
    // maxSlugLength characters cut at a word; empty when nothing is left.
    static QString slug(const QString &message);
    // "<id>_<slug>.sql", or "<id>.sql" when the slug is empty.
    static QString fileName(const QString &id, const QString &message);
    // The file's text: header, an empty upgrade and "-- downgrade: empty" (both to fill in).
    static QString text(const QString &id, const QStringList &parents, const QString &message,
                        const QDateTime &created);

    static constexpr int maxSlugLength = 40; // Alembic's truncate_slug_length
};

} // namespace dbx::migrations
