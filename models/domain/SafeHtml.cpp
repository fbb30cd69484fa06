#include "domain/SafeHtml.h"

#include <QHash>
#include <QList>
#include <QSet>

namespace htmse::SafeHtml {

using namespace Qt::StringLiterals;

namespace {

// Elements kept as they are (without attributes, except a's href and title, img's src and alt).
const QSet<QString>& allowedElements()
{
    static const QSet<QString> set = {u"p"_s,     u"br"_s,  u"h1"_s,  u"h2"_s,         u"h3"_s,     u"h4"_s,  u"h5"_s,
                                      u"h6"_s,    u"ul"_s,  u"ol"_s,  u"li"_s,         u"strong"_s, u"b"_s,   u"em"_s,
                                      u"i"_s,     u"u"_s,   u"a"_s,   u"blockquote"_s, u"code"_s,   u"pre"_s, u"hr"_s,
                                      u"small"_s, u"sub"_s, u"sup"_s, u"dl"_s,         u"dt"_s,     u"dd"_s,  u"img"_s};
    return set;
}

// Elements dropped together with everything inside them.
const QSet<QString>& droppedWithContent()
{
    static const QSet<QString> set = {
        u"script"_s,   u"style"_s, u"iframe"_s,  u"object"_s,    u"embed"_s, u"applet"_s,   u"noscript"_s,
        u"template"_s, u"svg"_s,   u"math"_s,    u"head"_s,      u"title"_s, u"textarea"_s, u"select"_s,
        u"frameset"_s, u"frame"_s, u"noembed"_s, u"noframes"_s,  u"xmp"_s,   u"audio"_s,    u"video"_s,
        u"canvas"_s,   u"form"_s,  u"button"_s,  u"plaintext"_s, u"base"_s,  u"link"_s,     u"meta"_s};
    return set;
}

// Their content is raw text up to the first matching end tag (no nesting).
bool isRawText(const QString& name)
{
    return name == "script"_L1 || name == "style"_L1 || name == "textarea"_L1 || name == "title"_L1 ||
           name == "xmp"_L1 || name == "iframe"_L1 || name == "noembed"_L1 || name == "noframes"_L1 ||
           name == "noscript"_L1 || name == "plaintext"_L1;
}

bool isVoid(const QString& name)
{
    return name == "br"_L1 || name == "hr"_L1 || name == "img"_L1 || name == "base"_L1 || name == "link"_L1 ||
           name == "meta"_L1 || name == "embed"_L1 || name == "frame"_L1;
}

QString decodeEntities(QStringView text)
{
    static const QHash<QString, QChar> named = {{u"amp"_s, u'&'},
                                                {u"lt"_s, u'<'},
                                                {u"gt"_s, u'>'},
                                                {u"quot"_s, u'"'},
                                                {u"apos"_s, u'\''},
                                                {u"nbsp"_s, QChar(0xa0)},
                                                {u"ndash"_s, QChar(0x2013)},
                                                {u"mdash"_s, QChar(0x2014)},
                                                {u"hellip"_s, QChar(0x2026)},
                                                {u"lsquo"_s, QChar(0x2018)},
                                                {u"rsquo"_s, QChar(0x2019)},
                                                {u"ldquo"_s, QChar(0x201c)},
                                                {u"rdquo"_s, QChar(0x201d)},
                                                {u"middot"_s, QChar(0xb7)},
                                                {u"copy"_s, QChar(0xa9)},
                                                {u"euro"_s, QChar(0x20ac)},
                                                {u"pound"_s, QChar(0xa3)}};
    QString out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text[i] != u'&') {
            out.append(text[i]);
            continue;
        }
        const qsizetype semi = text.indexOf(u';', i + 1);
        if (semi < 0 || semi - i > 12) {
            out.append(u'&');
            continue;
        }
        const QStringView entity = text.sliced(i + 1, semi - i - 1);
        char32_t code = 0;
        bool ok = false;
        if (entity.startsWith(u'#')) {
            const bool hex = entity.size() > 1 && (entity[1] == u'x' || entity[1] == u'X');
            code = entity.sliced(hex ? 2 : 1).toUInt(&ok, hex ? 16 : 10);
            ok = ok && code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
        } else if (const auto it = named.constFind(entity.toString()); it != named.cend()) {
            code = it->unicode();
            ok = true;
        }
        if (!ok) {
            out.append(u'&');
            continue;
        }
        out.append(QString::fromUcs4(&code, 1));
        i = semi;
    }
    return out;
}

