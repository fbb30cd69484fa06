#include "demo/DemoDirectoryGenerator.h"

#include "demo/Random.h"
#include "domain/LanguageCode.h"
#include "domain/Vocabulary.h"
#include "interchange/DirectoryFile.h"
#include "taxonomy/Countries.h"
#include "taxonomy/Gazetteer.h"
#include "taxonomy/NeedsTaxonomy.h"

#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

#include <algorithm>
#include <cmath>

Q_LOGGING_CATEGORY(lcDemo, "htmse.demo")

namespace htmse {

namespace {

using namespace Qt::StringLiterals;

struct Culture
{
    QString id;
    QStringList countries;
    QStringList languages;
    bool familyFirst = false;
    QStringList female;
    QStringList male;
    QStringList family;
    QStringList familyFemale; // index-aligned with family where surnames take a feminine form
};

struct NameData
{
    QList<Culture> cultures;
    QStringList organisationPatterns;
    QHash<QString, QStringList> titles;
    QHash<QString, QList<qsizetype>> culturesByCountry;
};

const NameData& nameData()
{
    static const NameData data = [] {
        NameData d;
        QFile file(u":/htmse/demo/names.json"_s);
        if (!file.open(QIODevice::ReadOnly)) {
            qCCritical(lcDemo) << "demo name material missing:" << file.errorString();
            return d;
        }
        const QJsonObject root = QJsonDocument::fromJson(file.readAll()).object();
        const auto strings = [](const QJsonValue& v) {
            QStringList out;
            for (const QJsonValue& s : v.toArray())
                out.append(s.toString());
            return out;
        };
        for (const QJsonValue& v : root.value("cultures"_L1).toArray()) {
            const QJsonObject o = v.toObject();
            Culture c{o.value("id"_L1).toString(),
                      strings(o.value("countries"_L1)),
                      {},
                      o.value("order"_L1).toString() == "family-first"_L1,
                      strings(o.value("given_female"_L1)),
                      strings(o.value("given_male"_L1)),
                      strings(o.value("family"_L1)),
                      strings(o.value("family_female"_L1))};
            if (!c.familyFemale.isEmpty() && c.familyFemale.size() != c.family.size())
                c.familyFemale.clear();
            for (const QString& code : strings(o.value("languages"_L1)))
                if (const auto canonical = LanguageCode::canonical(code))
                    c.languages.append(*canonical);
            if (c.female.isEmpty() || c.male.isEmpty() || c.family.isEmpty())
                continue;
            for (const QString& country : c.countries)
                d.culturesByCountry[country].append(d.cultures.size());
            d.cultures.append(std::move(c));
        }
        d.organisationPatterns = strings(root.value("organisation_patterns"_L1));
        const QJsonObject titles = root.value("titles"_L1).toObject();
        for (auto it = titles.begin(); it != titles.end(); ++it)
            d.titles.insert(it.key(), strings(it.value()));
        return d;
    }();
    return data;
}

// Where the directory's professionals work: weighted towards the UK-based network and its
// partners, with the countries of origin and transit that referrals most often involve.
struct CountryWeight
{
    const char* code;
    double weight;
};
constexpr CountryWeight kCountries[] = {
    {"GB", 30},  {"IE", 2}, {"FR", 5},   {"DE", 5}, {"NL", 3},   {"BE", 2},   {"ES", 4}, {"IT", 5},
    {"PT", 1},   {"PL", 3}, {"RO", 3},   {"AL", 3}, {"GR", 3},   {"UA", 2},   {"SE", 1}, {"US", 9},
    {"CA", 2},   {"MX", 2}, {"BR", 2},   {"NG", 4}, {"GH", 1.5}, {"KE", 1},   {"ET", 1}, {"ER", 0.5},
    {"SO", 0.5}, {"MA", 1}, {"TR", 1.5}, {"IQ", 1}, {"IR", 0.5}, {"AF", 0.5}, {"PK", 1}, {"IN", 3},
    {"BD", 1},   {"VN", 3}, {"TH", 2},   {"PH", 2}, {"CN", 1},   {"ID", 1},   {"AE", 1}, {"AU", 1},
};

// The IANA time zone of the generator's single-zone countries (opening hours are in local time);
// countries spanning several zones get none.
QString timeZoneOf(QStringView country)
{
    static const QHash<QString, QString> zones = {
        {u"GB"_s, u"Europe/London"_s},   {u"IE"_s, u"Europe/Dublin"_s},    {u"FR"_s, u"Europe/Paris"_s},
        {u"DE"_s, u"Europe/Berlin"_s},   {u"NL"_s, u"Europe/Amsterdam"_s}, {u"BE"_s, u"Europe/Brussels"_s},
        {u"ES"_s, u"Europe/Madrid"_s},   {u"IT"_s, u"Europe/Rome"_s},      {u"PT"_s, u"Europe/Lisbon"_s},
        {u"PL"_s, u"Europe/Warsaw"_s},   {u"RO"_s, u"Europe/Bucharest"_s}, {u"AL"_s, u"Europe/Tirane"_s},
        {u"GR"_s, u"Europe/Athens"_s},   {u"SE"_s, u"Europe/Stockholm"_s}, {u"NG"_s, u"Africa/Lagos"_s},
        {u"GH"_s, u"Africa/Accra"_s},    {u"KE"_s, u"Africa/Nairobi"_s},   {u"ET"_s, u"Africa/Addis_Ababa"_s},
        {u"ER"_s, u"Africa/Asmara"_s},   {u"SO"_s, u"Africa/Mogadishu"_s}, {u"MA"_s, u"Africa/Casablanca"_s},
        {u"TR"_s, u"Europe/Istanbul"_s}, {u"IQ"_s, u"Asia/Baghdad"_s},     {u"IR"_s, u"Asia/Tehran"_s},
        {u"AF"_s, u"Asia/Kabul"_s},      {u"PK"_s, u"Asia/Karachi"_s},     {u"IN"_s, u"Asia/Kolkata"_s},
        {u"BD"_s, u"Asia/Dhaka"_s},      {u"VN"_s, u"Asia/Ho_Chi_Minh"_s}, {u"TH"_s, u"Asia/Bangkok"_s},
        {u"PH"_s, u"Asia/Manila"_s},     {u"CN"_s, u"Asia/Shanghai"_s},    {u"AE"_s, u"Asia/Dubai"_s},
    };
    return zones.value(country.toString());
}

// Languages victims of trafficking into Europe most often speak (ISO 639-3).
const QStringList& victimLanguages()
{
    static const QStringList list = {u"vie"_s, u"sqi"_s, u"ron"_s, u"tir"_s, u"ara"_s, u"amh"_s, u"pol"_s,
                                     u"cmn"_s, u"tha"_s, u"tgl"_s, u"pcm"_s, u"bin"_s, u"kmr"_s, u"ckb"_s,
                                     u"pus"_s, u"prs"_s, u"ben"_s, u"urd"_s, u"som"_s, u"yue"_s};
    return list;
}

struct TypeProfile
{
    const char* type;
    double weight;
    QStringList needParents; // children of these are offered
    qsizetype minNeeds;
    qsizetype maxNeeds;
    QStringList expertNeeds; // expert-witness children, when the type gives evidence
    QStringList disciplines;
    QStringList reportTypes;
    double expertShare; // share of this type with an expert-witness block
    QStringList organisationKinds;
    double remoteOnlyShare;
};

const QList<TypeProfile>& typeProfiles()
{
    static const QList<TypeProfile> profiles = {
        {"lawyer", 24, {u"legal"_s}, 1, 4, {}, {}, {}, 0, {u"law-firm"_s, u"chambers"_s, u"ngo"_s}, 0.03},
        {"social-worker",
         11,
         {u"casework"_s, u"shelter"_s, u"financial"_s, u"child-protection"_s, u"basic-needs"_s},
         2,
         5,
         {},
         {},
         {},
         0,
         {u"ngo"_s, u"public-body"_s},
         0.02},
        {"specialist-ngo",
         11,
         {u"casework"_s, u"shelter"_s, u"repatriation"_s, u"safety"_s, u"education"_s, u"employment"_s},
         3,
         7,
         {},
         {},
         {},
         0,
         {u"ngo"_s, u"international"_s},
         0.02},
        {"interpreter", 10, {u"interpretation"_s}, 1, 3, {}, {}, {}, 0, {u"interpreting-agency"_s}, 0.35},
        {"psychologist",
         8,
         {u"mental-health"_s},
         1,
         3,
         {u"expert-witness.psychiatric-psychological"_s},
         {u"psychological"_s},
         {u"psychological"_s},
         0.35,
         {u"clinic"_s, u"private-practice"_s, u"ngo"_s},
         0.1},
        {"medical-doctor", 6, {u"medical"_s}, 1, 4, {}, {}, {}, 0, {u"clinic"_s, u"hospital"_s, u"ngo"_s}, 0.01},
        {"researcher", 5, {u"research"_s}, 1, 3, {}, {}, {}, 0, {u"university"_s}, 0.3},
        {"country-expert",
         4,
         {u"research"_s},
         0,
         1,
         {u"expert-witness.country"_s},
         {u"country"_s},
         {u"country"_s},
         1.0,
         {u"university"_s, u"private-practice"_s},
         0.25},
        {"trafficking-expert",
         4,
         {u"research"_s, u"casework"_s},
         0,
         2,
         {u"expert-witness.trafficking"_s, u"expert-witness.labour-practice"_s},
         {u"trafficking"_s, u"employment"_s},
         {u"trafficking-indicators"_s},
         1.0,
         {u"university"_s, u"ngo"_s, u"private-practice"_s},
         0.2},
        {"psychiatrist",
         3,
         {u"mental-health"_s},
         1,
         2,
         {u"expert-witness.psychiatric-psychological"_s},
         {u"psychiatric"_s},
         {u"psychiatric"_s},
         0.6,
         {u"hospital"_s, u"clinic"_s, u"private-practice"_s},
         0.05},
        {"medicolegal-doctor",
         3,
         {u"medical"_s},
         0,
         1,
         {u"expert-witness.medicolegal-istanbul-protocol"_s, u"expert-witness.age-assessment"_s},
         {u"medicolegal"_s, u"age-assessment"_s},
         {u"medicolegal"_s, u"istanbul-protocol"_s},
         1.0,
         {u"clinic"_s, u"ngo"_s, u"private-practice"_s},
         0.0},
        {"nurse", 3, {u"medical"_s}, 1, 3, {}, {}, {}, 0, {u"clinic"_s, u"hospital"_s}, 0.0},
        {"psychotherapist",
         3,
         {u"mental-health"_s},
         1,
         3,
         {},
         {},
         {},
         0,
         {u"clinic"_s, u"private-practice"_s, u"ngo"_s},
         0.15},
        {"linguist",
         1,
         {u"interpretation"_s},
         0,
         1,
         {u"expert-witness.linguistic"_s},
         {u"linguistic"_s},
         {u"linguistic"_s},
         1.0,
         {u"university"_s, u"interpreting-agency"_s},
         0.3},
    };
    return profiles;
}

const QStringList& traffickingTypeCodes()
{
    static const QStringList codes = vocabularyCodes(Vocabulary::TraffickingType);
    return codes;
}
const QList<double> kTraffickingWeights = {30, 30, 12, 14, 5, 1, 1, 1};

struct CityPicker
{
    QList<const Gazetteer::City*> cities;
    QList<double> cumulative;

