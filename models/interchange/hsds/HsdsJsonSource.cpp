#include "interchange/hsds/HsdsJsonSource.h"

#include "core/JsonReader.h"
#include "interchange/hsds/HsdsMapper.h"
#include "interchange/hsds/HsdsTables.h"
#include "interchange/hsds/HsdsValues.h"

#include <QByteArrayView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QList>
#include <QMap>

#include <algorithm>
#include <functional>
#include <optional>

namespace htmse::hsds {

using namespace Qt::StringLiterals;
using P = ValidationProblems;

namespace {

constexpr int kMaxJsonDepth = 64; // HSDS needs fewer than 10 levels

// Turns HSDS JSON (nested objects) into the same tables a data package has: each nested record
// is added to its table with the reference to its parent filled in.
class JsonFlattener
{
public:
    JsonFlattener(HsdsMapper& mapper, QString sourceName)
        : m_mapper(mapper)
        , m_name(std::move(sourceName))
    {}

    QString source(const QString& path) const
    {
        if (m_name.isEmpty())
            return path.isEmpty() ? u"document"_s : path;
        return path.isEmpty() ? m_name : m_name + u": "_s + path;
    }

    // Classifies a top-level object; false when it is no HSDS object this importer reads.
    bool topLevel(const QJsonObject& o, const QString& path)
    {
        static const QStringList serviceKeys = {u"status"_s,
                                                u"organization"_s,
                                                u"organization_id"_s,
                                                u"program"_s,
                                                u"program_id"_s,
                                                u"service_at_locations"_s,
                                                u"interpretation_services"_s,
                                                u"application_process"_s,
                                                u"fees_description"_s,
                                                u"eligibility_description"_s,
                                                u"cost_options"_s,
                                                u"service_areas"_s};
        static const QStringList organisationKeys = {
            u"legal_status"_s, u"year_incorporated"_s,      u"tax_status"_s, u"organization_identifiers"_s,
            u"website"_s,      u"parent_organization_id"_s, u"programs"_s,   u"locations"_s};
        auto hasAny = [&o](const QStringList& keys) {
            return std::any_of(keys.cbegin(), keys.cend(), [&o](const QString& key) { return o.contains(key); });
        };
        if (o.value(u"service"_s).isObject() ||
            (o.contains(u"service_id"_s) && (o.value(u"location"_s).isObject() || o.contains(u"location_id"_s)))) {
            serviceAtLocation(o, path, {});
            return true;
        }
        if (o.value(u"services"_s).isArray()) {
            organization(o, path, true);
            return true;
        }
        if (hasAny(serviceKeys)) {
            service(o, path, {}, true);
            return true;
        }
        if (hasAny(organisationKeys)) {
            organization(o, path, true);
            return true;
        }
        return false;
    }

    // One line per kind of HSDS record this importer does not read, so nothing goes unmentioned.
    void reportUnread(HsdsImportResult& result) const
    {
        for (auto it = m_unread.constBegin(); it != m_unread.constEnd(); ++it)
            if (it.value() > 0)
                result.problems.append({source({}), it.key(),
                                        u"%1 not imported: the importer does not read HSDS %2 (no place in a "
                                        "directory profile)"_s.arg(it.value())
                                            .arg(it.key()),
                                        false});
    }

private:
    // Schedules and accessibility are read where HSDS places them (see below), and named here elsewhere.
    static constexpr const char* kUnreadKeys[] = {"schedules", "funding",       "required_documents",      "program",
                                                  "programs",  "accessibility", "organization_identifiers"};

