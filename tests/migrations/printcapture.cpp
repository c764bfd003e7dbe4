#include "printcapture.h"

#include "app/commandline.h"

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
    // The first use routes the command line's output here.
    static const bool installed = (PrintCapture::install(), true);
    Q_UNUSED(installed);
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

void PrintCapture::install()
{
    app::setPrintSink([](app::PrintChannel channel, const QString &text) {
        const bool error = channel == app::PrintChannel::Error;
        Captured &c = captured();
        (error ? c.err : c.out) += text + QLatin1Char('\n');
        if (!c.echo)
            return;
        if (error)
            std::fprintf(stderr, "dbexplorer: %s\n", text.toLocal8Bit().constData());
        else
            std::fprintf(stdout, "%s\n", text.toLocal8Bit().constData());
        std::fflush(error ? stderr : stdout);
    });
}

} // namespace dbx::test
