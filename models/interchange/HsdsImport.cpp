// HSDS 3.0 -> htmse mapping (docs/architecture.md, "HSDS import", says the same at more length).
//
//   organization          -> Organisation: id (kept when it is a UUID, else UUID v5 of
//                            "organization/<id>", reported), name, alternate_name, description,
//                            website, email; phone from a phone row that belongs to the
//                            organization alone; email from such a contact when it has none.
//   service               -> one Professional: id as above ("service/<id>"); display_name = name
//                            (else the organization's name); organisation_id = its organization when
//                            that is imported too; professional_types = ["specialist-ngo"];
//                            biography = description; keywords = [alternate_name]; status
//                            inactive/defunct -> active false, temporarily closed -> not accepting
//                            referrals; minimum/maximum_age -> populations children/adults;
//                            interpretation_services (unless it says none) -> interpreter_available.
//   service_at_location   -> locations: city and country (ISO 3166-1 alpha-2; alpha-3 and English
//     -> location            names are read too) of the physical address (else the postal one), and
//     -> address             latitude/longitude when both are valid. Nothing else of an address is
//                            kept. Confidential only when the location says so: a true
//                            "confidential" field, or an attribute whose term is "confidential".
//                            A virtual location makes the service remote (its URL a website).
//   language              -> languages: code (ISO 639-1/2/3, region subtags dropped), else name ->
//                            ISO 639-3; the note is kept.
//   service_area          -> countries_of_operation, when the area's name is a country.
//   cost_option           -> cost: free when an amount is 0 or the option says free; other
//                            current options are listed in cost.note after fees_description;
//                            options whose valid_to has passed are left out.
//   url, email, contact,  -> contact_channels: website, email (isEmailAddress), phone (E.164 after
//   phone                    removing spaces, dots, dashes, brackets and a "(0)"; 00 -> +). Fax and pager
//                            numbers are left out.
//   attribute             -> services: the service's taxonomy terms through kNeedKeywords (or a
//     -> taxonomy_term       term code that is itself a needs-taxonomy code). Terms that map to
//                            nothing are reported; a service with no mapped need is imported
//                            without needs, with a note. Free text is never mined for needs.
//   last_modified,        -> updated_at: the latest of them; the import time when there is none.
//   metadata
//   htmse (extension)     -> any Professional (or Organisation) field, merged over the mapped ones
//                            (an object in JSON, JSON text in a CSV "htmse" column); "id" is not
//                            taken from it.
//
// Each value is checked as the validator would (length, control characters, codes, URLs,
// addresses) and dropped with a reason when it fails, so one bad value does not cost the whole
// record. Every record then goes through Professional/Organisation::fromJson and a
// toJson -> fromJson round trip; a record that still fails is left out with the validator's
// problems as the reasons. Every reference must resolve inside the same import; a reference that
// does not is reported and ignored. Tables with no place in a profile (schedules, programs,
// funding, accessibility, required documents, organization identifiers, meta table descriptions)
// are not read, only named with their row count.

#include "interchange/HsdsImport.h"

#include "core/JsonReader.h"
#include "domain/CountryCode.h"
#include "domain/LanguageCode.h"
#include "domain/NeedCode.h"
#include "interchange/CsvReader.h"
#include "taxonomy/Countries.h"
#include "taxonomy/Languages.h"
#include "taxonomy/NeedsTaxonomy.h"
#include "taxonomy/TextFolding.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QMap>
#include <QRegularExpression>
#include <QSet>
#include <QUrl>

#include <array>
#include <cmath>
#include <functional>
#include <limits>
#include <vector>

