// htmse-cli entry point: the desktop's engine, scriptable (DESIGN.md §10).
#include "CliCommands.h"
#include "htmse/Version.h"

#include <QCoreApplication>

#include <cstdio>

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("htmse-cli"));
    QCoreApplication::setApplicationVersion(QLatin1StringView(htmse::kVersion));
    QCoreApplication::setOrganizationDomain(QLatin1StringView(htmse::kOrganisationDomain));
    htmse::cli::Output output{stdout, stderr, stdin};
    return htmse::cli::run(QCoreApplication::arguments(), output);
}
