// TestSafeHtml: the reader's HTML sanitizer against hostile bodies. Whatever goes in, what comes
// out has no script, no style, no event attribute, no frame or object, no link that is not
// http(s) or mailto, and no image that is not a small inline one; the text stays readable.
#include "domain/SafeHtml.h"

#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTest>

using namespace htmse;
using namespace Qt::StringLiterals;

class TestSafeHtml : public QObject
{
    Q_OBJECT

private slots:
    void hostileBodiesComeOutHarmless_data();
    void hostileBodiesComeOutHarmless();
    void theSafeSubsetSurvives();
    void malformedAndNestedTagsAreBalanced();
    void linksAreCheckedAfterDecoding();
    void inlineImagesHaveALimit();
    void plainTextForSearch();
    void randomMixturesStayHarmless();
};

namespace {
// Nothing in `html` that a browser could run or load. Text is escaped ("<" is "&lt;"), so only
// what stands inside a tag can act: the tags are what is checked.
QStringList dangers(const QString& html)
{
    QStringList found;
    static const QRegularExpression tag(u"<[^>]*>?"_s);
    for (auto it = tag.globalMatch(html); it.hasNext();) {
        const QString t = it.next().captured(0).toLower();
        for (const char* bad :
             {"<script", "<style", "<iframe", "<object", "<embed", "<svg", "<form", "<link", "<meta", "<base", "<frame",
              "<textarea", "javascript:", "vbscript:", "data:text", "url(", "style=", "srcdoc"})
            if (t.contains(QLatin1StringView(bad)))
                found.append(QLatin1StringView(bad));
        static const QRegularExpression onAttribute(u"\\son[a-z]+\\s*="_s);
        if (onAttribute.match(t).hasMatch())
            found.append(u"on* attribute"_s);
        static const QRegularExpression remoteSrc(u"src\\s*=\\s*\"(?!data:image/)"_s);
        if (remoteSrc.match(t).hasMatch())
            found.append(u"remote src"_s);
        static const QRegularExpression allowed(u"^</?(p|br|h[1-6]|ul|ol|li|strong|b|em|i|u|a|blockquote|code|pre|hr|"
                                                "small|sub|sup|dl|dt|dd|img)[ >]"_s);
        if (!allowed.match(t).hasMatch())
            found.append(u"element "_s + t);
    }
    static const QRegularExpression href(u"href=\"([^\"]*)\""_s);
    for (auto it = href.globalMatch(html); it.hasNext();) {
        const QString url = it.next().captured(1);
        if (!url.startsWith(u"http://"_s) && !url.startsWith(u"https://"_s) && !url.startsWith(u"mailto:"_s))
            found.append(u"link " + url);
    }
    return found;
}
} // namespace

