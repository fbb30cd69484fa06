// SafeHtml: the subset of HTML the reader shows from news items and resources. Whatever the
// server sends, what comes out has only text, paragraphs, headings, lists, emphasis, quotes,
// code, rules and links to http(s)/mailto; small inline (data:) PNG, JPEG or GIF images; no
// styles, scripts, frames, objects, forms, event attributes or anything that loads from elsewhere.
#pragma once

#include <QString>
#include <QUrl>

namespace htmse::SafeHtml {

// The largest inline image the reader draws (the data: URL's decoded bytes).
inline constexpr qsizetype kMaxInlineImageBytes = 64 * 1024;

// The body rebuilt from the allowed elements and attributes; text is re-escaped, unknown
// elements keep their text, dangerous ones (script, style, iframe, object…) go with their content.
QString sanitize(QStringView html);
// The words a reader sees, for search (tags gone, entities decoded, spaces collapsed).
QString toPlainText(QStringView html);
// A link the reader may offer to open: http(s) with a host, or mailto.
bool isAllowedLink(const QUrl& url);
// A data: URL of a PNG, JPEG or GIF of at most kMaxInlineImageBytes.
bool isAllowedInlineImage(const QUrl& url);

} // namespace htmse::SafeHtml
