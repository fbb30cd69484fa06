// htmse-server entry point: everything lives in ServerCommandLine.
#include "JsonLog.h"
#include "ServerCommandLine.h"
#include "htmse/Version.h"

#include <QCoreApplication>

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("htmse-server"));
    QCoreApplication::setApplicationVersion(QLatin1StringView(htmse::kVersion));
    QCoreApplication::setOrganizationDomain(QLatin1StringView(htmse::kOrganisationDomain));
    htmse::server::installJsonMessageHandler();
    return htmse::server::runServerCommandLine(QCoreApplication::arguments());
}