    const Gazetteer::City* pick(DemoRandom& rng) const
    {
        const double x = rng.real() * cumulative.constLast();
        const auto it = std::upper_bound(cumulative.cbegin(), cumulative.cend(), x);
        return cities.at(std::min(qsizetype(it - cumulative.cbegin()), cities.size() - 1));
    }
};

QUuid makeUuid(DemoRandom& rng)
{
    const quint64 hi = (rng.next() & 0xFFFFFFFFFFFF0FFFull) | 0x0000000000004000ull; // version 4
    const quint64 lo = (rng.next() & 0x3FFFFFFFFFFFFFFFull) | 0x8000000000000000ull; // RFC 4122 variant
    return QUuid(uint(hi >> 32), ushort(hi >> 16), ushort(hi), uchar(lo >> 56), uchar(lo >> 48), uchar(lo >> 40),
                 uchar(lo >> 32), uchar(lo >> 24), uchar(lo >> 16), uchar(lo >> 8), uchar(lo));
}

QString slug(const QString& text)
{
    QString out;
    const QString decomposed = text.normalized(QString::NormalizationForm_KD).toLower();
    for (const QChar c : decomposed) {
        if (c.isLetterOrNumber() && c.unicode() < 128)
            out += c;
        else if ((c.isSpace() || c == u'-' || c == u'\'') && !out.isEmpty() && !out.endsWith(u'-'))
            out += u'-';
    }
    out.truncate(40);
    while (out.endsWith(u'-'))
        out.chop(1);
    return out.isEmpty() ? u"org"_s : out;
}

class Builder
{
public:
    Builder(qsizetype count, quint64 seed)
        : m_rng(seed)
        , m_count(count)
        , m_taxonomy(NeedsTaxonomy::instance())
        , m_names(nameData())
    {
        for (const CountryWeight& c : kCountries) {
            CityPicker picker;
            const auto cities = Gazetteer::instance().inCountry(QString(QLatin1StringView(c.code)));
            double total = 0;
            // The 300 largest places: a directory lists professionals in towns and cities.
            for (qsizetype i = 0; i < cities.size() && i < 300; ++i) {
                total += std::pow(double(std::max<qint64>(cities[i]->population, 1)), 0.6);
                picker.cities.append(cities[i]);
                picker.cumulative.append(total);
            }
            if (picker.cities.isEmpty())
                continue;
            m_countryCodes.append(QLatin1StringView(c.code));
            m_countryWeights.append(c.weight);
            m_cityPickers.insert(QLatin1StringView(c.code), picker);
        }
        for (const TypeProfile& t : typeProfiles())
            m_typeWeights.append(t.weight);
    }