QString escape(QStringView text)
{
    return text.toString().toHtmlEscaped();
}

struct Tag
{
    QString name; // lower case
    bool end = false;
    QList<std::pair<QString, QString>> attributes; // names lower case, values decoded
};

// Reads the attributes of a start tag from `from` up to its '>' (quotes respected). Returns the
// index after the '>', or -1 when the tag never ends.
qsizetype readAttributes(QStringView html, qsizetype from, Tag* tag)
{
    qsizetype i = from;
    const qsizetype n = html.size();
    while (i < n) {
        while (i < n && (html[i].isSpace() || html[i] == u'/'))
            ++i;
        if (i >= n)
            return -1;
        if (html[i] == u'>')
            return i + 1;
        const qsizetype nameStart = i;
        while (i < n && !html[i].isSpace() && html[i] != u'=' && html[i] != u'>' && html[i] != u'/')
            ++i;
        const QString name = html.sliced(nameStart, i - nameStart).toString().toLower();
        while (i < n && html[i].isSpace())
            ++i;
        QString value;
        if (i < n && html[i] == u'=') {
            ++i;
            while (i < n && html[i].isSpace())
                ++i;
            if (i < n && (html[i] == u'"' || html[i] == u'\'')) {
                const QChar quote = html[i];
                const qsizetype close = html.indexOf(quote, i + 1);
                if (close < 0)
                    return -1;
                value = decodeEntities(html.sliced(i + 1, close - i - 1));
                i = close + 1;
            } else {
                const qsizetype valueStart = i;
                while (i < n && !html[i].isSpace() && html[i] != u'>')
                    ++i;
                value = decodeEntities(html.sliced(valueStart, i - valueStart));
            }
        }
        if (!name.isEmpty())
            tag->attributes.append({name, value});
    }
    return -1;
}

// The tag at html[i] == '<'; returns the index after it, or -1 when it is not a tag (the '<' is
// text). A tag that never ends swallows the rest of the input (*tag->name stays empty).
qsizetype readTag(QStringView html, qsizetype i, Tag* tag)
{
    const qsizetype n = html.size();
    qsizetype j = i + 1;
    if (j < n && html[j] == u'/') {
        tag->end = true;
        ++j;
    }
    if (j >= n || !(html[j].isLetter() && html[j].unicode() < 128))
        return -1;
    const qsizetype nameStart = j;
    while (j < n && (html[j].isLetterOrNumber() || html[j] == u'-' || html[j] == u':'))
        ++j;
    tag->name = html.sliced(nameStart, j - nameStart).toString().toLower();
    const qsizetype end = readAttributes(html, j, tag);
    if (end < 0) {
        tag->name.clear();
        return n;
    }
    return end;
}

// Skips a dropped element's content; returns the index after its end tag (or the end).
qsizetype skipContent(QStringView html, qsizetype from, const QString& name)
{
    const qsizetype n = html.size();
    if (isRawText(name)) {
        const qsizetype close = html.indexOf(QString(u"</"_s + name), from, Qt::CaseInsensitive);
        if (close < 0)
            return n;
        const qsizetype gt = html.indexOf(u'>', close);
        return gt < 0 ? n : gt + 1;
    }
    int depth = 1;
    qsizetype i = from;
    while (i < n) {
        const qsizetype lt = html.indexOf(u'<', i);
        if (lt < 0)
            return n;
        Tag tag;
        const qsizetype after = readTag(html, lt, &tag);
        if (after < 0) {
            i = lt + 1;
            continue;
        }
        if (tag.name == name && !isVoid(name))
            depth += tag.end ? -1 : 1;
        if (depth == 0)
            return after;
        i = after;
    }
    return n;
}

QString linkFrom(const QString& href)
{
    // Browsers ignore tabs, newlines and control characters inside a scheme ("java\tscript:").
    QString cleaned;
    for (QChar c : href)
        if (c.unicode() > 0x20 && c.unicode() != 0x7f)
            cleaned.append(c);
    const QUrl url(cleaned, QUrl::StrictMode);
    return url.isValid() && isAllowedLink(url) ? url.toString(QUrl::FullyEncoded) : QString();
}