namespace htmse {

using namespace Qt::StringLiterals;
using P = ValidationProblems;

namespace {

// The namespace of the name-based ids given to records whose HSDS id is not a UUID.
constexpr QUuid kIdNamespace(0xdb89bdef, 0xfc07, 0x46ed, 0x9f, 0xb5, 0x29, 0x9d, 0xf4, 0x0a, 0xc8, 0x2d);
constexpr qsizetype kMaxIdLength = 256;
constexpr int kMaxJsonDepth = 64;                                      // HSDS needs fewer than 10 levels
constexpr qsizetype kMaxDescriptorBytes = qsizetype(16) * 1024 * 1024; // datapackage.json
constexpr qsizetype kMaxExtensionBytes = qsizetype(1024) * 1024;       // an "htmse" value in a CSV cell
constexpr qsizetype kMaxChannels = 50;                                 // Professional::fromJson's limit
constexpr qsizetype kMaxLocations = 50;
constexpr qsizetype kMaxProblems = 10'000;            // a report a person can still read
constexpr qsizetype kNoteLength = limits::kShortText; // notes of languages and contact channels

// Keyword phrases of taxonomy terms -> needs-taxonomy codes. The first phrase found (as whole
// words, case and accents ignored) in a term's name or code decides, so specific phrases come
// before general ones. Covers the usual wording of Open Eligibility, 211/AIRS and Open Referral
// UK terms.
struct NeedKeyword
{
    const char* phrase;
    const char* need;
};
constexpr NeedKeyword kNeedKeywords[] = {
    {"istanbul protocol", "expert-witness.medicolegal-istanbul-protocol"},
    {"medicolegal", "medical.medicolegal-report"},
    {"medico legal", "medical.medicolegal-report"},
    {"expert witness", "expert-witness"},
    {"age assessment", "child-protection.age-assessment"},
    {"immigration", "legal.immigration"},
    {"asylum", "legal.immigration"},
    {"refugee", "legal.immigration"},
    {"criminal defense", "legal.criminal-defence"},
    {"criminal defence", "legal.criminal-defence"},
    {"victim rights", "legal.victim-rights"},
    {"compensation", "legal.compensation"},
    {"employment law", "legal.employment"},
    {"labor law", "legal.employment"},
    {"labour law", "legal.employment"},
    {"family law", "legal.family"},
    {"legal", "legal"},
    {"lawyer", "legal"},
    {"attorney", "legal"},
    {"mental health", "mental-health"},
    {"counseling", "mental-health.counselling"},
    {"counselling", "mental-health.counselling"},
    {"trauma", "mental-health.trauma"},
    {"psychiatric", "mental-health.psychiatric-assessment"},
    {"crisis", "mental-health.crisis"},
    {"substance", "mental-health.substance-use"},
    {"addiction", "mental-health.substance-use"},
    {"sexual health", "medical.sexual-health"},
    {"hiv", "medical.sexual-health"},
    {"maternity", "medical.maternity"},
    {"prenatal", "medical.maternity"},
    {"pregnancy", "medical.maternity"},
    {"dental", "medical.dental"},
    {"emergency shelter", "shelter.emergency"},
    {"shelter", "shelter"},
    {"housing", "shelter"},
    {"medical", "medical"},
    {"health care", "medical"},
    {"healthcare", "medical"},
    {"sign language", "interpretation.sign"},
    {"translation", "interpretation.translation"},
    {"interpretation", "interpretation"},
    {"interpreter", "interpretation"},
    {"voluntary return", "repatriation.voluntary-return"},
    {"family tracing", "repatriation.family-tracing"},
    {"repatriation", "repatriation"},
    {"benefits", "financial.benefits"},
    {"debt", "financial.debt"},
    {"money management", "financial"},
    {"financial", "financial"},
    {"esol", "education.language"},
    {"english as a second language", "education.language"},
    {"vocational", "education.vocational"},
    {"education", "education"},
    {"job", "employment.job-search"},
    {"jobs", "employment.job-search"},
    {"employment", "employment"},
    {"safeguarding", "child-protection.safeguarding"},
    {"child protection", "child-protection"},
    {"case management", "casework.case-management"},
    {"peer support", "casework.peer-support"},
    {"safety planning", "safety.planning"},
    {"food", "basic-needs"},
    {"clothing", "basic-needs"},
    {"basic needs", "basic-needs"},
};

enum Table : int
{
    Organization,
    Service,
    Location,
    Address,
    ServiceAtLocation,
    Language,
    Phone,
    Contact,
    CostOption,
    ServiceArea,
    Taxonomy,
    TaxonomyTerm,
    Attribute,
    Metadata,
    TableCount
};

struct TableInfo
{
    const char* name;    // HSDS table (and link_entity / resource_type) name
    const char* file;    // file name in a data package
    const char* altFile; // another name seen in the wild, or nullptr
};
constexpr std::array<TableInfo, TableCount> kTables = {{
    {"organization", "organizations.csv", nullptr},
    {"service", "services.csv", nullptr},
    {"location", "locations.csv", nullptr},
    {"address", "addresses.csv", nullptr},
    {"service_at_location", "service_at_locations.csv", "service_at_location.csv"},
    {"language", "languages.csv", nullptr},
    {"phone", "phones.csv", nullptr},
    {"contact", "contacts.csv", nullptr},
    {"cost_option", "cost_options.csv", nullptr},
    {"service_area", "service_areas.csv", nullptr},
    {"taxonomy", "taxonomies.csv", nullptr},
    {"taxonomy_term", "taxonomy_terms.csv", nullptr},
    {"attribute", "attributes.csv", nullptr},
    {"metadata", "metadata.csv", nullptr},
}};

QString tableName(int table)
{
    return QLatin1StringView(kTables.at(std::size_t(table)).name);
}

std::optional<Table> tableByName(QStringView name)
{
    const QString n = name.trimmed().toString().toLower();
    for (int t = 0; t < TableCount; ++t) {
        const QString singular = tableName(t);
        if (n == singular || n == QLatin1StringView(kTables.at(std::size_t(t)).file).chopped(4))
            return Table(t);
    }
    if (n == "service_at_locations"_L1)
        return ServiceAtLocation;
    return std::nullopt;
}

bool isMainTable(int table)
{
    return table == Service || table == Organization;
}

QLatin1StringView k(const char* key)
{
    return QLatin1StringView(key);
}

// A record of one table: a CSV row or a JSON object, with where it came from.
struct Record
{
    QString source;
    QJsonObject fields;
    QString id; // normalised (a UUID in lower case without braces; anything else as written)
};

QString normaliseId(const QString& raw)
{
    const QString trimmed = raw.trimmed();
    const QUuid uuid = QUuid::fromString(trimmed);
    return uuid.isNull() ? trimmed : uuidString(uuid);
}

QString foldedWords(QStringView text)
{
    QString folded = foldForSearch(text);
    for (QChar& c : folded)
        if (!c.isLetterOrNumber())
            c = u' ';
    return u' ' + folded.simplified() + u' ';
}

std::optional<QString> countryFor(QStringView text)
{
    const QString t = text.trimmed().toString();
    if (t.size() == 2)
        return CountryCode::canonical(t);
    static const QHash<QString, QString> byName = [] {
        QHash<QString, QString> names;
        for (const Countries::Entry& e : Countries::instance().entries()) {
            names.insert(foldedWords(e.alpha3), e.alpha2);
            names.insert(foldedWords(e.name), e.alpha2);
        }
        for (const char* alias : {"uk", "great britain", "england", "scotland", "wales", "northern ireland"})
            names.insert(foldedWords(QString::fromLatin1(alias)), u"GB"_s);
        names.insert(foldedWords(u"united states of america"), u"US"_s);
        return names;
    }();
    if (t.isEmpty() || t.size() > 64)
        return std::nullopt;
    const auto it = byName.constFind(foldedWords(t));
    return it == byName.constEnd() ? std::nullopt : std::optional<QString>(*it);
}

std::optional<QString> languageForName(QStringView name)
{
    static const QHash<QString, QString> byName = [] {
        QHash<QString, QString> names;
        const auto& entries = Languages::instance().entries();
        // Languages with an ISO 639-1 code first: "Arabic" is the macrolanguage ara, not a
        // lesser-known language of the same English name.
        for (int pass = 0; pass < 2; ++pass)
            for (const Languages::Entry& e : entries) {
                if ((pass == 0) == e.part1.isEmpty())
                    continue;
                for (const QString& n : {e.tableName, Languages::instance().englishName(e.code)})
                    if (!n.isEmpty() && !names.contains(foldedWords(n)))
                        names.insert(foldedWords(n), e.code);
            }
        return names;
    }();
    if (name.isEmpty() || name.size() > 64)
        return std::nullopt;
    const auto it = byName.constFind(foldedWords(name));
    return it == byName.constEnd() ? std::nullopt : std::optional<QString>(*it);
}

QString phoneDigits(QString raw)
{
    raw.remove("(0)"_L1); // the trunk prefix in "+44 (0)20 7946 0000" is not dialled from abroad
    QString out;
    out.reserve(raw.size());
    for (const QChar c : raw)
        if (!c.isSpace() && c != u'-' && c != u'.' && c != u'(' && c != u')' && c != u'/')
            out.append(c);
    if (out.startsWith("00"_L1))
        out = u'+' + out.mid(2);
    return out;
}

bool isHttpUrl(const QString& text)
{
    if (text.size() > limits::kUrl)
        return false;
    const QUrl u(text, QUrl::StrictMode);
    const QString scheme = u.scheme().toLower();
    return u.isValid() && (scheme == "https"_L1 || scheme == "http"_L1) && !u.host().isEmpty();
}

QString displayNumber(double d)
{
    if (d == std::floor(d) && std::abs(d) < 1e15)
        return QString::number(qint64(d));
    return QString::number(d, 'g', 15);
}

// A date or a date-time; a date is read as midnight UTC, a date-time without a zone as UTC.
QDateTime parseWhen(const QString& text)
{
    if (text.size() > 40)
        return {};
    if (text.size() == 10) {
        const QDate d = QDate::fromString(text, Qt::ISODate);
        return d.isValid() ? QDateTime(d, QTime(0, 0), Qt::UTC) : QDateTime();
    }
    QDateTime dt = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!dt.isValid())
        return {};
    if (dt.timeSpec() == Qt::LocalTime)
        dt = QDateTime(dt.date(), dt.time(), Qt::UTC);
    return dt.toUTC();
}

bool saysFree(QStringView text)
{
    const QString words = foldedWords(text);
    const auto phrases = {" free ", " no charge ", " no cost ", " free of charge ", " gratis "};
    return std::any_of(phrases.begin(), phrases.end(),
                       [&words](const char* phrase) { return words.contains(QLatin1StringView(phrase)); });
}

bool isConfidentialTerm(QStringView text)
{
    const QString words = foldedWords(text);
    return words == " confidential "_L1 || words == " confidential address "_L1 ||
           words == " confidential location "_L1;
}

bool truthy(const QJsonValue& v)
{
    if (v.isBool())
        return v.toBool();
    if (v.isDouble())
        return v.toDouble() != 0;
    const QString s = v.toString().trimmed().toLower();
    return s == "true"_L1 || s == "yes"_L1 || s == "1"_L1 || s == "y"_L1;
}

// Nesting depth of a JSON text, counted outside strings; stops once past `limit`.
int jsonDepth(const QByteArray& bytes, int limit)
{
    int depth = 0;
    int deepest = 0;
    bool inString = false;
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        const char c = bytes.at(i);
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            deepest = std::max(deepest, ++depth);
            if (deepest > limit)
                return deepest;
        } else if (c == '}' || c == ']') {
            --depth;
        }
    }
    return deepest;
}

