#include "domain/ReferralEvent.h"

#include "core/JsonReader.h"
#include "domain/CountryCode.h"
#include "domain/LanguageCode.h"
#include "domain/NeedCode.h"
#include "domain/Vocabulary.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace htmse {

using P = ValidationProblems;

namespace {
QLatin1StringView k(const char* key)
{
    return QLatin1StringView(key);
}

void put(QJsonObject& o, const char* key, const QString& v)
{
    if (!v.isEmpty())
        o.insert(k(key), v);
}

QJsonObject groundsToJson(const GroundsDecision& g)
{
    QJsonObject o;
    put(o, "decision", g.decision);
    put(o, "date", toIso(g.date));
    return o;
}

GroundsDecision readGrounds(const JsonReader& r, const char* key)
{
    GroundsDecision g;
    if (const auto o = r.object(k(key), Presence::Optional)) {
        const JsonReader gr(*o, r.pathOf(k(key)), r.problems());
        g.decision = readTerm(gr, k("decision"), Vocabulary::GroundsDecision, Presence::Optional);
        g.date = gr.date(k("date"), Presence::Optional);
        if (g.date.isValid() && g.decision.isEmpty())
            r.problems().add(gr.pathOf(k("decision")), QStringLiteral("is required when a date is given"));
    }
    return g;
}
} // namespace

bool ReferralDetails::isValidCaseRef(QStringView ref)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$"));
    return re.match(ref).hasMatch();
}

QJsonObject ReferralDetails::toJson() const
{
    QJsonObject o{{k("case_ref"), caseRef}, {k("kind"), kind}};
    o.insert(k("needs"), QJsonArray::fromStringList(needs));
    if (!languages.isEmpty())
        o.insert(k("languages"), QJsonArray::fromStringList(languages));
    o.insert(k("interpreter"), interpreter);
    if (location) {
        QJsonObject lo;
        put(lo, "city", location->city);
        put(lo, "country", location->country);
        if (location->point) {
            lo.insert(k("latitude"), location->point->latitude());
            lo.insert(k("longitude"), location->point->longitude());
        }
        o.insert(k("location"), lo);
    }
    put(o, "age_band", ageBand);
    put(o, "gender", gender);
    put(o, "urgency", urgency);
    if (!recipientId.isNull())
        o.insert(k("recipient_id"), uuidString(recipientId));
    put(o, "external_recipient", externalRecipient);
    if (consent) {
        QJsonObject c{{k("given"), consent->given}, {k("minor"), consent->minor}, {k("override"), consent->override}};
        put(c, "scope", consent->scope);
        put(c, "date", toIso(consent->date));
        put(c, "recorded_by", consent->recordedBy);
        put(c, "override_reason", consent->overrideReason);
        put(c, "override_by", consent->overrideBy);
        o.insert(k("consent"), c);
    }
    if (statutory) {
        QJsonObject s{{k("route"), statutory->route}};
        put(s, "reference", statutory->reference);
        if (const QJsonObject g = groundsToJson(statutory->reasonableGrounds); !g.isEmpty())
            s.insert(k("reasonable_grounds"), g);
        if (const QJsonObject g = groundsToJson(statutory->conclusiveGrounds); !g.isEmpty())
            s.insert(k("conclusive_grounds"), g);
        o.insert(k("statutory"), s);
    }
    put(o, "note", note);
    return o;
}