void TestSafeHtml::hostileBodiesComeOutHarmless_data()
{
    QTest::addColumn<QString>("html");
    QTest::addColumn<QString>("keptText"); // text that must still be readable ("" = none)
    QTest::newRow("script") << u"<p>Before</p><script>alert(1)</script><p>After</p>"_s << u"After"_s;
    QTest::newRow("script, upper case and spaces") << u"<SCRIPT type=text/javascript >x()</SCRIPT >ok"_s << u"ok"_s;
    QTest::newRow("script never closed") << u"<p>Text</p><script>steal()"_s << u"Text"_s;
    QTest::newRow("script inside a comment trick") << u"<!--><script>x()</script>-->safe"_s << u"safe"_s;
    QTest::newRow("on* attributes") << u"<p onclick=\"x()\" onmouseover='y()'>Hi</p><b ONLOAD=z()>bold</b>"_s
                                    << u"bold"_s;
    QTest::newRow("javascript: link") << u"<a href=\"javascript:alert(1)\">click</a>"_s << u"click"_s;
    QTest::newRow("javascript: with entities and tabs")
        << u"<a href=\"jav&#x09;ascript&colon;alert(1)\">a</a><a href=\"&#106;avascript:x()\">b</a>"
           "<a href=\"java\tscript:x()\">c</a><a href=\" JAVASCRIPT:x()\">d</a>"_s
        << u"d"_s;
    QTest::newRow("vbscript and data links")
        << u"<a href=\"vbscript:x\">v</a><a href=\"data:text/html;base64,PHNjcmlwdD4=\">d</a>"_s << u"d"_s;
    QTest::newRow("file and relative links") << u"<a href=\"file:///etc/passwd\">f</a><a href=\"/x\">r</a>"_s << u"r"_s;
    QTest::newRow("remote image") << u"<p>Photo: <img src=\"http://tracker.example/p.png\" alt=\"a chart\"></p>"_s
                                  << u"a chart"_s;
    QTest::newRow("image without quotes, protocol-relative")
        << u"<img src=//tracker.example/p.png><img src=file:///tmp/x.png>text"_s << u"text"_s;
    QTest::newRow("css url() in a style attribute")
        << u"<p style=\"background:url(http://tracker.example/bg.png)\">styled</p>"_s << u"styled"_s;
    QTest::newRow("style element with url()")
        << u"<style>body{background:url('http://tracker.example/x')}</style><p>body</p>"_s << u"body"_s;
    QTest::newRow("iframe, object, embed")
        << u"<iframe src=\"https://evil.example\"></iframe><object data=\"x.swf\"><param name=a></object>"
           "<embed src=\"x.swf\">left"_s
        << u"left"_s;
    QTest::newRow("svg with script") << u"<svg><script>x()</script><a xlink:href=\"javascript:y()\">s</a></svg>ok"_s
                                     << u"ok"_s;
    QTest::newRow("nested objects") << u"<object><object></object><p>inner</p></object>outer"_s << u"outer"_s;
    QTest::newRow("form and base") << u"<base href=\"http://evil.example/\"><form action=\"http://evil.example\">"
                                      "<input name=p></form>after"_s
                                   << u"after"_s;
    QTest::newRow("meta refresh and link")
        << u"<meta http-equiv=refresh content=\"0;url=http://evil.example\"><link rel=stylesheet href=x.css>rest"_s
        << u"rest"_s;
    QTest::newRow("attribute breaking out of quotes")
        << u"<a href=\"https://ok.example/\" onclick=\"x()\" title='\"><script>y()</script>'>t</a>"_s << u"t"_s;
    QTest::newRow("tag split by a quote") << u"<p title=\"a>b\" onfocus=x()>quoted</p>"_s << u"quoted"_s;
    QTest::newRow("unterminated tag swallows the rest") << u"fine <img src=\"http://x.example/a.png"_s << u"fine"_s;
    QTest::newRow("lone angle brackets") << u"1 < 2 and 3 > 2 <3 <script"_s << u"1 < 2"_s;
}

void TestSafeHtml::hostileBodiesComeOutHarmless()
{
    QFETCH(QString, html);
    QFETCH(QString, keptText);
    const QString safe = SafeHtml::sanitize(html);
    const QStringList found = dangers(safe);
    QVERIFY2(found.isEmpty(), qPrintable(found.join(u", "_s) + u" in "_s + safe));
    QVERIFY2(SafeHtml::toPlainText(html).contains(keptText), qPrintable(SafeHtml::toPlainText(html)));
    // Sanitizing is stable: what comes out goes through unchanged.
    QCOMPARE(SafeHtml::sanitize(safe), safe);
}

