#pragma once

#include <QString>

namespace dbx::test {

// Captures what the command line prints (through app::setPrintSink) so a test can assert on
// it, and echoes it when the helper process runs the command for real.
class PrintCapture {
public:
    // Routes printOut/printError here; call once before running a command.
    static void install();
    static QString out();
    static QString err();
    static void clear();
    static void setEcho(bool echo);
};

} // namespace dbx::test
