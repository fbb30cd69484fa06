#include "export/Shortlist.h"

#include "domain/LanguageCode.h"
#include "domain/Vocabulary.h"
#include "export/ReferralCsv.h"
#include "taxonomy/Countries.h"
#include "taxonomy/NeedsTaxonomy.h"

#include <QCoreApplication>

namespace htmse {

using namespace Qt::StringLiterals;

namespace {
QStringList expertise(const Professional& p)
{
    QStringList out;
    for (const QString& s : p.services)
        out.append(NeedsTaxonomy::instance().label(s));
    return out;
}

QStringList languages(const Professional& p)
{
    QStringList out;
    for (const LanguageSkill& l : p.languages)
        if (const auto code = LanguageCode::parse(l.code))
            out.append(code->name());
    if (p.interpreterAvailable)
        out.append(QCoreApplication::translate("htmse::Shortlist", "works with interpreters"));
    return out;
}

QString professions(const Professional& p)
{
    QStringList out;
    if (!p.title.isEmpty())
        out.append(p.title);
    for (const QString& t : p.professionalTypes)
        out.append(vocabularyLabel(Vocabulary::ProfessionalType, t));
    return out.join(u", "_s);
}
} // namespace

QString Shortlist::place(const Professional& p)
{
    QStringList places;
    for (const ServiceLocation& l : p.locations) {
        if (l.confidential) {
            places.append(QCoreApplication::translate("htmse::Shortlist", "location confidential: make contact first"));
            continue;
        }
        const QString country = Countries::instance().name(l.country);
        places.append(l.city.isEmpty() ? country : l.city + u", "_s + country);
    }
    if (p.remoteService)
        places.append(QCoreApplication::translate("htmse::Shortlist", "remote"));
    places.removeDuplicates();
    return places.join(u"; "_s);
}

QString Shortlist::contactRoute(const Professional& p)
{
    QList<ContactChannel> channels = p.contactChannels;
    std::stable_sort(channels.begin(), channels.end(),
                     [](const auto& a, const auto& b) { return a.preferred && !b.preferred; });
    QStringList out;
    for (const ContactChannel& c : channels) {
        if (c.kind == "postal"_L1)
            continue; // a postal address may be the confidential one
        out.append(vocabularyLabel(Vocabulary::ContactKind, c.kind) + u": "_s + c.value);
    }
    return out.join(u"; "_s);
}

QString Shortlist::html(const QList<ShortlistEntry>& entries, const QString& title)
{
    const auto esc = [](const QString& s) { return s.toHtmlEscaped(); };
    QString h = u"<html><body style=\"font-family: sans-serif\"><h2>%1</h2>"_s.arg(esc(title));
    for (const ShortlistEntry& e : entries) {
        const Professional& p = e.professional;
        h += u"<h3>%1</h3><p>%2%3</p><table cellspacing=3>"_s.arg(
            esc(p.displayName), esc(professions(p)),
            e.organisation.isEmpty() ? QString() : u" · "_s + esc(e.organisation));
        const auto row = [&](const char* label, const QString& value) {
            if (!value.isEmpty())
                h += u"<tr><th align=left valign=top>%1</th><td>%2</td></tr>"_s.arg(
                    esc(QCoreApplication::translate("htmse::Shortlist", label)), esc(value));
        };
        row(QT_TRANSLATE_NOOP("htmse::Shortlist", "Expertise"), expertise(p).join(u", "_s));
        row(QT_TRANSLATE_NOOP("htmse::Shortlist", "Languages"), languages(p).join(u", "_s));
        row(QT_TRANSLATE_NOOP("htmse::Shortlist", "Where"), place(p));
        row(QT_TRANSLATE_NOOP("htmse::Shortlist", "Contact"), contactRoute(p));
        if (p.expertWitness)
            row(QT_TRANSLATE_NOOP("htmse::Shortlist", "Expert reports"), [&] {
                QStringList r;
                for (const QString& t : p.expertWitness->reportTypes)
                    r.append(vocabularyLabel(Vocabulary::ReportType, t));
                return r.join(u", "_s);
            }());
        row(QT_TRANSLATE_NOOP("htmse::Shortlist", "Why"), e.why);
        h += u"</table>"_s;
    }
    h += u"</body></html>"_s;
    return h;
}

bool Shortlist::writeCsv(QIODevice* device, const QList<ShortlistEntry>& entries, QString* error)
{
    QByteArray out = "id,name,profession,organisation,expertise,languages,place,contact,why\r\n";
    for (const ShortlistEntry& e : entries) {
        const Professional& p = e.professional;
        const QStringList row = {p.id.toString(QUuid::WithoutBraces),
                                 p.displayName,
                                 professions(p),
                                 e.organisation,
                                 expertise(p).join(u"; "_s),
                                 languages(p).join(u"; "_s),
                                 place(p),
                                 contactRoute(p),
                                 e.why};
        QStringList fields;
        for (const QString& f : row)
            fields.append(ReferralCsv::field(f));
        out += fields.join(u',').toUtf8() + "\r\n";
    }
    if (device->write(out) != out.size()) {
        if (error)
            *error = device->errorString();
        return false;
    }
    return true;
}

} // namespace htmse