    void run(const std::function<void(const Organisation&)>& onOrganisation,
             const std::function<void(const Professional&)>& onProfessional)
    {
        if (m_countryCodes.isEmpty() || m_names.cultures.isEmpty())
            return;
        const qsizetype organisations = std::max<qsizetype>(1, m_count / 6);
        for (qsizetype i = 0; i < organisations; ++i)
            onOrganisation(makeOrganisation());
        for (qsizetype i = 0; i < m_count; ++i)
            onProfessional(makeProfessional());
    }

private:
    QString pickCountry() { return m_countryCodes.at(m_rng.weighted(m_countryWeights)); }

    const Culture& pickCulture(const QString& country)
    {
        const auto local = m_names.culturesByCountry.value(country);
        // Most professionals share the local culture; a third belong to diaspora communities.
        if (!local.isEmpty() && m_rng.chance(0.68))
            return m_names.cultures.at(m_rng.pick(local));
        return m_rng.pick(m_names.cultures);
    }

    QDateTime daysBefore(int minDays, int maxDays)
    {
        return DemoDirectoryGenerator::referenceTime().addSecs(-qint64(m_rng.range(minDays * 24, maxDays * 24)) * 3600);
    }

    static QString organisationKindFor(const QString& pattern)
    {
        static const std::pair<const char*, const char*> rules[] = {
            {"Chambers", "chambers"},
            {"Solicitors", "law-firm"},
            {"Law", "law-firm"},
            {"Legal", "law-firm"},
            {"Hospital", "hospital"},
            {"Clinic", "clinic"},
            {"Health", "clinic"},
            {"Medical", "clinic"},
            {"University", "university"},
            {"Institute", "university"},
            {"Interpreting", "interpreting-agency"},
            {"Translation", "interpreting-agency"},
            {"Language", "interpreting-agency"},
            {"Council", "public-body"},
            {"Practice", "private-practice"},
            {"Psychology", "private-practice"},
            {"International", "international"},
        };
        for (const auto& [word, kind] : rules)
            if (pattern.contains(QLatin1StringView(word)))
                return QLatin1StringView(kind);
        return u"ngo"_s;
    }

