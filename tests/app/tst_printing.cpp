// What the command line prints reaches the terminal whole: a NUL inside a message is shown as
// "\0" rather than ending the line there, and data lines keep every byte.

#include "app/commandline.h"

#include <QTemporaryFile>
#include <QtTest>

#include <cstdio>
#include <functional>
#include <unistd.h>

namespace {

// Runs `print` with the stream's file descriptor pointed at a temporary file; returns the bytes.
QByteArray captured(std::FILE *stream, const std::function<void()> &print)
{
    QTemporaryFile file;
    if (!file.open())
        return "<no temporary file>";
    std::fflush(stream);
    const int fd = fileno(stream);
    const int saved = ::dup(fd);
    ::dup2(file.handle(), fd);
    print();
    std::fflush(stream);
    ::dup2(saved, fd);
    ::close(saved);
    file.seek(0);
    return file.readAll();
}

} // namespace

class TestPrinting : public QObject {
    Q_OBJECT

private slots:
    void errorsAreNotCutAtANul()
    {
        const QString message = QStringLiteral("unknown operator \"like") + QChar(0) +
                                QStringLiteral("any\" in query.where");
        const QByteArray err = captured(stderr, [&message] { dbx::app::printError(message); });
        QCOMPARE(err, QByteArray("dbexplorer: unknown operator \"like\\0any\" in query.where\n"));
    }

    void outputKeepsEveryByte()
    {
        const QString line = QStringLiteral("a") + QChar(0) + QStringLiteral("b");
        const QByteArray out = captured(stdout, [&line] { dbx::app::printOut(line); });
        QCOMPARE(out, QByteArray("a\0b\n", 4));
    }
};

QTEST_GUILESS_MAIN(TestPrinting)
#include "tst_printing.moc"
