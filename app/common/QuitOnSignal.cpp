#include "app/common/QuitOnSignal.h"

#include <QCoreApplication>
#include <QSocketNotifier>

#ifdef Q_OS_UNIX
#include <csignal>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

namespace htmse {

#ifdef Q_OS_UNIX
namespace {
int g_signalFds[2] = {-1, -1};

extern "C" void onSignal(int)
{
    const char byte = 1;
    // Async-signal-safe: only write(2). The event loop reads the byte and quits.
    [[maybe_unused]] const auto written = ::write(g_signalFds[0], &byte, 1);
}
} // namespace

void quitOnTerminationSignals(std::function<void()> handler)
{
    if (g_signalFds[0] >= 0 || ::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalFds) != 0)
        return;
    ::fcntl(g_signalFds[0], F_SETFD, FD_CLOEXEC);
    ::fcntl(g_signalFds[1], F_SETFD, FD_CLOEXEC);
    auto* notifier = new QSocketNotifier(g_signalFds[1], QSocketNotifier::Read, QCoreApplication::instance());
    QObject::connect(notifier, &QSocketNotifier::activated, QCoreApplication::instance(),
                     [handler = std::move(handler)] {
                         char byte = 0;
                         [[maybe_unused]] const auto n = ::read(g_signalFds[1], &byte, 1);
                         if (handler)
                             handler();
                         else
                             QCoreApplication::quit();
                     });
    struct sigaction action
    {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    for (int sig : {SIGINT, SIGTERM, SIGHUP})
        ::sigaction(sig, &action, nullptr);
}
#else
void quitOnTerminationSignals(std::function<void()>)
{
    // Windows: console control events end the process; services use the SCM's stop request.
}
#endif

} // namespace htmse
