#include "matching/MatchEngine.h"

#include "domain/CountryCode.h"
#include "domain/LanguageCode.h"
#include "domain/Vocabulary.h"
#include "taxonomy/NeedsTaxonomy.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>

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
    bool remoteOk = false;
    bool includeNotAccepting = false;
    std::uint8_t gender = 0;
    QString cost;
    bool expert = false;
    std::uint16_t discipline = 0;
    std::uint16_t reportType = 0;
    QString jurisdiction;
    int minCourt = 0;
    int limit = 20;
    QDate today;
    bool impossible = false; // a required need nobody can cover: nothing matches
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
    for (qsizetype i = 0; i + 1 < r.coordinates.size(); i += 2)
        e.locations.push_back({r.coordinates.at(i), r.coordinates.at(i + 1)});
    e.active = r.active;
    e.accepting = r.accepting;
    e.remote = r.remote;
    e.interpreter = r.interpreter;
    e.free = r.free;
    e.legalAid = r.legalAid;
    e.proBono = r.proBono;
    e.responseDays = r.responseDays;
    e.gender = std::uint8_t(vocabularyCodes(Vocabulary::Gender).indexOf(r.gender) + 1);
    e.verification =
        std::uint8_t(std::max<qsizetype>(0, vocabularyCodes(Vocabulary::VerificationStatus).indexOf(r.verification)));
    e.verifiedOn = r.verifiedOn;
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
    upsert(IndexRecord::from(p));
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
}