    Organisation makeOrganisation()
    {
        Organisation o;
        o.id = makeUuid(m_rng);
        const QString country = pickCountry();
        const auto* city = m_cityPickers[country].pick(m_rng);
        const QString pattern = m_names.organisationPatterns.isEmpty() ? u"{city} Support Network"_s
                                                                       : m_rng.pick(m_names.organisationPatterns);
        const Culture& culture = pickCulture(country);
        o.name = QString(pattern)
                     .replace(u"{city}"_s, city->name)
                     .replace(u"{country}"_s, Countries::instance().name(country))
                     .replace(u"{family}"_s, m_rng.pick(culture.family));
        o.kind = organisationKindFor(pattern);
        o.countries = {country};
        o.website = u"https://"_s + slug(o.name) + u".example.org"_s;
        o.email = u"referrals@"_s + slug(o.name) + u".example.org"_s;
        o.description = vocabularyLabel(Vocabulary::OrganisationKind, o.kind) + u" in "_s + city->name + u"."_s;
        o.updatedAt = daysBefore(1, 400);
        o.serverVersion = 0;
        m_organisations[{country, o.kind}].append(o.id);
        m_organisationDomains.insert(o.id, slug(o.name) + u".example.org"_s);
        return o;
    }

    QStringList pickNeeds(const TypeProfile& t)
    {
        QStringList pool;
        for (const QString& parent : t.needParents) {
            const auto* need = m_taxonomy.find(parent);
            if (!need)
                continue;
            if (need->children.isEmpty())
                pool.append(parent);
            pool.append(need->children);
        }
        QStringList needs = m_rng.sample(pool, m_rng.range(int(t.minNeeds), int(std::max(t.minNeeds, t.maxNeeds))));
        // A few list a whole area ("legal") rather than its parts: they match only that query.
        if (!t.needParents.isEmpty() && m_rng.chance(0.05)) {
            const QString parent = m_rng.pick(t.needParents);
            if (m_taxonomy.contains(parent) && !needs.contains(parent))
                needs.prepend(parent);
        }
        for (const QString& code : t.expertNeeds)
            if (m_taxonomy.contains(code) && (t.expertShare >= 1.0 || m_rng.chance(0.8)))
                needs.append(code);
        needs.removeDuplicates();
        return needs;
    }

