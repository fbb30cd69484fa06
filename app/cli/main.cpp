// htmse-cli entry point: the desktop's engine, scriptable (DESIGN.md §10).
#include "CliCommands.h"
#include "ProcessHardening.h"
#include "Translations.h"
#include "htmse/Version.h"

#include <QCoreApplication>

#include <cstdio>

int main(int argc, char* argv[])
{
    // Before anything else: the CLI handles passphrases and database keys.
    const QString hardening = htmse::hardenProcess();
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("htmse-cli"));
    QCoreApplication::setApplicationVersion(QLatin1StringView(htmse::kVersion));
    QCoreApplication::setOrganizationDomain(QLatin1StringView(htmse::kOrganisationDomain));
    htmse::installTranslations();
    htmse::cli::Output output{stdout, stderr, stdin};
    if (!hardening.isEmpty())
        htmse::cli::Cli(output, false).warn(hardening);
    return htmse::cli::run(QCoreApplication::arguments(), output);
}