QStringList MatchEngine::validate(const MatchQuery& q) const
{
    QStringList problems;
    for (const MatchQuery::Need& n : q.needs)
        if (!NeedsTaxonomy::instance().contains(n.code))
            problems.append(
                QCoreApplication::translate("htmse::MatchEngine", "\"%1\" is not a code of the needs taxonomy")
                    .arg(n.code));
    for (const QString& l : q.languages)
        if (!LanguageCode::parse(l))
            problems.append(
                QCoreApplication::translate("htmse::MatchEngine", "\"%1\" is not an ISO 639-3 language code").arg(l));
    if (q.near && !q.near->isValid())
        problems.append(QCoreApplication::translate("htmse::MatchEngine",
                                                    "the place's coordinates are outside -90..90, -180..180"));
    if (!std::isfinite(q.radiusKm) || q.radiusKm <= 0 || q.radiusKm > 20'000)
        problems.append(QCoreApplication::translate("htmse::MatchEngine", "the radius must be between 0 and 20000 km"));
    if (!q.gender.isEmpty() && !isInVocabulary(Vocabulary::Gender, q.gender))
        problems.append(QCoreApplication::translate("htmse::MatchEngine", "\"%1\" is not a gender of the vocabulary")
                            .arg(q.gender));
    if (!q.discipline.isEmpty() && !isInVocabulary(Vocabulary::ExpertDiscipline, q.discipline))
        problems.append(
            QCoreApplication::translate("htmse::MatchEngine", "\"%1\" is not an expert discipline").arg(q.discipline));
    if (!q.reportType.isEmpty() && !isInVocabulary(Vocabulary::ReportType, q.reportType))
        problems.append(
            QCoreApplication::translate("htmse::MatchEngine", "\"%1\" is not a report type").arg(q.reportType));
    if (!q.jurisdiction.isEmpty() && !CountryCode::isValidJurisdiction(q.jurisdiction.toUpper()))
        problems.append(
            QCoreApplication::translate("htmse::MatchEngine", "\"%1\" is not a country or ISO 3166-2 subdivision code")
                .arg(q.jurisdiction));
    static const QStringList costs = {QString(), u"free"_s, u"legal-aid"_s, u"free-or-legal-aid"_s};
    if (!costs.contains(q.cost))
        problems.append(QCoreApplication::translate(
            "htmse::MatchEngine", "the cost constraint is one of: free, legal-aid, free-or-legal-aid"));
    if (q.minCourtAppearances < 0 || q.limit < 1 || q.limit > 10'000)
        problems.append(QCoreApplication::translate("htmse::MatchEngine",
                                                    "the limit must be 1 to 10000 and court appearances not negative"));
    return problems;
}

std::optional<MatchEngine::Prepared> MatchEngine::prepare(const MatchQuery& q) const
{
    if (!validate(q).isEmpty())
        return std::nullopt;
    Prepared p;
    for (const MatchQuery::Need& n : q.needs) {
        const int bit = m_needIndex.value(n.code, -1);
        if (bit < 0)
            continue;
        (n.required ? p.required : p.preferred).append(bit);
        (n.required ? p.requiredCodes : p.preferredCodes).append(n.code);
    }
    for (const QString& l : q.languages) {
        const QString code = LanguageCode::parse(l)->code();
        p.languageCodes.append(code);
        const auto it = m_languageIndex.constFind(code);
        p.languages.push_back(it == m_languageIndex.constEnd() ? -1 : int(*it));
    }
    p.interpreterOk = q.interpreterOk;
    if (q.near) {
        p.hasPoint = true;
        p.latitude = q.near->latitude();
        p.longitude = q.near->longitude();
    }
    p.radiusKm = q.radiusKm;
    p.remoteOk = q.remoteOk;
    p.includeNotAccepting = q.includeNotAccepting;
    p.gender = std::uint8_t(q.gender.isEmpty() ? 0 : vocabularyCodes(Vocabulary::Gender).indexOf(q.gender) + 1);
    p.cost = q.cost;
    p.expert = q.expertWitness || !q.discipline.isEmpty() || !q.reportType.isEmpty() || !q.jurisdiction.isEmpty() ||
               q.minCourtAppearances > 0;
    p.discipline = q.discipline.isEmpty() ? 0 : bitsOf<16>({q.discipline}, Vocabulary::ExpertDiscipline);
    p.reportType = q.reportType.isEmpty() ? 0 : bitsOf<16>({q.reportType}, Vocabulary::ReportType);
    p.jurisdiction = q.jurisdiction.toUpper();
    p.minCourt = q.minCourtAppearances;
    p.limit = q.limit;
    p.today = q.today.isValid() ? q.today : QDate::currentDate();
    return p;
}

bool MatchEngine::evaluate(const Entry& e, const Prepared& q, const MatchWeights& w, MatchResult* out) const
{
    if (!e.used || !e.active || (!e.accepting && !q.includeNotAccepting))
        return false;
    // Needs: at least one required need covered.
    int coveredRequired = 0;
    for (int bit : q.required)
        coveredRequired += test(e.coverage, bit) ? 1 : 0;
    if (!q.required.isEmpty() && coveredRequired == 0)
        return false;
    int coveredPreferred = 0;
    for (int bit : q.preferred)
        coveredPreferred += test(e.coverage, bit) ? 1 : 0;
    // Cost.
    if (q.cost == "free"_L1 && !e.free)
        return false;
    if (q.cost == "legal-aid"_L1 && !e.legalAid)
        return false;
    if (q.cost == "free-or-legal-aid"_L1 && !(e.free || e.legalAid || e.proBono))
        return false;
    // Expert witness.
    if (q.expert) {
        if (!e.expert || !e.acceptingInstructions || e.courtAppearances < q.minCourt)
            return false;
        if (q.discipline && !(e.disciplines & q.discipline))
            return false;
        if (q.reportType && !(e.reportTypes & q.reportType))
            return false;
        if (!q.jurisdiction.isEmpty()) {
            const QString country = q.jurisdiction.left(2);
            const bool served = std::any_of(e.jurisdictions.cbegin(), e.jurisdictions.cend(), [&](const QString& j) {
                return j == q.jurisdiction || j == country || (q.jurisdiction.size() == 2 && j.startsWith(country));
            });
            if (!served)
                return false;
        }
    }
    // Language: the person's first language spoken best; an interpreter as a fallback.
    double language = 1.0;
    int spokenAt = -1;
    if (!q.languages.empty()) {
        language = 0;
        for (size_t rank = 0; rank < q.languages.size() && spokenAt < 0; ++rank) {
            const int index = q.languages[rank];
            if (index < 0)
                continue;
            for (size_t k = 0; k < e.languages.size(); ++k)
                if (e.languages[k] == index) {
                    spokenAt = int(rank);
                    language = std::max(0.3, 1.0 - 0.15 * double(rank)) * (e.proficiencies[k] ? 0.8 : 1.0);
                    break;
                }
        }
        if (spokenAt < 0) {
            if (!(q.interpreterOk && e.interpreter))
                return false;
            language = 0.4;
        }
    }
    // Place: the nearest location within the radius, or a remote service.
    double distancePart = 1.0;
    std::optional<double> distance;
    bool viaRemote = false;
    if (q.hasPoint) {
        double best = std::numeric_limits<double>::infinity();
        for (const Location& l : e.locations)
            best = std::min(best, GeoPoint::haversineKm(q.latitude, q.longitude, l.latitude, l.longitude));
        if (best <= q.radiusKm) {
            distance = best;
            distancePart = 1.0 - best / q.radiusKm;
        } else if (q.remoteOk && e.remote) {
            viaRemote = true;
            distancePart = 0.5;
            if (std::isfinite(best))
                distance = best;
        } else {
            return false;
        }
    }
    if (!out)
        return true;
    const double needsTotal = double(q.required.size()) + 0.5 * double(q.preferred.size());
    const double needsPart = needsTotal == 0 ? 1.0 : (coveredRequired + 0.5 * coveredPreferred) / needsTotal;
    const double capacityPart = e.responseDays < 0 ? 0.5 : 1.0 - std::min(21, int(e.responseDays)) / 21.0;
    int months = -1;
    double verificationPart = 0.1;
    if (e.verification == 2 && e.verifiedOn.isValid()) {
        months = std::max(0, monthsBetween(e.verifiedOn, q.today));
        verificationPart = std::max(0.2, 1.0 - double(months) / 30.0);
    } else if (e.verification == 1) {
        verificationPart = 0.3;
    } else if (e.verification == 3) {
        verificationPart = 0.2;
    }
    const double preferencePart = q.gender == 0 || q.gender == e.gender ? 1.0 : 0.0;
    const double totalWeight = w.needs + w.language + w.distance + w.capacity + w.verification + w.preference;
    out->id = e.id;
    out->name = e.name;
    out->score = 100.0 *
                 (w.needs * needsPart + w.language * language + w.distance * distancePart + w.capacity * capacityPart +
                  w.verification * verificationPart + w.preference * preferencePart) /
                 totalWeight;
    out->distanceKm = distance;
    out->viaRemote = viaRemote;
    out->needsPart = needsPart;
    out->languagePart = language;
    out->distancePart = distancePart;
    out->capacityPart = capacityPart;
    out->verificationPart = verificationPart;
    out->preferencePart = preferencePart;
    out->coveredNeeds.clear();
    for (qsizetype i = 0; i < q.required.size(); ++i)
        if (test(e.coverage, q.required[i]))
            out->coveredNeeds.append(q.requiredCodes[i]);
    for (qsizetype i = 0; i < q.preferred.size(); ++i)
        if (test(e.coverage, q.preferred[i]))
            out->coveredNeeds.append(q.preferredCodes[i]);
    out->queriedNeeds = int(q.required.size() + q.preferred.size());
    out->spokenLanguage = spokenAt >= 0 ? q.languageCodes[spokenAt] : QString();
    out->viaInterpreter = !q.languages.empty() && spokenAt < 0;
    out->verifiedMonthsAgo = months;
    return true;
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
} // namespace

QList<MatchResult> MatchEngine::match(const MatchQuery& query, const MatchWeights& weights) const
{
    const auto prepared = prepare(query);
    if (!prepared)
        return {};
    std::vector<MatchResult> top; // a heap of the best `limit`, worst on top
    top.reserve(size_t(prepared->limit) + 1);
    MatchResult candidate;
    for (const Entry& e : m_entries) {
        if (!evaluate(e, *prepared, weights, &candidate))
            continue;
        if (top.size() < size_t(prepared->limit)) {
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
    const auto base = prepare(query);
    if (!base)
        return {};
    struct Variant
    {
        QString description;
        Prepared prepared;
    };
    QList<Variant> variants;
    if (base->hasPoint) {
        Prepared wider = *base;
        wider.radiusKm = std::min(20'000.0, base->radiusKm * 4);
        variants.append(
            {QCoreApplication::translate("htmse::MatchEngine", "within %1 km").arg(int(wider.radiusKm)), wider});
        if (!base->remoteOk) {
            Prepared remote = *base;
            remote.remoteOk = true;
            variants.append({QCoreApplication::translate("htmse::MatchEngine", "remote"), remote});
        }
    }
    if (!base->languages.empty() && !base->interpreterOk) {
        Prepared interpreter = *base;
        interpreter.interpreterOk = true;
        variants.append({QCoreApplication::translate("htmse::MatchEngine", "with an interpreter"), interpreter});
    }
    if (!base->includeNotAccepting) {
        Prepared busy = *base;
        busy.includeNotAccepting = true;
        variants.append({QCoreApplication::translate("htmse::MatchEngine", "not accepting referrals now"), busy});
    }
    if (!base->preferred.isEmpty() || base->required.size() > 1) {
        // Any one of the needs rather than the ones marked required.
        Prepared anyNeed = *base;
        anyNeed.required += anyNeed.preferred;
        anyNeed.preferred.clear();
        variants.append({QCoreApplication::translate("htmse::MatchEngine", "covering any of the needs"), anyNeed});
    }
    QList<Relaxation> out;
    const MatchWeights weights;
    for (const Variant& v : variants) {
        int count = 0;
        for (const Entry& e : m_entries)
            if (evaluate(e, v.prepared, weights, nullptr) && !evaluate(e, *base, weights, nullptr))
                ++count;
        if (count > 0)
            out.append(
                {QCoreApplication::translate("htmse::MatchEngine", "%n more %1", nullptr, count).arg(v.description),
                 count});
    }
    return out;
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