    // Adds one nested record with its parent references; returns its id (empty when left out).
    QString add(int table, QJsonObject o, const QString& path, const QList<std::pair<const char*, QString>>& parents,
                bool* fresh = nullptr)
    {
        for (const auto& [key, parentId] : parents) {
            if (parentId.isEmpty())
                continue;
            const QJsonValue own = o.value(k(key));
            const QString ownId = own.isString() ? normaliseId(own.toString()) : QString();
            if (!own.isNull() && !own.isUndefined() && !(own.isString() && own.toString().trimmed().isEmpty()) &&
                ownId != parentId)
                m_mapper.problem(source(path), QString::fromLatin1(key),
                                 u"%1 differs from the enclosing record's id; the enclosing one is used"_s.arg(
                                     own.isString() ? P::quote(own.toString()) : jsonTypeName(own)));
            o.insert(k(key), parentId);
        }
        // Child records nested in their parent need no id of their own; give them one from their place.
        const QJsonValue id = o.value(u"id"_s);
        if (!isMainTable(table) &&
            (id.isUndefined() || id.isNull() || (id.isString() && id.toString().trimmed().isEmpty())))
            o.insert(u"id"_s, QString(u"#"_s + source(path)));
        return m_mapper.add(table, Record{source(path), o, {}, {}}, fresh);
    }

    template <typename Fn> void forEach(const QJsonObject& o, const char* key, const QString& path, Fn fn)
    {
        const QJsonValue v = o.value(k(key));
        if (v.isUndefined() || v.isNull())
            return;
        const QString arrayPath = P::child(path, QString::fromLatin1(key));
        if (!v.isArray()) {
            m_mapper.problem(source(path), QString::fromLatin1(key),
                             u"must be an array, not %1; ignored"_s.arg(jsonTypeName(v)));
            return;
        }
        const QJsonArray a = v.toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            const QString itemPath = P::index(arrayPath, i);
            if (!a.at(i).isObject()) {
                m_mapper.problem(source(itemPath), QString(),
                                 u"must be an object, not %1; ignored"_s.arg(jsonTypeName(a.at(i))));
                continue;
            }
            fn(a.at(i).toObject(), itemPath);
        }
    }

    template <typename Fn> QString nestedObject(const QJsonObject& o, const char* key, const QString& path, Fn fn)
    {
        const QJsonValue v = o.value(k(key));
        if (v.isUndefined() || v.isNull())
            return {};
        if (!v.isObject()) {
            m_mapper.problem(source(path), QString::fromLatin1(key),
                             u"must be an object, not %1; ignored"_s.arg(jsonTypeName(v)));
            return {};
        }
        return fn(v.toObject(), P::child(path, QString::fromLatin1(key)));
    }

    void common(const QJsonObject& o, const QString& path, const QString& id, const char* entity)
    {
        const QLatin1StringView kind(entity);
        const bool hasSchedules = kind == "service"_L1 || kind == "location"_L1 || kind == "service_at_location"_L1;
        for (const char* key : kUnreadKeys) {
            const QLatin1StringView name(key);
            if ((name == "schedules"_L1 && hasSchedules) || (name == "accessibility"_L1 && kind == "location"_L1))
                continue; // read: schedules(), location()

            const QJsonValue v = o.value(k(key));
            if (v.isArray())
                m_unread[QString::fromLatin1(key)] += v.toArray().size();
            else if (v.isObject())
                m_unread[QString::fromLatin1(key)] += 1;
        }
        if (hasSchedules)
            forEach(o, "schedules", path, [&](const QJsonObject& sc, const QString& p) {
                const char* link = kind == "service"_L1    ? "service_id"
                                   : kind == "location"_L1 ? "location_id"
                                                           : "service_at_location_id";
                add(Schedule, sc, p, {{link, id}});
            });
        forEach(o, "attributes", path, [&](const QJsonObject& a, const QString& p) { attribute(a, p, id, entity); });
        forEach(o, "metadata", path, [&](const QJsonObject& m, const QString& p) {
            add(Metadata, m, p, {{"resource_id", id}, {"resource_type", QString::fromLatin1(entity)}});
        });
    }

