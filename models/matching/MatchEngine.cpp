#include "matching/MatchEngine.h"

#include "domain/CountryCode.h"
#include "domain/LanguageCode.h"
#include "domain/Vocabulary.h"
#include "taxonomy/NeedsTaxonomy.h"

#include <QCoreApplication>
#include <QTimeZone>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace htmse {

using namespace Qt::StringLiterals;

namespace {
bool test(const std::array<std::uint64_t, MatchEngine::kNeedWords>& bits, int i)
{
    return (bits[size_t(i) / 64] >> (unsigned(i) % 64)) & 1u;
}

void set(std::array<std::uint64_t, MatchEngine::kNeedWords>& bits, int i)
{
    bits[size_t(i) / 64] |= std::uint64_t(1) << (unsigned(i) % 64);
}

template <size_t N> std::uint16_t bitsOf(const QStringList& codes, Vocabulary vocabulary)
{
    const QStringList all = vocabularyCodes(vocabulary);
    std::uint16_t out = 0;
    for (const QString& c : codes)
        if (const qsizetype i = all.indexOf(c); i >= 0 && i < qsizetype(N))
            out |= std::uint16_t(1u << unsigned(i));
    return out;
}

int monthsBetween(const QDate& from, const QDate& to)
{
    return (to.year() - from.year()) * 12 + (to.month() - from.month()) - (to.day() < from.day() ? 1 : 0);
}
} // namespace

struct MatchEngine::Prepared
{
    QList<int> required; // need bits
    QList<int> preferred;
    QList<QString> requiredCodes;
    QList<QString> preferredCodes;
    std::vector<int> languages; // language indexes in order; -1 when nobody in the directory speaks it
    QStringList languageCodes;
    bool interpreterOk = false;
    bool hasPoint = false;
    double latitude = 0;
    double longitude = 0;
    double radiusKm = 50;
    // The band of latitudes a location within the radius must lie in (R times the difference in
    // latitude never exceeds the distance), so most locations are turned away without haversine.
    double minLatitude = -90;
    double maxLatitude = 90;
    bool remoteOk = false;
    bool includeNotAccepting = false;
    bool verifiedOnly = false;
    std::uint8_t gender = 0;
    Cost cost = Cost::Any;
    bool expert = false;
    std::uint16_t discipline = 0;
    std::uint16_t reportType = 0;
    QString jurisdiction;
    QString jurisdictionCountry; // its first two letters
    int minCourt = 0;
    std::uint16_t accessibility = 0; // every one of these bits
    bool eveningsOrWeekends = false;
    bool openAt = false;
    // The asked moment as (ISO weekday, minute of the day) in each zone of m_zones, and where no
    // zone is stated (the asker's own local time).
    std::vector<std::pair<int, int>> localByZone;
    std::pair<int, int> localUnzoned{0, 0};
    int limit = 20;
    QDate today;
};

// What the hard filters learnt about one entry: the score and the explanation are made of it.
struct MatchEngine::Facts
{
    int coveredRequired = 0;
    int coveredPreferred = 0;
    int spokenAt = -1; // rank of the first of the person's languages spoken; -1: none
    double languagePart = 1.0;
    double distancePart = 1.0;
    std::optional<double> distanceKm;
    bool viaRemote = false;
    qsizetype nearest = -1; // the location matched by; -1: none (or no place asked)
};

// The score's parts, each 0..1.
struct MatchEngine::Parts
{
    double needs = 0;
    double language = 0;
    double distance = 0;
    double capacity = 0;
    double verification = 0;
    double preference = 0;
    int verifiedMonthsAgo = -1;
};

MatchEngine::MatchEngine()
{
    for (const NeedsTaxonomy::Need& n : NeedsTaxonomy::instance().needs()) {
        if (m_needCodes.size() >= kNeedWords * 64)
            break;
        m_needIndex.insert(n.code, int(m_needCodes.size()));
        m_needCodes.append(n.code);
    }
}

std::uint16_t MatchEngine::languageIndex(const QString& code)
{
    const auto it = m_languageIndex.constFind(code);
    if (it != m_languageIndex.constEnd())
        return *it;
    const auto index = std::uint16_t(m_languageIndex.size());
    m_languageIndex.insert(code, index);
    return index;
}

