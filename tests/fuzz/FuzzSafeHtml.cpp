// libFuzzer: the reader's HTML sanitizer, given the bytes of a news or resource body. Whatever
// comes in, what comes out has no tag outside the safe subset, no attribute but a checked href,
// title, inline image src and alt, and sanitizing it again changes nothing.
#include "domain/SafeHtml.h"

#include <QRegularExpression>

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const QString html = QString::fromUtf8(reinterpret_cast<const char*>(data), qsizetype(size));
    const QString safe = htmse::SafeHtml::sanitize(html);
    static const QRegularExpression tag(QStringLiteral("<[^>]*>?"));
    static const QRegularExpression allowed(
        QStringLiteral("^(</(p|h[1-6]|ul|ol|li|strong|b|em|i|u|a|blockquote|code|pre|small|sub|sup|dl|dt|dd)>|"
                       "<(p|br|h[1-6]|ul|ol|li|strong|b|em|i|u|blockquote|code|pre|hr|small|sub|sup|dl|dt|dd)>|"
                       "<a href=\"(https?://|mailto:)[^\"]*\"( title=\"[^\"]*\")?>|"
                       "<img src=\"data:image/(png|jpeg|gif);base64,[^\"]*\" alt=\"[^\"]*\">)$"));
    for (auto it = tag.globalMatch(safe); it.hasNext();)
        if (!allowed.match(it.next().captured(0)).hasMatch())
            std::abort();
    if (htmse::SafeHtml::sanitize(safe) != safe)
        std::abort();
    htmse::SafeHtml::toPlainText(html);
    return 0;
}