    QString service(const QJsonObject& o, const QString& path, const QString& organisationId, bool withOrganisation)
    {
        QString orgId = organisationId;
        if (withOrganisation)
            if (const QString embedded =
                    nestedObject(o, "organization", path,
                                 [&](const QJsonObject& org, const QString& p) { return organization(org, p, false); });
                !embedded.isEmpty())
                orgId = embedded;
        bool fresh = false;
        QString id = add(Service, o, path, {{"organization_id", orgId}}, &fresh);
        if (!fresh)
            return id;
        forEach(o, "service_at_locations", path,
                [&](const QJsonObject& sal, const QString& p) { serviceAtLocation(sal, p, id); });
        forEach(o, "languages", path, [&](const QJsonObject& l, const QString& p) {
            add(Language, l, p, {{"service_id", id}});
        });
        forEach(o, "phones", path, [&](const QJsonObject& ph, const QString& p) {
            phone(ph, p, {{"service_id", id}});
        });
        forEach(o, "contacts", path, [&](const QJsonObject& c, const QString& p) {
            contact(c, p, {{"service_id", id}});
        });
        forEach(o, "cost_options", path, [&](const QJsonObject& c, const QString& p) {
            add(CostOption, c, p, {{"service_id", id}});
        });
        forEach(o, "service_areas", path, [&](const QJsonObject& a, const QString& p) {
            add(ServiceArea, a, p, {{"service_id", id}});
        });
        common(o, path, id, "service");
        return id;
    }

    QString organization(const QJsonObject& o, const QString& path, bool withServices)
    {
        bool fresh = false;
        QString id = add(Organization, o, path, {}, &fresh);
        if (!fresh)
            return id;
        if (withServices)
            forEach(o, "services", path, [&](const QJsonObject& s, const QString& p) { service(s, p, id, false); });
        forEach(o, "locations", path, [&](const QJsonObject& l, const QString& p) {
            location(l, p, {{"organization_id", id}});
        });
        forEach(o, "phones", path, [&](const QJsonObject& ph, const QString& p) {
            phone(ph, p, {{"organization_id", id}});
        });
        forEach(o, "contacts", path, [&](const QJsonObject& c, const QString& p) {
            contact(c, p, {{"organization_id", id}});
        });
        common(o, path, id, "organization");
        return id;
    }

    QString serviceAtLocation(const QJsonObject& o, const QString& path, const QString& serviceId)
    {
        QString sid = serviceId;
        if (sid.isEmpty())
            sid = nestedObject(o, "service", path,
                               [&](const QJsonObject& s, const QString& p) { return service(s, p, {}, true); });
        const QString lid = nestedObject(o, "location", path,
                                         [&](const QJsonObject& l, const QString& p) { return location(l, p, {}); });
        bool fresh = false;
        QString id = add(ServiceAtLocation, o, path, {{"service_id", sid}, {"location_id", lid}}, &fresh);
        if (!fresh)
            return id;
        forEach(o, "phones", path, [&](const QJsonObject& ph, const QString& p) {
            phone(ph, p, {{"service_at_location_id", id}});
        });
        forEach(o, "contacts", path, [&](const QJsonObject& c, const QString& p) {
            contact(c, p, {{"service_at_location_id", id}});
        });
        common(o, path, id, "service_at_location");
        return id;
    }

    QString location(const QJsonObject& o, const QString& path, const QList<std::pair<const char*, QString>>& parents)
    {
        bool fresh = false;
        QString id = add(Location, o, path, parents, &fresh);
        if (!fresh)
            return id;
        forEach(o, "addresses", path, [&](const QJsonObject& a, const QString& p) {
            add(Address, a, p, {{"location_id", id}});
        });
        forEach(o, "languages", path, [&](const QJsonObject& l, const QString& p) {
            add(Language, l, p, {{"location_id", id}});
        });
        forEach(o, "accessibility", path, [&](const QJsonObject& a, const QString& p) {
            add(Accessibility, a, p, {{"location_id", id}});
        });
        forEach(o, "phones", path, [&](const QJsonObject& ph, const QString& p) {
            phone(ph, p, {{"location_id", id}});
        });
        forEach(o, "contacts", path, [&](const QJsonObject& c, const QString& p) {
            contact(c, p, {{"location_id", id}});
        });
        common(o, path, id, "location");
        return id;
    }