    QList<LanguageSkill> pickLanguages(const QString& country, const Culture& culture, const TypeProfile& t)
    {
        QList<LanguageSkill> out;
        auto add = [&out](const QString& code, const QString& proficiency) {
            if (code.isEmpty() || std::any_of(out.cbegin(), out.cend(), [&](const auto& s) { return s.code == code; }))
                return;
            out.append({code, proficiency, {}});
        };
        for (const QString& code : culture.languages.mid(0, 2))
            add(code, u"native"_s);
        if (const auto* c = Countries::instance().find(country)) {
            for (const QString& raw : c->languages.mid(0, 2))
                if (const auto code = LanguageCode::canonical(raw))
                    add(*code, m_rng.chance(0.6) ? u"fluent"_s : u"working"_s);
        }
        if (m_rng.chance(0.7))
            add(u"eng"_s, m_rng.chance(0.5) ? u"fluent"_s : u"working"_s);
        const bool interpreter = QLatin1StringView(t.type) == "interpreter"_L1;
        const int extra = interpreter ? m_rng.range(1, 3) : (m_rng.chance(0.2) ? 1 : 0);
        for (int i = 0; i < extra; ++i)
            add(m_rng.pick(victimLanguages()), interpreter ? u"fluent"_s : u"working"_s);
        if (interpreter && !out.isEmpty())
            out.last().note = u"Community and legal interpreting"_s;
        return out;
    }

    Professional makeProfessional()
    {
        Professional p;
        p.id = makeUuid(m_rng);
        const TypeProfile& t = typeProfiles().at(m_rng.weighted(m_typeWeights));
        const QString type = QLatin1StringView(t.type);
        const QString country = pickCountry();
        const Culture& culture = pickCulture(country);

        const double g = m_rng.real();
        p.gender = g < 0.56 ? u"female"_s : g < 0.97 ? u"male"_s : g < 0.985 ? u"non-binary"_s : u"undisclosed"_s;
        const QString given =
            m_rng.pick(p.gender == "male"_L1     ? culture.male
                       : p.gender == "female"_L1 ? culture.female
                                                 : (m_rng.chance(0.5) ? culture.female : culture.male));
        const qsizetype familyIndex = qsizetype(m_rng.below(std::uint64_t(culture.family.size())));
        const QString family = p.gender == "female"_L1 && !culture.familyFemale.isEmpty()
                                   ? culture.familyFemale.at(familyIndex)
                                   : culture.family.at(familyIndex);
        p.displayName = culture.familyFirst ? family + u' ' + given : given + u' ' + family;
        if (const auto titles = m_names.titles.value(type); !titles.isEmpty())
            p.title = m_rng.pick(titles);

        p.professionalTypes = {type};
        if (type == "psychiatrist"_L1 && m_rng.chance(0.2))
            p.professionalTypes.append(u"medicolegal-doctor"_s);
        if (type == "lawyer"_L1 && m_rng.chance(0.05))
            p.professionalTypes.append(u"trafficking-expert"_s);

        for (const QString& kind : t.organisationKinds) {
            const auto ids = m_organisations.value({country, kind});
            if (!ids.isEmpty() && m_rng.chance(0.8)) {
                p.organisationId = m_rng.pick(ids);
                break;
            }
        }

        p.services = pickNeeds(t);
        const double pop = m_rng.real();
        p.populationsServed = pop < 0.55   ? QStringList{u"adults"_s}
                              : pop < 0.75 ? QStringList{u"adults"_s, u"children"_s}
                              : pop < 0.85 ? QStringList{u"women"_s}
                              : pop < 0.90 ? QStringList{u"men"_s}
                              : pop < 0.95 ? QStringList{u"children"_s, u"families"_s}
                                           : QStringList{u"adults"_s, u"lgbtqi"_s};
        const qsizetype traffickingCount = m_rng.range(1, 4);
        for (qsizetype i = 0; i < traffickingCount; ++i) {
            const QString tt = traffickingTypeCodes().at(m_rng.weighted(kTraffickingWeights));
            if (!p.traffickingTypes.contains(tt))
                p.traffickingTypes.append(tt);
        }
        p.languages = pickLanguages(country, culture, t);
        p.interpreterAvailable = type == "interpreter"_L1 || type == "specialist-ngo"_L1 ? true : m_rng.chance(0.25);
        p.countriesOfOperation = {country};
        if (m_rng.chance(0.08))
            p.countriesOfOperation.append(pickCountry());
        p.countriesOfOperation.removeDuplicates();

        addLocations(p, t, country);
        p.capacity.acceptingReferrals = m_rng.chance(0.86);
        p.capacity.typicalResponseDays = m_rng.pick(QList<int>{1, 2, 2, 3, 5, 7, 7, 10, 14, 21});

        setCost(p, t, type);
        if (t.expertShare > 0 && m_rng.chance(t.expertShare))
            addExpertWitness(p, t, type, country);
        addContacts(p, given, family, country);
        setVerification(p);
        p.active = m_rng.chance(0.97);

        describe(p, type);
        addHoursAndAccess(p, type, country);
        p.updatedAt = daysBefore(0, 500);
        return p;
    }