// The start tag as it is written out; empty when the element is dropped (its text stays).
QString startTag(const Tag& tag)
{
    QString href;
    QString title;
    QString src;
    QString alt;
    for (const auto& [name, value] : tag.attributes) {
        if (name == "href"_L1)
            href = linkFrom(value);
        else if (name == "title"_L1)
            title = value;
        else if (name == "src"_L1)
            src = value.trimmed();
        else if (name == "alt"_L1)
            alt = value;
    }
    if (tag.name == "a"_L1) {
        if (href.isEmpty())
            return {};
        return title.isEmpty() ? u"<a href=\"%1\">"_s.arg(escape(href))
                               : u"<a href=\"%1\" title=\"%2\">"_s.arg(escape(href), escape(title));
    }
    if (tag.name == "img"_L1) {
        if (!isAllowedInlineImage(QUrl(src)))
            return alt.isEmpty() ? QString() : u"[%1]"_s.arg(escape(alt));
        return u"<img src=\"%1\" alt=\"%2\">"_s.arg(escape(src), escape(alt));
    }
    return u'<' + tag.name + u'>';
}

} // namespace

QString sanitize(QStringView html)
{
    QString out;
    out.reserve(html.size());
    QList<QString> open; // the allowed elements open now, innermost last
    const qsizetype n = html.size();
    qsizetype i = 0;
    while (i < n) {
        const qsizetype lt = html.indexOf(u'<', i);
        out.append(escape(decodeEntities(html.sliced(i, (lt < 0 ? n : lt) - i))));
        if (lt < 0)
            break;
        if (html.sliced(lt).startsWith(u"<!--")) {
            const qsizetype close = html.indexOf(u"-->", lt + 4);
            i = close < 0 ? n : close + 3;
            continue;
        }
        if (lt + 1 < n && (html[lt + 1] == u'!' || html[lt + 1] == u'?')) {
            const qsizetype gt = html.indexOf(u'>', lt);
            i = gt < 0 ? n : gt + 1;
            continue;
        }
        Tag tag;
        const qsizetype after = readTag(html, lt, &tag);
        if (after < 0) {
            out.append(u"&lt;"_s);
            i = lt + 1;
            continue;
        }
        i = after;
        if (tag.name.isEmpty())
            break;
        if (!tag.end && droppedWithContent().contains(tag.name)) {
            if (!isVoid(tag.name))
                i = skipContent(html, after, tag.name);
            continue;
        }
        if (!allowedElements().contains(tag.name))
            continue; // its text stays
        if (tag.end) {
            const qsizetype at = open.lastIndexOf(tag.name);
            while (at >= 0 && open.size() > at)
                out.append(u"</"_s + open.takeLast() + u'>');
            continue;
        }
        const QString written = startTag(tag);
        out.append(written);
        if (written.startsWith(u'<') && !isVoid(tag.name))
            open.append(tag.name);
    }
    while (!open.isEmpty())
        out.append(u"</"_s + open.takeLast() + u'>');
    return out;
}

QString toPlainText(QStringView html)
{
    const QString safe = sanitize(html);
    QString text;
    text.reserve(safe.size());
    qsizetype i = 0;
    while (i < safe.size()) {
        const qsizetype lt = safe.indexOf(u'<', i);
        text.append(QStringView(safe).sliced(i, (lt < 0 ? safe.size() : lt) - i));
        if (lt < 0)
            break;
        const qsizetype gt = safe.indexOf(u'>', lt);
        text.append(u' ');
        i = gt < 0 ? safe.size() : gt + 1;
    }
    return decodeEntities(text).simplified();
}

bool isAllowedLink(const QUrl& url)
{
    const QString scheme = url.scheme().toLower();
    if (scheme == "mailto"_L1)
        return !url.path().isEmpty();
    return (scheme == "http"_L1 || scheme == "https"_L1) && !url.host().isEmpty();
}

bool isAllowedInlineImage(const QUrl& url)
{
    if (url.scheme().compare("data"_L1, Qt::CaseInsensitive) != 0)
        return false;
    const QString path = url.path(QUrl::FullyEncoded);
    const qsizetype comma = path.indexOf(u',');
    if (comma < 0)
        return false;
    const QString header = path.left(comma).toLower();
    if (header != "image/png;base64"_L1 && header != "image/jpeg;base64"_L1 && header != "image/gif;base64"_L1)
        return false;
    // Base64: four characters for three bytes.
    return (path.size() - comma - 1) / 4 * 3 <= kMaxInlineImageBytes;
}

} // namespace htmse::SafeHtml