struct Channel
{
    QString kind;
    QString value;
    QString note;
};

struct LanguageEntry
{
    QString code;
    QString note;
};

// What the child tables contribute to one service.
struct ServicePieces
{
    QList<qsizetype> locations; // positions in the location table, in order of appearance
    QList<Channel> channels;
    QList<LanguageEntry> languages;
    QList<qsizetype> terms; // positions in the taxonomy_term table
    QStringList countries;
    bool anyFree = false;
    QStringList costNotes;
    QDateTime changed;
};

struct OrganisationPieces
{
    QString phone;
    QString email;
    QDateTime changed;
};

struct PreparedLocation
{
    bool usable = false; // yields a ServiceLocation
    bool isVirtual = false;
    QString url;               // of a virtual location
    QJsonObject json;          // city, country, latitude, longitude, confidential
    QList<qsizetype> services; // through service_at_location
    bool confidential = false;
};

// Who a contact, phone or language row belongs to.
struct Owner
{
    QList<qsizetype> services;
    qsizetype organization = -1;
    bool isEmpty() const { return services.isEmpty() && organization < 0; }
};

class Importer
{
public:
    Importer(const QDateTime& now, bool nested)
        : m_now(now.isValid() ? now.toUTC() : QDateTime::currentDateTimeUtc())
        , m_nested(nested)
    {}

    HsdsImportResult& result() { return m_result; }