    void contact(const QJsonObject& o, const QString& path, const QList<std::pair<const char*, QString>>& parents)
    {
        bool fresh = false;
        QString id = add(Contact, o, path, parents, &fresh);
        if (fresh)
            forEach(o, "phones", path, [&](const QJsonObject& ph, const QString& p) {
                phone(ph, p, {{"contact_id", id}});
            });
    }

    void phone(const QJsonObject& o, const QString& path, const QList<std::pair<const char*, QString>>& parents)
    {
        bool fresh = false;
        QString id = add(Phone, o, path, parents, &fresh);
        if (fresh)
            forEach(o, "languages", path, [&](const QJsonObject& l, const QString& p) {
                add(Language, l, p, {{"phone_id", id}});
            });
    }

    void attribute(const QJsonObject& o, const QString& path, const QString& linkId, const char* entity)
    {
        const QString termId = nestedObject(o, "taxonomy_term", path, [&](const QJsonObject& t, const QString& p) {
            const QString taxonomyId =
                nestedObject(t, "taxonomy_detail", p,
                             [&](const QJsonObject& d, const QString& dp) { return add(Taxonomy, d, dp, {}); });
            return add(TaxonomyTerm, t, p, {{"taxonomy_id", taxonomyId}});
        });
        add(Attribute, o, path,
            {{"taxonomy_term_id", termId}, {"link_id", linkId}, {"link_entity", QString::fromLatin1(entity)}});
    }

    HsdsMapper& m_mapper;
    QString m_name;
    QMap<QString, qsizetype> m_unread; // key -> records seen
};

// The keys of a JSON object's top level, read from its first bytes without parsing the rest;
// stops at the first key `decide` has an answer for.
std::optional<bool> scanTopLevelKeys(const QByteArray& bytes, qsizetype start,
                                     const std::function<std::optional<bool>(QByteArrayView)>& decide)
{
    int depth = 0;
    bool expectKey = false;
    const qsizetype end = std::min(bytes.size(), qsizetype(1) << 20);
    for (qsizetype i = start; i < end; ++i) {
        const char c = bytes.at(i);
        if (c == '"') {
            const qsizetype open = i;
            for (++i; i < end && bytes.at(i) != '"'; ++i)
                if (bytes.at(i) == '\\')
                    ++i;
            i = std::min(i, end);
            if (depth == 1 && expectKey) {
                expectKey = false;
                if (const auto answer =
                        decide(QByteArrayView(bytes).sliced(open + 1, std::max<qsizetype>(0, i - open - 1))))
                    return answer;
            }
        } else if (c == '{' || c == '[') {
            ++depth;
            if (depth == 1 && c == '{')
                expectKey = true;
        } else if (c == '}' || c == ']') {
            if (--depth <= 0)
                return std::nullopt;
        } else if (c == ',' && depth == 1) {
            expectKey = true;
        }
    }
    return std::nullopt;
}

} // namespace

bool looksLikeHsdsJson(const QByteArray& bytes)
{
    qsizetype i = bytes.startsWith("\xEF\xBB\xBF") ? 3 : 0;
    while (i < bytes.size() &&
           (bytes.at(i) == ' ' || bytes.at(i) == '\n' || bytes.at(i) == '\r' || bytes.at(i) == '\t'))
        ++i;
    if (i >= bytes.size())
        return false;
    if (bytes.at(i) == '[')
        return true; // a directory file is always an object
    if (bytes.at(i) != '{')
        return false;
    static const QList<QByteArray> hsdsKeys = {"contents",
                                               "total_items",
                                               "status",
                                               "organization",
                                               "organization_id",
                                               "services",
                                               "service_at_locations",
                                               "service",
                                               "service_id",
                                               "location",
                                               "legal_status",
                                               "year_incorporated",
                                               "program",
                                               "interpretation_services"};
    const auto answer = scanTopLevelKeys(bytes, i, [](QByteArrayView key) -> std::optional<bool> {
        if (key == "format")
            return false; // "format": "htmse-directory" (or some other self-described format)
        if (hsdsKeys.contains(key.toByteArray()))
            return true;
        return std::nullopt;
    });
    return answer.value_or(false);
}

