#include "export/ReferralLetter.h"

#include "core/JsonReader.h"
#include "domain/LanguageCode.h"
#include "domain/Vocabulary.h"
#include "export/QrCode.h"
#include "taxonomy/NeedsTaxonomy.h"

#include <QCoreApplication>
#include <QLocale>

namespace htmse {

using namespace Qt::StringLiterals;

QString ReferralLetter::html(const Referral& r, const LetterContext& c)
{
    const auto esc = [](const QString& s) { return s.toHtmlEscaped(); };
    const ReferralDetails& d = r.details;
    QString h = u"<html><body style=\"font-family: sans-serif\">"_s;
    h += u"<h2>%1</h2>"_s.arg(esc(QCoreApplication::translate("htmse::ReferralLetter", "Referral")) + u" · "_s +
                              esc(vocabularyLabel(Vocabulary::ReferralKind, d.kind)));
    h += u"<p>%1: %2<br>%3: %4<br>%5: %6</p>"_s.arg(
        esc(QCoreApplication::translate("htmse::ReferralLetter", "To")), esc(c.recipientName),
        esc(QCoreApplication::translate("htmse::ReferralLetter", "From")),
        esc(c.referrerName + (c.referrerOrganisation.isEmpty() ? QString() : u", "_s + c.referrerOrganisation)),
        esc(QCoreApplication::translate("htmse::ReferralLetter", "Date")),
        esc(QLocale().toString(r.createdAt.toLocalTime().date(), QLocale::LongFormat)));
    h += u"<p>%1: <b>%2</b> · %3: %4</p>"_s.arg(
        esc(QCoreApplication::translate("htmse::ReferralLetter", "Case reference")), esc(d.caseRef),
        esc(QCoreApplication::translate("htmse::ReferralLetter", "Urgency")),
        esc(vocabularyLabel(Vocabulary::Urgency, d.urgency)));
    QStringList needs;
    for (const QString& n : d.needs)
        needs.append(u"<li>%1</li>"_s.arg(esc(NeedsTaxonomy::instance().label(n))));
    h += u"<h3>%1</h3><ul>%2</ul>"_s.arg(esc(QCoreApplication::translate("htmse::ReferralLetter", "What is needed")),
                                         needs.join(QString()));
    QStringList languages;
    for (const QString& code : d.languages)
        if (const auto l = LanguageCode::parse(code))
            languages.append(esc(l->name()));
    h += u"<h3>%1</h3><p>%2%3</p>"_s.arg(
        esc(QCoreApplication::translate("htmse::ReferralLetter", "Language")),
        languages.isEmpty() ? esc(QCoreApplication::translate("htmse::ReferralLetter", "Not stated"))
                            : languages.join(u", "_s),
        d.interpreter ? u" · "_s + esc(QCoreApplication::translate("htmse::ReferralLetter", "an interpreter is needed"))
                      : QString());
    if (d.location && !d.location->city.isEmpty())
        h += u"<p>%1: %2</p>"_s.arg(esc(QCoreApplication::translate("htmse::ReferralLetter", "Area")),
                                    esc(d.location->city));
    h += u"<h3>%1</h3>"_s.arg(esc(QCoreApplication::translate("htmse::ReferralLetter", "Consent")));
    if (d.consent && d.consent->given)
        h += u"<p>%1</p>"_s.arg(
            esc(QCoreApplication::translate("htmse::ReferralLetter", "The person consented to this referral") +
                (d.consent->scope.isEmpty() ? QString() : u" ("_s + d.consent->scope + u")"_s) + u" on "_s +
                QLocale().toString(d.consent->date, QLocale::LongFormat) + u'.'));
    else if (d.consent && d.consent->override)
        h += u"<p>%1</p>"_s.arg(esc(QCoreApplication::translate(
            "htmse::ReferralLetter", "Made without the person's consent, under a recorded duty (reason on file).")));
    else
        h += u"<p>%1</p>"_s.arg(esc(QCoreApplication::translate(
            "htmse::ReferralLetter", "This is a professional consultation; no personal data is shared.")));
    h += u"<h3>%1</h3><p>%2</p>"_s.arg(esc(QCoreApplication::translate("htmse::ReferralLetter", "How to reply")),
                                       esc(c.replyRoute));
    if (c.answerUrl.isValid()) {
        // The address as a QR code too (a PBM data: URL; QTextDocument reads it without a plugin).
        if (const auto qr = QrCode::encode(c.answerUrl.toString(QUrl::FullyEncoded).toUtf8()))
            h += u"<p><img src=\"data:image/x-portable-bitmap;base64,%1\" width=\"%2\" height=\"%2\" "
                 "alt=\"QR code of the answer link\"></p>"_s.arg(QString::fromLatin1(qr->toPbm(4).toBase64()))
                     .arg((qr->size() + 8) * 3);
        h += u"<p>%1<br><tt>%2</tt></p>"_s.arg(
            esc(QCoreApplication::translate("htmse::ReferralLetter",
                                            "Answer online, once, without an account, until %1 — open this "
                                            "address:")
                    .arg(QLocale().toString(c.answerExpires.toLocalTime().date(), QLocale::LongFormat))),
            esc(c.answerUrl.toString(QUrl::FullyEncoded)));
    }
    h += u"<p style=\"font-size: small\">%1</p>"_s.arg(
        esc(QCoreApplication::translate("htmse::ReferralLetter",
                                        "Confidential. Use only for this referral; do not forward. Reference ")) +
        esc(uuidString(r.id)));
    h += u"</body></html>"_s;
    return h;
}

} // namespace htmse
