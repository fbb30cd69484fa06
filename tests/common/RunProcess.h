// RunProcess: runs a program to completion for a test, with standard input, and reports a hang
// as a failure (exit code -1) instead of waiting for ever.
#pragma once

#include <QProcess>

#include <functional>

namespace htmse::test {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

inline Run runProcess(const QString& program, const QStringList& args, const QByteArray& input = {},
                      int timeoutMs = 120'000, const std::function<void()>& childModifier = {})
{
    QProcess p;
    if (childModifier)
        p.setChildProcessModifier(childModifier);
    p.start(program, args);
    p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return {-1, p.readAllStandardOutput(), "timed out: " + p.readAllStandardError()};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

} // namespace htmse::test
