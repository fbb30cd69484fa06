#include "server/AnswerPage.h"

#include "domain/CountryCode.h"
#include "domain/LanguageCode.h"
#include "domain/Vocabulary.h"
#include "taxonomy/NeedsTaxonomy.h"

#include <QCryptographicHash>
#include <QJsonArray>

#include <functional>

namespace htmse::server::answerpage {

using namespace Qt::StringLiterals;

namespace {

// The page's only style: light, and dark where the reader's system asks for it.
constexpr QLatin1StringView kStyle(
    ":root{color-scheme:light dark}body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f6f6f4;"
    "color:#1d1d1b}"
    "main{max-width:40rem;margin:0 auto;padding:1.5rem 1rem}"
    "h1{font-size:1.4rem;margin:0 0 1rem}h2{font-size:1.1rem;margin:0 0 .5rem}"
    "dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0}dt{font-weight:600}dd{margin:0}"
    "section,form{background:#fff;border:1px solid #d5d5d0;border-radius:6px;padding:1rem;margin:1rem 0}"
    "label{display:block;font-weight:600;margin:.5rem 0 .25rem}"
    "select,textarea{width:100%;box-sizing:border-box;font:inherit;padding:.4rem;border:1px solid #8a8a85;"
    "border-radius:4px;background:#fff;color:inherit}"
    "button{font:inherit;font-weight:600;padding:.5rem 1rem;margin-top:.75rem;border-radius:4px;"
    "border:1px solid #1f4e79;background:#1f4e79;color:#fff;cursor:pointer}"
    "button.secondary{background:transparent;color:#1f4e79}"
    "button:focus-visible,select:focus-visible,textarea:focus-visible{outline:3px solid #e8a33d;outline-offset:2px}"
    ".problem{border-color:#a4262c;background:#fdf3f3;color:#7a1c20}.small{font-size:.875rem;color:#55554f}"
    "@media (prefers-color-scheme:dark){body{background:#1b1c1e;color:#e8e8e3}"
    "section,form{background:#26282b;border-color:#44474c}select,textarea{background:#1b1c1e;border-color:#6b6f75}"
    "button{background:#8cb8e6;border-color:#8cb8e6;color:#111}button.secondary{color:#8cb8e6}"
    ".problem{background:#3a1f21;border-color:#e0787d;color:#f3c4c6}.small{color:#b0b0a8}}");

QString esc(const QString& s)
{
    return s.toHtmlEscaped();
}

QByteArray page(const QString& title, const QString& body)
{
    const QString html = u"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                         "<meta name=\"robots\" content=\"noindex, nofollow\">"
                         "<meta name=\"referrer\" content=\"no-referrer\">"
                         "<title>"_s +
                         esc(title) + u"</title><style>"_s + kStyle + u"</style></head><body><main>"_s + body +
                         u"</main></body></html>\n"_s;
    return html.toUtf8();
}

QString row(const QString& term, const QString& value)
{
    return value.isEmpty() ? QString() : u"<dt>"_s + esc(term) + u"</dt><dd>"_s + esc(value) + u"</dd>"_s;
}

QStringList labels(const QJsonArray& codes, const std::function<QString(const QString&)>& label)
{
    QStringList out;
    for (const QJsonValue& v : codes)
        out.append(label(v.toString()));
    return out;
}

QString consentText(const QJsonObject& consent)
{
    if (consent.value(u"given"_s).toBool()) {
        const QString scope = consent.value(u"scope"_s).toString();
        return u"The person consented to this referral"_s + (scope.isEmpty() ? QString() : u" ("_s + scope + u")"_s) +
               (consent.contains(u"date"_s) ? u" on "_s + consent.value(u"date"_s).toString() : QString()) + u'.';
    }
    if (consent.value(u"override"_s).toBool())
        return u"Made without the person's consent, under a recorded duty (reason on file)."_s;
    return u"This is a professional consultation; no personal data is shared."_s;
}

QString details(const QJsonObject& view)
{
    QString dl;
    dl += row(u"To"_s, view.value(u"to"_s).toString());
    dl += row(u"From"_s, view.value(u"from"_s).toString());
    dl += row(u"Case reference"_s, view.value(u"case_ref"_s).toString());
    dl += row(u"Kind"_s, vocabularyLabel(Vocabulary::ReferralKind, view.value(u"kind"_s).toString()));
    dl += row(u"Urgency"_s, vocabularyLabel(Vocabulary::Urgency, view.value(u"urgency"_s).toString()));
    dl += row(u"What is needed"_s, labels(view.value(u"needs"_s).toArray(), [](const QString& c) {
                                       return NeedsTaxonomy::instance().label(c);
                                   }).join(u", "_s));
    QString languages = labels(view.value(u"languages"_s).toArray(), [](const QString& c) {
                            const auto l = LanguageCode::parse(c);
                            return l ? l->name() : c;
                        }).join(u", "_s);
    if (view.value(u"interpreter"_s).toBool())
        languages += (languages.isEmpty() ? QString() : u" · "_s) + u"an interpreter is needed"_s;
    dl += row(u"Language"_s, languages);
    const QJsonObject location = view.value(u"location"_s).toObject();
    const auto country = CountryCode::parse(location.value(u"country"_s).toString());
    QStringList area{location.value(u"city"_s).toString(), country ? country->name() : QString()};
    area.removeAll(QString());
    dl += row(u"Area"_s, area.join(u", "_s));
    dl += row(u"Consent"_s, consentText(view.value(u"consent"_s).toObject()));
    return u"<section><dl>"_s + dl + u"</dl></section>"_s;
}

QString hidden(const QByteArray& nonce, const QString& action)
{
    return u"<input type=\"hidden\" name=\"nonce\" value=\""_s + esc(QString::fromLatin1(nonce)) +
           u"\"><input type=\"hidden\" name=\"answer\" value=\""_s + esc(action) + u"\">"_s;
}

QString declineForm(const QByteArray& nonce, const Typed& typed)
{
    QString options = u"<option value=\"\">Choose a reason</option>"_s;
    for (const QString& code : vocabularyCodes(Vocabulary::DeclineReason))
        options += u"<option value=\""_s + esc(code) + u'"' + (code == typed.reason ? u" selected"_s : QString()) +
                   u'>' + esc(vocabularyLabel(Vocabulary::DeclineReason, code)) + u"</option>"_s;
    return u"<form method=\"post\" action=\"\"><h2>Decline</h2>"_s + hidden(nonce, u"decline"_s) +
           u"<label for=\"reason\">Reason</label><select id=\"reason\" name=\"reason\" required>"_s + options +
           u"</select><label for=\"explanation\">In your words (the caseworker reads this)</label>"
           "<textarea id=\"explanation\" name=\"explanation\" rows=\"4\" required maxlength=\"%1\">"_s.arg(
               kMaxExplanation) +
           esc(typed.explanation) + u"</textarea><button type=\"submit\">Decline the referral</button></form>"_s;
}

} // namespace

const Headers& headers()
{
    static const Headers list = [] {
        const QByteArray hash =
            QCryptographicHash::hash(QByteArray(kStyle.data(), kStyle.size()), QCryptographicHash::Sha256).toBase64();
        return Headers{
            {"Content-Security-Policy"_ba, "default-src 'none'; style-src 'sha256-" + hash +
                                               "'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"},
            {"Referrer-Policy"_ba, "no-referrer"_ba},
            {"X-Robots-Tag"_ba, "noindex, nofollow"_ba},
            {"X-Frame-Options"_ba, "DENY"_ba},
        };
    }();
    return list;
}

QByteArray referral(const QJsonObject& view, const QList<ReferralEventType>& answers, const QByteArray& nonce,
                    const QString& problem, const Typed& typed)
{
    QString body = u"<h1>A referral for you</h1><p>Please answer it once, below. Your answer goes to the "
                   "caseworker who sent it; this link then stops working.</p>"_s;
    if (!problem.isEmpty())
        body += u"<section class=\"problem\" role=\"alert\">"_s + esc(problem) + u"</section>"_s;
    body += details(view);
    if (answers.contains(ReferralEventType::Accepted))
        body += u"<form method=\"post\" action=\"\"><h2>Accept</h2>"_s + hidden(nonce, u"accept"_s) +
                u"<p>You will take the referral on; the caseworker contacts you.</p>"
                "<button type=\"submit\">Accept the referral</button></form>"_s;
    if (answers.contains(ReferralEventType::Declined))
        body += declineForm(nonce, typed);
    if (answers.contains(ReferralEventType::Acknowledged))
        body += u"<form method=\"post\" action=\"\"><h2>Not decided yet</h2>"_s + hidden(nonce, u"acknowledge"_s) +
                u"<p>Let the caseworker know you received it. This uses the link up: answer them by your usual "
                "route later.</p><button type=\"submit\" class=\"secondary\">Acknowledge receipt</button></form>"_s;
    body += u"<p class=\"small\">Confidential. Use only for this referral; do not forward this link.</p>"_s;
    return page(u"Referral"_s, body);
}

QByteArray thanks(ReferralEventType answer)
{
    const QString what = answer == ReferralEventType::Accepted   ? u"You accepted the referral."_s
                         : answer == ReferralEventType::Declined ? u"You declined the referral."_s
                                                                 : u"You acknowledged the referral."_s;
    return page(u"Answer recorded"_s, u"<h1>Thank you</h1><section><p>"_s + esc(what) +
                                          u" The caseworker will see your answer. This link no longer works; "
                                          "you can close this page.</p></section>"_s);
}

QByteArray noLongerValid()
{
    return page(u"Link no longer valid"_s,
                u"<h1>This link is no longer valid</h1><section><p>It may have been used already, withdrawn, or "
                "it has expired. If you still need to answer, contact the person who sent it to you.</p></section>"_s);
}

QByteArray tooMany()
{
    return page(u"Too many attempts"_s, u"<h1>Too many attempts</h1><section><p>Please wait a few minutes and "
                                        "open the link again.</p></section>"_s);
}

} // namespace htmse::server::answerpage
