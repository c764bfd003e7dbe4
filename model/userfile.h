#pragma once

#include "model/result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace dbx::model {

// Reads a file a user named (a saved query, a revision file) as a whole, refusing what cannot
// be one: a device, a FIFO or a directory (reading /dev/zero would never end), and a regular
// file larger than `maxBytes`, so a mistaken path is a clear message instead of memory
// exhaustion. Messages name the file; the error's kind is InvalidSpec.
Result<QByteArray> readUserFile(const QString &path, qint64 maxBytes);

// The 1-based line of the first NUL byte in `bytes`, or 0 when it holds none. PostgreSQL and
// libpq read C strings: a NUL would silently cut whatever follows it.
int lineOfFirstNul(QByteArrayView bytes);
// The same for text (a NUL character).
int lineOfFirstNul(QStringView text);

} // namespace dbx::model
