#include "translations/Translations.h"

#include <QCoreApplication>
#include <QLocale>
#include <QTranslator>

namespace htmse {

void installTranslations()
{
    static QTranslator translator;
    static bool installed = false;
    if (installed)
        return;
    if (translator.load(QLocale(), QStringLiteral("htmse"), QStringLiteral("_"), QStringLiteral(":/i18n")) ||
        translator.load(QStringLiteral("htmse_en"), QStringLiteral(":/i18n")))
        installed = QCoreApplication::installTranslator(&translator);
}

} // namespace htmse
