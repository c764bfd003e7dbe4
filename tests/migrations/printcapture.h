#pragma once

#include <QString>

namespace dbx::test {

// Stands in for app/commandline.cpp's printOut and printError (which would pull the whole
// command line into the test): keeps what the migrate command prints so a test can assert on
// it, and echoes it when the helper process runs the command for real.
class PrintCapture {
public:
    static QString out();
    static QString err();
    static void clear();
    static void setEcho(bool echo);
};

} // namespace dbx::test