    // The parts of makeProfessional, called in a fixed order: the random sequence, and so the
    // output for a seed, depends on it.
    void addLocations(Professional& p, const TypeProfile& t, const QString& country)
    {
        const bool remoteOnly = m_rng.chance(t.remoteOnlyShare);
        p.remoteService = remoteOnly || m_rng.chance(0.3);
        if (!remoteOnly) {
            const int locations = m_rng.chance(0.1) ? 2 : 1;
            const bool offersShelter = std::any_of(p.services.cbegin(), p.services.cend(),
                                                   [](const QString& s) { return s.startsWith("shelter"_L1); });
            for (int i = 0; i < locations; ++i) {
                const auto* city = m_cityPickers[country].pick(m_rng);
                ServiceLocation loc;
                loc.city = city->name;
                loc.region = city->region;
                loc.country = city->country;
                loc.geonameId = city->id;
                // Jitter within a few kilometres of the centre, rounded as a street address would be.
                const double lat = std::clamp(city->latitude + (m_rng.real() - 0.5) * 0.06, -89.9, 89.9);
                const double lonScale = std::max(0.2, std::cos(lat * 3.14159265358979 / 180.0));
                const double lon = std::clamp(city->longitude + (m_rng.real() - 0.5) * 0.06 / lonScale, -179.9, 179.9);
                loc.point = GeoPoint(std::round(lat * 1e5) / 1e5, std::round(lon * 1e5) / 1e5);
                loc.confidential = offersShelter ? m_rng.chance(0.7) : m_rng.chance(0.03);
                loc.address = QString::number(m_rng.range(1, 240)) + u' ' + m_rng.pick(kStreets) + u" Street"_s;
                p.locations.append(loc);
            }
            p.serviceRadiusKm = m_rng.pick(QList<int>{10, 25, 25, 50, 50, 100, 200});
        }
    }

    void setCost(Professional& p, const TypeProfile& t, const QString& type)
    {
        if (type == "lawyer"_L1) {
            p.cost.legalAid = m_rng.chance(0.55);
            p.cost.proBono = m_rng.chance(0.2);
            p.cost.feeBasis = p.cost.legalAid || p.cost.proBono ? u"none"_s : u"hourly"_s;
        } else if (type == "social-worker"_L1 || type == "specialist-ngo"_L1) {
            p.cost.free = true;
            p.cost.feeBasis = u"none"_s;
        } else if (t.expertShare > 0 && t.expertShare >= 1.0) {
            p.cost.feeBasis = u"per-report"_s;
            p.cost.legalAid = m_rng.chance(0.6);
            p.cost.note = u"Legal-aid rates accepted where the case is funded"_s;
        } else {
            p.cost.free = m_rng.chance(0.45);
            p.cost.feeBasis =
                p.cost.free ? u"none"_s : m_rng.pick(QList<QString>{u"hourly"_s, u"fixed"_s, u"sliding-scale"_s});
        }
    }