HsdsImportResult readJson(const QByteArray& bytes, const QString& sourceName, const QDateTime& now)
{
    HsdsMapper mapper(now, true);
    JsonFlattener flattener(mapper, sourceName);
    const QString whole = flattener.source({});
    auto refuse = [&](const QString& reason) {
        mapper.problem(whole, QString(), reason);
        HsdsImportResult result = std::move(mapper.result());
        result.readable = false;
        return result;
    };
    if (bytes.size() > HsdsImport::kMaxBytes)
        return refuse(u"is larger than 1 GiB; refused"_s);
    if (std::all_of(bytes.cbegin(), bytes.cend(), [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }))
        return refuse(u"is empty"_s);
    if (jsonDepth(bytes, kMaxJsonDepth) > kMaxJsonDepth)
        return refuse(u"nests more than %1 levels deep; refused"_s.arg(kMaxJsonDepth));
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError)
        return refuse(u"is not valid JSON at byte %1: %2"_s.arg(error.offset).arg(error.errorString()));

    bool recognised = false;
    QJsonArray items;
    QString itemsPath;
    if (doc.isArray()) {
        items = doc.array();
        recognised = true;
    } else if (doc.object().contains(u"contents"_s)) {
        const QJsonObject page = doc.object();
        if (!page.value(u"contents"_s).isArray())
            return refuse(u"contents must be an array, not %1"_s.arg(jsonTypeName(page.value(u"contents"_s))));
        items = page.value(u"contents"_s).toArray();
        itemsPath = u"contents"_s;
        recognised = true;
        const int pages = page.value(u"total_pages"_s).toInt(1);
        const int pageNumber = page.value(u"page_number"_s).toInt(1);
        const qint64 total = qint64(page.value(u"total_items"_s).toDouble(double(items.size())));
        if (pages > 1)
            mapper.problem(whole, u"page_number"_s,
                           u"this is page %1 of %2 (%3 items in all); the other pages are not in this file and "
                           "are not imported"_s.arg(pageNumber)
                               .arg(pages)
                               .arg(total));
        else if (total > items.size())
            mapper.problem(
                whole, u"total_items"_s,
                u"the response counts %1 items but holds %2; the rest are not imported"_s.arg(total).arg(items.size()));
    } else {
        recognised = flattener.topLevel(doc.object(), {});
        if (!recognised)
            return refuse(u"is not an HSDS service, organization, service_at_location or list of them"_s);
    }
    bool anyRecognised = items.isEmpty();
    for (qsizetype i = 0; i < items.size(); ++i) {
        const QString path = itemsPath.isEmpty() ? u"[%1]"_s.arg(i) : P::index(itemsPath, i);
        if (!items.at(i).isObject()) {
            mapper.leftOut(Service, flattener.source(path), QString(),
                           u"must be an object, not %1; left out"_s.arg(jsonTypeName(items.at(i))));
            continue;
        }
        if (flattener.topLevel(items.at(i).toObject(), path))
            anyRecognised = true;
        else
            mapper.leftOut(Service, flattener.source(path), QString(),
                           u"is not an HSDS service, organization or service_at_location; left out"_s);
    }
    HsdsImportResult result = mapper.finish();
    flattener.reportUnread(result);
    result.readable = recognised && anyRecognised;
    if (!result.readable)
        result.problems.prepend(
            {whole, QString(), u"holds no HSDS service, organization or service_at_location"_s, false});
    return result;
}

} // namespace htmse::hsds