    void problem(const QString& source, const QString& field, const QString& reason, bool skipped = false)
    {
        if (m_result.problems.size() < kMaxProblems)
            m_result.problems.append({source, field, reason, skipped});
        else
            ++m_unlisted;
    }

    // A record that never made it into a table (unreadable row, missing id, ...).
    void leftOut(int table, const QString& source, const QString& field, const QString& reason)
    {
        problem(source, field, reason, isMainTable(table));
        if (isMainTable(table)) {
            ++m_result.recordsRead;
            ++m_result.skipped;
        }
    }

    // Adds a record; returns its normalised id, or an empty string when it was left out.
    // `fresh` is false when a record with that id was already there (JSON repeats embedded
    // records, e.g. the organization of every service in a list).
    QString add(int table, Record record, bool* fresh = nullptr)
    {
        if (fresh)
            *fresh = false;
        const QJsonValue idValue = record.fields.value(u"id"_s);
        if (idValue.isArray() || idValue.isObject()) {
            leftOut(table, record.source, u"id"_s,
                    u"must be a single value, not %1; the record is left out"_s.arg(jsonTypeName(idValue)));
            return {};
        }
        const QString raw = text(record, "id");
        if (raw.isEmpty()) {
            leftOut(table, record.source, u"id"_s, u"is missing; the record is left out"_s);
            return {};
        }
        if (raw.size() > kMaxIdLength) {
            leftOut(table, record.source, u"id"_s,
                    u"is %1 characters long, more than %2; the record is left out"_s.arg(raw.size()).arg(kMaxIdLength));
            return {};
        }
        record.id = normaliseId(raw);
        auto& index = m_index.at(std::size_t(table));
        if (const auto it = index.constFind(record.id); it != index.constEnd()) {
            if (m_nested) { // the same record embedded again; a different one under the same id is a defect
                const Record& first = m_tables.at(std::size_t(table)).at(*it);
                if (first.fields != record.fields)
                    problem(record.source, u"id"_s,
                            u"%1 repeats the id of %2 with other values; only the first is read"_s.arg(P::quote(raw),
                                                                                                       first.source));
                return record.id;
            }
            leftOut(table, record.source, u"id"_s,
                    u"%1 repeats the id of %2; the record is left out"_s.arg(
                        P::quote(raw), m_tables.at(std::size_t(table)).at(*it).source));
            return {};
        }
        if (isMainTable(table))
            ++m_result.recordsRead;
        index.insert(record.id, m_tables.at(std::size_t(table)).size());
        m_tables.at(std::size_t(table)).append(std::move(record));
        if (fresh)
            *fresh = true;
        return m_tables.at(std::size_t(table)).constLast().id;
    }

    HsdsImportResult finish();

    // A value as text: strings trimmed, numbers written out, booleans as true/false; an object
    // or an array is reported and read as empty.
    QString text(const Record& r, const char* key)
    {
        const QJsonValue v = r.fields.value(k(key));
        switch (v.type()) {
        case QJsonValue::String:
            return v.toString().trimmed();
        case QJsonValue::Double:
            return displayNumber(v.toDouble());
        case QJsonValue::Bool:
            return v.toBool() ? u"true"_s : u"false"_s;
        case QJsonValue::Array:
        case QJsonValue::Object: {
            const QString field = QString::fromLatin1(key);
            if (!m_typeReported.contains(r.source + u'\n' + field)) { // once, however often the value is read
                m_typeReported.insert(r.source + u'\n' + field);
                problem(r.source, field, u"must be a single value, not %1; ignored"_s.arg(jsonTypeName(v)));
            }
            return {};
        }
        case QJsonValue::Null:
        case QJsonValue::Undefined:
            break;
        }
        return {};
    }

    // Text as the validator accepts it: single-line text has its whitespace collapsed; control
    // characters drop the value; overlong text is shortened. Both are reported.
    QString cleanText(const QString& source, const QString& field, QString t, qsizetype maxLength, TextKind kind)
    {
        if (kind == TextKind::SingleLine) {
            t = t.simplified();
        } else {
            t.replace("\r\n"_L1, "\n"_L1);
            t.replace(u'\r', u'\n');
            t = t.trimmed();
        }
        for (qsizetype i = 0; i < t.size(); ++i) {
            const QChar c = t.at(i);
            const bool allowed = kind == TextKind::MultiLine && (c == u'\n' || c == u'\t');
            const bool lone = (c.isHighSurrogate() && (i + 1 >= t.size() || !t.at(i + 1).isLowSurrogate())) ||
                              (c.isLowSurrogate() && (i == 0 || !t.at(i - 1).isHighSurrogate()));
            if (lone) {
                problem(source, field, u"contains an unpaired UTF-16 surrogate; left out"_s);
                return {};
            }
            if ((c.category() == QChar::Other_Control && !allowed) || c.unicode() == 0xFFFE || c.unicode() == 0xFFFF) {
                problem(source, field,
                        u"contains a control character (U+%1); left out"_s.arg(
                            QString::number(c.unicode(), 16).toUpper().rightJustified(4, u'0')));
                return {};
            }
        }
        if (t.size() > maxLength) {
            qsizetype cut = maxLength - 1;
            if (t.at(cut - 1).isHighSurrogate())
                --cut;
            problem(source, field, u"is %1 characters long; shortened to %2"_s.arg(t.size()).arg(maxLength));
            t = t.left(cut).trimmed() + u'…';
        }
        return t;
    }

    QString clean(const Record& r, const char* key, qsizetype maxLength = limits::kShortText,
                  TextKind kind = TextKind::SingleLine)
    {
        const QString t = text(r, key);
        return t.isEmpty() ? t : cleanText(r.source, QString::fromLatin1(key), t, maxLength, kind);
    }

