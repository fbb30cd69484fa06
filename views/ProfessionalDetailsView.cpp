#include "views/ProfessionalDetailsView.h"

#include "domain/LanguageCode.h"
#include "domain/Vocabulary.h"
#include "taxonomy/Countries.h"
#include "taxonomy/NeedsTaxonomy.h"
#include "views/ClipboardGuard.h"

#include <QMimeData>

namespace htmse {

using namespace Qt::StringLiterals;

ProfessionalDetailsView::ProfessionalDetailsView(QWidget* parent)
    : QTextBrowser(parent)
{
    setOpenExternalLinks(false);
    setOpenLinks(false);
    clearProfessional();
}

void ProfessionalDetailsView::showProfessional(const Professional& professional)
{
    setHtml(toHtml(professional));
}

QMimeData* ProfessionalDetailsView::createMimeDataFromSelection() const
{
    QMimeData* data = QTextBrowser::createMimeDataFromSelection();
    // Asked for on copy (and drag): contact details must not outlive their use on the clipboard.
    if (m_guard && data)
        m_guard->guard(data->text());
    return data;
}

void ProfessionalDetailsView::clearProfessional()
{
    setHtml(u"<p style=\"color:gray\">%1</p>"_s.arg(tr("Select a professional to see their profile.").toHtmlEscaped()));
}

QString ProfessionalDetailsView::openingHoursHtml(const Professional& p)
{
    QStringList lines;
    const QLocale locale;
    // The locale's short time, without seconds (some locales, C among them, put them in).
    QString timeFormat = locale.timeFormat(QLocale::ShortFormat);
    timeFormat.remove(u":ss"_s).remove(u".ss"_s);
    for (const OpeningHours& h : p.openingHours) {
        // Consecutive days as a range ("Monday–Friday"), others listed.
        QStringList days;
        for (qsizetype i = 0; i < h.days.size();) {
            qsizetype j = i;
            while (j + 1 < h.days.size() && h.days.at(j + 1) == h.days.at(j) + 1)
                ++j;
            const QString first = locale.dayName(h.days.at(i), QLocale::LongFormat);
            const QString last = locale.dayName(h.days.at(j), QLocale::LongFormat);
            if (j - i >= 2)
                days.append(first + u"–"_s + last);
            else if (j > i)
                days.append(first + u", "_s + last);
            else
                days.append(first);
            i = j + 1;
        }
        const auto time = [&locale, &timeFormat](int minutes) {
            return minutes >= 1440 ? tr("midnight") : locale.toString(QTime(minutes / 60, minutes % 60), timeFormat);
        };
        QString line = days.join(u", "_s) + u" "_s + time(h.opensMinute) + u"–"_s + time(h.closesMinute);
        if (!h.note.isEmpty())
            line += u" ("_s + h.note + u')';
        lines.append(line.toHtmlEscaped());
    }
    if (!p.openingHoursNote.isEmpty())
        lines.append(p.openingHoursNote.toHtmlEscaped());
    if (!lines.isEmpty() && !p.timeZone.isEmpty())
        lines.append(u"<i>%1</i>"_s.arg(tr("local time (%1)").arg(p.timeZone).toHtmlEscaped()));
    return lines.join(u"<br>"_s);
}

QString ProfessionalDetailsView::toHtml(const Professional& p)
{
    const auto esc = [](const QString& s) { return s.toHtmlEscaped(); };
    const auto row = [](const QString& label, const QString& valueHtml) {
        return valueHtml.isEmpty()
                   ? QString()
                   : u"<tr><th align=left valign=top>%1</th><td>%2</td></tr>"_s.arg(label.toHtmlEscaped(), valueHtml);
    };
    QString html = u"<h2>%1</h2>"_s.arg(esc(p.displayName));
    QStringList types;
    if (!p.title.isEmpty())
        types.append(esc(p.title));
    for (const QString& t : p.professionalTypes)
        types.append(esc(vocabularyLabel(Vocabulary::ProfessionalType, t)));
    html += u"<p>%1</p>"_s.arg(types.join(u" · "_s));
    if (!p.biography.isEmpty())
        html += u"<p>%1</p>"_s.arg(esc(p.biography));
    html += u"<table cellspacing=4>"_s;
    QStringList services;
    for (const QString& s : p.services)
        services.append(esc(NeedsTaxonomy::instance().label(s)));
    html += row(tr("Services"), services.join(u"<br>"_s));
    QStringList languages;
    for (const LanguageSkill& l : p.languages) {
        const auto code = LanguageCode::parse(l.code);
        QString text = esc(code ? code->name() : l.code);
        if (!l.proficiency.isEmpty())
            text += u" (%1)"_s.arg(esc(vocabularyLabel(Vocabulary::Proficiency, l.proficiency).toLower()));
        languages.append(text);
    }
    if (p.interpreterAvailable)
        languages.append(esc(tr("Works with interpreters")));
    html += row(tr("Languages"), languages.join(u"<br>"_s));
    QStringList places;
    for (const ServiceLocation& l : p.locations) {
        const QString where = esc(l.city.isEmpty() ? Countries::instance().name(l.country)
                                                   : l.city + u", "_s + Countries::instance().name(l.country));
        places.append(l.confidential
                          ? where + u" — <i>%1</i>"_s.arg(esc(tr("confidential address; make contact first")))
                          : where);
    }
    if (p.remoteService)
        places.append(esc(tr("Remote / online")));
    html += row(tr("Where"), places.join(u"<br>"_s));
    html += row(tr("Opening hours"), openingHoursHtml(p));
    QStringList access;
    for (const QString& a : p.accessibility)
        access.append(esc(vocabularyLabel(Vocabulary::Accessibility, a)));
    if (!p.accessibilityNote.isEmpty())
        access.append(esc(p.accessibilityNote));
    html += row(tr("Access"), access.join(u"<br>"_s));
    html += row(tr("Referrals"),
                esc(p.capacity.acceptingReferrals ? tr("Accepting referrals") : tr("Not accepting referrals now")) +
                    (p.capacity.typicalResponseDays
                         ? esc(tr(" · usually answers within %n day(s)", nullptr, *p.capacity.typicalResponseDays))
                         : QString()));
    if (p.expertWitness) {
        const ExpertWitness& e = *p.expertWitness;
        QStringList reports;
        for (const QString& r : e.reportTypes)
            reports.append(esc(vocabularyLabel(Vocabulary::ReportType, r)));
        html +=
            row(tr("Expert witness"), reports.join(u", "_s) + u"<br>"_s +
                                          esc(tr("%n court or tribunal appearance(s)", nullptr, e.courtAppearances)) +
                                          u"<br>"_s + esc(e.jurisdictions.join(u", "_s)));
    }
    QStringList contacts;
    for (const ContactChannel& c : p.contactChannels)
        contacts.append(esc(vocabularyLabel(Vocabulary::ContactKind, c.kind) + u": "_s + c.value));
    html += row(tr("Contact"), contacts.join(u"<br>"_s));
    html += row(tr("Verification"),
                esc(vocabularyLabel(Vocabulary::VerificationStatus, p.verification.status)) +
                    (p.verification.verifiedAt.isValid()
                         ? esc(u" · "_s + QLocale().toString(p.verification.verifiedAt.date(), QLocale::ShortFormat))
                         : QString()));
    html += u"</table>"_s;
    return html;
}

} // namespace htmse