std::optional<ReferralDetails> ReferralDetails::fromJson(const QJsonObject& object, ValidationProblems& problems,
                                                         const QString& path)
{
    const qsizetype before = problems.size();
    const JsonReader r(object, path, problems);
    ReferralDetails d;
    d.caseRef = r.string(k("case_ref"), Presence::Required, 64);
    if (!d.caseRef.isEmpty() && !isValidCaseRef(d.caseRef))
        problems.add(r.pathOf(k("case_ref")),
                     QStringLiteral("must be a pseudonymous reference of letters, digits and . _ / - (never a name)"));
    d.kind = readTerm(r, k("kind"), Vocabulary::ReferralKind, Presence::Required);
    d.needs = r.codeList(k("needs"), Presence::Required, NeedCode::canonical,
                         QStringLiteral("a code of the needs taxonomy"), 50);
    d.languages = r.codeList(k("languages"), Presence::Optional, LanguageCode::canonical,
                             QStringLiteral("an ISO 639-3 code"), 20);
    d.interpreter = r.boolean(k("interpreter"), false);
    if (const auto lo = r.object(k("location"), Presence::Optional)) {
        const JsonReader lr(*lo, r.pathOf(k("location")), problems);
        ReferralLocation loc;
        loc.city = lr.string(k("city"), Presence::Optional);
        const QString country = lr.string(k("country"), Presence::Optional, 8);
        if (!country.isEmpty()) {
            if (const auto c = CountryCode::canonical(country))
                loc.country = *c;
            else
                problems.add(lr.pathOf(k("country")),
                             QStringLiteral("%1 is not an ISO 3166-1 alpha-2 country code").arg(P::quote(country)));
        }
        const auto lat = lr.number(k("latitude"), -90, 90, Presence::Optional);
        const auto lon = lr.number(k("longitude"), -180, 180, Presence::Optional);
        if (lr.has(k("latitude")) != lr.has(k("longitude")))
            problems.add(lr.path(), QStringLiteral("latitude and longitude go together"));
        if (lat && lon)
            loc.point = GeoPoint(*lat, *lon);
        d.location = loc;
    }
    d.ageBand = readTerm(r, k("age_band"), Vocabulary::AgeBand, Presence::Optional);
    d.gender = readTerm(r, k("gender"), Vocabulary::Gender, Presence::Optional);
    if (const QString u = readTerm(r, k("urgency"), Vocabulary::Urgency, Presence::Optional); !u.isEmpty())
        d.urgency = u;
    d.recipientId = r.uuid(k("recipient_id"), Presence::Optional);
    d.externalRecipient = r.string(k("external_recipient"), Presence::Optional, 400, TextKind::MultiLine);
    const bool hasRecipient = r.has(k("recipient_id"));
    const bool hasExternal = r.has(k("external_recipient"));
    if (hasRecipient == hasExternal)
        problems.add(path, QStringLiteral("give exactly one of recipient_id and external_recipient"));
    if (const auto co = r.object(k("consent"), Presence::Optional)) {
        const JsonReader cr(*co, r.pathOf(k("consent")), problems);
        Consent c;
        c.given = cr.boolean(k("given"), false, Presence::Required);
        c.scope = cr.string(k("scope"), Presence::Optional, 1000, TextKind::MultiLine);
        c.date = cr.date(k("date"), c.given ? Presence::Required : Presence::Optional);
        c.recordedBy = cr.string(k("recorded_by"), c.given ? Presence::Required : Presence::Optional);
        c.minor = cr.boolean(k("minor"), false);
        c.override = cr.boolean(k("override"), false);
        c.overrideReason = cr.string(k("override_reason"), c.override ? Presence::Required : Presence::Optional, 1000,
                                     TextKind::MultiLine);
        c.overrideBy = cr.string(k("override_by"), c.override ? Presence::Required : Presence::Optional);
        if (c.given && c.override)
            problems.add(cr.path(), QStringLiteral("consent cannot be both given and overridden"));
        d.consent = c;
    }
    if (const auto so = r.object(k("statutory"), Presence::Optional)) {
        const JsonReader sr(*so, r.pathOf(k("statutory")), problems);
        StatutoryRoute s;
        s.route = readTerm(sr, k("route"), Vocabulary::StatutoryRoute, Presence::Required);
        s.reference = sr.string(k("reference"), Presence::Optional, 64);
        s.reasonableGrounds = readGrounds(sr, "reasonable_grounds");
        s.conclusiveGrounds = readGrounds(sr, "conclusive_grounds");
        d.statutory = s;
    }
    d.note = r.string(k("note"), Presence::Optional, limits::kLongText, TextKind::MultiLine);
    if (problems.size() != before)
        return std::nullopt;
    return d;
}

QJsonObject ReferralEvent::toJson() const
{
    QJsonObject o{{k("id"), uuidString(id)},  {k("referral_id"), uuidString(referralId)},
                  {k("type"), toWire(type)},  {k("payload"), payload},
                  {k("device_id"), deviceId}, {k("client_time"), toIsoUtc(clientTime)}};
    put(o, "author_user", authorUser);
    put(o, "author_organisation", authorOrganisation);
    if (serverSeq)
        o.insert(k("seq"), *serverSeq);
    return o;
}

