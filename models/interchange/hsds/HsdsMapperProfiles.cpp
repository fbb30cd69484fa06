// The organisations and profiles themselves, built from a record and what its child tables gave it.

#include "interchange/hsds/HsdsMapper.h"
#include "interchange/hsds/HsdsValues.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <algorithm>

namespace htmse::hsds {

using namespace Qt::StringLiterals;
using P = ValidationProblems;

namespace {

constexpr qsizetype kMaxExtensionBytes = qsizetype(1024) * 1024; // an "htmse" value in a CSV cell
constexpr qsizetype kMaxChannels = 50;                           // Professional::fromJson's limit
constexpr qsizetype kMaxLocations = 50;
constexpr qsizetype kMaxOpeningHours = 28; // Professional::fromJson's limit

} // namespace

QDateTime HsdsMapper::changedAt(const Record& r, const char* key, const QDateTime& fromMetadata)
{
    QDateTime when = fromMetadata;
    const QString t = key ? text(r, key) : QString();
    if (!t.isEmpty()) {
        const QDateTime dt = parseWhen(t);
        if (!dt.isValid())
            problem(r.source, QString::fromLatin1(key), u"%1 is not an ISO 8601 date-time; ignored"_s.arg(P::quote(t)));
        else if (dt > m_now.addDays(1))
            problem(r.source, QString::fromLatin1(key), u"%1 lies in the future; ignored"_s.arg(P::quote(t)));
        else if (!when.isValid() || dt > when)
            when = dt;
    }
    return when.isValid() ? when : m_now;
}

void HsdsMapper::mergeExtension(const Record& r, QJsonObject& mapped)
{
    const QJsonValue v = r.fields.value(u"htmse"_s);
    QJsonObject extension;
    if (v.isObject()) {
        extension = v.toObject();
    } else if (v.isString() && !v.toString().trimmed().isEmpty()) {
        const QByteArray bytes = v.toString().toUtf8();
        QJsonParseError error{};
        const QJsonDocument doc =
            bytes.size() > kMaxExtensionBytes ? QJsonDocument() : QJsonDocument::fromJson(bytes, &error);
        if (!doc.isObject()) {
            problem(r.source, u"htmse"_s, u"is not a JSON object; ignored"_s);
            return;
        }
        extension = doc.object();
    } else if (!v.isUndefined() && !v.isNull() && !v.isString()) {
        problem(r.source, u"htmse"_s, u"must be an object, not %1; ignored"_s.arg(jsonTypeName(v)));
        return;
    }
    for (auto it = extension.constBegin(); it != extension.constEnd(); ++it) {
        if (it.key() == "id"_L1) {
            problem(r.source, u"htmse.id"_s, u"the id comes from the HSDS record; ignored"_s);
            continue;
        }
        mapped.insert(it.key(), it.value());
    }
}

template <typename T> std::optional<T> HsdsMapper::validate(const Record& r, const QJsonObject& json)
{
    ValidationProblems problems;
    std::optional<T> value = T::fromJson(json, problems);
    if (value) {
        // The round trip every stored record must survive.
        const std::optional<T> again = T::fromJson(value->toJson(), problems);
        if (!again || !(*again == *value)) {
            if (problems.isEmpty())
                problems.add(QString(), u"does not survive a round trip through the directory format"_s);
            value.reset();
        }
    }
    if (!value) {
        for (const ValidationProblem& p : problems.list())
            problem(r.source, p.path, p.message + u"; the record is left out"_s, true);
        ++m_result.skipped;
    }
    return value;
}

void HsdsMapper::buildOrganisations()
{
    const auto& organisations = m_tables.at(Organization);
    m_organisationIds.assign(std::size_t(organisations.size()), QUuid());
    for (qsizetype i = 0; i < organisations.size(); ++i) {
        const Record& o = organisations.at(i);
        resolve(o, "parent_organization_id", Organization, u"ignored"_s);
        QJsonObject json;
        const QString name = clean(o, "name");
        if (name.isEmpty()) {
            problem(o.source, u"name"_s, u"is missing; the organization is left out"_s, true);
            ++m_result.skipped;
            continue;
        }
        const QUuid id = idFor(u"organization", text(o, "id"));
        if (uuidString(id) != o.id)
            problem(o.source, u"id"_s,
                    u"%1 is not a UUID; the organisation's id is %2, derived from it, so re-imports update the "
                    "same organisation"_s.arg(P::quote(text(o, "id")), uuidString(id)));
        json.insert(u"id"_s, uuidString(id));
        json.insert(u"name"_s, name);
        if (const QString alt = clean(o, "alternate_name"); !alt.isEmpty())
            json.insert(u"alternate_name"_s, alt);
        if (const QString description = clean(o, "description", limits::kLongText, TextKind::MultiLine);
            !description.isEmpty())
            json.insert(u"description"_s, description);
        const QString website = text(o, "website").isEmpty() ? text(o, "url") : text(o, "website");
        if (isHttpUrl(website))
            json.insert(u"website"_s, website);
        else if (!website.isEmpty())
            problem(o.source, u"website"_s, u"%1 is not an http(s) URL; left out"_s.arg(P::quote(website)));
        const OrganisationPieces& pieces = m_organisations.at(std::size_t(i));
        QString email = text(o, "email");
        if (!email.isEmpty() && !isEmailAddress(email)) {
            problem(o.source, u"email"_s, u"%1 is not an email address; left out"_s.arg(P::quote(email)));
            email.clear();
        }
        if (email.isEmpty())
            email = pieces.email;
        if (!email.isEmpty())
            json.insert(u"email"_s, email);
        if (!pieces.phone.isEmpty())
            json.insert(u"phone"_s, pieces.phone);
        json.insert(u"updated_at"_s, toIsoUtc(changedAt(o, nullptr, pieces.changed)));
        mergeExtension(o, json);
        if (auto organisation = validate<Organisation>(o, json)) {
            m_organisationIds.at(std::size_t(i)) = organisation->id;
            m_result.organisations.append(*std::move(organisation));
        }
    }
}

// The id, name and organisation; false when the service is left out for want of a name.
bool HsdsMapper::mapServiceIdentity(const Record& s, QJsonObject& json)
{
    const qsizetype organisation = resolve(s, "organization_id", Organization, u"the profile has no organisation"_s);
    QString name = clean(s, "name");
    if (name.isEmpty() && organisation >= 0) {
        name = clean(m_tables.at(Organization).at(organisation), "name");
        if (!name.isEmpty())
            problem(s.source, u"name"_s, u"is missing; the organization's name is used"_s);
    }
    if (name.isEmpty()) {
        problem(s.source, u"name"_s, u"is missing; the service is left out"_s, true);
        ++m_result.skipped;
        return false;
    }
    const QUuid id = idFor(u"service", text(s, "id"));
    if (uuidString(id) != s.id)
        problem(s.source, u"id"_s,
                u"%1 is not a UUID; the profile's id is %2, derived from it, so re-imports update the same "
                "profile"_s.arg(P::quote(text(s, "id")), uuidString(id)));
    json.insert(u"id"_s, uuidString(id));
    json.insert(u"display_name"_s, name);
    if (organisation >= 0) {
        const QUuid orgId = m_organisationIds.at(std::size_t(organisation));
        if (orgId.isNull())
            problem(s.source, u"organization_id"_s,
                    u"names an organization that was left out; the profile has no organisation"_s);
        else
            json.insert(u"organisation_id"_s, uuidString(orgId));
    }
    json.insert(u"professional_types"_s, QJsonArray{u"specialist-ngo"_s});
    return true;
}

void HsdsMapper::mapNeeds(const Record& s, const ServicePieces& pieces, QJsonObject& json)
{
    QStringList needs;
    for (const qsizetype term : pieces.terms)
        if (const QString need = m_termNeed.at(std::size_t(term)); !need.isEmpty() && !needs.contains(need))
            needs.append(need);
    if (!needs.isEmpty())
        json.insert(u"services"_s, QJsonArray::fromStringList(needs));
    else if (pieces.terms.isEmpty())
        problem(s.source, u"attributes"_s, u"no taxonomy term is linked to the service; imported without needs"_s);
    else
        problem(s.source, u"attributes"_s,
                u"none of the service's taxonomy terms maps to a need; imported without needs"_s);
}

// Populations by age, languages, interpretation, countries of operation.
void HsdsMapper::mapPeopleServed(const Record& s, const ServicePieces& pieces, QJsonObject& json)
{
    const QString dropped = u"ignored"_s;
    const auto minAge = number(s, "minimum_age", 0, 150, dropped);
    const auto maxAge = number(s, "maximum_age", 0, 150, dropped);
    if (minAge || maxAge) {
        QJsonArray populations;
        if (!maxAge || *maxAge >= 18)
            populations.append(u"adults"_s);
        if (!minAge || *minAge < 18)
            populations.append(u"children"_s);
        json.insert(u"populations_served"_s, populations);
    }

    QJsonArray languages;
    for (const LanguageEntry& l : pieces.languages) {
        QJsonObject lo{{u"code"_s, l.code}};
        if (!l.note.isEmpty())
            lo.insert(u"note"_s, l.note);
        languages.append(lo);
    }
    if (!languages.isEmpty())
        json.insert(u"languages"_s, languages);
    const QString interpretation = text(s, "interpretation_services");
    static const QRegularExpression none(u"^(no|none|n/a|not available)\\b"_s,
                                         QRegularExpression::CaseInsensitiveOption);
    json.insert(u"interpreter_available"_s, !interpretation.isEmpty() && !none.match(interpretation).hasMatch());
    if (!pieces.countries.isEmpty())
        json.insert(u"countries_of_operation"_s, QJsonArray::fromStringList(pieces.countries));
}

QString HsdsMapper::mapLocations(const Record& s, const ServicePieces& pieces, QJsonObject& json)
{
    QJsonArray locations;
    bool remote = false;
    QString virtualUrl;
    for (const qsizetype l : pieces.locations) {
        const PreparedLocation& location = m_locations.at(std::size_t(l));
        if (location.isVirtual) {
            remote = true;
            if (virtualUrl.isEmpty())
                virtualUrl = location.url;
        } else if (location.usable) {
            if (locations.size() == kMaxLocations) {
                problem(s.source, u"service_at_locations"_s,
                        u"more than %1 locations; the rest are left out"_s.arg(kMaxLocations));
                break;
            }
            QJsonObject lo = location.json;
            lo.insert(u"confidential"_s, location.confidential);
            locations.append(lo);
        }
    }
    if (!locations.isEmpty())
        json.insert(u"locations"_s, locations);
    json.insert(u"remote_service"_s, remote);
    return virtualUrl;
}

void HsdsMapper::mapStatus(const Record& s, QJsonObject& json)
{
    QString status = text(s, "status").toLower();
    status.replace(u'_', u' ');
    if (status.isEmpty()) {
        problem(s.source, u"status"_s, u"is missing; read as active"_s);
        status = u"active"_s;
    } else if (status != "active"_L1 && status != "inactive"_L1 && status != "defunct"_L1 &&
               status != "temporarily closed"_L1) {
        problem(s.source, u"status"_s,
                u"%1 is not active, inactive, defunct or temporarily closed; read as active"_s.arg(
                    P::quote(text(s, "status"))));
        status = u"active"_s;
    }
    json.insert(u"active"_s, status == "active"_L1 || status == "temporarily closed"_L1);
    json.insert(u"capacity"_s, QJsonObject{{u"accepting_referrals"_s, status == "active"_L1}});
}

void HsdsMapper::mapCost(const Record& s, const ServicePieces& pieces, QJsonObject& json)
{
    QStringList costNote;
    if (const QString fees = text(s, "fees_description"); !fees.isEmpty())
        costNote.append(fees);
    costNote += pieces.costNotes;
    QJsonObject cost{{u"free"_s, pieces.anyFree}};
    if (!costNote.isEmpty()) {
        const QString note =
            cleanText(s.source, u"fees_description"_s, costNote.join(u'\n'), limits::kLongText, TextKind::MultiLine);
        if (!note.isEmpty())
            cost.insert(u"note"_s, note);
    }
    json.insert(u"cost"_s, cost);
}

void HsdsMapper::mapChannels(const Record& s, const ServicePieces& pieces, const QString& virtualUrl, QJsonObject& json)
{
    QList<Channel> channels;
    auto addOne = [&channels](const Channel& c) {
        const bool known = std::any_of(channels.cbegin(), channels.cend(),
                                       [&](const Channel& o) { return o.kind == c.kind && o.value == c.value; });
        if (!known)
            channels.append(c);
    };
    const QString url = text(s, "url");
    if (isHttpUrl(url))
        addOne({u"website"_s, url, {}});
    else if (!url.isEmpty())
        problem(s.source, u"url"_s, u"%1 is not an http(s) URL; left out"_s.arg(P::quote(url)));
    if (!virtualUrl.isEmpty())
        addOne({u"website"_s, virtualUrl, {}});
    const QString email = text(s, "email");
    if (isEmailAddress(email))
        addOne({u"email"_s, email, {}});
    else if (!email.isEmpty())
        problem(s.source, u"email"_s, u"%1 is not an email address; left out"_s.arg(P::quote(email)));
    for (const Channel& c : pieces.channels) {
        // A contact's note fills in a channel already given without one.
        const auto same = std::find_if(channels.begin(), channels.end(),
                                       [&](const Channel& o) { return o.kind == c.kind && o.value == c.value; });
        if (same == channels.end())
            channels.append(c);
        else if (same->note.isEmpty())
            same->note = c.note;
    }
    if (channels.size() > kMaxChannels) {
        problem(s.source, u"contacts"_s,
                u"%1 contact channels; the %2 after the first %3 are left out"_s.arg(channels.size())
                    .arg(channels.size() - kMaxChannels)
                    .arg(kMaxChannels));
        channels.resize(kMaxChannels);
    }
    QJsonArray contactChannels;
    for (const Channel& c : channels) {
        QJsonObject co{{u"kind"_s, c.kind}, {u"value"_s, c.value}};
        if (!c.note.isEmpty())
            co.insert(u"note"_s, c.note);
        contactChannels.append(co);
    }
    if (!contactChannels.isEmpty())
        json.insert(u"contact_channels"_s, contactChannels);
}

void HsdsMapper::mapHoursAndAccessibility(const Record& s, const ServicePieces& pieces, QJsonObject& json)
{
    QJsonArray hours;
    for (const QJsonObject& h : pieces.hours) {
        if (hours.size() == kMaxOpeningHours) {
            problem(s.source, u"schedules"_s,
                    u"more than %1 weekly opening hours; the rest are left out"_s.arg(kMaxOpeningHours));
            break;
        }
        hours.append(h);
    }
    if (!hours.isEmpty())
        json.insert(u"opening_hours"_s, hours);
    if (!pieces.hoursNotes.isEmpty()) {
        const QString note = cleanText(s.source, u"schedules"_s, pieces.hoursNotes.join(u"; "_s), limits::kShortText,
                                       TextKind::SingleLine);
        if (!note.isEmpty())
            json.insert(u"opening_hours_note"_s, note);
    }
    if (!pieces.timeZone.isEmpty())
        json.insert(u"time_zone"_s, pieces.timeZone);
    if (!pieces.accessibility.isEmpty())
        json.insert(u"accessibility"_s, QJsonArray::fromStringList(pieces.accessibility));
    if (!pieces.accessibilityNotes.isEmpty()) {
        const QString note = cleanText(s.source, u"accessibility"_s, pieces.accessibilityNotes.join(u'\n'),
                                       limits::kLongText, TextKind::MultiLine);
        if (!note.isEmpty())
            json.insert(u"accessibility_note"_s, note);
    }
}

void HsdsMapper::buildProfessionals()
{
    const auto& services = m_tables.at(Service);
    for (qsizetype i = 0; i < services.size(); ++i) {
        const Record& s = services.at(i);
        const ServicePieces& pieces = m_services.at(std::size_t(i));
        QJsonObject json;
        if (!mapServiceIdentity(s, json))
            continue;
        mapNeeds(s, pieces, json);
        mapPeopleServed(s, pieces, json);
        const QString virtualUrl = mapLocations(s, pieces, json);
        mapStatus(s, json);
        mapCost(s, pieces, json);
        mapChannels(s, pieces, virtualUrl, json);
        mapHoursAndAccessibility(s, pieces, json);
        if (const QString bio = clean(s, "description", limits::kLongText, TextKind::MultiLine); !bio.isEmpty())
            json.insert(u"biography"_s, bio);
        if (const QString alt = clean(s, "alternate_name", 64); !alt.isEmpty())
            json.insert(u"keywords"_s, QJsonArray{alt});
        json.insert(u"updated_at"_s, toIsoUtc(changedAt(s, "last_modified", pieces.changed)));
        mergeExtension(s, json);
        if (auto professional = validate<Professional>(s, json))
            m_result.professionals.append(*std::move(professional));
    }
}

} // namespace htmse::hsds
