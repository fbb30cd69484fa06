// htmse-desktop entry point: start-up only; the window and everything in it live in views/.
#include "ExitCodes.h"
#include "MainWindow.h"
#include "htmse/Version.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QPixmap>
#include <QTimer>
#include <QTranslator>
#include <QUrl>

int main(int argc, char* argv[])
{
    using namespace Qt::StringLiterals;
    QApplication app(argc, argv);
    QApplication::setApplicationName(u"HTMSE Desktop"_s);
    QApplication::setApplicationDisplayName(u"HTMSE Desktop"_s);
    QApplication::setApplicationVersion(QLatin1StringView(htmse::kVersion));
    QApplication::setOrganizationDomain(QLatin1StringView(htmse::kOrganisationDomain));
    QApplication::setDesktopFileName(u"org.htmse.Desktop"_s);

    // The UI language's catalogue, falling back to English, whose catalogue carries the plural forms.
    QTranslator translator;
    if (translator.load(QLocale(), u"htmse"_s, u"_"_s, u":/i18n"_s) || translator.load(u"htmse_en"_s, u":/i18n"_s))
        QApplication::installTranslator(&translator);

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
    parser.addOptions({server, directory, screenshot});
    parser.process(app);

    htmse::MainWindow window;
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