    // A number, from a JSON number or a numeric string; reported when it is not one or is out of range.
    std::optional<double> number(const Record& r, const char* key, double min, double max, const QString& consequence)
    {
        const QJsonValue v = r.fields.value(k(key));
        double d = 0;
        if (v.isDouble()) {
            d = v.toDouble();
        } else {
            const QString t = text(r, key);
            if (t.isEmpty())
                return std::nullopt;
            bool ok = false;
            d = QLocale::c().toDouble(t, &ok);
            if (!ok) {
                problem(r.source, QString::fromLatin1(key), u"%1 is not a number; %2"_s.arg(P::quote(t), consequence));
                return std::nullopt;
            }
        }
        if (!std::isfinite(d) || d < min || d > max) {
            problem(r.source, QString::fromLatin1(key),
                    u"%1 is outside %2..%3; %4"_s.arg(displayNumber(d), displayNumber(min), displayNumber(max),
                                                      consequence));
            return std::nullopt;
        }
        return d;
    }

    // The position of the record a reference names, or -1 when it names none (absent, or not
    // in the import: that is reported with its consequence).
    qsizetype resolve(const Record& r, const char* key, int table, const QString& consequence)
    {
        const QString raw = text(r, key);
        if (raw.isEmpty())
            return -1;
        const auto& index = m_index.at(std::size_t(table));
        const auto it = index.constFind(normaliseId(raw));
        if (it != index.constEnd())
            return *it;
        problem(r.source, QString::fromLatin1(key),
                u"%1 names no %2 in the import; %3"_s.arg(P::quote(raw), tableName(table), consequence));
        return -1;
    }

private:
    void prepareTerms();
    void linkAttributes();
    void readMetadata();
    void prepareAddresses();
    void prepareLocations();
    void linkServicesToLocations();
    void readContacts();
    void readPhones();
    void readLanguages();
    void readCostOptions();
    void readServiceAreas();
    void buildOrganisations();
    void buildProfessionals();

    Owner ownerOf(const Record& r, const QList<std::pair<const char*, int>>& references);
    void addChannel(const Owner& owner, const Channel& channel);
    void noteChange(int table, qsizetype position, const QDateTime& when);
    QDateTime changedAt(const Record& r, const char* key, const QDateTime& fromMetadata);
    void mergeExtension(const Record& r, QJsonObject& mapped);
    template <typename T> std::optional<T> validate(const Record& r, const QJsonObject& json);

    QDateTime m_now;
    bool m_nested;
    qsizetype m_unlisted = 0;     // problems past kMaxProblems
    QSet<QString> m_typeReported; // "source\nfield" of values already reported as not single values
    HsdsImportResult m_result;
    std::array<QList<Record>, TableCount> m_tables;
    std::array<QHash<QString, qsizetype>, TableCount> m_index;

    std::vector<ServicePieces> m_services;
    std::vector<OrganisationPieces> m_organisations;
    std::vector<PreparedLocation> m_locations;
    std::vector<QList<qsizetype>> m_addressesOf; // per location
    std::vector<QString> m_termNeed;             // per taxonomy term; empty when it maps to nothing
    std::vector<bool> m_termConfidential;
    std::vector<qsizetype> m_salService; // per service_at_location: its service, or -1
    std::vector<Owner> m_contactOwner;
    std::vector<Owner> m_phoneOwner;
    std::vector<QUuid> m_organisationIds; // per organization: the imported id, null when left out
};

} // namespace

QString HsdsImport::needForTerm(QStringView text)
{
    QString code = text.trimmed().toString().toLower();
    if (NeedsTaxonomy::instance().contains(code))
        return code;
    const QString words = foldedWords(text);
    for (const NeedKeyword& kw : kNeedKeywords) {
        if (words.contains(u' ' + QLatin1StringView(kw.phrase) + u' ')) {
            const QString need = QLatin1StringView(kw.need);
            return NeedsTaxonomy::instance().contains(need) ? need : QString();
        }
    }
    return {};
}

QStringList HsdsImport::needsOfKeywordTable()
{
    QStringList needs;
    for (const NeedKeyword& kw : kNeedKeywords)
        if (!needs.contains(QLatin1StringView(kw.need)))
            needs.append(QLatin1StringView(kw.need));
    return needs;
}

