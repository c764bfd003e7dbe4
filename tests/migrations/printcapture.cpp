#include "printcapture.h"

#include "commandline.h"

#include <cstdio>

namespace dbx::test {

namespace {

struct Captured {
    QString out;
    QString err;
    bool echo = false;
};

Captured &captured()
{
    static Captured instance;
    return instance;
}

} // namespace

QString PrintCapture::out()
{
    return captured().out;
}

QString PrintCapture::err()
{
    return captured().err;
}

void PrintCapture::clear()
{
    captured().out.clear();
    captured().err.clear();
}

void PrintCapture::setEcho(bool echo)
{
    captured().echo = echo;
}

} // namespace dbx::test

namespace dbx::app {

void printOut(const QString &text)
{
    test::captured().out += text + QLatin1Char('\n');
    if (test::captured().echo) {
        std::fprintf(stdout, "%s\n", text.toLocal8Bit().constData());
        std::fflush(stdout);
    }
}

void printError(const QString &message)
{
    test::captured().err += message + QLatin1Char('\n');
    if (test::captured().echo) {
        std::fprintf(stderr, "dbexplorer: %s\n", message.toLocal8Bit().constData());
        std::fflush(stderr);
    }
}

} // namespace dbx::app