MatchEngine::Entry MatchEngine::makeEntry(const IndexRecord& r)
{
    Entry e;
    e.used = true;
    e.id = r.id;
    e.name = r.name;
    const NeedsTaxonomy& taxonomy = NeedsTaxonomy::instance();
    for (const QString& code : r.services) {
        const int bit = m_needIndex.value(code, -1);
        if (bit < 0)
            continue;
        set(e.offered, bit);
        set(e.coverage, bit);
        // Offering a child covers a query for its parent; offering the parent covers only the parent.
        if (const QString parent = taxonomy.parentOf(code); !parent.isEmpty())
            if (const int p2 = m_needIndex.value(parent, -1); p2 >= 0)
                set(e.coverage, p2);
    }
    for (qsizetype i = 0; i < r.languages.size(); ++i) {
        e.languages.push_back(languageIndex(r.languages.at(i)));
        e.proficiencies.push_back(std::uint8_t(r.lowProficiency.at(i)));
    }
    // A record without the flags is read as all confidential: a place is shown only when known to be public.
    const bool flagged = r.confidential.size() == r.coordinates.size() / 2;
    for (qsizetype i = 0; i + 1 < r.coordinates.size(); i += 2)
        e.locations.push_back(
            {r.coordinates.at(i), r.coordinates.at(i + 1), !flagged || r.confidential.at(i / 2) != 0});
    e.active = r.active;
    e.accepting = r.accepting;
    e.remote = r.remote;
    e.interpreter = r.interpreter;
    e.free = r.free;
    e.legalAid = r.legalAid;
    e.proBono = r.proBono;
    e.responseDays = r.responseDays;
    e.gender = std::uint8_t(vocabularyCodes(Vocabulary::Gender).indexOf(r.gender) + 1);
    // The enum follows the vocabulary's order; anything unknown counts as not verified.
    e.verification =
        Verification(std::max<qsizetype>(0, vocabularyCodes(Vocabulary::VerificationStatus).indexOf(r.verification)));
    e.verifiedOn = r.verifiedOn;
    e.accessibility = bitsOf<16>(r.accessibility, Vocabulary::Accessibility);
    e.hours.assign(r.hours.cbegin(), r.hours.cend());
    for (const quint32 h : r.hours) {
        const quint32 opens = (h >> 11) & 0x7ff;
        const quint32 closes = h & 0x7ff;
        const quint32 days = h >> 22;
        e.eveningsOrWeekends = e.eveningsOrWeekends || closes > 18 * 60 || closes < opens || (days & 0x60);
    }
    if (!r.timeZone.isEmpty()) {
        const QByteArray zone = r.timeZone.toLatin1();
        qsizetype index = m_zones.indexOf(zone);
        if (index < 0 && m_zones.size() < std::numeric_limits<std::int16_t>::max()) {
            m_zones.append(zone);
            index = m_zones.size() - 1;
        }
        e.zone = std::int16_t(index);
    }
    if (r.expert) {
        e.expert = true;
        e.disciplines = bitsOf<16>(r.disciplines, Vocabulary::ExpertDiscipline);
        e.reportTypes = bitsOf<16>(r.reportTypes, Vocabulary::ReportType);
        e.jurisdictions = r.jurisdictions;
        e.courtAppearances = r.courtAppearances;
        e.acceptingInstructions = r.acceptingInstructions;
    }
    return e;
}

void MatchEngine::setProfessionals(const QList<Professional>& professionals)
{
    clear();
    m_entries.reserve(size_t(professionals.size()));
    for (const Professional& p : professionals)
        upsert(p);
}

void MatchEngine::upsert(const Professional& p)
{
    upsert(IndexRecord::from(p, IndexRecord::Content::MatchingOnly));
}

