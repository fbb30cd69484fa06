// htmse-server entry point: everything lives in ServerCommandLine.
#include "app/common/ProcessHardening.h"
#include "htmse/Version.h"
#include "server/JsonLog.h"
#include "server/ServerCommandLine.h"

#include <QCoreApplication>

#ifdef Q_OS_LINUX
#include <csignal>
#include <execinfo.h>
#include <unistd.h>

namespace {
// A crash leaves the functions it went through on stderr (names and addresses only: never
// data), since core dumps are off.
extern "C" void onFatalSignal(int signal)
{
    static const char message[] = "htmse-server: fatal signal; the stack was:\n";
    [[maybe_unused]] const auto written = ::write(2, message, sizeof message - 1);
    void* frames[64];
    ::backtrace_symbols_fd(frames, ::backtrace(frames, 64), 2);
    std::signal(signal, SIG_DFL);
    std::raise(signal);
}
} // namespace
#endif

int main(int argc, char* argv[])
{
    // Files the server creates (the embedded store, its WAL) are its user's alone; no core
    // dumps of a process holding referral data.
    const QString hardening = htmse::hardenProcess();
#ifdef Q_OS_LINUX
    for (const int sig : {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT})
        std::signal(sig, onFatalSignal);
#endif
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("htmse-server"));
    QCoreApplication::setApplicationVersion(QLatin1StringView(htmse::kVersion));
    QCoreApplication::setOrganizationDomain(QLatin1StringView(htmse::kOrganisationDomain));
    htmse::server::installJsonMessageHandler();
    if (!hardening.isEmpty())
        htmse::server::logEvent(QStringLiteral("warning"), QStringLiteral("process.hardening"),
                                {{QStringLiteral("problem"), hardening}});
    return htmse::server::runServerCommandLine(QCoreApplication::arguments());
}
