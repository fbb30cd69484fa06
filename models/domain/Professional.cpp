#include "domain/Professional.h"

#include "core/JsonReader.h"
#include "domain/CountryCode.h"
#include "domain/LanguageCode.h"
#include "domain/NeedCode.h"
#include "domain/Vocabulary.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QTimeZone>

#include <algorithm>

namespace htmse {

using P = ValidationProblems;

namespace {

QLatin1StringView k(const char* key)
{
    return QLatin1StringView(key);
}

// Writers omit empty values so exported files stay small and readable.
void putString(QJsonObject& o, const char* key, const QString& value)
{
    if (!value.isEmpty())
        o.insert(k(key), value);
}

void putList(QJsonObject& o, const char* key, const QStringList& values)
{
    if (!values.isEmpty())
        o.insert(k(key), QJsonArray::fromStringList(values));
}

std::optional<QString> canonicalJurisdiction(QStringView v)
{
    const QString upper = v.toString().toUpper();
    return CountryCode::isValidJurisdiction(upper) ? std::optional<QString>(upper) : std::nullopt;
}

// Iterates an array of objects, reporting non-objects; calls read(object, path) for each.
template <typename Read>
void forEachObject(const JsonReader& r, const char* key, Presence presence, qsizetype maxItems, Read read)
{
    const QJsonArray a = r.array(k(key), presence, maxItems);
    for (qsizetype i = 0; i < a.size(); ++i) {
        const QString path = P::index(r.pathOf(k(key)), i);
        if (!a.at(i).isObject()) {
            r.problems().add(path, QStringLiteral("must be an object, not %1").arg(jsonTypeName(a.at(i))));
            continue;
        }
        read(a.at(i).toObject(), path);
    }
}

std::optional<int> readInt(const JsonReader& r, const char* key, int min, int max)
{
    const auto v = r.integer(k(key), min, max, Presence::Optional);
    return v ? std::optional<int>(int(*v)) : std::nullopt;
}

// "HH:MM" for minutes after midnight; 1440 is "24:00".
QString clockTime(int minutes)
{
    return QStringLiteral("%1:%2")
        .arg(minutes / 60, 2, 10, QLatin1Char('0'))
        .arg(minutes % 60, 2, 10, QLatin1Char('0'));
}

std::optional<int> parseClockTime(QStringView text, bool allowEndOfDay)
{
    if (text.size() != 5 || text.at(2) != u':')
        return std::nullopt;
    bool hOk = false;
    bool mOk = false;
    const int h = text.first(2).toInt(&hOk);
    const int m = text.sliced(3).toInt(&mOk);
    if (!hOk || !mOk || m < 0 || m > 59 || h < 0 || (h > 23 && !(allowEndOfDay && h == 24 && m == 0)))
        return std::nullopt;
    return h * 60 + m;
}
} // namespace

bool OpeningHours::coversEvening() const
{
    constexpr int kEvening = 18 * 60;
    return closesMinute > kEvening || closesMinute < opensMinute; // past 18:00, or past midnight
}

bool Professional::opensEveningsOrWeekends() const
{
    return std::any_of(openingHours.cbegin(), openingHours.cend(), [](const OpeningHours& h) {
        return h.coversEvening() || h.days.contains(6) || h.days.contains(7);
    });
}

bool Professional::isOpenAt(const QDateTime& when) const
{
    if (openingHours.isEmpty() || !when.isValid())
        return false;
    // In the service's own time when it is known, else as the caller's clock has it.
    const QTimeZone zone = timeZone.isEmpty() ? QTimeZone() : QTimeZone(timeZone.toLatin1());
    const QDateTime local = zone.isValid() ? when.toTimeZone(zone) : when.toLocalTime();
    const int day = local.date().dayOfWeek();
    const int minute = local.time().hour() * 60 + local.time().minute();
    const int yesterday = day == 1 ? 7 : day - 1;
    return std::any_of(openingHours.cbegin(), openingHours.cend(), [&](const OpeningHours& h) {
        if (h.closesMinute > h.opensMinute) // the same day
            return h.days.contains(day) && minute >= h.opensMinute && minute < h.closesMinute;
        // Past midnight: the evening of a listed day, or the small hours after it.
        return (h.days.contains(day) && minute >= h.opensMinute) ||
               (h.days.contains(yesterday) && minute < h.closesMinute);
    });
}

bool isE164Phone(QStringView value)
{
    static const QRegularExpression re(QStringLiteral("^\\+[1-9][0-9]{6,14}$"));
    return re.match(value).hasMatch();
}

bool isEmailAddress(QStringView value)
{
    // Deliberately loose: one @, a dot in the domain, no spaces. Real checking is sending mail.
    static const QRegularExpression re(QStringLiteral("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s.]{2,}$"));
    return value.size() <= 254 && re.match(value).hasMatch();
}

QJsonObject Professional::toJson() const
{
    QJsonObject o;
    o.insert(k("id"), uuidString(id));
    o.insert(k("display_name"), displayName);
    putString(o, "title", title);
    putString(o, "organisation_id", uuidString(organisationId));
    putString(o, "gender", gender);
    putList(o, "professional_types", professionalTypes);
    putList(o, "services", services);
    putList(o, "populations_served", populationsServed);
    putList(o, "trafficking_types", traffickingTypes);
    QJsonArray langs;
    for (const LanguageSkill& l : languages) {
        QJsonObject lo{{k("code"), l.code}};
        putString(lo, "proficiency", l.proficiency);
        putString(lo, "note", l.note);
        langs.append(lo);
    }
    if (!langs.isEmpty())
        o.insert(k("languages"), langs);
    o.insert(k("interpreter_available"), interpreterAvailable);
    putList(o, "countries_of_operation", countriesOfOperation);
    putList(o, "countries_of_expertise", countriesOfExpertise);
    QJsonArray locs;
    for (const ServiceLocation& l : locations) {
        QJsonObject lo;
        putString(lo, "city", l.city);
        putString(lo, "region", l.region);
        lo.insert(k("country"), l.country);
        if (l.point) {
            lo.insert(k("latitude"), l.point->latitude());
            lo.insert(k("longitude"), l.point->longitude());
        }
        if (l.geonameId > 0)
            lo.insert(k("geoname_id"), l.geonameId);
        putString(lo, "address", l.address);
        putString(lo, "postcode", l.postcode);
        lo.insert(k("confidential"), l.confidential);
        locs.append(lo);
    }
    if (!locs.isEmpty())
        o.insert(k("locations"), locs);
    o.insert(k("remote_service"), remoteService);
    if (serviceRadiusKm)
        o.insert(k("service_radius_km"), *serviceRadiusKm);
    QJsonArray hours;
    for (const OpeningHours& h : openingHours) {
        QStringList days;
        for (const int d : h.days)
            days.append(vocabularyCodes(Vocabulary::Weekday).at(d - 1));
        QJsonObject ho{{k("days"), QJsonArray::fromStringList(days)},
                       {k("opens"), clockTime(h.opensMinute)},
                       {k("closes"), clockTime(h.closesMinute)}};
        putString(ho, "note", h.note);
        hours.append(ho);
    }
    if (!hours.isEmpty())
        o.insert(k("opening_hours"), hours);
    putString(o, "opening_hours_note", openingHoursNote);
    putString(o, "time_zone", timeZone);
    putList(o, "accessibility", accessibility);
    putString(o, "accessibility_note", accessibilityNote);
    QJsonObject cap{{k("accepting_referrals"), capacity.acceptingReferrals}};
    if (capacity.typicalResponseDays)
        cap.insert(k("typical_response_days"), *capacity.typicalResponseDays);
    o.insert(k("capacity"), cap);
    QJsonObject co{{k("free"), cost.free}, {k("legal_aid"), cost.legalAid}, {k("pro_bono"), cost.proBono}};
    putString(co, "fee_basis", cost.feeBasis);
    putString(co, "note", cost.note);
    o.insert(k("cost"), co);
    if (expertWitness) {
        const ExpertWitness& e = *expertWitness;
        QJsonObject eo;
        putList(eo, "disciplines", e.disciplines);
        putList(eo, "jurisdictions", e.jurisdictions);
        eo.insert(k("court_appearances"), e.courtAppearances);
        putList(eo, "report_types", e.reportTypes);
        eo.insert(k("expert_declaration"), e.expertDeclaration);
        putString(eo, "declaration_note", e.declarationNote);
        putString(eo, "accreditation_body", e.accreditationBody);
        putString(eo, "cv_url", e.cvUrl);
        putString(eo, "publications_url", e.publicationsUrl);
        putString(eo, "conflict_of_interest", e.conflictOfInterest);
        if (e.reportTurnaroundDays)
            eo.insert(k("report_turnaround_days"), *e.reportTurnaroundDays);
        eo.insert(k("accepting_instructions"), e.acceptingInstructions);
        o.insert(k("expert_witness"), eo);
    }
    QJsonArray contacts;
    for (const ContactChannel& c : contactChannels) {
        QJsonObject cobj{{k("kind"), c.kind}, {k("value"), c.value}};
        putString(cobj, "note", c.note);
        if (c.preferred)
            cobj.insert(k("preferred"), true);
        contacts.append(cobj);
    }
    if (!contacts.isEmpty())
        o.insert(k("contact_channels"), contacts);
    QJsonObject vo{{k("status"), verification.status}};
    putString(vo, "verified_by", verification.verifiedBy);
    putString(vo, "verified_at", toIsoUtc(verification.verifiedAt));
    putString(vo, "reverification_due", toIso(verification.reverificationDue));
    o.insert(k("verification"), vo);
    putString(o, "biography", biography);
    putList(o, "keywords", keywords);
    o.insert(k("active"), active);
    putString(o, "updated_at", toIsoUtc(updatedAt));
    if (serverVersion > 0)
        o.insert(k("server_version"), serverVersion);
    return o;
}

namespace {
// The parts of Professional::fromJson, one per block of the document.
void readLanguages(const JsonReader& r, ValidationProblems& problems, Professional& p)
{
    forEachObject(
        r, "languages", Presence::Optional, limits::kListItems, [&](const QJsonObject& lo, const QString& lp) {
            const JsonReader lr(lo, lp, problems);
            LanguageSkill skill;
            const QString raw = lr.string(k("code"), Presence::Required, 16);
            if (!raw.isEmpty()) {
                if (const auto code = LanguageCode::parse(raw)) {
                    skill.code = code->code();
                    const bool duplicate = std::any_of(p.languages.cbegin(), p.languages.cend(),
                                                       [&](const LanguageSkill& s) { return s.code == skill.code; });
                    if (duplicate)
                        problems.add(lr.pathOf(k("code")), QStringLiteral("%1 is listed twice").arg(P::quote(raw)));
                } else {
                    problems.add(lr.pathOf(k("code")),
                                 QStringLiteral("%1 is not an ISO 639-3 code").arg(P::quote(raw)));
                }
            }
            skill.proficiency = readTerm(lr, k("proficiency"), Vocabulary::Proficiency, Presence::Optional);
            skill.note = lr.string(k("note"), Presence::Optional);
            if (!skill.code.isEmpty())
                p.languages.append(skill);
        });
}

void readLocations(const JsonReader& r, ValidationProblems& problems, Professional& p)
{
    forEachObject(r, "locations", Presence::Optional, 50, [&](const QJsonObject& lo, const QString& lp) {
        const JsonReader lr(lo, lp, problems);
        ServiceLocation loc;
        loc.city = lr.string(k("city"), Presence::Optional);
        loc.region = lr.string(k("region"), Presence::Optional);
        const QString country = lr.string(k("country"), Presence::Required, 8);
        if (!country.isEmpty()) {
            if (const auto c = CountryCode::parse(country))
                loc.country = c->code();
            else
                problems.add(lr.pathOf(k("country")),
                             QStringLiteral("%1 is not an ISO 3166-1 alpha-2 country code").arg(P::quote(country)));
        }
        const bool hasLat = lr.has(k("latitude"));
        const bool hasLon = lr.has(k("longitude"));
        const auto lat = lr.number(k("latitude"), -90.0, 90.0, Presence::Optional);
        const auto lon = lr.number(k("longitude"), -180.0, 180.0, Presence::Optional);
        if (hasLat != hasLon)
            problems.add(lr.pathOf(hasLat ? k("longitude") : k("latitude")),
                         QStringLiteral("is required when %1 is given")
                             .arg(hasLat ? QStringLiteral("latitude") : QStringLiteral("longitude")));
        if (lat && lon)
            loc.point = GeoPoint(*lat, *lon);
        loc.geonameId = lr.integer(k("geoname_id"), 1, 999'999'999, Presence::Optional).value_or(0);
        loc.address = lr.string(k("address"), Presence::Optional, 400, TextKind::MultiLine);
        loc.postcode = lr.string(k("postcode"), Presence::Optional, 16);
        loc.confidential = lr.boolean(k("confidential"), false);
        if (loc.city.isEmpty() && !loc.point)
            problems.add(lp, QStringLiteral("needs a city or coordinates"));
        p.locations.append(loc);
    });
}

void readCapacityAndCost(const JsonReader& r, ValidationProblems& problems, Professional& p)
{
    if (const auto cap = r.object(k("capacity"), Presence::Optional)) {
        const JsonReader cr(*cap, r.pathOf(k("capacity")), problems);
        p.capacity.acceptingReferrals = cr.boolean(k("accepting_referrals"), true);
        p.capacity.typicalResponseDays = readInt(cr, "typical_response_days", 0, 365);
    }
    if (const auto cost = r.object(k("cost"), Presence::Optional)) {
        const JsonReader cr(*cost, r.pathOf(k("cost")), problems);
        p.cost.free = cr.boolean(k("free"), false);
        p.cost.legalAid = cr.boolean(k("legal_aid"), false);
        p.cost.proBono = cr.boolean(k("pro_bono"), false);
        p.cost.feeBasis = readTerm(cr, k("fee_basis"), Vocabulary::FeeBasis, Presence::Optional);
        p.cost.note = cr.string(k("note"), Presence::Optional, limits::kLongText, TextKind::MultiLine);
    }
}

void readExpertWitness(const JsonReader& r, ValidationProblems& problems, Professional& p)
{
    if (const auto ew = r.object(k("expert_witness"), Presence::Optional)) {
        const JsonReader er(*ew, r.pathOf(k("expert_witness")), problems);
        ExpertWitness e;
        e.disciplines = readTerms(er, k("disciplines"), Vocabulary::ExpertDiscipline, Presence::Optional);
        e.jurisdictions = er.codeList(k("jurisdictions"), Presence::Optional, canonicalJurisdiction,
                                      QStringLiteral("a country code or an ISO 3166-2 subdivision code (e.g. GB-SCT)"));
        e.courtAppearances = readInt(er, "court_appearances", 0, 100'000).value_or(0);
        e.reportTypes = readTerms(er, k("report_types"), Vocabulary::ReportType, Presence::Optional);
        e.expertDeclaration = er.boolean(k("expert_declaration"), false);
        e.declarationNote =
            er.string(k("declaration_note"), Presence::Optional, limits::kLongText, TextKind::MultiLine);
        e.accreditationBody = er.string(k("accreditation_body"), Presence::Optional);
        e.cvUrl = er.url(k("cv_url"), Presence::Optional);
        e.publicationsUrl = er.url(k("publications_url"), Presence::Optional);
        e.conflictOfInterest =
            er.string(k("conflict_of_interest"), Presence::Optional, limits::kLongText, TextKind::MultiLine);
        e.reportTurnaroundDays = readInt(er, "report_turnaround_days", 0, 730);
        e.acceptingInstructions = er.boolean(k("accepting_instructions"), true);
        p.expertWitness = e;
    }
}

void readContactChannels(const JsonReader& r, ValidationProblems& problems, Professional& p)
{
    forEachObject(r, "contact_channels", Presence::Optional, 50, [&](const QJsonObject& co, const QString& cp) {
        const JsonReader cr(co, cp, problems);
        ContactChannel c;
        c.kind = readTerm(cr, k("kind"), Vocabulary::ContactKind, Presence::Required);
        c.note = cr.string(k("note"), Presence::Optional);
        c.preferred = cr.boolean(k("preferred"), false);
        const QString valuePath = cr.pathOf(k("value"));
        if (c.kind == QLatin1StringView("website") || c.kind == QLatin1StringView("referral-form") ||
            c.kind == QLatin1StringView("secure-messaging")) {
            c.value = cr.url(k("value"), Presence::Required);
        } else {
            c.value = cr.string(k("value"), Presence::Required, 400, TextKind::MultiLine);
            if (c.kind == QLatin1StringView("phone") && !c.value.isEmpty() && !isE164Phone(c.value)) {
                problems.add(
                    valuePath,
                    QStringLiteral("%1 is not an E.164 phone number (e.g. +442079460000)").arg(P::quote(c.value)));
                c.value.clear();
            } else if (c.kind == QLatin1StringView("email") && !c.value.isEmpty() && !isEmailAddress(c.value)) {
                problems.add(valuePath, QStringLiteral("%1 is not an email address").arg(P::quote(c.value)));
                c.value.clear();
            }
        }
        if (!c.kind.isEmpty() && !c.value.isEmpty())
            p.contactChannels.append(c);
    });
}

void readOpeningHours(const JsonReader& r, ValidationProblems& problems, Professional& p)
{
    forEachObject(r, "opening_hours", Presence::Optional, 28, [&](const QJsonObject& ho, const QString& hp) {
        const JsonReader hr(ho, hp, problems);
        OpeningHours h;
        for (const QString& day : readTerms(hr, k("days"), Vocabulary::Weekday, Presence::Required))
            h.days.append(int(vocabularyCodes(Vocabulary::Weekday).indexOf(day)) + 1);
        std::sort(h.days.begin(), h.days.end());
        h.days.erase(std::unique(h.days.begin(), h.days.end()), h.days.end());
        const auto time = [&](const char* key, bool endOfDay) -> std::optional<int> {
            const QString text = hr.string(k(key), Presence::Required, 5);
            if (text.isEmpty())
                return std::nullopt;
            const auto minutes = parseClockTime(text, endOfDay);
            if (!minutes)
                problems.add(hr.pathOf(k(key)),
                             QStringLiteral("%1 is not a time of day as HH:MM%2")
                                 .arg(P::quote(text), endOfDay ? QStringLiteral(" (24:00 for midnight)") : QString()));
            return minutes;
        };
        const auto opens = time("opens", false);
        const auto closes = time("closes", true);
        if (opens && closes && *opens == *closes)
            problems.add(hr.pathOf(k("closes")), QStringLiteral("is the same time as opens"));
        h.opensMinute = opens.value_or(0);
        h.closesMinute = closes.value_or(0);
        h.note = hr.string(k("note"), Presence::Optional);
        p.openingHours.append(h);
    });
    p.openingHoursNote = r.string(k("opening_hours_note"), Presence::Optional);
    p.timeZone = r.string(k("time_zone"), Presence::Optional, 64);
    if (!p.timeZone.isEmpty() && !QTimeZone::isTimeZoneIdAvailable(p.timeZone.toLatin1()))
        problems.add(r.pathOf(k("time_zone")),
                     QStringLiteral("%1 is not an IANA time zone (e.g. Europe/London)").arg(P::quote(p.timeZone)));
    p.accessibility = readTerms(r, k("accessibility"), Vocabulary::Accessibility, Presence::Optional);
    p.accessibilityNote = r.string(k("accessibility_note"), Presence::Optional, limits::kLongText, TextKind::MultiLine);
}

void readVerification(const JsonReader& r, ValidationProblems& problems, Professional& p)
{
    if (const auto ver = r.object(k("verification"), Presence::Optional)) {
        const JsonReader vr(*ver, r.pathOf(k("verification")), problems);
        const QString status = readTerm(vr, k("status"), Vocabulary::VerificationStatus, Presence::Required);
        if (!status.isEmpty())
            p.verification.status = status;
        p.verification.verifiedBy = vr.string(k("verified_by"), Presence::Optional);
        p.verification.verifiedAt = vr.dateTime(k("verified_at"), Presence::Optional);
        p.verification.reverificationDue = vr.date(k("reverification_due"), Presence::Optional);
        if (p.verification.status == QLatin1StringView("verified") && !p.verification.verifiedAt.isValid() &&
            !problems.hasPath(vr.pathOf(k("verified_at"))))
            problems.add(vr.pathOf(k("verified_at")), QStringLiteral("is required when the status is \"verified\""));
    }
}
} // namespace

std::optional<Professional> Professional::fromJson(const QJsonObject& object, ValidationProblems& problems,
                                                   const QString& path)
{
    const qsizetype before = problems.size();
    const JsonReader r(object, path, problems);
    Professional p;
    p.id = r.uuid(k("id"), Presence::Required);
    p.displayName = r.string(k("display_name"), Presence::Required);
    p.title = r.string(k("title"), Presence::Optional);
    p.organisationId = r.uuid(k("organisation_id"), Presence::Optional);
    p.gender = readTerm(r, k("gender"), Vocabulary::Gender, Presence::Optional);
    p.professionalTypes = readTerms(r, k("professional_types"), Vocabulary::ProfessionalType, Presence::Required);
    p.services = r.codeList(k("services"), Presence::Optional, NeedCode::canonical,
                            QStringLiteral("a code of the needs taxonomy"));
    p.populationsServed = readTerms(r, k("populations_served"), Vocabulary::Population, Presence::Optional);
    p.traffickingTypes = readTerms(r, k("trafficking_types"), Vocabulary::TraffickingType, Presence::Optional);

    readLanguages(r, problems, p);
    p.interpreterAvailable = r.boolean(k("interpreter_available"), false);
    p.countriesOfOperation = r.codeList(k("countries_of_operation"), Presence::Optional, CountryCode::canonical,
                                        QStringLiteral("an ISO 3166-1 alpha-2 country code"));
    p.countriesOfExpertise = r.codeList(k("countries_of_expertise"), Presence::Optional, CountryCode::canonical,
                                        QStringLiteral("an ISO 3166-1 alpha-2 country code"));

    readLocations(r, problems, p);
    p.remoteService = r.boolean(k("remote_service"), false);
    p.serviceRadiusKm = readInt(r, "service_radius_km", 0, 20'000);
    readOpeningHours(r, problems, p);

    readCapacityAndCost(r, problems, p);
    readExpertWitness(r, problems, p);
    readContactChannels(r, problems, p);
    readVerification(r, problems, p);
    p.biography = r.string(k("biography"), Presence::Optional, limits::kLongText, TextKind::MultiLine);
    p.keywords = r.stringList(k("keywords"), Presence::Optional, 50, 64);
    p.active = r.boolean(k("active"), true);
    p.updatedAt = r.dateTime(k("updated_at"), Presence::Optional);
    p.serverVersion =
        r.integer(k("server_version"), 0, std::numeric_limits<qint32>::max() * qint64(1024), Presence::Optional)
            .value_or(0);

    if (!p.remoteService && p.locations.isEmpty() && !problems.hasPath(r.pathOf(k("locations"))))
        problems.add(r.pathOf(k("locations")),
                     QStringLiteral("must list at least one location unless remote_service is true"));

    if (problems.size() != before)
        return std::nullopt;
    return p;
}

} // namespace htmse