namespace {

Owner Importer::ownerOf(const Record& r, const QList<std::pair<const char*, int>>& references)
{
    // Every reference is checked (and reported when dangling); the most specific one decides.
    QHash<int, qsizetype> found;
    for (const auto& [key, table] : references) {
        const qsizetype position = resolve(r, key, table, u"ignored"_s);
        if (position >= 0)
            found.insert(table, position);
    }
    Owner owner;
    if (found.contains(Service)) {
        owner.services = {found.value(Service)};
    } else if (found.contains(ServiceAtLocation) && m_salService.at(std::size_t(found.value(ServiceAtLocation))) >= 0) {
        owner.services = {m_salService.at(std::size_t(found.value(ServiceAtLocation)))};
    } else if (found.contains(Contact)) {
        owner = m_contactOwner.at(std::size_t(found.value(Contact)));
    } else if (found.contains(Phone)) {
        owner = m_phoneOwner.at(std::size_t(found.value(Phone)));
    } else if (found.contains(Location)) {
        owner.services = m_locations.at(std::size_t(found.value(Location))).services;
    }
    if (owner.isEmpty() && found.contains(Organization))
        owner.organization = found.value(Organization);
    return owner;
}

void Importer::addChannel(const Owner& owner, const Channel& channel)
{
    for (const qsizetype s : owner.services) {
        QList<Channel>& channels = m_services.at(std::size_t(s)).channels;
        const auto same = std::find_if(channels.begin(), channels.end(), [&](const Channel& c) {
            return c.kind == channel.kind && c.value == channel.value;
        });
        if (same == channels.end())
            channels.append(channel);
        else if (same->note.isEmpty())
            same->note = channel.note;
    }
    if (owner.services.isEmpty() && owner.organization >= 0) {
        OrganisationPieces& o = m_organisations.at(std::size_t(owner.organization));
        if (channel.kind == "phone"_L1 && o.phone.isEmpty())
            o.phone = channel.value;
        else if (channel.kind == "email"_L1 && o.email.isEmpty())
            o.email = channel.value;
    }
}

void Importer::noteChange(int table, qsizetype position, const QDateTime& when)
{
    QDateTime* slot = nullptr;
    if (table == Service)
        slot = &m_services.at(std::size_t(position)).changed;
    else if (table == Organization)
        slot = &m_organisations.at(std::size_t(position)).changed;
    if (slot && (!slot->isValid() || when > *slot))
        *slot = when;
}

void Importer::prepareTerms()
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
        QString need = HsdsImport::needForTerm(code);
        if (need.isEmpty())
            need = HsdsImport::needForTerm(name);
        m_termNeed.at(std::size_t(i)) = need;
        m_termConfidential.at(std::size_t(i)) = isConfidentialTerm(code) || isConfidentialTerm(name);
    }
}

void Importer::linkAttributes()
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

void Importer::readMetadata()
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

void Importer::prepareAddresses()
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
    }
}

void Importer::prepareLocations()
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

void Importer::linkServicesToLocations()
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

void Importer::readContacts()
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

void Importer::readPhones()
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
        const QString number = phoneDigits(raw);
        if (!isE164Phone(number)) {
            problem(p.source, u"number"_s,
                    u"%1 is not an E.164 phone number (+, country code, number: +441234234567); left out"_s.arg(
                        P::quote(raw)));
            continue;
        }
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

void Importer::readLanguages()
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

void Importer::readCostOptions()
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

void Importer::readServiceAreas()
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

QDateTime Importer::changedAt(const Record& r, const char* key, const QDateTime& fromMetadata)
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

void Importer::mergeExtension(const Record& r, QJsonObject& mapped)
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

template <typename T> std::optional<T> Importer::validate(const Record& r, const QJsonObject& json)
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

void Importer::buildOrganisations()
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
        const QUuid id = HsdsImport::idFor(u"organization", text(o, "id"));
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

