// htmse-server entry point: everything lives in ServerCommandLine.
#include "JsonLog.h"
#include "ProcessHardening.h"
#include "ServerCommandLine.h"
#include "htmse/Version.h"

#include <QCoreApplication>

int main(int argc, char* argv[])
{
    // Files the server creates (the embedded store, its WAL) are its user's alone; no core
    // dumps of a process holding referral data.
    const QString hardening = htmse::hardenProcess();
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