void TestSafeHtml::theSafeSubsetSurvives()
{
    const QString html = u"<h2>Title</h2><p>A <strong>strong</strong> and <em>soft</em> word.</p>"
                         "<ul><li>one</li><li>two</li></ul><blockquote>q</blockquote>"
                         "<p><a href=\"https://htmse.example/a?b=1&amp;c=2\" title=\"More\">link</a> "
                         "<a href=\"mailto:team@htmse.example\">mail</a></p>"_s;
    const QString safe = SafeHtml::sanitize(html);
    QVERIFY2(safe.contains(u"<h2>Title</h2>"_s), qPrintable(safe));
    QVERIFY(safe.contains(u"<strong>strong</strong>"_s));
    QVERIFY(safe.contains(u"<ul><li>one</li><li>two</li></ul>"_s));
    QVERIFY2(safe.contains(u"<a href=\"https://htmse.example/a?b=1&amp;c=2\" title=\"More\">link</a>"_s),
             qPrintable(safe));
    QVERIFY(safe.contains(u"<a href=\"mailto:team@htmse.example\">mail</a>"_s));
    // Unknown but harmless elements keep their text, without the tags.
    QCOMPARE(SafeHtml::sanitize(u"<div class=x><span>kept</span></div>"_s), u"kept"_s);
    // Text is escaped again.
    QCOMPARE(SafeHtml::sanitize(u"a &lt;b&gt; &amp; c"_s), u"a &lt;b&gt; &amp; c"_s);
}

void TestSafeHtml::malformedAndNestedTagsAreBalanced()
{
    QCOMPARE(SafeHtml::sanitize(u"<p><b>bold<i>both</p>after"_s), u"<p><b>bold<i>both</i></b></p>after"_s);
    QCOMPARE(SafeHtml::sanitize(u"</p></b>stray<ul><li>x"_s), u"stray<ul><li>x</li></ul>"_s);
    QCOMPARE(SafeHtml::sanitize(u"<b><b><b>deep"_s), u"<b><b><b>deep</b></b></b>"_s);
    QCOMPARE(SafeHtml::sanitize(u"<br/>line<hr />"_s), u"<br>line<hr>"_s);
    QCOMPARE(SafeHtml::sanitize(u"<!doctype html><?xml x?>text"_s), u"text"_s);
    QCOMPARE(SafeHtml::sanitize(u"<!-- never closed"_s), QString());
    // A very deep nest is neither slow nor unbalanced.
    const QString deep = u"<blockquote>"_s.repeated(2000) + u"x"_s;
    const QString safe = SafeHtml::sanitize(deep);
    QCOMPARE(safe.count(u"<blockquote>"_s), 2000);
    QCOMPARE(safe.count(u"</blockquote>"_s), 2000);
}

void TestSafeHtml::linksAreCheckedAfterDecoding()
{
    QVERIFY(SafeHtml::isAllowedLink(QUrl(u"https://htmse.example/x"_s)));
    QVERIFY(SafeHtml::isAllowedLink(QUrl(u"HTTP://htmse.example"_s)));
    QVERIFY(SafeHtml::isAllowedLink(QUrl(u"mailto:a@b.example"_s)));
    QVERIFY(!SafeHtml::isAllowedLink(QUrl(u"https:///nohost"_s)));
    QVERIFY(!SafeHtml::isAllowedLink(QUrl(u"javascript:alert(1)"_s)));
    QVERIFY(!SafeHtml::isAllowedLink(QUrl(u"file:///etc/passwd"_s)));
    QVERIFY(!SafeHtml::isAllowedLink(QUrl(u"ftp://x.example/"_s)));
    QVERIFY(!SafeHtml::isAllowedLink(QUrl(u"relative/path"_s)));
    const QString safe = SafeHtml::sanitize(u"<a href=\"&#104;ttps://ok.example/\">ok</a>"_s);
    QVERIFY2(safe.contains(u"href=\"https://ok.example/\""_s), qPrintable(safe));
}

