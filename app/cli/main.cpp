// htmse-cli entry point: the desktop's engine, scriptable (DESIGN.md §10).
#include "app/cli/CliCommands.h"
#include "app/common/ProcessHardening.h"
#include "htmse/Version.h"
#include "translations/Translations.h"

#include <QCoreApplication>
#include <QGuiApplication>

#include <cstdio>
#include <memory>

int main(int argc, char* argv[])
{
    // Before anything else: the CLI handles passphrases and database keys.
    const QString hardening = htmse::hardenProcess();
    // PDF exports lay text out with fonts, which need a GUI application (without a display: the
    // offscreen platform). Everything else runs on a plain core application.
    bool pdfExport = false;
    for (int i = 1; i < argc; ++i)
        pdfExport = pdfExport || QByteArray(argv[i]).endsWith(".pdf");
    if (pdfExport && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    std::unique_ptr<QCoreApplication> application =
        pdfExport ? std::make_unique<QGuiApplication>(argc, argv) : std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("htmse-cli"));
    QCoreApplication::setApplicationVersion(QLatin1StringView(htmse::kVersion));
    QCoreApplication::setOrganizationDomain(QLatin1StringView(htmse::kOrganisationDomain));
    htmse::installTranslations();
    htmse::cli::Output output{stdout, stderr, stdin};
    if (!hardening.isEmpty())
        htmse::cli::Cli(output, false).warn(hardening);
    return htmse::cli::run(QCoreApplication::arguments(), output);
}
