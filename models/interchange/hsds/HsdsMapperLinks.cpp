// The child tables of HSDS (terms, attributes, metadata, addresses, locations, contacts, phones,
// languages, cost options, service areas, schedules, accessibility) gathered onto the services,
// organizations and locations they belong to.

#include "domain/LanguageCode.h"
#include "domain/Professional.h"
#include "domain/Vocabulary.h"
#include "interchange/hsds/HsdsMapper.h"
#include "interchange/hsds/HsdsNeedKeywords.h"
#include "interchange/hsds/HsdsValues.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QRegularExpression>
#include <QTimeZone>

#include <algorithm>
#include <array>
#include <cmath>

namespace htmse::hsds {

using namespace Qt::StringLiterals;
using P = ValidationProblems;

namespace {

constexpr qsizetype kNoteLength = limits::kShortText; // notes of languages and contact channels

QString clockText(int minutes)
{
    return u"%1:%2"_s.arg(minutes / 60, 2, 10, QChar(u'0')).arg(minutes % 60, 2, 10, QChar(u'0'));
}

// A schedule that is no weekly rule, in words: "monthly on 1MO 10:00-12:00".
QString renderRule(const QString& freq, const QString& byday, const QString& bymonthday, std::optional<int> opens,
                   std::optional<int> closes)
{
    QStringList parts;
    if (!freq.isEmpty())
        parts.append(freq.toLower());
    if (!byday.isEmpty())
        parts.append(u"on "_s + byday);
    if (!bymonthday.isEmpty())
        parts.append(u"on day "_s + bymonthday + u" of the month"_s);
    if (opens && closes)
        parts.append(clockText(*opens) + u'-' + clockText(*closes));
    else if (opens)
        parts.append(u"from "_s + clockText(*opens));
    else if (closes)
        parts.append(u"until "_s + clockText(*closes));
    return parts.join(u' ');
}

template <typename T> void appendOnce(QList<T>& list, const T& value)
{
    if (!list.contains(value))
        list.append(value);
}

} // namespace

void HsdsMapper::prepareTerms()
{
    const auto& terms = m_tables.at(TaxonomyTerm);
    m_termNeed.assign(std::size_t(terms.size()), QString());
    m_termConfidential.assign(std::size_t(terms.size()), false);
    for (qsizetype i = 0; i < terms.size(); ++i) {
        const Record& t = terms.at(i);
        resolve(t, "taxonomy_id", Taxonomy, u"ignored"_s);
        resolve(t, "parent_id", TaxonomyTerm, u"ignored"_s);
        const QString code = text(t, "code");
        const QString name = text(t, "name");
        QString need = needForTerm(code);
        if (need.isEmpty())
            need = needForTerm(name);
        m_termNeed.at(std::size_t(i)) = need;
        m_termConfidential.at(std::size_t(i)) = isConfidentialTerm(code) || isConfidentialTerm(name);
    }
}

void HsdsMapper::linkAttributes()
{
    for (const Record& a : m_tables.at(Attribute)) {
        const qsizetype term = resolve(a, "taxonomy_term_id", TaxonomyTerm, u"the attribute is left out"_s);
        const QString entityText = text(a, "link_entity");
        const QString linkId = text(a, "link_id");
        if (term < 0 && text(a, "taxonomy_term_id").isEmpty())
            problem(a.source, u"taxonomy_term_id"_s, u"is missing; the attribute is left out"_s);
        if (linkId.isEmpty()) {
            problem(a.source, u"link_id"_s, u"is missing; the attribute is left out"_s);
            continue;
        }
        QList<int> candidates;
        if (const auto entity = tableByName(entityText)) {
            candidates = {*entity};
        } else if (!entityText.isEmpty()) {
            static const QStringList unread = {u"program"_s, u"funding"_s, u"required_document"_s,
                                               u"organization_identifier"_s, u"meta_table_description"_s};
            if (unread.contains(entityText.toLower()))
                continue; // a table this importer does not read
            problem(a.source, u"link_entity"_s,
                    u"%1 is not an HSDS table; the link is looked up among services and locations"_s.arg(
                        P::quote(entityText)));
            candidates = {Service, Location};
        } else {
            candidates = {Service, Location};
        }
        qsizetype target = -1;
        int targetTable = -1;
        for (const int table : candidates) {
            const auto& index = m_index.at(std::size_t(table));
            if (const auto it = index.constFind(normaliseId(linkId)); it != index.constEnd()) {
                target = *it;
                targetTable = table;
                break;
            }
        }
        if (target < 0) {
            problem(a.source, u"link_id"_s,
                    u"%1 names no %2 in the import; the attribute is left out"_s.arg(
                        P::quote(linkId),
                        candidates.size() == 1 ? tableName(candidates.first()) : u"service or location"_s));
            continue;
        }
        if (term < 0)
            continue;
        if (targetTable == Service) {
            m_services.at(std::size_t(target)).terms.append(term);
            if (m_termNeed.at(std::size_t(term)).isEmpty() && !m_termConfidential.at(std::size_t(term)))
                problem(a.source, u"taxonomy_term_id"_s,
                        u"the term %1 maps to no need of the htmse taxonomy; left out"_s.arg(
                            P::quote(text(m_tables.at(TaxonomyTerm).at(term), "name"))));
        } else if (targetTable == ServiceAtLocation) {
            if (const qsizetype s = m_salService.at(std::size_t(target)); s >= 0)
                m_services.at(std::size_t(s)).terms.append(term);
        } else if (targetTable == Location && m_termConfidential.at(std::size_t(term))) {
            m_locations.at(std::size_t(target)).confidential = true;
        }
    }
}

void HsdsMapper::readMetadata()
{
    for (const Record& m : m_tables.at(Metadata)) {
        const QString resource = text(m, "resource_id");
        if (resource.isEmpty()) {
            problem(m.source, u"resource_id"_s, u"is missing; the change record is ignored"_s);
            continue;
        }
        const QString type = text(m, "resource_type");
        QList<int> candidates;
        if (const auto named = tableByName(type))
            candidates = {*named};
        else
            for (int t = 0; t < TableCount; ++t)
                candidates.append(t);
        qsizetype position = -1;
        int table = -1;
        for (const int t : candidates) {
            const auto& index = m_index.at(std::size_t(t));
            if (const auto it = index.constFind(normaliseId(resource)); it != index.constEnd()) {
                position = *it;
                table = t;
                break;
            }
        }
        if (position < 0) {
            problem(m.source, u"resource_id"_s,
                    u"%1 names no %2 in the import; the change record is ignored"_s.arg(
                        P::quote(resource), candidates.size() == 1 ? tableName(candidates.first()) : u"record"_s));
            continue;
        }
        if (table != Service && table != Organization)
            continue;
        const QString when = text(m, "last_action_date");
        const QDateTime dt = parseWhen(when);
        if (!dt.isValid()) {
            if (!when.isEmpty())
                problem(m.source, u"last_action_date"_s,
                        u"%1 is not an ISO 8601 date; the change record is ignored"_s.arg(P::quote(when)));
            continue;
        }
        if (dt > m_now.addDays(1)) {
            problem(m.source, u"last_action_date"_s,
                    u"%1 lies in the future; the change record is ignored"_s.arg(P::quote(when)));
            continue;
        }
        noteChange(table, position, dt);
    }
}

void HsdsMapper::prepareAddresses()
{
    m_addressesOf.assign(std::size_t(m_tables.at(Location).size()), {});
    const auto& addresses = m_tables.at(Address);
    for (qsizetype i = 0; i < addresses.size(); ++i) {
        const Record& a = addresses.at(i);
        const qsizetype location = resolve(a, "location_id", Location, u"the address is left out"_s);
        if (location >= 0)
            m_addressesOf.at(std::size_t(location)).append(i);
        else if (text(a, "location_id").isEmpty())
            problem(a.source, u"location_id"_s, u"is missing; the address is left out"_s);
        for (const QJsonObject& links : a.moreLinks) // the same address embedded in other locations too
            if (const qsizetype other =
                    resolve(Record{a.source, links, a.id, {}}, "location_id", Location, u"the address is left out"_s);
                other >= 0 && !m_addressesOf.at(std::size_t(other)).contains(i))
                m_addressesOf.at(std::size_t(other)).append(i);
    }
}

void HsdsMapper::prepareLocations()
{
    const auto& locations = m_tables.at(Location);
    for (qsizetype i = 0; i < locations.size(); ++i) {
        const Record& l = locations.at(i);
        PreparedLocation& out = m_locations.at(std::size_t(i));
        resolve(l, "organization_id", Organization, u"ignored"_s);
        QString type = text(l, "location_type").toLower();
        if (type.isEmpty()) {
            problem(l.source, u"location_type"_s, u"is missing; read as physical"_s);
            type = u"physical"_s;
        } else if (type != "physical"_L1 && type != "postal"_L1 && type != "virtual"_L1) {
            problem(l.source, u"location_type"_s,
                    u"%1 is not physical, postal or virtual; read as physical"_s.arg(P::quote(type)));
            type = u"physical"_s;
        }
        if (type == "virtual"_L1) {
            out.isVirtual = true;
            const QString url = text(l, "url");
            if (isHttpUrl(url))
                out.url = url;
            else if (!url.isEmpty())
                problem(l.source, u"url"_s, u"%1 is not an http(s) URL; left out"_s.arg(P::quote(url)));
            continue;
        }
        if (type == "postal"_L1) {
            problem(l.source, u"location_type"_s,
                    u"postal: a mailing address, not a place where the service is given; left out of the "
                    "service's locations"_s);
            continue;
        }
        out.confidential = out.confidential || truthy(l.fields.value(k("confidential")));
        const bool hasLat = !text(l, "latitude").isEmpty();
        const bool hasLon = !text(l, "longitude").isEmpty();
        const QString dropped = u"the coordinates are left out"_s;
        const auto lat = number(l, "latitude", -90, 90, dropped);
        const auto lon = number(l, "longitude", -180, 180, dropped);
        std::optional<GeoPoint> point;
        if (hasLat != hasLon)
            problem(l.source, hasLat ? u"longitude"_s : u"latitude"_s,
                    u"is missing while %1 is given; the coordinates are left out"_s.arg(hasLat ? u"latitude"_s
                                                                                               : u"longitude"_s));
        else if (lat && lon && *lat == 0 && *lon == 0)
            problem(l.source, u"latitude"_s, u"0, 0 is a placeholder, not a place; the coordinates are left out"_s);
        else if (lat && lon)
            point = GeoPoint(*lat, *lon);

        // The physical address, else the postal one; only its city and country are kept.
        const Record* address = nullptr;
        for (const QLatin1StringView wanted : {"physical"_L1, "postal"_L1}) {
            for (const qsizetype a : m_addressesOf.at(std::size_t(i))) {
                const Record& candidate = m_tables.at(Address).at(a);
                const QString addressType = text(candidate, "address_type").toLower();
                if (addressType == wanted || (addressType.isEmpty() && wanted == "physical"_L1)) {
                    address = &candidate;
                    break;
                }
            }
            if (address)
                break;
        }
        QString city;
        QString country;
        if (address) {
            city = clean(*address, "city");
            const QString countryText = text(*address, "country");
            if (const auto c = countryFor(countryText))
                country = *c;
            else if (!countryText.isEmpty())
                problem(address->source, u"country"_s,
                        u"%1 is not an ISO 3166-1 country code or an English country name; left out"_s.arg(
                            P::quote(countryText)));
        }
        if (country.isEmpty()) {
            problem(l.source, QString(), u"has no address with a country; left out of the service's locations"_s);
            continue;
        }
        if (city.isEmpty() && !point) {
            problem(l.source, QString(),
                    u"has neither a city nor valid coordinates; left out of the service's locations"_s);
            continue;
        }
        QJsonObject json{{u"country"_s, country}};
        if (!city.isEmpty())
            json.insert(u"city"_s, city);
        if (point) {
            json.insert(u"latitude"_s, point->latitude());
            json.insert(u"longitude"_s, point->longitude());
        }
        out.json = json;
        out.usable = true;
    }
}

void HsdsMapper::linkServicesToLocations()
{
    const auto& links = m_tables.at(ServiceAtLocation);
    m_salService.assign(std::size_t(links.size()), -1);
    for (qsizetype i = 0; i < links.size(); ++i) {
        const Record& sal = links.at(i);
        const qsizetype service = resolve(sal, "service_id", Service, u"the link is left out"_s);
        const qsizetype location = resolve(sal, "location_id", Location, u"the link is left out"_s);
        for (const char* key : {"service_id", "location_id"})
            if (text(sal, key).isEmpty())
                problem(sal.source, QString::fromLatin1(key), u"is missing; the link is left out"_s);
        m_salService.at(std::size_t(i)) = service;
        if (service < 0 || location < 0)
            continue;
        QList<qsizetype>& list = m_services.at(std::size_t(service)).locations;
        if (!list.contains(location))
            list.append(location);
        QList<qsizetype>& back = m_locations.at(std::size_t(location)).services;
        if (!back.contains(service))
            back.append(service);
    }
}

void HsdsMapper::readContacts()
{
    const auto& contacts = m_tables.at(Contact);
    m_contactOwner.assign(std::size_t(contacts.size()), {});
    for (qsizetype i = 0; i < contacts.size(); ++i) {
        const Record& c = contacts.at(i);
        const Owner owner = ownerOf(c, {{"service_id", Service},
                                        {"service_at_location_id", ServiceAtLocation},
                                        {"location_id", Location},
                                        {"organization_id", Organization}});
        m_contactOwner.at(std::size_t(i)) = owner;
        if (owner.isEmpty()) {
            problem(c.source, QString(), u"belongs to no service or organization in the import; left out"_s);
            continue;
        }
        const QString email = text(c, "email");
        if (email.isEmpty())
            continue;
        if (!isEmailAddress(email)) {
            problem(c.source, u"email"_s, u"%1 is not an email address; left out"_s.arg(P::quote(email)));
            continue;
        }
        QStringList who;
        for (const char* key : {"name", "title", "department"})
            if (const QString part = text(c, key); !part.isEmpty())
                who.append(part);
        addChannel(owner, {u"email"_s, email,
                           cleanText(c.source, u"name"_s, who.join(u", "_s), kNoteLength, TextKind::SingleLine)});
    }
}

void HsdsMapper::readPhones()
{
    const auto& phones = m_tables.at(Phone);
    m_phoneOwner.assign(std::size_t(phones.size()), {});
    for (qsizetype i = 0; i < phones.size(); ++i) {
        const Record& p = phones.at(i);
        const Owner owner = ownerOf(p, {{"service_id", Service},
                                        {"service_at_location_id", ServiceAtLocation},
                                        {"contact_id", Contact},
                                        {"location_id", Location},
                                        {"organization_id", Organization}});
        m_phoneOwner.at(std::size_t(i)) = owner;
        if (owner.isEmpty()) {
            problem(p.source, QString(), u"belongs to no service or organization in the import; left out"_s);
            continue;
        }
        const QString type = text(p, "type").toLower();
        if (type == "fax"_L1 || type == "pager"_L1) {
            problem(p.source, u"type"_s, u"%1 numbers are not a contact channel here; left out"_s.arg(type));
            continue;
        }
        const QString raw = text(p, "number");
        if (raw.isEmpty()) {
            problem(p.source, u"number"_s, u"is missing; the phone is left out"_s);
            continue;
        }
        const QString inner = unquoted(raw);
        const QString number = phoneDigits(inner);
        if (!isE164Phone(number)) {
            problem(p.source, u"number"_s,
                    u"%1 is not an E.164 phone number (+, country code, number: +441234234567); left out"_s.arg(
                        P::quote(raw)));
            continue;
        }
        if (inner != raw)
            problem(p.source, u"number"_s,
                    u"%1 is wrapped in quote characters; read as %2"_s.arg(P::quote(raw), number));
        QStringList note;
        if (const QString ext = text(p, "extension"); !ext.isEmpty())
            note.append(u"extension %1"_s.arg(ext));
        if (!type.isEmpty() && type != "voice"_L1)
            note.append(type);
        if (const QString description = text(p, "description"); !description.isEmpty())
            note.append(description);
        addChannel(owner,
                   {u"phone"_s, number,
                    cleanText(p.source, u"description"_s, note.join(u"; "_s), kNoteLength, TextKind::SingleLine)});
    }
}

void HsdsMapper::readLanguages()
{
    for (const Record& l : m_tables.at(Language)) {
        Owner owner = ownerOf(l, {{"service_id", Service}, {"phone_id", Phone}, {"location_id", Location}});
        if (owner.services.isEmpty()) {
            problem(l.source, QString(), u"belongs to no service in the import; left out"_s);
            continue;
        }
        const QString code = text(l, "code");
        const QString name = text(l, "name");
        std::optional<QString> mapped;
        if (!code.isEmpty()) // a BCP 47 tag ("en-GB") counts by its language subtag
            mapped = LanguageCode::canonical(code.section(QRegularExpression(u"[-_]"_s), 0, 0));
        if (!mapped && !name.isEmpty())
            mapped = languageForName(name);
        if (!mapped) {
            if (code.isEmpty() && name.isEmpty())
                problem(l.source, u"code"_s, u"neither a code nor a name is given; left out"_s);
            else
                problem(l.source, code.isEmpty() ? u"name"_s : u"code"_s,
                        u"%1 is neither an ISO 639 code nor a language name the ISO 639-3 table knows; left out"_s.arg(
                            P::quote(code.isEmpty() ? name : code)));
            continue;
        }
        const QString note = clean(l, "note", kNoteLength);
        for (const qsizetype s : owner.services) {
            QList<LanguageEntry>& languages = m_services.at(std::size_t(s)).languages;
            const bool known = std::any_of(languages.cbegin(), languages.cend(),
                                           [&](const LanguageEntry& e) { return e.code == *mapped; });
            if (!known)
                languages.append({*mapped, note});
        }
    }
}

void HsdsMapper::readCostOptions()
{
    const QDate today = m_now.date();
    for (const Record& c : m_tables.at(CostOption)) {
        const qsizetype service = resolve(c, "service_id", Service, u"the cost option is left out"_s);
        if (service < 0) {
            if (text(c, "service_id").isEmpty())
                problem(c.source, u"service_id"_s, u"is missing; the cost option is left out"_s);
            continue;
        }
        QDate from;
        QDate to;
        for (const auto& [key, date] : {std::pair<const char*, QDate*>{"valid_from", &from}, {"valid_to", &to}}) {
            const QString t = text(c, key);
            if (t.isEmpty())
                continue;
            *date = QDate::fromString(t.left(10), Qt::ISODate);
            if (!date->isValid())
                problem(c.source, QString::fromLatin1(key), u"%1 is not an ISO 8601 date; ignored"_s.arg(P::quote(t)));
        }
        if (to.isValid() && to < today) {
            problem(c.source, u"valid_to"_s, u"the option ended on %1; it is left out"_s.arg(to.toString(Qt::ISODate)));
            continue;
        }
        const auto amount = number(c, "amount", 0, 1e12, u"the amount is left out"_s);
        QString currency = text(c, "currency");
        if (!currency.isEmpty()) {
            static const QRegularExpression threeLetters(u"^[A-Za-z]{3}$"_s);
            if (threeLetters.match(currency).hasMatch()) {
                currency = currency.toUpper();
            } else {
                problem(c.source, u"currency"_s,
                        u"%1 is not a three-letter ISO 4217 code; left out"_s.arg(P::quote(currency)));
                currency.clear();
            }
        }
        const QString option = text(c, "option");
        const QString description = text(c, "amount_description");
        ServicePieces& pieces = m_services.at(std::size_t(service));
        const bool free = (amount && *amount == 0) || saysFree(option) || saysFree(description);
        pieces.anyFree = pieces.anyFree || free;
        QString line = option.isEmpty() ? QString() : option + u": "_s;
        if (free)
            line += u"free"_s;
        else if (amount)
            line += QLocale::c().toString(*amount, 'f', *amount == std::floor(*amount) ? 0 : 2) +
                    (currency.isEmpty() ? QString() : u' ' + currency);
        if (!description.isEmpty())
            line += (line.isEmpty() || line.endsWith(u' ') ? QString() : u" "_s) + description;
        if (from.isValid() && from > today)
            line += u" (from %1)"_s.arg(from.toString(Qt::ISODate));
        if (!line.trimmed().isEmpty())
            pieces.costNotes.append(line.trimmed());
    }
}

void HsdsMapper::readServiceAreas()
{
    for (const Record& a : m_tables.at(ServiceArea)) {
        const qsizetype service = resolve(a, "service_id", Service, u"the area is left out"_s);
        const QString extentType = text(a, "extent_type").toLower();
        const QString extent = text(a, "extent");
        if (extentType == "geojson"_L1 && !extent.isEmpty()) {
            QJsonParseError error{};
            const QJsonDocument doc = QJsonDocument::fromJson(extent.toUtf8(), &error);
            if (error.error != QJsonParseError::NoError || !doc.isObject() || !doc.object().value(u"type"_s).isString())
                problem(a.source, u"extent"_s, u"%1 is not GeoJSON; ignored"_s.arg(P::quote(extent)));
        }
        if (service < 0) {
            if (text(a, "service_id").isEmpty())
                problem(a.source, u"service_id"_s, u"is missing; the area is left out"_s);
            continue;
        }
        const QString name = text(a, "name");
        const auto country = countryFor(name);
        if (!country) {
            problem(a.source, u"name"_s,
                    u"%1 is not a country; the area is left out of the countries of operation"_s.arg(P::quote(name)));
            continue;
        }
        QStringList& countries = m_services.at(std::size_t(service)).countries;
        if (!countries.contains(*country))
            countries.append(*country);
    }
}

std::optional<int> HsdsMapper::clockMinutes(const Record& r, const char* key, bool endOfDay)
{
    const QString t = text(r, key);
    if (t.isEmpty())
        return std::nullopt;
    static const QRegularExpression clock(u"^(\\d{1,2}):(\\d{2})(?::(\\d{2}))?$"_s);
    const QRegularExpressionMatch m = clock.match(t);
    const int hours = m.captured(1).toInt();
    const int minutes = m.captured(2).toInt();
    const int seconds = m.captured(3).toInt();
    if (m.hasMatch() && minutes < 60 && seconds < 60) {
        if (hours < 24)
            return hours * 60 + minutes;
        if (hours == 24 && minutes == 0 && seconds == 0 && endOfDay)
            return 24 * 60;
    }
    problem(r.source, QString::fromLatin1(key),
            u"%1 is not a time of day as HH:MM or HH:MM:SS%2; ignored"_s.arg(
                P::quote(t), endOfDay ? u" (24:00 for midnight)"_s : QString()));
    return std::nullopt;
}

QList<int> HsdsMapper::weekdays(const Record& r)
{
    static const QStringList codes = {u"MO"_s, u"TU"_s, u"WE"_s, u"TH"_s, u"FR"_s, u"SA"_s, u"SU"_s};
    QList<int> days;
    for (const QString& part : text(r, "byday").split(u',', Qt::SkipEmptyParts)) {
        const qsizetype day = codes.indexOf(part.trimmed().toUpper());
        if (day < 0)
            problem(
                r.source, u"byday"_s,
                u"%1 is not a day of the week (MO, TU, WE, TH, FR, SA, SU); left out"_s.arg(P::quote(part.trimmed())));
        else if (!days.contains(int(day) + 1))
            days.append(int(day) + 1);
    }
    std::sort(days.begin(), days.end());
    return days;
}

void HsdsMapper::readTimeZone(const Record& r, const Owner& owner)
{
    const QString zone = text(r, "timezone");
    if (zone.isEmpty())
        return;
    static const QRegularExpression offset(u"^(UTC|GMT)?\\s*[+-]?\\d{1,2}(:?\\d{2}|\\.\\d+)?$"_s,
                                           QRegularExpression::CaseInsensitiveOption);
    if (offset.match(zone).hasMatch()) {
        problem(r.source, u"timezone"_s,
                u"%1 is a UTC offset, not a time zone (an IANA id such as Europe/London, which follows summer "
                "time); the opening hours have no time zone"_s.arg(P::quote(zone)));
        return;
    }
    if (!QTimeZone::isTimeZoneIdAvailable(zone.toUtf8())) {
        problem(r.source, u"timezone"_s,
                u"%1 is not an IANA time zone (e.g. Europe/London); the opening hours have no time zone"_s.arg(
                    P::quote(zone)));
        return;
    }
    for (const qsizetype s : owner.services) {
        QString& own = m_services.at(std::size_t(s)).timeZone;
        if (own.isEmpty())
            own = zone;
        else if (own != zone)
            problem(r.source, u"timezone"_s,
                    u"%1 differs from %2, the time zone of the service's other schedules; ignored"_s.arg(
                        P::quote(zone), P::quote(own)));
    }
}

void HsdsMapper::readSchedules()
{
    const QDate today = m_now.date();
    for (const Record& r : m_tables.at(Schedule)) {
        const Owner owner = ownerOf(
            r, {{"service_id", Service}, {"service_at_location_id", ServiceAtLocation}, {"location_id", Location}});
        if (owner.services.isEmpty()) {
            problem(r.source, QString(), u"belongs to no service in the import; left out"_s);
            continue;
        }
        std::array<QDate, 3> dates; // valid_from, valid_to, until
        const std::array<const char*, 3> dateKeys = {"valid_from", "valid_to", "until"};
        for (std::size_t i = 0; i < dates.size(); ++i) {
            const QString t = text(r, dateKeys.at(i));
            dates.at(i) = QDate::fromString(t.left(10), Qt::ISODate);
            if (!t.isEmpty() && !dates.at(i).isValid())
                problem(r.source, QString::fromLatin1(dateKeys.at(i)),
                        u"%1 is not an ISO 8601 date; ignored"_s.arg(P::quote(t)));
        }
        const std::size_t ended = dates.at(1).isValid() && dates.at(1) < today   ? 1
                                  : dates.at(2).isValid() && dates.at(2) < today ? 2
                                                                                 : 0;
        if (ended > 0) {
            problem(r.source, QString::fromLatin1(dateKeys.at(ended)),
                    u"the schedule ended on %1; it is left out"_s.arg(dates.at(ended).toString(Qt::ISODate)));
            continue;
        }
        readTimeZone(r, owner);
        const QString freq = text(r, "freq").toUpper();
        const QString byday = text(r, "byday");
        const auto interval = number(r, "interval", 1, 1000, u"ignored"_s);
        const bool weekly =
            (freq == "WEEKLY"_L1 || (freq.isEmpty() && !byday.isEmpty())) && (!interval || *interval == 1);
        const bool current = !dates.at(0).isValid() || dates.at(0) <= today;
        const QList<int> days = weekly ? weekdays(r) : QList<int>();
        const auto opens = clockMinutes(r, "opens_at", false);
        const auto closes = clockMinutes(r, "closes_at", true);
        const bool sameTime = opens && closes && *opens == *closes % (24 * 60);
        if (sameTime)
            problem(r.source, u"closes_at"_s, u"is the same time as opens_at; the schedule is kept as text"_s);
        QStringList words;
        for (const char* key : {"description", "notes"})
            if (const QString t = text(r, key).simplified(); !t.isEmpty())
                words.append(t);
        if (weekly && current && !days.isEmpty() && opens && closes && !sameTime) {
            QStringList dayCodes;
            for (const int d : days)
                dayCodes.append(vocabularyCodes(Vocabulary::Weekday).at(d - 1));
            QJsonObject hours{{u"days"_s, QJsonArray::fromStringList(dayCodes)},
                              {u"opens"_s, clockText(*opens)},
                              {u"closes"_s, clockText(*closes)}};
            if (const QString note =
                    cleanText(r.source, u"description"_s, words.join(u" "_s), kNoteLength, TextKind::SingleLine);
                !note.isEmpty())
                hours.insert(u"note"_s, note);
            for (const qsizetype s : owner.services)
                appendOnce(m_services.at(std::size_t(s)).hours, hours);
            continue;
        }
        // No weekly rule with times: the schedule is kept as text.
        QString line = words.isEmpty() ? renderRule(weekly && freq.isEmpty() ? u"WEEKLY"_s : freq, byday,
                                                    text(r, "bymonthday"), opens, closes)
                                       : words.join(u" "_s);
        if (line.isEmpty()) {
            problem(r.source, QString(), u"states neither a rule with times nor a description; left out"_s);
            continue;
        }
        if (!current)
            line = u"from %1: %2"_s.arg(dates.at(0).toString(Qt::ISODate), line);
        for (const qsizetype s : owner.services)
            appendOnce(m_services.at(std::size_t(s)).hoursNotes, line);
    }
}

void HsdsMapper::readAccessibility()
{
    for (const Record& a : m_tables.at(Accessibility)) {
        if (text(a, "location_id").isEmpty()) {
            problem(a.source, u"location_id"_s, u"is missing; the accessibility record is left out"_s);
            continue;
        }
        const Owner owner = ownerOf(a, {{"location_id", Location}});
        if (owner.services.isEmpty()) {
            problem(a.source, QString(), u"belongs to no location of a service in the import; left out"_s);
            continue;
        }
        QStringList lines;
        QStringList found;
        for (const char* key : {"description", "details"}) {
            const QString t = text(a, key);
            if (t.isEmpty())
                continue;
            lines.append(t);
            found += accessibilityForText(t);
        }
        const QString url = text(a, "url");
        if (isHttpUrl(url))
            lines.append(url);
        else if (!url.isEmpty())
            problem(a.source, u"url"_s, u"%1 is not an http(s) URL; left out"_s.arg(P::quote(url)));
        if (lines.isEmpty()) {
            problem(a.source, QString(), u"has neither a description nor details; left out"_s);
            continue;
        }
        for (const qsizetype s : owner.services) {
            ServicePieces& pieces = m_services.at(std::size_t(s));
            QStringList codes = pieces.accessibility + found;
            pieces.accessibility.clear();
            for (const QString& code : vocabularyCodes(Vocabulary::Accessibility)) // vocabulary order, each once
                if (codes.contains(code))
                    pieces.accessibility.append(code);
            appendOnce(pieces.accessibilityNotes, lines.join(u'\n'));
        }
    }
}

} // namespace htmse::hsds
