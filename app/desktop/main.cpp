// htmse-desktop entry point: start-up only; the window and everything in it live in views/.
#include "app/common/ExitCodes.h"
#include "app/common/ProcessHardening.h"
#include "htmse/Version.h"
#include "security/InactivityMonitor.h"
#include "security/Policy.h"
#include "security/ScreenLockWatcher.h"
#include "session/LockController.h"
#include "session/UnlockController.h"
#include "storage/Vault.h"
#include "translations/Translations.h"
#include "views/LockScreen.h"
#include "views/MainWindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QPixmap>
#include <QTimer>
#include <QUrl>

int main(int argc, char* argv[])
{
    using namespace Qt::StringLiterals;
    // First of all: no core dumps, no debugger attach, private files.
    const QString hardening = htmse::hardenProcess();
    QApplication app(argc, argv);
    QApplication::setApplicationName(u"HTMSE Desktop"_s);
    QApplication::setApplicationDisplayName(u"HTMSE Desktop"_s);
    QApplication::setApplicationVersion(QLatin1StringView(htmse::kVersion));
    QApplication::setOrganizationDomain(QLatin1StringView(htmse::kOrganisationDomain));
    QApplication::setDesktopFileName(u"org.htmse.Desktop"_s);

    htmse::installTranslations();

    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"HTMSE Desktop: find the right professional support for victims of trafficking."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption server(u"server"_s, u"The htmse-server to use, e.g. http://127.0.0.1:8470."_s, u"URL"_s);
    const QCommandLineOption directory(u"directory"_s, u"Open a directory file (the demo directory) directly."_s,
                                       u"FILE"_s);
    const QCommandLineOption screenshot(
        u"screenshot"_s, u"Save a picture of the window to FILE after start-up, then quit (for the docs)."_s,
        u"FILE"_s);
    const QCommandLineOption profilesDir(u"profiles-dir"_s, u"Where the encrypted profiles live."_s, u"DIR"_s);
    parser.addOptions({server, directory, screenshot, profilesDir});
    parser.process(app);

    if (!hardening.isEmpty())
        std::fprintf(stderr, "htmse-desktop: %s\n", qPrintable(hardening));

    QStringList policyProblems;
    const htmse::Policy policy = htmse::Policy::system(&policyProblems);
    for (const QString& problem : std::as_const(policyProblems))
        std::fprintf(stderr, "htmse-desktop: office policy %s: %s\n", qPrintable(htmse::Policy::systemPolicyLocation()),
                     qPrintable(problem));
    htmse::Vault vault(parser.isSet(profilesDir) ? parser.value(profilesDir)
                                                 : htmse::Vault::defaultProfilesDirectory());
    htmse::LockController lock;
    htmse::InactivityMonitor inactivity;
    inactivity.setTimeoutMinutes(policy.autoLockMinutes);
    inactivity.start();
    lock.watch(&inactivity);
    htmse::ScreenLockWatcher screenLock;
    screenLock.start();
    lock.watch(&screenLock);
    htmse::UnlockController unlocker(vault, lock, policy);

    htmse::MainWindow window;
    window.setLocking(&unlocker, &lock);
    if (parser.isSet(server)) {
        const QUrl url(parser.value(server), QUrl::StrictMode);
        if (!url.isValid() || (url.scheme() != "http"_L1 && url.scheme() != "https"_L1)) {
            std::fprintf(stderr, "htmse-desktop: --server must be an http(s) URL\n");
            return htmse::exitcode::kUsage;
        }
        window.setServer(url);
    }
    if (parser.isSet(directory))
        window.openDirectoryFile(parser.value(directory));
    else
        window.lockScreen()->tryRememberedKey();
    window.show();
    if (parser.isSet(screenshot)) {
        // Long enough for the first server probe to answer on loopback.
        QTimer::singleShot(2500, &window, [&window, path = parser.value(screenshot)] {
            const bool saved = window.grab().save(path);
            std::fprintf(stderr, saved ? "htmse-desktop: saved %s\n" : "htmse-desktop: cannot write %s\n",
                         qPrintable(path));
            QApplication::exit(saved ? 0 : htmse::exitcode::kNetwork);
        });
    }
    return QApplication::exec();
}
