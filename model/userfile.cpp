#include "model/userfile.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>

namespace dbx::model {

namespace {

DbError refused(const QString &message)
{
    DbError error;
    error.kind = DbError::Kind::InvalidSpec;
    error.message = message;
    return error;
}

QString megabytes(qint64 bytes)
{
    return QString::number(double(bytes) / (1024.0 * 1024.0), 'f', bytes % (1024 * 1024) ? 1 : 0);
}

} // namespace

Result<QByteArray> readUserFile(const QString &path, qint64 maxBytes)
{
    const auto cannot = [&path](const QString &why) {
        return refused(
            QCoreApplication::translate("UserFile", "Cannot read %1: %2").arg(path, why));
    };
    const QFileInfo info(path);
    if (!info.exists())
        return cannot(QCoreApplication::translate("UserFile", "no such file"));
    // isFile() follows symbolic links: a link to /dev/zero is a device too.
    if (!info.isFile())
        return cannot(QCoreApplication::translate(
            "UserFile", "not a regular file (a directory, a device or a pipe)"));
    const QString tooLarge =
        QCoreApplication::translate("UserFile", "larger than the %1 MB such a file may hold");
    if (info.size() > maxBytes)
        return cannot(tooLarge.arg(megabytes(maxBytes)));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return cannot(file.errorString());
    // Never more than allowed, even if the file grows meanwhile.
    QByteArray data = file.read(maxBytes + 1);
    if (data.size() > maxBytes)
        return cannot(tooLarge.arg(megabytes(maxBytes)));
    return data;
}

int lineOfFirstNul(QByteArrayView bytes)
{
    const qsizetype at = bytes.indexOf('\0');
    return at < 0 ? 0 : int(bytes.first(at).count('\n')) + 1;
}

int lineOfFirstNul(QStringView text)
{
    const qsizetype at = text.indexOf(QChar(0));
    return at < 0 ? 0 : int(text.first(at).count(QLatin1Char('\n'))) + 1;
}

} // namespace dbx::model