    void addExpertWitness(Professional& p, const TypeProfile& t, const QString& type, const QString& country)
    {
        ExpertWitness e;
        e.disciplines = t.disciplines;
        e.reportTypes = t.reportTypes;
        if (type == "medicolegal-doctor"_L1 && m_rng.chance(0.3))
            e.reportTypes.append(u"age-assessment"_s);
        e.jurisdictions =
            country == "GB"_L1
                ? m_rng.sample(QStringList{u"GB-ENG"_s, u"GB-NIR"_s, u"GB-SCT"_s, u"GB-WLS"_s}, m_rng.range(1, 3))
                : QStringList{country};
        e.courtAppearances = int(std::floor(std::pow(m_rng.real(), 2.2) * 180));
        e.expertDeclaration = country == "GB"_L1 ? m_rng.chance(0.9) : m_rng.chance(0.4);
        if (e.expertDeclaration && country == "GB"_L1)
            e.declarationNote = u"Reports comply with CPR Part 35 and the Practice Direction"_s;
        e.accreditationBody = type == "psychologist"_L1 ? u"Health and Care Professions Council"_s
                              : type == "psychiatrist"_L1 || type == "medicolegal-doctor"_L1
                                  ? u"General Medical Council"_s
                                  : QString();
        e.cvUrl = u"https://cv.example.org/"_s + uuidString(p.id);
        e.conflictOfInterest = u"No conflicts declared"_s;
        e.reportTurnaroundDays = m_rng.pick(QList<int>{14, 21, 28, 42, 56});
        e.acceptingInstructions = m_rng.chance(0.8);
        p.expertWitness = e;
        if (type == "country-expert"_L1) {
            static const QStringList origins = {u"AL"_s, u"VN"_s, u"NG"_s, u"ER"_s, u"SD"_s, u"AF"_s, u"IQ"_s, u"IR"_s,
                                                u"RO"_s, u"CN"_s, u"TH"_s, u"PH"_s, u"ET"_s, u"SO"_s, u"UA"_s};
            p.countriesOfExpertise = m_rng.sample(origins, m_rng.range(1, 3));
        }
    }

    void addContacts(Professional& p, const QString& given, const QString& family, const QString& country)
    {
        const QString domain = m_organisationDomains.value(p.organisationId, u"practice.example.org"_s);
        const QString local = slug(given) + u'.' + slug(family);
        p.contactChannels.append({u"email"_s, local + u'@' + domain, {}, true});
        if (country == "GB"_L1 && m_rng.chance(0.6)) // Ofcom's range reserved for drama: never a real line
            p.contactChannels.append({u"phone"_s, u"+447700900"_s + QString::number(m_rng.range(100, 999)), {}, false});
        if (m_rng.chance(0.2))
            p.contactChannels.append(
                {u"secure-messaging"_s, u"https://refer.example.org/"_s + uuidString(p.id), {}, false});
    }

    void setVerification(Professional& p)
    {
        const double v = m_rng.real();
        p.verification.status = v < 0.72   ? u"verified"_s
                                : v < 0.82 ? u"pending"_s
                                : v < 0.92 ? u"lapsed"_s
                                           : u"unverified"_s;
        if (p.verification.status == "verified"_L1 || p.verification.status == "lapsed"_L1) {
            p.verification.verifiedAt = daysBefore(p.verification.status == "lapsed"_L1 ? 400 : 5,
                                                   p.verification.status == "lapsed"_L1 ? 900 : 360);
            p.verification.verifiedBy = u"HTMSE directory team"_s;
            p.verification.reverificationDue = p.verification.verifiedAt.date().addYears(1);
        }
    }