void TestSafeHtml::inlineImagesHaveALimit()
{
    const QString small = u"data:image/png;base64,"_s + QString(u"A"_s).repeated(400);
    QVERIFY(SafeHtml::isAllowedInlineImage(QUrl(small)));
    QVERIFY(
        SafeHtml::sanitize(QString(u"<img src=\""_s + small + u"\" alt=\"dot\">"_s)).contains(u"<img src=\"data:"_s));
    const QString big =
        u"data:image/png;base64,"_s + QString(u"A"_s).repeated(int(SafeHtml::kMaxInlineImageBytes / 3 * 4 + 8));
    QVERIFY(!SafeHtml::isAllowedInlineImage(QUrl(big)));
    QVERIFY(!SafeHtml::sanitize(QString(u"<img src=\""_s + big + u"\">"_s)).contains(u"<img"_s));
    QVERIFY(!SafeHtml::isAllowedInlineImage(QUrl(u"data:image/svg+xml;base64,PHN2Zz4="_s)));
    QVERIFY(!SafeHtml::isAllowedInlineImage(QUrl(u"data:text/html;base64,PHNjcmlwdD4="_s)));
    QVERIFY(!SafeHtml::isAllowedInlineImage(QUrl(u"https://x.example/a.png"_s)));
}

void TestSafeHtml::plainTextForSearch()
{
    QCOMPARE(SafeHtml::toPlainText(u"<p>Non-prosecution&nbsp;and <b>forced</b><br>criminality</p>"
                                   "<script>secret()</script>"_s),
             u"Non-prosecution and forced criminality"_s);
    QCOMPARE(SafeHtml::toPlainText(u"caf&eacute; &#233; &#xE9;"_s), u"caf&eacute; \u00e9 \u00e9"_s);
}

// Thousands of bodies stitched from hostile fragments (fixed seed: the same bodies every run):
// every one comes out harmless, and sanitizing again changes nothing.
void TestSafeHtml::randomMixturesStayHarmless()
{
    const QStringList fragments = {u"<p>"_s,
                                   u"</p>"_s,
                                   u"<b>"_s,
                                   u"</b>"_s,
                                   u"<script>"_s,
                                   u"</script>"_s,
                                   u"<style>"_s,
                                   u"</style>"_s,
                                   u"<iframe src=x>"_s,
                                   u"</iframe>"_s,
                                   u"<object>"_s,
                                   u"</object>"_s,
                                   u"<svg>"_s,
                                   u"</svg>"_s,
                                   u"<a href=\"javascript:x()\">"_s,
                                   u"<a href='https://ok.example/?a=1&b=2'>"_s,
                                   u"</a>"_s,
                                   u"<img src=http://x.example/a.png alt=a>"_s,
                                   u"<img src=\"data:image/png;base64,AAAA\">"_s,
                                   u" onclick=\"x()\""_s,
                                   u"style=\"background:url(http://x)\""_s,
                                   u"<!--"_s,
                                   u"-->"_s,
                                   u"<!doctype>"_s,
                                   u"\""_s,
                                   u"'"_s,
                                   u"<"_s,
                                   u">"_s,
                                   u"/"_s,
                                   u"="_s,
                                   u"&"_s,
                                   u"&amp;"_s,
                                   u"&#106;"_s,
                                   u"&lt;script&gt;"_s,
                                   u"java"_s,
                                   u"script:"_s,
                                   u"\t"_s,
                                   u"\n"_s,
                                   u"text "_s,
                                   u"\u00e9"_s,
                                   u"<ul><li>"_s,
                                   u"<blockquote>"_s,
                                   u"<form action=x>"_s,
                                   u"<meta http-equiv=refresh>"_s,
                                   u"<base href=x>"_s,
                                   u"<textarea>"_s};
    QRandomGenerator random(20261203);
    for (int i = 0; i < 3000; ++i) {
        QString html;
        const int parts = int(random.bounded(1, 40));
        for (int p = 0; p < parts; ++p)
            html += fragments.at(int(random.bounded(qsizetype(fragments.size()))));
        const QString safe = SafeHtml::sanitize(html);
        const QStringList found = dangers(safe);
        QVERIFY2(found.isEmpty(), qPrintable(found.join(u", "_s) + u" from "_s + html + u" -> "_s + safe));
        QVERIFY2(SafeHtml::sanitize(safe) == safe, qPrintable(html + u" -> "_s + safe));
        SafeHtml::toPlainText(html);
    }
}

QTEST_GUILESS_MAIN(TestSafeHtml)
#include "TestSafeHtml.moc"
