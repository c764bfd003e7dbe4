#include "migrations/revisionwriter.h"

#include "migrations/migrationerror.h"
#include "migrations/revisionfile.h"
#include "migrations/revisionsource.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QRandomGenerator>
#include <QSaveFile>

namespace dbx::migrations {

namespace {

// Russian letters in the common passport-style romanisation, so a message written in Russian
// still names its file after its words.
QString transliterated(QChar c)
{
    static const QHash<QChar, QString> table = [] {
        const char16_t letters[] = u"абвгдеёжзийклмнопрстуфхцчшщъыьэюя";
        const char *latin[] = {"a",  "b",  "v",  "g",  "d",    "e", "e", "zh", "z", "i",  "y",
                               "k",  "l",  "m",  "n",  "o",    "p", "r", "s",  "t", "u",  "f",
                               "kh", "ts", "ch", "sh", "shch", "",  "y", "",   "e", "yu", "ya"};
        QHash<QChar, QString> map;
        for (int i = 0; i < 33; ++i)
            map.insert(QChar(letters[i]), QLatin1String(latin[i]));
        return map;
    }();
    if (c.unicode() < 128)
        return QString(c);
    return table.value(c, QStringLiteral(" "));
}

model::Status checkFolder(const QString &directory)
{
    const QFileInfo info(directory);
    if (!info.exists() || !info.isDir())
        return model::DbError::plain(
            QCoreApplication::translate("RevisionWriter", "the migrations folder %1 does not exist")
                .arg(directory));
    if (!info.isWritable())
        return model::DbError::plain(
            QCoreApplication::translate("RevisionWriter",
                                        "the migrations folder %1 is not writable")
                .arg(directory));
    return {};
}

model::Status writeNew(const QString &path, const QString &text)
{
    QFile file(path);
    // NewOnly: an existing file is never replaced, even one created a moment ago by another.
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly)) {
        const QString why =
            QFileInfo::exists(path)
                ? QCoreApplication::translate("RevisionWriter",
                                              "%1 already exists; nothing was overwritten")
                      .arg(path)
                : QCoreApplication::translate("RevisionWriter", "cannot create %1: %2")
                      .arg(path, file.errorString());
        return model::DbError::plain(why);
    }
    const QByteArray bytes = text.toUtf8();
    if (file.write(bytes) != bytes.size() || !file.flush()) {
        const QString why = file.errorString();
        file.close();
        file.remove();
        return model::DbError::plain(
            QCoreApplication::translate("RevisionWriter", "cannot write %1: %2").arg(path, why));
    }
    return {};
}

} // namespace

QString RevisionWriter::newId()
{
    const quint64 bits = QRandomGenerator::system()->generate64() & 0xffffffffffffULL;
    return QStringLiteral("%1").arg(bits, 12, 16, QLatin1Char('0'));
}

QString RevisionWriter::slug(const QString &message)
{
    QString ascii;
    for (const QChar c : message.toLower())
        ascii += transliterated(c);
    QStringList words;
    QString word;
    for (const QChar c : ascii + QLatin1Char(' ')) {
        if ((c >= QLatin1Char('a') && c <= QLatin1Char('z')) ||
            (c >= QLatin1Char('0') && c <= QLatin1Char('9'))) {
            word += c;
        } else if (!word.isEmpty()) {
            words << std::exchange(word, QString());
        }
    }
    QString result;
    for (const QString &w : words) {
        const qsizetype length = result.isEmpty() ? w.size() : result.size() + 1 + w.size();
        if (length > maxSlugLength)
            break;
        result += (result.isEmpty() ? QString() : QStringLiteral("_")) + w;
    }
    // One word longer than the limit is cut rather than dropped.
    if (result.isEmpty() && !words.isEmpty())
        result = words.first().left(maxSlugLength);
    return result;
}

QString RevisionWriter::fileName(const QString &id, const QString &message)
{
    const QString s = slug(message);
    return s.isEmpty() ? id + QStringLiteral(".sql") : QStringLiteral("%1_%2.sql").arg(id, s);
}

QString RevisionWriter::text(const QString &id, const QStringList &parents, const QString &message,
                             const QDateTime &created)
{
    return QStringLiteral("-- revision: %1\n"
                          "-- parents: %2\n"
                          "-- message: %3\n"
                          "-- created: %4\n"
                          "\n"
                          "-- upgrade\n"
                          "\n"
                          "\n"
                          "-- downgrade: empty\n")
        .arg(id, parents.join(QLatin1String(", ")), message.simplified(),
             created.toUTC().toString(Qt::ISODate));
}

model::Result<RevisionWriter::Written>
RevisionWriter::create(const QString &directory, const QString &message, const QString &id)
{
    if (message.simplified().isEmpty())
        return invalidRequest(
            QCoreApplication::translate("RevisionWriter", "a new revision needs a message"));
    if (const model::Status folder = checkFolder(directory); !folder)
        return folder.error();
    const auto graph = RevisionSource::loadDirectory(directory);
    if (!graph)
        return graph.error();
    Written written;
    written.id = id;
    while (written.id.isEmpty() || graph->contains(written.id)) {
        if (!id.isEmpty())
            return invalidRequest(
                QCoreApplication::translate("RevisionWriter", "revision %1 exists already")
                    .arg(id));
        written.id = newId();
    }
    written.parents = graph->heads();
    written.path = QDir(directory).absoluteFilePath(fileName(written.id, message));
    const QString content =
        text(written.id, written.parents, message, QDateTime::currentDateTimeUtc());
    if (const model::Status saved = writeNew(written.path, content); !saved)
        return saved.error();
    // Read back with the runner's own loader: a file it would refuse is not left behind.
    const auto reread = RevisionSource::loadDirectory(directory);
    if (!reread || reread->heads() != QStringList{written.id}) {
        QFile::remove(written.path);
        return reread ? refusedRun(QCoreApplication::translate(
                                       "RevisionWriter", "the new revision %1 did not load back")
                                       .arg(written.id))
                      : reread.error();
    }
    return written;
}

} // namespace dbx::migrations

namespace dbx::migrations {

model::Status RevisionWriter::save(const QString &path, const QString &text)
{
    if (const auto parsed = RevisionFile::parse(text, QFileInfo(path).fileName()); !parsed)
        return parsed.error();
    QSaveFile file(path);
    const QByteArray bytes = text.toUtf8();
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return model::DbError::plain(
            QCoreApplication::translate("RevisionWriter", "cannot write %1: %2")
                .arg(path, file.errorString()));
    return {};
}

} // namespace dbx::migrations
