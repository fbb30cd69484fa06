// The child tables of HSDS (terms, attributes, metadata, addresses, locations, contacts, phones,
// languages, cost options, service areas) gathered onto the services, organizations and
// locations they belong to.

#include "domain/LanguageCode.h"
#include "domain/Professional.h"
#include "interchange/hsds/HsdsMapper.h"
#include "interchange/hsds/HsdsNeedKeywords.h"
#include "interchange/hsds/HsdsValues.h"

#include <QJsonDocument>
#include <QLocale>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>

namespace htmse::hsds {

using namespace Qt::StringLiterals;
using P = ValidationProblems;

namespace {

constexpr qsizetype kNoteLength = limits::kShortText; // notes of languages and contact channels

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
            static const QStringList unread = {u"program"_s,
                                               u"schedule"_s,
                                               u"funding"_s,
                                               u"accessibility"_s,
                                               u"required_document"_s,
                                               u"organization_identifier"_s,
                                               u"meta_table_description"_s};
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

} // namespace htmse::hsds
