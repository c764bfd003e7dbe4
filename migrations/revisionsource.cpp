#include "migrations/revisionsource.h"

#include "migrations/migrationerror.h"
#include "migrations/revisionfile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>

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
    const QStringList names =
        dir.entryList({QStringLiteral("*.sql")}, QDir::Files | QDir::Readable, QDir::Name);
    for (const QString &name : names) {
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::ReadOnly))
            return invalidRequest(
                QCoreApplication::translate("RevisionSource", "cannot read %1: %2")
                    .arg(file.fileName(), file.errorString()));
        files.append({name, QString::fromUtf8(file.readAll())});
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
    if (!problems.isEmpty())
        return invalidRequest(problems.first(), problems.join(QLatin1Char('\n')));
    return RevisionGraph::build(revisions);
}

} // namespace dbx::migrations