    void addHoursAndAccess(Professional& p, const QString& type, const QString& country)
    {
        const bool organisation = type == "specialist-ngo"_L1 || type == "social-worker"_L1;
        if (organisation && m_rng.chance(0.15)) {
            p.openingHours = {{{1, 2, 3, 4, 5, 6, 7}, 0, 24 * 60, {}}};
            p.openingHoursNote = u"Helpline answers day and night"_s;
        } else if (m_rng.chance(0.6)) {
            const int opens = m_rng.chance(0.5) ? 9 * 60 : 9 * 60 + 30;
            const int closes = m_rng.chance(0.5) ? 17 * 60 : 17 * 60 + 30;
            p.openingHours.append({{1, 2, 3, 4, 5}, opens, closes, {}});
            if (m_rng.chance(0.2))
                p.openingHours.append({{6}, 10 * 60, 13 * 60, {}});
            if (m_rng.chance(0.1))
                p.openingHours.append({{4}, closes, 20 * 60, u"appointments only"_s});
        }
        if (!p.openingHours.isEmpty())
            p.timeZone = timeZoneOf(country);
        if (!p.locations.isEmpty() && m_rng.chance(0.45)) {
            p.accessibility = {u"step-free-access"_s};
            if (m_rng.chance(0.6))
                p.accessibility.append(u"accessible-toilet"_s);
            if (m_rng.chance(0.25))
                p.accessibility.append(u"hearing-loop"_s);
            if (m_rng.chance(0.15))
                p.accessibility.append(u"quiet-space"_s);
        }
    }

    void describe(Professional& p, const QString& type)
    {
        QStringList serviceLabels;
        for (const QString& s : p.services.mid(0, 3))
            serviceLabels.append(m_taxonomy.find(s) ? m_taxonomy.find(s)->label.toLower() : s);
        const QString where = p.locations.isEmpty() ? u"remotely"_s : u"in "_s + p.locations.first().city;
        p.biography = vocabularyLabel(Vocabulary::ProfessionalType, type) + u" working "_s + where +
                      u" with survivors of trafficking and modern slavery"_s +
                      (serviceLabels.isEmpty() ? QString() : u"; offers "_s + serviceLabels.join(u", "_s)) + u'.';
        for (const QString& s : p.services.mid(0, 4))
            p.keywords.append(s.section(u'.', -1));
        p.keywords.removeDuplicates();
    }

    static inline const QList<QString> kStreets = {u"Station"_s, u"Church"_s, u"Market"_s,   u"Mill"_s,   u"Park"_s,
                                                   u"Bridge"_s,  u"Union"_s,  u"Victoria"_s, u"Castle"_s, u"King"_s};

    DemoRandom m_rng;
    qsizetype m_count;
    const NeedsTaxonomy& m_taxonomy;
    const NameData& m_names;
    QStringList m_countryCodes;
    QList<double> m_countryWeights;
    QHash<QString, CityPicker> m_cityPickers;
    QList<double> m_typeWeights;
    QHash<std::pair<QString, QString>, QList<QUuid>> m_organisations;
    QHash<QUuid, QString> m_organisationDomains;
};

} // namespace

DemoDirectoryGenerator::DemoDirectoryGenerator(qsizetype professionals, quint64 seed)
    : m_count(professionals)
    , m_seed(seed)
{}

QDateTime DemoDirectoryGenerator::referenceTime()
{
    return QDateTime(QDate(2026, 11, 1), QTime(9, 0), Qt::UTC);
}

DemoDirectoryGenerator::Directory DemoDirectoryGenerator::generate() const
{
    Directory d;
    d.professionals.reserve(m_count);
    generate([&d](const Organisation& o) { d.organisations.append(o); },
             [&d](const Professional& p) { d.professionals.append(p); });
    return d;
}

void DemoDirectoryGenerator::generate(const std::function<void(const Organisation&)>& onOrganisation,
                                      const std::function<void(const Professional&)>& onProfessional) const
{
    Builder(m_count, m_seed).run(onOrganisation, onProfessional);
}

bool DemoDirectoryGenerator::write(QIODevice* device, QString* error) const
{
    DirectoryFile::Writer writer(device);
    writer.begin(
        QJsonObject{{u"generator"_s, QJsonObject{{u"name"_s, u"htmse demo directory"_s},
                                                 {u"seed"_s, QString::number(m_seed)},
                                                 {u"profiles"_s, m_count}}},
                    {u"generated_at"_s, toIsoUtc(referenceTime())},
                    {u"note"_s, u"Fictional demonstration data; every person and organisation is invented."_s}});
    generate([&writer](const Organisation& o) { writer.addOrganisation(o); },
             [&writer](const Professional& p) { writer.addProfessional(p); });
    const bool ok = writer.finish();
    if (!ok && error)
        *error = writer.errorString();
    return ok;
}

} // namespace htmse