void MatchEngine::upsert(const IndexRecord& r)
{
    Entry e = makeEntry(r);
    if (const auto it = m_byId.constFind(r.id); it != m_byId.constEnd()) {
        m_entries[size_t(*it)] = std::move(e);
        return;
    }
    qsizetype slot;
    if (!m_free.isEmpty()) {
        slot = m_free.takeLast();
        m_entries[size_t(slot)] = std::move(e);
    } else {
        slot = qsizetype(m_entries.size());
        m_entries.push_back(std::move(e));
    }
    m_byId.insert(r.id, slot);
}

bool MatchEngine::remove(const QUuid& id)
{
    const auto it = m_byId.constFind(id);
    if (it == m_byId.constEnd())
        return false;
    m_entries[size_t(*it)] = Entry();
    m_free.append(*it);
    m_byId.erase(it);
    return true;
}

void MatchEngine::clear()
{
    m_entries.clear();
    m_free.clear();
    m_byId.clear();
    m_zones.clear();
}

QStringList MatchEngine::validate(const MatchQuery& q) const
{
    QStringList problems;
    prepare(q, &problems);
    return problems;
}

std::optional<MatchEngine::Prepared> MatchEngine::prepare(const MatchQuery& q, QStringList* problems) const
{
    // Checked and turned into bits and indexes in one pass: each code is looked up once.
    QStringList found;
    const auto problem = [&found](const char* text, const QString& arg = {}) {
        const QString message = QCoreApplication::translate("htmse::MatchEngine", text);
        found.append(arg.isNull() ? message : message.arg(arg));
    };
    Prepared p;
    for (const MatchQuery::Need& n : q.needs) {
        if (!NeedsTaxonomy::instance().contains(n.code)) {
            problem(QT_TRANSLATE_NOOP("htmse::MatchEngine", "\"%1\" is not a code of the needs taxonomy"), n.code);
            continue;
        }
        const int bit = m_needIndex.value(n.code, -1);
        if (bit < 0)
            continue;
        (n.required ? p.required : p.preferred).append(bit);
        (n.required ? p.requiredCodes : p.preferredCodes).append(n.code);
    }
    for (const QString& l : q.languages) {
        const auto language = LanguageCode::parse(l);
        if (!language) {
            problem(QT_TRANSLATE_NOOP("htmse::MatchEngine", "\"%1\" is not an ISO 639-3 language code"), l);
            continue;
        }
        p.languageCodes.append(language->code());
        const auto it = m_languageIndex.constFind(language->code());
        p.languages.push_back(it == m_languageIndex.constEnd() ? -1 : int(*it));
    }
    if (q.near && !q.near->isValid())
        problem(QT_TRANSLATE_NOOP("htmse::MatchEngine", "the place's coordinates are outside -90..90, -180..180"));
    if (!std::isfinite(q.radiusKm) || q.radiusKm <= 0 || q.radiusKm > 20'000)
        problem(QT_TRANSLATE_NOOP("htmse::MatchEngine", "the radius must be between 0 and 20000 km"));
    if (!q.gender.isEmpty() && !isInVocabulary(Vocabulary::Gender, q.gender))
        problem(QT_TRANSLATE_NOOP("htmse::MatchEngine", "\"%1\" is not a gender of the vocabulary"), q.gender);
    if (!q.discipline.isEmpty() && !isInVocabulary(Vocabulary::ExpertDiscipline, q.discipline))
        problem(QT_TRANSLATE_NOOP("htmse::MatchEngine", "\"%1\" is not an expert discipline"), q.discipline);
    if (!q.reportType.isEmpty() && !isInVocabulary(Vocabulary::ReportType, q.reportType))
        problem(QT_TRANSLATE_NOOP("htmse::MatchEngine", "\"%1\" is not a report type"), q.reportType);
    if (!q.jurisdiction.isEmpty() && !CountryCode::isValidJurisdiction(q.jurisdiction.toUpper()))
        problem(QT_TRANSLATE_NOOP("htmse::MatchEngine", "\"%1\" is not a country or ISO 3166-2 subdivision code"),
                q.jurisdiction);
    const auto cost = costFromWire(q.cost);
    if (!cost)
        problem(QT_TRANSLATE_NOOP("htmse::MatchEngine",
                                  "the cost constraint is one of: free, legal-aid, free-or-legal-aid"));
    for (const QString& a : q.accessibility)
        if (!isInVocabulary(Vocabulary::Accessibility, a))
            problem(QT_TRANSLATE_NOOP("htmse::MatchEngine", "\"%1\" is not an accessibility feature of the vocabulary"),
                    a);
    if (q.openAt && !q.openAt->isValid())
        problem(QT_TRANSLATE_NOOP("htmse::MatchEngine", "the time to be open at is not a valid time"));
    if (q.minCourtAppearances < 0 || q.limit < 1 || q.limit > 10'000)
        problem(
            QT_TRANSLATE_NOOP("htmse::MatchEngine", "the limit must be 1 to 10000 and court appearances not negative"));
    if (problems)
        *problems = found;
    if (!found.isEmpty())
        return std::nullopt;

    p.interpreterOk = q.interpreterOk;
    if (q.near) {
        p.hasPoint = true;
        p.latitude = q.near->latitude();
        p.longitude = q.near->longitude();
    }
    setRadius(p, q.radiusKm);
    p.remoteOk = q.remoteOk;
    p.includeNotAccepting = q.includeNotAccepting;
    p.verifiedOnly = q.verifiedOnly;
    p.gender = std::uint8_t(q.gender.isEmpty() ? 0 : vocabularyCodes(Vocabulary::Gender).indexOf(q.gender) + 1);
    p.cost = *cost;
    p.expert = q.expertWitness || !q.discipline.isEmpty() || !q.reportType.isEmpty() || !q.jurisdiction.isEmpty() ||
               q.minCourtAppearances > 0;
    p.discipline = q.discipline.isEmpty() ? 0 : bitsOf<16>({q.discipline}, Vocabulary::ExpertDiscipline);
    p.reportType = q.reportType.isEmpty() ? 0 : bitsOf<16>({q.reportType}, Vocabulary::ReportType);
    p.jurisdiction = q.jurisdiction.toUpper();
    p.jurisdictionCountry = p.jurisdiction.left(2);
    p.minCourt = q.minCourtAppearances;
    p.accessibility = bitsOf<16>(q.accessibility, Vocabulary::Accessibility);
    p.eveningsOrWeekends = q.eveningsOrWeekends;
    if (q.openAt) {
        p.openAt = true;
        const auto dayAndMinute = [](const QDateTime& t) {
            return std::pair<int, int>(t.date().dayOfWeek(), t.time().hour() * 60 + t.time().minute());
        };
        p.localUnzoned = dayAndMinute(q.openAt->toLocalTime());
        for (const QByteArray& zone : m_zones) {
            const QTimeZone tz(zone);
            p.localByZone.push_back(dayAndMinute(tz.isValid() ? q.openAt->toTimeZone(tz) : q.openAt->toLocalTime()));
        }
    }
    p.limit = q.limit;
    p.today = q.today.isValid() ? q.today : QDate::currentDate();
    return p;
}

void MatchEngine::setRadius(Prepared& p, double radiusKm)
{
    p.radiusKm = radiusKm;
    if (!p.hasPoint)
        return;
    // A hair wider than exact: the locations are stored as floats.
    const double band = radiusKm / (GeoPoint::kEarthRadiusKm * std::numbers::pi / 180.0) + 1e-3;
    p.minLatitude = p.latitude - band;
    p.maxLatitude = p.latitude + band;
}

std::optional<MatchEngine::Cost> MatchEngine::costFromWire(const QString& cost)
{
    if (cost.isEmpty())
        return Cost::Any;
    if (cost == "free"_L1)
        return Cost::Free;
    if (cost == "legal-aid"_L1)
        return Cost::LegalAid;
    if (cost == "free-or-legal-aid"_L1)
        return Cost::FreeOrLegalAid;
    return std::nullopt;
}

// --- The hard filters: each says whether the entry may be offered at all. ---

bool MatchEngine::passesNeeds(const Entry& e, const Prepared& q, Facts* f)
{
    for (int bit : q.required)
        f->coveredRequired += test(e.coverage, bit) ? 1 : 0;
    if (!q.required.isEmpty() && f->coveredRequired == 0)
        return false; // at least one required need covered
    for (int bit : q.preferred)
        f->coveredPreferred += test(e.coverage, bit) ? 1 : 0;
    return true;
}

bool MatchEngine::passesCost(const Entry& e, Cost cost)
{
    switch (cost) {
    case Cost::Any:
        return true;
    case Cost::Free:
        return e.free;
    case Cost::LegalAid:
        return e.legalAid;
    case Cost::FreeOrLegalAid:
        return e.free || e.legalAid || e.proBono;
    }
    return false;
}

bool MatchEngine::passesExpert(const Entry& e, const Prepared& q)
{
    if (!q.expert)
        return true;
    if (!e.expert || !e.acceptingInstructions || e.courtAppearances < q.minCourt)
        return false;
    if (q.discipline && !(e.disciplines & q.discipline))
        return false;
    if (q.reportType && !(e.reportTypes & q.reportType))
        return false;
    if (q.jurisdiction.isEmpty())
        return true;
    // "GB" is served by "GB" and "GB-ENG"; "GB-SCT" by "GB-SCT" and "GB".
    return std::any_of(e.jurisdictions.cbegin(), e.jurisdictions.cend(), [&q](const QString& j) {
        return j == q.jurisdiction || j == q.jurisdictionCountry ||
               (q.jurisdiction.size() == 2 && j.startsWith(q.jurisdictionCountry));
    });
}

bool MatchEngine::passesLanguage(const Entry& e, const Prepared& q, Facts* f)
{
    // The person's first language spoken best; an interpreter as a fallback.
    if (q.languages.empty())
        return true;
    f->languagePart = 0;
    for (size_t rank = 0; rank < q.languages.size() && f->spokenAt < 0; ++rank) {
        const int index = q.languages[rank];
        if (index < 0)
            continue;
        for (size_t k = 0; k < e.languages.size(); ++k)
            if (e.languages[k] == index) {
                f->spokenAt = int(rank);
                f->languagePart = std::max(0.3, 1.0 - 0.15 * double(rank)) * (e.proficiencies[k] ? 0.8 : 1.0);
                break;
            }
    }
    if (f->spokenAt >= 0)
        return true;
    if (!(q.interpreterOk && e.interpreter))
        return false;
    f->languagePart = 0.4;
    return true;
}

bool MatchEngine::passesPlace(const Entry& e, const Prepared& q, Facts* f)
{
    // The nearest location within the radius, or a remote service.
    if (!q.hasPoint)
        return true;
    const auto nearest = [&e, &q, f](bool inBandOnly) {
        double best = std::numeric_limits<double>::infinity();
        for (size_t i = 0; i < e.locations.size(); ++i) {
            const Location& l = e.locations[i];
            if (inBandOnly && (l.latitude < q.minLatitude || l.latitude > q.maxLatitude))
                continue;
            if (const double d = GeoPoint::haversineKm(q.latitude, q.longitude, l.latitude, l.longitude); d < best) {
                best = d;
                f->nearest = qsizetype(i);
            }
        }
        return best;
    };
    if (const double best = nearest(true); best <= q.radiusKm) {
        f->distanceKm = best;
        f->distancePart = 1.0 - best / q.radiusKm;
        return true;
    }
    if (!(q.remoteOk && e.remote))
        return false;
    // A remote service far away: its true distance is still shown.
    f->viaRemote = true;
    f->distancePart = 0.5;
    if (const double best = nearest(false); std::isfinite(best))
        f->distanceKm = best;
    return true;
}

bool MatchEngine::passesHoursAndAccess(const Entry& e, const Prepared& q)
{
    if ((e.accessibility & q.accessibility) != q.accessibility)
        return false;
    if (q.eveningsOrWeekends && !e.eveningsOrWeekends)
        return false;
    if (!q.openAt)
        return true;
    const auto [day, minute] = e.zone >= 0 ? q.localByZone[size_t(e.zone)] : q.localUnzoned;
    const quint32 today = 1u << unsigned(day - 1);
    const quint32 yesterday = 1u << unsigned(day == 1 ? 6 : day - 2);
    return std::any_of(e.hours.cbegin(), e.hours.cend(), [&](std::uint32_t h) {
        const int opens = int((h >> 11) & 0x7ff);
        const int closes = int(h & 0x7ff);
        const quint32 days = h >> 22;
        if (closes > opens)
            return (days & today) && minute >= opens && minute < closes;
        return ((days & today) && minute >= opens) || ((days & yesterday) && minute < closes); // past midnight
    });
}

bool MatchEngine::passes(const Entry& e, const Prepared& q, Facts* f)
{
    return e.used && e.active && (e.accepting || q.includeNotAccepting) &&
           (!q.verifiedOnly || e.verification == Verification::Verified) && passesNeeds(e, q, f) &&
           passesCost(e, q.cost) && passesExpert(e, q) && passesHoursAndAccess(e, q) && passesLanguage(e, q, f) &&
           passesPlace(e, q, f);
}

// --- The score: a weighted mean of parts, each kept for the explanation. ---

double MatchEngine::score(const Entry& e, const Prepared& q, const Facts& f, const MatchWeights& w, Parts* parts)
{
    const double needsTotal = double(q.required.size()) + 0.5 * double(q.preferred.size());
    parts->needs = needsTotal == 0 ? 1.0 : (f.coveredRequired + 0.5 * f.coveredPreferred) / needsTotal;
    parts->language = f.languagePart;
    parts->distance = f.distancePart;
    parts->capacity = e.responseDays < 0 ? 0.5 : 1.0 - std::min(21, int(e.responseDays)) / 21.0;
    parts->verifiedMonthsAgo = -1;
    switch (e.verification) {
    case Verification::Verified:
        if (e.verifiedOn.isValid()) {
            parts->verifiedMonthsAgo = std::max(0, monthsBetween(e.verifiedOn, q.today));
            parts->verification = std::max(0.2, 1.0 - double(parts->verifiedMonthsAgo) / 30.0);
        } else {
            parts->verification = 0.1;
        }
        break;
    case Verification::Pending:
        parts->verification = 0.3;
        break;
    case Verification::Lapsed:
        parts->verification = 0.2;
        break;
    case Verification::Unverified:
    case Verification::Suspended:
        parts->verification = 0.1;
        break;
    }
    parts->preference = q.gender == 0 || q.gender == e.gender ? 1.0 : 0.0;
    const double totalWeight = w.needs + w.language + w.distance + w.capacity + w.verification + w.preference;
    return 100.0 *
           (w.needs * parts->needs + w.language * parts->language + w.distance * parts->distance +
            w.capacity * parts->capacity + w.verification * parts->verification + w.preference * parts->preference) /
           totalWeight;
}

void MatchEngine::describe(const Entry& e, const Prepared& q, const Facts& f, const Parts& parts, double score,
                           MatchResult* out)
{
    out->id = e.id;
    out->name = e.name;
    out->score = score;
    out->distanceKm = f.distanceKm;
    out->viaRemote = f.viaRemote;
    out->needsPart = parts.needs;
    out->languagePart = parts.language;
    out->distancePart = parts.distance;
    out->capacityPart = parts.capacity;
    out->verificationPart = parts.verification;
    out->preferencePart = parts.preference;
    out->coveredNeeds.clear();
    for (qsizetype i = 0; i < q.required.size(); ++i)
        if (test(e.coverage, q.required[i]))
            out->coveredNeeds.append(q.requiredCodes[i]);
    for (qsizetype i = 0; i < q.preferred.size(); ++i)
        if (test(e.coverage, q.preferred[i]))
            out->coveredNeeds.append(q.preferredCodes[i]);
    out->queriedNeeds = int(q.required.size() + q.preferred.size());
    out->spokenLanguage = f.spokenAt >= 0 ? q.languageCodes[f.spokenAt] : QString();
    out->viaInterpreter = !q.languages.empty() && f.spokenAt < 0;
    out->verifiedMonthsAgo = parts.verifiedMonthsAgo;
    out->courtAppearances = q.expert ? e.courtAppearances : -1;
    // The location matched by; without a place asked, the first public one (else the first).
    qsizetype at = f.nearest;
    if (at < 0 && !e.locations.empty()) {
        const auto open =
            std::find_if(e.locations.cbegin(), e.locations.cend(), [](const Location& l) { return !l.confidential; });
        at = open != e.locations.cend() ? open - e.locations.cbegin() : 0;
    }
    out->place.reset();
    out->placeConfidential = false;
    if (at >= 0 && at < qsizetype(e.locations.size())) {
        const Location& l = e.locations[size_t(at)];
        out->placeConfidential = l.confidential;
        if (!l.confidential)
            out->place = GeoPoint(double(l.latitude), double(l.longitude));
    }
}

namespace {
bool ranksBefore(const MatchResult& a, const MatchResult& b)
{
    if (a.score != b.score)
        return a.score > b.score;
    const double da = a.distanceKm.value_or(std::numeric_limits<double>::infinity());
    const double db = b.distanceKm.value_or(std::numeric_limits<double>::infinity());
    if (da != db)
        return da < db;
    if (const int c = a.name.compare(b.name); c != 0)
        return c < 0;
    return a.id < b.id;
}

// Whether a result with this score and distance ranks strictly after `worst`, whatever its
// name and id: then it cannot enter the top, and its result is never built.
bool ranksAfter(double score, const std::optional<double>& distance, const MatchResult& worst)
{
    if (score != worst.score)
        return score < worst.score;
    return distance.value_or(std::numeric_limits<double>::infinity()) >
           worst.distanceKm.value_or(std::numeric_limits<double>::infinity());
}
} // namespace

QList<MatchResult> MatchEngine::match(const MatchQuery& query, const MatchWeights& weights) const
{
    const auto prepared = prepare(query, nullptr);
    if (!prepared)
        return {};
    const size_t limit = size_t(prepared->limit);
    std::vector<MatchResult> top; // a heap of the best `limit`, worst on top
    top.reserve(limit + 1);
    MatchResult candidate;
    for (const Entry& e : m_entries) {
        Facts facts;
        if (!passes(e, *prepared, &facts))
            continue;
        Parts parts;
        const double s = score(e, *prepared, facts, weights, &parts);
        if (top.size() == limit && ranksAfter(s, facts.distanceKm, top.front()))
            continue;
        describe(e, *prepared, facts, parts, s, &candidate);
        if (top.size() < limit) {
            top.push_back(candidate);
            std::push_heap(top.begin(), top.end(), ranksBefore);
        } else if (ranksBefore(candidate, top.front())) {
            std::pop_heap(top.begin(), top.end(), ranksBefore);
            top.back() = candidate;
            std::push_heap(top.begin(), top.end(), ranksBefore);
        }
    }
    std::sort(top.begin(), top.end(), ranksBefore);
    return QList<MatchResult>(top.begin(), top.end());
}

QList<Relaxation> MatchEngine::relaxations(const MatchQuery& query) const
{
    const auto base = prepare(query, nullptr);
    if (!base)
        return {};
    QList<std::pair<Relaxation::Kind, QString>> kinds;
    if (base->hasPoint) {
        kinds.append({Relaxation::Kind::WiderRadius, QCoreApplication::translate("htmse::MatchEngine", "within %1 km")
                                                         .arg(int(std::min(20'000.0, base->radiusKm * 4)))});
        if (!base->remoteOk)
            kinds.append({Relaxation::Kind::Remote, QCoreApplication::translate("htmse::MatchEngine", "remote")});
    }
    if (!base->languages.empty() && !base->interpreterOk)
        kinds.append(
            {Relaxation::Kind::Interpreter, QCoreApplication::translate("htmse::MatchEngine", "with an interpreter")});
    if (!base->includeNotAccepting)
        kinds.append({Relaxation::Kind::NotAccepting,
                      QCoreApplication::translate("htmse::MatchEngine", "not accepting referrals now")});
    if (base->verifiedOnly)
        kinds.append(
            {Relaxation::Kind::Unverified, QCoreApplication::translate("htmse::MatchEngine", "not verified now")});
    if (base->openAt || base->eveningsOrWeekends)
        kinds.append({Relaxation::Kind::AnyHours,
                      QCoreApplication::translate("htmse::MatchEngine", "whatever their opening hours")});
    if (!base->preferred.isEmpty() || base->required.size() > 1)
        kinds.append({Relaxation::Kind::AnyNeed,
                      QCoreApplication::translate("htmse::MatchEngine", "covering any of the needs")});
    if (kinds.isEmpty())
        return {};
    // The base query once per entry: a variant only counts the entries the base turned away.
    std::vector<std::size_t> turnedAway;
    for (std::size_t i = 0; i < m_entries.size(); ++i) {
        Facts facts;
        if (m_entries[i].used && !passes(m_entries[i], *base, &facts))
            turnedAway.push_back(i);
    }
    QList<Relaxation> out;
    for (const auto& [kind, description] : std::as_const(kinds)) {
        // Each variant is the query a screen would run when the suggestion is taken.
        const auto variant = prepare(Relaxation::apply(query, kind), nullptr);
        if (!variant)
            continue;
        int count = 0;
        for (const std::size_t i : turnedAway) {
            Facts facts;
            count += passes(m_entries[i], *variant, &facts) ? 1 : 0;
        }
        if (count > 0)
            out.append(
                {QCoreApplication::translate("htmse::MatchEngine", "%n more %1", nullptr, count).arg(description),
                 count, kind});
    }
    return out;
}

MatchQuery Relaxation::apply(const MatchQuery& query, Kind kind)
{
    MatchQuery q = query;
    switch (kind) {
    case Kind::WiderRadius:
        q.radiusKm = std::min(20'000.0, q.radiusKm * 4);
        break;
    case Kind::Remote:
        q.remoteOk = true;
        break;
    case Kind::Interpreter:
        q.interpreterOk = true;
        break;
    case Kind::NotAccepting:
        q.includeNotAccepting = true;
        break;
    case Kind::AnyHours:
        q.openAt.reset();
        q.eveningsOrWeekends = false;
        break;
    case Kind::AnyNeed:
        for (MatchQuery::Need& n : q.needs)
            n.required = true;
        break;
    case Kind::Unverified:
        q.verifiedOnly = false;
        break;
    }
    return q;
}

QString MatchResult::explanation() const
{
    QStringList parts;
    if (queriedNeeds > 0) {
        QStringList labels;
        for (const QString& code : coveredNeeds)
            labels.append(NeedsTaxonomy::instance().label(code));
        parts.append(QCoreApplication::translate("htmse::MatchEngine", "Covers %1 of %2 needs (%3)")
                         .arg(coveredNeeds.size())
                         .arg(queriedNeeds)
                         .arg(labels.join(u", "_s)));
    }
    if (!spokenLanguage.isEmpty()) {
        const auto language = LanguageCode::parse(spokenLanguage);
        parts.append(QCoreApplication::translate("htmse::MatchEngine", "speaks %1")
                         .arg(language ? language->name() : spokenLanguage));
    } else if (viaInterpreter) {
        parts.append(QCoreApplication::translate("htmse::MatchEngine", "works with interpreters"));
    }
    if (viaRemote)
        parts.append(QCoreApplication::translate("htmse::MatchEngine", "remote"));
    else if (distanceKm)
        parts.append(
            QCoreApplication::translate("htmse::MatchEngine", "%1 km")
                .arg(*distanceKm < 10 ? QString::number(*distanceKm, 'f', 1) : QString::number(qRound(*distanceKm))));
    if (courtAppearances >= 0)
        parts.append(QCoreApplication::translate("htmse::MatchEngine", "%n court or tribunal appearance(s)", nullptr,
                                                 courtAppearances));
    if (verifiedMonthsAgo == 0)
        parts.append(QCoreApplication::translate("htmse::MatchEngine", "verified this month"));
    else if (verifiedMonthsAgo > 0)
        parts.append(
            QCoreApplication::translate("htmse::MatchEngine", "verified %n month(s) ago", nullptr, verifiedMonthsAgo));
    else
        parts.append(QCoreApplication::translate("htmse::MatchEngine", "not verified"));
    return parts.join(u" · "_s);
}

} // namespace htmse