void Importer::buildProfessionals()
{
    const auto& services = m_tables.at(Service);
    for (qsizetype i = 0; i < services.size(); ++i) {
        const Record& s = services.at(i);
        const ServicePieces& pieces = m_services.at(std::size_t(i));
        QJsonObject json;
        const qsizetype organisation =
            resolve(s, "organization_id", Organization, u"the profile has no organisation"_s);
        QString name = clean(s, "name");
        if (name.isEmpty() && organisation >= 0) {
            name = clean(m_tables.at(Organization).at(organisation), "name");
            if (!name.isEmpty())
                problem(s.source, u"name"_s, u"is missing; the organization's name is used"_s);
        }
        if (name.isEmpty()) {
            problem(s.source, u"name"_s, u"is missing; the service is left out"_s, true);
            ++m_result.skipped;
            continue;
        }
        const QUuid id = HsdsImport::idFor(u"service", text(s, "id"));
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

        QStringList costNote;
        if (const QString fees = text(s, "fees_description"); !fees.isEmpty())
            costNote.append(fees);
        costNote += pieces.costNotes;
        QJsonObject cost{{u"free"_s, pieces.anyFree}};
        if (!costNote.isEmpty()) {
            const QString note = cleanText(s.source, u"fees_description"_s, costNote.join(u'\n'), limits::kLongText,
                                           TextKind::MultiLine);
            if (!note.isEmpty())
                cost.insert(u"note"_s, note);
        }
        json.insert(u"cost"_s, cost);

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

HsdsImportResult Importer::finish()
{
    m_services.assign(std::size_t(m_tables.at(Service).size()), {});
    m_organisations.assign(std::size_t(m_tables.at(Organization).size()), {});
    m_locations.assign(std::size_t(m_tables.at(Location).size()), {});
    prepareTerms();
    linkServicesToLocations();
    linkAttributes();
    readMetadata();
    prepareAddresses();
    prepareLocations();
    readContacts();
    readPhones();
    readLanguages();
    readCostOptions();
    readServiceAreas();
    buildOrganisations();
    buildProfessionals();
    if (m_unlisted > 0)
        m_result.problems.append(
            {u"import"_s, QString(),
             u"%1 more problems are not listed (at most %2 are)"_s.arg(m_unlisted).arg(kMaxProblems), false});
    return std::move(m_result);
}

// Turns HSDS JSON (nested objects) into the same tables a data package has: each nested record
// is added to its table with the reference to its parent filled in.
class JsonFlattener
{
public:
    JsonFlattener(Importer& importer, QString sourceName)
        : m_importer(importer)
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
    static constexpr const char* kUnreadKeys[] = {"schedules",    "funding",  "required_documents",
                                                  "program",      "programs", "organization_identifiers",
                                                  "accessibility"};

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
                m_importer.problem(source(path), QString::fromLatin1(key),
                                   u"%1 differs from the enclosing record's id; the enclosing one is used"_s.arg(
                                       own.isString() ? P::quote(own.toString()) : jsonTypeName(own)));
            o.insert(k(key), parentId);
        }
        // Child records nested in their parent need no id of their own; give them one from their place.
        const QJsonValue id = o.value(u"id"_s);
        if (!isMainTable(table) &&
            (id.isUndefined() || id.isNull() || (id.isString() && id.toString().trimmed().isEmpty())))
            o.insert(u"id"_s, QString(u"#"_s + source(path)));
        return m_importer.add(table, Record{source(path), o, {}}, fresh);
    }

    template <typename Fn> void forEach(const QJsonObject& o, const char* key, const QString& path, Fn fn)
    {
        const QJsonValue v = o.value(k(key));
        if (v.isUndefined() || v.isNull())
            return;
        const QString arrayPath = P::child(path, QString::fromLatin1(key));
        if (!v.isArray()) {
            m_importer.problem(source(path), QString::fromLatin1(key),
                               u"must be an array, not %1; ignored"_s.arg(jsonTypeName(v)));
            return;
        }
        const QJsonArray a = v.toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            const QString itemPath = P::index(arrayPath, i);
            if (!a.at(i).isObject()) {
                m_importer.problem(source(itemPath), QString(),
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
            m_importer.problem(source(path), QString::fromLatin1(key),
                               u"must be an object, not %1; ignored"_s.arg(jsonTypeName(v)));
            return {};
        }
        return fn(v.toObject(), P::child(path, QString::fromLatin1(key)));
    }

    void common(const QJsonObject& o, const QString& path, const QString& id, const char* entity)
    {
        for (const char* key : kUnreadKeys) {
            const QJsonValue v = o.value(k(key));
            if (v.isArray())
                m_unread[QString::fromLatin1(key)] += v.toArray().size();
            else if (v.isObject())
                m_unread[QString::fromLatin1(key)] += 1;
        }
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

    Importer& m_importer;
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

QString HsdsProblem::path() const
{
    return field.isEmpty() ? source : source + u": "_s + field;
}

QString HsdsProblem::toString() const
{
    return path() + u": "_s + reason;
}

QUuid HsdsImport::idFor(QStringView table, QStringView sourceId)
{
    const QString trimmed = sourceId.trimmed().toString();
    const QUuid uuid = QUuid::fromString(trimmed);
    if (!uuid.isNull())
        return uuid;
    return QUuid::createUuidV5(kIdNamespace, table.toString() + u'/' + trimmed);
}

bool HsdsImport::looksLikeHsdsJson(const QByteArray& bytes)
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

HsdsImportResult HsdsImport::readJson(const QByteArray& bytes, const QString& sourceName, const QDateTime& now)
{
    Importer importer(now, true);
    JsonFlattener flattener(importer, sourceName);
    const QString whole = flattener.source({});
    auto refuse = [&](const QString& reason) {
        importer.problem(whole, QString(), reason);
        HsdsImportResult result = std::move(importer.result());
        result.readable = false;
        return result;
    };
    if (bytes.size() > kMaxBytes)
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
            importer.problem(whole, u"page_number"_s,
                             u"this is page %1 of %2 (%3 items in all); the other pages are not in this file and "
                             "are not imported"_s.arg(pageNumber)
                                 .arg(pages)
                                 .arg(total));
        else if (total > items.size())
            importer.problem(
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
            importer.leftOut(Service, flattener.source(path), QString(),
                             u"must be an object, not %1; left out"_s.arg(jsonTypeName(items.at(i))));
            continue;
        }
        if (flattener.topLevel(items.at(i).toObject(), path))
            anyRecognised = true;
        else
            importer.leftOut(Service, flattener.source(path), QString(),
                             u"is not an HSDS service, organization or service_at_location; left out"_s);
    }
    HsdsImportResult result = importer.finish();
    flattener.reportUnread(result);
    result.readable = recognised && anyRecognised;
    if (!result.readable)
        result.problems.prepend(
            {whole, QString(), u"holds no HSDS service, organization or service_at_location"_s, false});
    return result;
}

HsdsImportResult HsdsImport::readDataPackage(const QString& directory, const QDateTime& now)
{
    Importer importer(now, false);
    const QDir dir(directory);
    if (!dir.exists()) {
        importer.problem(directory, QString(), u"is not a folder"_s);
        return std::move(importer.result());
    }

    // datapackage.json names the file of each table; without it, the usual names are tried.
    std::array<QString, TableCount> files;
    const QString descriptor = u"datapackage.json"_s;
    const QFileInfo descriptorInfo(dir.filePath(descriptor));
    const QString fallback = u"the tables are looked for under their usual file names"_s;
    if (!descriptorInfo.exists()) {
        importer.problem(descriptor, QString(), u"is missing; "_s + fallback);
    } else if (descriptorInfo.size() > kMaxDescriptorBytes) {
        importer.problem(descriptor, QString(), u"is larger than 16 MiB; "_s + fallback);
    } else {
        QFile f(descriptorInfo.filePath());
        const QByteArray bytes = f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        QJsonParseError error{};
        const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
        const QString trimmed = QString::fromUtf8(bytes).trimmed();
        if (error.error != QJsonParseError::NoError || !doc.isObject()) {
            QString why = u"is not a JSON data package descriptor"_s;
            if (!trimmed.contains(u'{') && trimmed.endsWith(".json"_L1) && trimmed.size() < 256)
                why += u" (it holds only the text %1: a symbolic link saved as a plain file)"_s.arg(P::quote(trimmed));
            importer.problem(descriptor, QString(), why + u"; "_s + fallback);
        } else {
            const QJsonArray resources = doc.object().value(u"resources"_s).toArray();
            for (qsizetype i = 0; i < resources.size(); ++i) {
                const QJsonObject resource = resources.at(i).toObject();
                const QString field = P::child(P::index(u"resources"_s, i), u"path"_s);
                const auto table = tableByName(resource.value(u"name"_s).toString());
                if (!table)
                    continue;
                const QString path = resource.value(u"path"_s).toString();
                const bool escapes = path.isEmpty() || QDir::isAbsolutePath(path) || path.contains(u'\\') ||
                                     path.contains(u':') || QDir::cleanPath(path).startsWith(".."_L1);
                if (escapes) {
                    importer.problem(descriptor, field,
                                     u"%1 is not a file inside the package folder; ignored"_s.arg(P::quote(path)));
                    continue;
                }
                files.at(std::size_t(*table)) = QDir::cleanPath(path);
            }
        }
    }

    bool anyMainTable = false;
    for (int t = 0; t < TableCount; ++t) {
        QString file = files.at(std::size_t(t));
        if (file.isEmpty()) {
            for (const char* candidate : {kTables.at(std::size_t(t)).file, kTables.at(std::size_t(t)).altFile})
                if (candidate && QFileInfo::exists(dir.filePath(QLatin1StringView(candidate)))) {
                    file = QLatin1StringView(candidate);
                    break;
                }
        } else if (!QFileInfo::exists(dir.filePath(file))) {
            importer.problem(
                descriptor, QString(),
                u"names %1 for the %2 table, but there is no such file"_s.arg(P::quote(file), tableName(t)));
            continue;
        }
        if (file.isEmpty())
            continue;
        const QFileInfo info(dir.filePath(file));
        if (info.size() > kMaxBytes) {
            importer.problem(file, QString(), u"is larger than 1 GiB; not read"_s);
            continue;
        }
        QFile f(info.filePath());
        if (!f.open(QIODevice::ReadOnly)) {
            importer.problem(file, QString(), u"cannot be read: %1"_s.arg(f.errorString()));
            continue;
        }
        const CsvReader::Table table = CsvReader::parse(f.readAll());
        auto rowSource = [&file](qsizetype row) { return row == 0 ? file : u"%1 row %2"_s.arg(file).arg(row); };
        // The reader's problems and the rows, merged in row order.
        qsizetype next = 0;
        auto reportUpTo = [&](qsizetype row) {
            for (; next < table.problems.size() && table.problems.at(next).row <= row; ++next) {
                const CsvReader::Problem& p = table.problems.at(next);
                if (p.rowLeftOut && p.row > 0 && table.readable)
                    importer.leftOut(t, rowSource(p.row), QString(), p.message + u"; the row is left out"_s);
                else
                    importer.problem(rowSource(p.row), QString(), p.message);
            }
        };
        if (table.readable) {
            anyMainTable = anyMainTable || isMainTable(t);
            for (const CsvReader::Row& row : table.rows) {
                reportUpTo(row.number);
                QJsonObject fields;
                for (qsizetype c = 0; c < table.header.size(); ++c) {
                    const QString& name = table.header.at(c);
                    if (name.isEmpty() || fields.contains(name) || row.values.at(c).isEmpty())
                        continue;
                    fields.insert(name, row.values.at(c));
                }
                importer.add(t, Record{rowSource(row.number), fields, {}});
            }
        }
        reportUpTo(std::numeric_limits<qsizetype>::max());
    }
    if (!anyMainTable) { // the reason first: it is the one a caller shows when it shows one
        importer.result().problems.prepend(
            {directory, QString(), u"holds no readable HSDS services.csv or organizations.csv; nothing to import"_s,
             false});
        return std::move(importer.result());
    }
    HsdsImportResult result = importer.finish();
    result.readable = true;
    // Tables with no place in a directory profile are mentioned, so nothing goes unsaid.
    for (const char* name : {"accessibility.csv", "funding.csv", "programs.csv", "required_documents.csv",
                             "schedules.csv", "organization_identifiers.csv", "meta_table_descriptions.csv"}) {
        const QString file = QLatin1StringView(name);
        const QFileInfo info(dir.filePath(file));
        if (!info.exists() || info.size() > kMaxBytes)
            continue;
        QFile f(info.filePath());
        const qsizetype rows = f.open(QIODevice::ReadOnly) ? CsvReader::parse(f.readAll()).rows.size() : 0;
        if (rows > 0)
            result.problems.append({file, QString(),
                                    (rows == 1 ? u"1 row"_s : u"%1 rows"_s.arg(rows)) +
                                        u" not imported: the importer does not read this table (no place in a "
                                        "directory profile)"_s,
                                    false});
    }
    return result;
}

HsdsImportResult HsdsImport::readPath(const QString& path, const QDateTime& now)
{
    const QFileInfo info(path);
    auto refuse = [&](const QString& reason) {
        HsdsImportResult result;
        result.problems.append({info.fileName().isEmpty() ? path : info.fileName(), QString(), reason, false});
        return result;
    };
    if (!info.exists())
        return refuse(u"does not exist"_s);
    if (info.isDir())
        return readDataPackage(path, now);
    if (info.fileName() == "datapackage.json"_L1)
        return readDataPackage(info.absolutePath(), now);
    if (info.suffix().compare("csv"_L1, Qt::CaseInsensitive) == 0)
        return refuse(u"a CSV data package is read as a whole: give the folder that holds it"_s);
    if (info.size() > kMaxBytes)
        return refuse(u"is larger than 1 GiB; refused"_s);
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return refuse(u"cannot be read: %1"_s.arg(f.errorString()));
    return readJson(f.readAll(), info.fileName(), now);
}

} // namespace htmse
