#pragma once

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace dbx::test {

// What a child process left: its exit code (-1 when it had to be killed) and its output.
struct ChildRun {
    int exitCode = -1;
    QString out;
    QString err;
};

// Runs `program` to its end with `input` on its standard input; a child still running after
// `timeoutMs` is killed and reported as "timed out".
ChildRun runChild(const QString &program, const QStringList &args, const QProcessEnvironment &env,
                  const QByteArray &input = {}, int timeoutMs = 120000);

} // namespace dbx::test
