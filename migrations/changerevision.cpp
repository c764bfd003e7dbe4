#include "migrations/changerevision.h"

#include <QCoreApplication>
#include <QFile>

namespace dbx::migrations {

model::Result<RevisionWriter::Written> writeChangeRevision(const QString &directory,
                                                           const QString &message,
                                                           const QString &upgradeSql,
                                                           const QString &downgradeSql)
{
    const auto written = RevisionWriter::create(directory, message);
    if (!written)
        return written.error();
    QFile file(written->path);
    QString text;
    if (file.open(QIODevice::ReadOnly))
        text = QString::fromUtf8(file.readAll());
    file.close();
    // The sections RevisionWriter::text leaves empty, filled in.
    const QString empty = QStringLiteral("-- upgrade\n\n\n-- downgrade: empty\n");
    const qsizetype at = text.indexOf(empty);
    model::Status saved = model::DbError::plain(
        QCoreApplication::translate("RevisionWriter", "cannot read back %1").arg(written->path));
    if (at >= 0) {
        const QString down =
            downgradeSql.trimmed().isEmpty()
                ? QStringLiteral("-- downgrade: empty\n")
                : QStringLiteral("-- downgrade\n") + downgradeSql.trimmed() + u'\n';
        text.replace(at, empty.size(),
                     QStringLiteral("-- upgrade\n") + upgradeSql.trimmed() +
                         QStringLiteral("\n\n") + down);
        saved = RevisionWriter::save(written->path, text);
    }
    if (!saved) {
        QFile::remove(written->path);
        return saved.error();
    }
    return written;
}

} // namespace dbx::migrations