bool ReferralEvent::payloadMayBeWithheld(ReferralEventType type)
{
    switch (type) {
    case ReferralEventType::Acknowledged:
    case ReferralEventType::Accepted:
    case ReferralEventType::Declined:
    case ReferralEventType::Completed:
    case ReferralEventType::Revoked:
    case ReferralEventType::ConsentWithdrawn:
        return true;
    case ReferralEventType::Created:
    case ReferralEventType::Sent:
    case ReferralEventType::NoteAdded:
    case ReferralEventType::FollowUpSet:
    case ReferralEventType::Erased:
        return false;
    }
    return false;
}

std::optional<ReferralEvent> ReferralEvent::fromJson(const QJsonObject& object, ValidationProblems& problems,
                                                     const QString& path, bool asRecipientSees)
{
    const qsizetype before = problems.size();
    const JsonReader r(object, path, problems);
    ReferralEvent e;
    e.id = r.uuid(k("id"), Presence::Required);
    e.referralId = r.uuid(k("referral_id"), Presence::Required);
    const QString type = r.string(k("type"), Presence::Required, 32);
    const auto parsedType = eventTypeFromWire(type);
    if (!type.isEmpty() && !parsedType) {
        QStringList names;
        for (ReferralEventType t : allReferralEventTypes())
            names.append(toWire(t));
        problems.add(r.pathOf(k("type")),
                     QStringLiteral("%1 is not one of: %2").arg(P::quote(type), names.join(QStringLiteral(", "))));
    }
    e.payload = r.object(k("payload"), Presence::Optional).value_or(QJsonObject());
    if (parsedType) {
        e.type = *parsedType;
        if (!(asRecipientSees && e.payload.isEmpty() && payloadMayBeWithheld(e.type)))
            validatePayload(e.type, e.payload, r.pathOf(k("payload")), problems);
    }
    e.deviceId = r.string(k("device_id"), Presence::Required, 64);
    e.clientTime = r.dateTime(k("client_time"), Presence::Required);
    e.authorUser = r.string(k("author_user"), Presence::Optional);
    e.authorOrganisation = r.string(k("author_organisation"), Presence::Optional);
    if (const auto seq = r.integer(k("seq"), 1, qint64(1) << 52, Presence::Optional))
        e.serverSeq = *seq;
    if (problems.size() != before)
        return std::nullopt;
    return e;
}

void ReferralEvent::validatePayload(ReferralEventType type, const QJsonObject& payload, const QString& path,
                                    ValidationProblems& problems)
{
    const JsonReader r(payload, path, problems);
    switch (type) {
    case ReferralEventType::Created:
        ReferralDetails::fromJson(payload, problems, path);
        break;
    case ReferralEventType::Sent:
    case ReferralEventType::Acknowledged:
    case ReferralEventType::Accepted:
        r.string(k("note"), Presence::Optional, limits::kLongText, TextKind::MultiLine);
        break;
    case ReferralEventType::Declined:
        readTerm(r, k("reason"), Vocabulary::DeclineReason, Presence::Required);
        r.string(k("note"), Presence::Optional, limits::kLongText, TextKind::MultiLine);
        break;
    case ReferralEventType::Revoked:
        r.string(k("reason"), Presence::Optional, limits::kLongText, TextKind::MultiLine);
        break;
    case ReferralEventType::Completed: {
        const bool success = r.boolean(k("success"), false, Presence::Required);
        r.string(k("outcome"), Presence::Optional, limits::kLongText, TextKind::MultiLine);
        if (r.has(k("success")) && !success)
            r.string(k("reason"), Presence::Required, limits::kLongText, TextKind::MultiLine);
        break;
    }
    case ReferralEventType::NoteAdded:
        r.string(k("text"), Presence::Required, limits::kLongText, TextKind::MultiLine);
        break;
    case ReferralEventType::FollowUpSet:
        r.date(k("due"), Presence::Required);
        r.string(k("note"), Presence::Optional, limits::kLongText, TextKind::MultiLine);
        break;
    case ReferralEventType::ConsentWithdrawn:
        r.date(k("date"), Presence::Required);
        r.string(k("recorded_by"), Presence::Required);
        break;
    case ReferralEventType::Erased:
        // An erasure carries nothing about the person: it only says that everything is gone.
        if (!payload.isEmpty())
            problems.add(path, QStringLiteral("must be empty for an erasure"));
        break;
    }
}

} // namespace htmse
