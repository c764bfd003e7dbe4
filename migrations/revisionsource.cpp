#include "migrations/revisionsource.h"

#include "migrations/migrationerror.h"
#include "migrations/revisionfile.h"
#include "model/userfile.h"

#include <QCoreApplication>
#include <QDir>

namespace dbx::migrations {

namespace {

model::Result<QList<RevisionSource::File>> readDirectory(const QString &directory)
{
    const QDir dir(directory);
    if (!dir.exists())
        return invalidRequest(QCoreApplication::translate(
                                  "RevisionSource", "the migrations directory %1 does not exist")
                                  .arg(directory));
    QList<RevisionSource::File> files;
    // System entries too (a link to a device, a FIFO): they are refused by name below rather
    // than skipped without a word.
    const QStringList names = dir.entryList(
        {QStringLiteral("*.sql")}, QDir::Files | QDir::System | QDir::Readable, QDir::Name);
    for (const QString &name : names) {
        const auto bytes = model::readUserFile(dir.filePath(name), RevisionSource::maxFileBytes);
        if (!bytes)
            return invalidRequest(bytes.error().message);
        files.append({name, QString::fromUtf8(bytes.value())});
    }
    return files;
}

} // namespace

QString RevisionSource::embeddedPath()
{
    return QStringLiteral(":/dbx/migrations");
}

model::Result<RevisionGraph> RevisionSource::loadDirectory(const QString &directory)
{
    const auto files = readDirectory(directory);
    if (!files)
        return files.error();
    return loadFiles(files.value());
}

model::Result<RevisionGraph> RevisionSource::loadEmbedded()
{
    return loadDirectory(embeddedPath());
}

model::Result<RevisionGraph> RevisionSource::loadFiles(const QList<File> &files)
{
    QList<Revision> revisions;
    QStringList problems;
    for (const File &file : files) {
        const auto revision = RevisionFile::parse(file.text, file.name);
        if (revision)
            revisions.append(revision.value());
        else
            problems.append(revision.error().message);
    }
    // The first problem is the message; the detail adds the others, so none is shown twice.
    if (!problems.isEmpty())
        return invalidRequest(problems.first(), problems.mid(1).join(QLatin1Char('\n')));
    return RevisionGraph::build(revisions);
}

} // namespace dbx::migrations
