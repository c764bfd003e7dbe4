#include "migrations/changerevision.h"

#include <QCoreApplication>
#include <QFile>

namespace dbx::migrations {

namespace {

QString commentLines(const QString &title, const QStringList &lines)
{
    if (lines.isEmpty())
        return {};
    QString text = QStringLiteral("-- %1\n").arg(title);
    for (const QString &line : lines)
        text += QStringLiteral("--   %1\n")
                    .arg(QString(line).replace(QLatin1Char('\n'), QLatin1Char(' ')));
    return text;
}

} // namespace

QString changeRevisionText(const ChangeRevision &revision, const QDateTime &created)
{
    QString text = RevisionWriter::text(revision.id, revision.parents, revision.message, created);
    text.truncate(text.indexOf(QLatin1String("-- upgrade\n")));
    if (!revision.origin.isEmpty())
        text += QStringLiteral("-- %1\n").arg(revision.origin);
    text += commentLines(QCoreApplication::translate("ChangeRevision", "Data loss on upgrade:"),
                         revision.upgrade.warnings);
    text += commentLines(QCoreApplication::translate("ChangeRevision", "Data loss on downgrade:"),
                         revision.downgrade.warnings);
    text += commentLines(
        QCoreApplication::translate("ChangeRevision", "Not written (write these by hand):"),
        revision.upgrade.notExpressed);
    text += QStringLiteral("\n-- upgrade\n") + revision.upgrade.statements.join(QLatin1Char('\n'));
    if (revision.downgrade.statements.isEmpty())
        return text + QStringLiteral("\n\n-- downgrade: empty\n");
    return text + QStringLiteral("\n\n-- downgrade\n") +
           revision.downgrade.statements.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

model::Result<RevisionWriter::Written> writeChangeRevision(const QString &directory,
                                                           const QString &message,
                                                           const SchemaChange &upgrade,
                                                           const SchemaChange &downgrade)
{
    const auto written = RevisionWriter::create(directory, message);
    if (!written)
        return written.error();
    ChangeRevision revision{written->id,
                            written->parents,
                            message.simplified(),
                            QCoreApplication::translate("ChangeRevision",
                                                        "Written from a schema change made in the "
                                                        "schema tree."),
                            upgrade,
                            downgrade};
    const model::Status saved = RevisionWriter::save(
        written->path, changeRevisionText(revision, QDateTime::currentDateTimeUtc()));
    if (!saved) {
        QFile::remove(written->path);
        return saved.error();
    }
    return written;
}

} // namespace dbx::migrations
