#pragma once

#include "migrations/revision.h"
#include "model/result.h"

namespace dbx::migrations {

// Reads the text format of one revision (see migrations/README.md): a header of "-- key: value"
// lines, then explicit "-- upgrade" and "-- downgrade" sections. Everything that would make a run
// fail half-way for a reason visible in the file is rejected here, with the file and line.
class RevisionFile {
public:
    static model::Result<Revision> parse(const QString &text, const QString &fileName);
    // SHA-256 of `upgradeText` after normalizing line endings, trailing whitespace and blank
    // lines at either end, so re-saving a file in another editor does not count as an edit.
    static QString checksum(const QString &upgradeText);
    static bool isValidId(const QString &id);
};

} // namespace dbx::migrations
