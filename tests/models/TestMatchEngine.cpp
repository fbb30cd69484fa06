#include "demo/DemoDirectoryGenerator.h"
#include "demo/Random.h"
#include "matching/MatchEngine.h"
#include "taxonomy/Gazetteer.h"
#include "taxonomy/NeedsTaxonomy.h"
#include "translations/Translations.h"

#include <QTest>

#include <cmath>
#include <numbers>

using namespace htmse;
using namespace Qt::StringLiterals;

namespace {
const GeoPoint kLeeds(53.7965, -1.5478);
const QDate kToday(2026, 11, 30);

Professional person(const QString& name, QStringList services, QStringList languages, std::optional<GeoPoint> at)
{
    Professional p;
    p.id = QUuid::createUuid();
    p.displayName = name;
    p.professionalTypes = {u"lawyer"_s};
    p.services = std::move(services);
    for (const QString& l : languages)
        p.languages.append({l, u"fluent"_s, {}});
    if (at) {
        ServiceLocation loc;
        loc.city = u"Somewhere"_s;
        loc.country = u"GB"_s;
        loc.point = at;
        p.locations = {loc};
    } else {
        p.remoteService = true;
    }
    p.capacity = {true, 7};
    p.verification = {u"verified"_s, u"team"_s, QDateTime(QDate(2026, 9, 15), QTime(10, 0), Qt::UTC), {}};
    return p;
}

MatchQuery query(QStringList needs, QStringList languages = {}, std::optional<GeoPoint> near = kLeeds,
                 double radius = 50)
{
    MatchQuery q;
    for (const QString& n : needs)
        q.needs.append({n, true});
    q.languages = std::move(languages);
    q.near = near;
    q.radiusKm = radius;
    q.today = kToday;
    return q;
}

QStringList names(const QList<MatchResult>& results)
{
    QStringList out;
    for (const MatchResult& r : results)
        out.append(r.name);
    return out;
}

// An independent, obvious implementation of DESIGN.md §5 over the Professional objects.
QList<MatchResult> bruteForce(const QList<Professional>& directory, const MatchQuery& q, const MatchWeights& w)
{
    const NeedsTaxonomy& tax = NeedsTaxonomy::instance();
    QList<MatchResult> out;
    for (const Professional& p : directory) {
        if (!p.active || (!p.capacity.acceptingReferrals && !q.includeNotAccepting))
            continue;
        const auto covers = [&](const QString& need) {
            return std::any_of(p.services.cbegin(), p.services.cend(),
                               [&](const QString& s) { return tax.covers(s, need); });
        };
        int required = 0, coveredRequired = 0, preferred = 0, coveredPreferred = 0;
        QStringList covered;
        for (const auto& n : q.needs) {
            (n.required ? required : preferred)++;
            if (covers(n.code))
                (n.required ? coveredRequired : coveredPreferred)++;
        }
        if (required > 0 && coveredRequired == 0)
            continue;
        if (q.cost == "free"_L1 && !p.cost.free)
            continue;
        if (q.cost == "legal-aid"_L1 && !p.cost.legalAid)
            continue;
        if (q.cost == "free-or-legal-aid"_L1 && !(p.cost.free || p.cost.legalAid || p.cost.proBono))
            continue;
        const bool expertQuery = q.expertWitness || !q.discipline.isEmpty() || !q.reportType.isEmpty() ||
                                 !q.jurisdiction.isEmpty() || q.minCourtAppearances > 0;
        if (expertQuery) {
            if (!p.expertWitness || !p.expertWitness->acceptingInstructions ||
                p.expertWitness->courtAppearances < q.minCourtAppearances)
                continue;
            if (!q.discipline.isEmpty() && !p.expertWitness->disciplines.contains(q.discipline))
                continue;
            if (!q.reportType.isEmpty() && !p.expertWitness->reportTypes.contains(q.reportType))
                continue;
            if (!q.jurisdiction.isEmpty()) {
                const QString j = q.jurisdiction.toUpper();
                bool ok = false;
                for (const QString& pj : p.expertWitness->jurisdictions)
                    ok = ok || pj == j || pj == j.left(2) || (j.size() == 2 && pj.startsWith(j));
                if (!ok)
                    continue;
            }
        }
        double language = 1.0;
        int spokenAt = -1;
        for (int rank = 0; rank < q.languages.size() && spokenAt < 0; ++rank)
            for (const LanguageSkill& s : p.languages)
                if (s.code == q.languages[rank]) {
                    spokenAt = rank;
                    language = std::max(0.3, 1.0 - 0.15 * rank) *
                               (s.proficiency == "working"_L1 || s.proficiency == "basic"_L1 ? 0.8 : 1.0);
                    break;
                }
        if (!q.languages.isEmpty() && spokenAt < 0) {
            if (!(q.interpreterOk && p.interpreterAvailable))
                continue;
            language = 0.4;
        }
        double distancePart = 1.0;
        std::optional<double> distance;
        bool remote = false;
        if (q.near) {
            double best = std::numeric_limits<double>::infinity();
            for (const ServiceLocation& l : p.locations)
                if (l.point)
                    best =
                        std::min(best, GeoPoint::haversineKm(q.near->latitude(), q.near->longitude(),
                                                             float(l.point->latitude()), float(l.point->longitude())));
            if (best <= q.radiusKm) {
                distance = best;
                distancePart = 1.0 - best / q.radiusKm;
            } else if (q.remoteOk && p.remoteService) {
                remote = true;
                distancePart = 0.5;
                if (std::isfinite(best))
                    distance = best;
            } else {
                continue;
            }
        }
        const double needsTotal = required + 0.5 * preferred;
        const double needsPart = needsTotal == 0 ? 1.0 : (coveredRequired + 0.5 * coveredPreferred) / needsTotal;
        const int days = p.capacity.typicalResponseDays.value_or(-1);
        const double capacity = days < 0 ? 0.5 : 1.0 - std::min(21, days) / 21.0;
        double verification = 0.1;
        if (p.verification.status == "verified"_L1 && p.verification.verifiedAt.isValid()) {
            const QDate v = p.verification.verifiedAt.date();
            const int months = std::max(0, (kToday.year() - v.year()) * 12 + kToday.month() - v.month() -
                                               (kToday.day() < v.day() ? 1 : 0));
            verification = std::max(0.2, 1.0 - months / 30.0);
        } else if (p.verification.status == "pending"_L1) {
            verification = 0.3;
        } else if (p.verification.status == "lapsed"_L1) {
            verification = 0.2;
        }
        const double preference = q.gender.isEmpty() || q.gender == p.gender ? 1.0 : 0.0;
        const double total = w.needs + w.language + w.distance + w.capacity + w.verification + w.preference;
        MatchResult r;
        r.id = p.id;
        r.name = p.displayName;
        r.distanceKm = distance;
        r.viaRemote = remote;
        r.score = 100.0 *
                  (w.needs * needsPart + w.language * language + w.distance * distancePart + w.capacity * capacity +
                   w.verification * verification + w.preference * preference) /
                  total;
        out.append(r);
    }
    std::sort(out.begin(), out.end(), [](const MatchResult& a, const MatchResult& b) {
        if (a.score != b.score)
            return a.score > b.score;
        const double da = a.distanceKm.value_or(std::numeric_limits<double>::infinity());
        const double db = b.distanceKm.value_or(std::numeric_limits<double>::infinity());
        if (da != db)
            return da < db;
        if (a.name != b.name)
            return a.name < b.name;
        return a.id < b.id;
    });
    return out.mid(0, q.limit);
}
} // namespace

class TestMatchEngine : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { installTranslations(); } // English plural forms
    void parentAndChildNeeds();
    void remoteOnlyProfessionals();
    void interpreters();
    void radiusEdgesAcrossThePoleAndTheDateLine();
    void openingHoursAndAccessibility();
    void inactiveAndNotAccepting();
    void deterministicTies();
    void explanationSaysWhy();
    void expertWitnessMode();
    void incrementalUpdates();
    void badQueriesAreRefused();
    void zeroResultsSuggestRelaxations();
    void verifiedOnlyAndItsRelaxation();
    void matchesBruteForceOnRandomDirectories();
    void placeIsTheMatchedLocationNeverAConfidentialOne();
};

void TestMatchEngine::parentAndChildNeeds()
{
    MatchEngine engine;
    engine.setProfessionals({person(u"Child"_s, {u"legal.immigration"_s}, {}, kLeeds),
                             person(u"Parent"_s, {u"legal"_s}, {}, kLeeds),
                             person(u"Sibling"_s, {u"legal.family"_s}, {}, kLeeds)});
    QCOMPARE(names(engine.match(query({u"legal.immigration"_s}))), QStringList{u"Child"_s});
    QStringList all = names(engine.match(query({u"legal"_s})));
    all.sort();
    QCOMPARE(all, QStringList({u"Child"_s, u"Parent"_s, u"Sibling"_s}));
}

void TestMatchEngine::remoteOnlyProfessionals()
{
    MatchEngine engine;
    engine.setProfessionals({person(u"Remote"_s, {u"legal.immigration"_s}, {}, std::nullopt),
                             person(u"Local"_s, {u"legal.immigration"_s}, {}, GeoPoint(53.80, -1.55))});
    QCOMPARE(names(engine.match(query({u"legal.immigration"_s}))), QStringList{u"Local"_s});
    MatchQuery q = query({u"legal.immigration"_s});
    q.remoteOk = true;
    const auto results = engine.match(q);
    QCOMPARE(names(results), QStringList({u"Local"_s, u"Remote"_s}));
    QVERIFY(results.at(1).viaRemote);
    QVERIFY(!results.at(1).distanceKm);
    QVERIFY(results.at(1).explanation().contains(u"remote"_s));
    // Without a place, remote and local professionals match alike.
    QCOMPARE(engine.match(query({u"legal.immigration"_s}, {}, std::nullopt)).size(), 2);
}

// The engine turns locations away by latitude before it computes a distance: the band must let
// through everything within the radius, exactly at its edge, across a pole and the date line.
void TestMatchEngine::radiusEdgesAcrossThePoleAndTheDateLine()
{
    constexpr double kKmPerDegree = GeoPoint::kEarthRadiusKm * std::numbers::pi / 180.0;
    const QStringList need{u"legal.immigration"_s};
    MatchEngine engine;
    engine.setProfessionals({
        person(u"North, just inside"_s, need, {}, GeoPoint(10.0 + 99.9 / kKmPerDegree, 20.0)),
        person(u"North, just outside"_s, need, {}, GeoPoint(10.0 + 100.2 / kKmPerDegree, 20.0)),
        person(u"South, just inside"_s, need, {}, GeoPoint(10.0 - 99.9 / kKmPerDegree, 20.0)),
        person(u"Over the pole"_s, need, {}, GeoPoint(89.6, -160.0)), // ~89 km from (89.6, 20) over the pole
        person(u"Over the date line"_s, need, {}, GeoPoint(-16.5, -179.9)),
    });
    QCOMPARE(names(engine.match(query(need, {}, GeoPoint(10.0, 20.0), 100))),
             QStringList({u"North, just inside"_s, u"South, just inside"_s}));
    QCOMPARE(names(engine.match(query(need, {}, GeoPoint(89.6, 20.0), 100))), QStringList{u"Over the pole"_s});
    QCOMPARE(names(engine.match(query(need, {}, GeoPoint(-16.5, 179.9), 50))), QStringList{u"Over the date line"_s});
    // A remote service far outside the band still shows its true distance.
    Professional farRemote = person(u"Far, remote"_s, need, {}, GeoPoint(-33.9, 151.2));
    farRemote.remoteService = true;
    engine.upsert(farRemote);
    MatchQuery remote = query(need, {}, GeoPoint(51.5, -0.13), 50);
    remote.remoteOk = true;
    const auto results = engine.match(remote);
    QCOMPARE(names(results), QStringList{u"Far, remote"_s});
    QVERIFY(results.first().viaRemote);
    QVERIFY(std::abs(*results.first().distanceKm - GeoPoint(51.5, -0.13).distanceKm(GeoPoint(-33.9, 151.2))) < 1.0);
}

// The engine's "open at", "evenings or weekends" and accessibility filters agree with the
// profile's own answers, whatever the time zone.
void TestMatchEngine::openingHoursAndAccessibility()
{
    const QStringList need{u"legal.immigration"_s};
    Professional office = person(u"Office hours, London"_s, need, {}, kLeeds);
    office.openingHours = {{{1, 2, 3, 4, 5}, 9 * 60, 17 * 60, {}}};
    office.timeZone = u"Europe/London"_s;
    office.accessibility = {u"step-free-access"_s, u"accessible-toilet"_s};
    Professional night = person(u"Night shelter, Bangkok time"_s, need, {}, kLeeds);
    night.openingHours = {{{5, 6}, 20 * 60, 6 * 60, {}}}; // Friday and Saturday nights, into the next morning
    night.timeZone = u"Asia/Bangkok"_s;
    Professional unstated = person(u"Hours not stated"_s, need, {}, kLeeds);
    MatchEngine engine;
    engine.setProfessionals({office, night, unstated});

    MatchQuery q = query(need, {}, kLeeds, 50);
    const QDateTime mondayTenLondon(QDate(2026, 12, 7), QTime(10, 0), Qt::UTC);
    q.openAt = mondayTenLondon;
    QCOMPARE(names(engine.match(q)), QStringList{u"Office hours, London"_s});
    // Friday 15:00 UTC is 22:00 in Bangkok: the shelter is open, the London office too.
    q.openAt = QDateTime(QDate(2026, 12, 11), QTime(15, 0), Qt::UTC);
    QCOMPARE(names(engine.match(q)), QStringList({u"Night shelter, Bangkok time"_s, u"Office hours, London"_s}));
    // Saturday 22:30 UTC is Sunday 05:30 in Bangkok: still Saturday night's hours.
    q.openAt = QDateTime(QDate(2026, 12, 12), QTime(22, 30), Qt::UTC);
    QCOMPARE(names(engine.match(q)), QStringList{u"Night shelter, Bangkok time"_s});
    // The engine says what each profile says.
    for (const QDateTime& when : {mondayTenLondon, QDateTime(QDate(2026, 12, 12), QTime(22, 30), Qt::UTC)}) {
        q.openAt = when;
        const QStringList matched = names(engine.match(q));
        for (const Professional* p : {&office, &night, &unstated})
            QCOMPARE(matched.contains(p->displayName), p->isOpenAt(when));
    }
    // Nobody open: the relaxation says how many there are whatever their hours (stated or not).
    q.openAt = QDateTime(QDate(2026, 12, 13), QTime(12, 0), Qt::UTC); // Sunday noon
    QVERIFY(engine.match(q).isEmpty());
    QCOMPARE(engine.relaxations(q).size(), 1);
    QCOMPARE(engine.relaxations(q).first().count, 3);
    QCOMPARE(engine.relaxations(q).first().description, u"3 more whatever their opening hours"_s);

    MatchQuery evenings = query(need, {}, kLeeds, 50);
    evenings.eveningsOrWeekends = true;
    QCOMPARE(names(engine.match(evenings)), QStringList{u"Night shelter, Bangkok time"_s});

    MatchQuery access = query(need, {}, kLeeds, 50);
    access.accessibility = {u"step-free-access"_s};
    QCOMPARE(names(engine.match(access)), QStringList{u"Office hours, London"_s});
    access.accessibility = {u"step-free-access"_s, u"hearing-loop"_s};
    QVERIFY(engine.match(access).isEmpty());
    access.accessibility = {u"wings"_s};
    QVERIFY(engine.validate(access).join(u' ').contains(u"not an accessibility feature"_s));
}

void TestMatchEngine::interpreters()
{
    MatchEngine engine;
    Professional withInterpreter = person(u"Interpreted"_s, {u"mental-health.trauma"_s}, {u"eng"_s}, kLeeds);
    withInterpreter.interpreterAvailable = true;
    engine.setProfessionals({withInterpreter,
                             person(u"Speaker"_s, {u"mental-health.trauma"_s}, {u"tir"_s, u"eng"_s}, kLeeds),
                             person(u"Neither"_s, {u"mental-health.trauma"_s}, {u"eng"_s}, kLeeds)});
    QCOMPARE(names(engine.match(query({u"mental-health.trauma"_s}, {u"tir"_s}))), QStringList{u"Speaker"_s});
    MatchQuery q = query({u"mental-health.trauma"_s}, {u"tir"_s});
    q.interpreterOk = true;
    const auto results = engine.match(q);
    QCOMPARE(names(results), QStringList({u"Speaker"_s, u"Interpreted"_s}));
    QVERIFY(results.at(1).viaInterpreter);
    QVERIFY(results.at(1).explanation().contains(u"works with interpreters"_s));
    QVERIFY(results.at(0).explanation().contains(u"speaks Tigrinya"_s));
}

void TestMatchEngine::inactiveAndNotAccepting()
{
    Professional inactive = person(u"Inactive"_s, {u"shelter.emergency"_s}, {}, kLeeds);
    inactive.active = false;
    Professional full = person(u"Full"_s, {u"shelter.emergency"_s}, {}, kLeeds);
    full.capacity.acceptingReferrals = false;
    Professional confidential = person(u"Safe house"_s, {u"shelter.emergency"_s}, {}, GeoPoint(53.79, -1.54));
    confidential.locations.first().confidential = true;
    MatchEngine engine;
    engine.setProfessionals({inactive, full, confidential});
    QCOMPARE(names(engine.match(query({u"shelter.emergency"_s}))), QStringList{u"Safe house"_s});
    MatchQuery q = query({u"shelter.emergency"_s});
    q.includeNotAccepting = true;
    QCOMPARE(engine.match(q).size(), 2); // inactive listings never
}

void TestMatchEngine::deterministicTies()
{
    Professional a = person(u"Bea"_s, {u"legal.immigration"_s}, {}, kLeeds);
    Professional b = person(u"Ana"_s, {u"legal.immigration"_s}, {}, kLeeds);
    Professional c = person(u"Ana"_s, {u"legal.immigration"_s}, {}, kLeeds);
    Professional far = person(u"Aaron"_s, {u"legal.immigration"_s}, {}, GeoPoint(53.85, -1.60));
    MatchEngine engine;
    engine.setProfessionals({a, b, c, far});
    MatchWeights noDistance;
    noDistance.distance = 0; // equal scores: distance decides, then name, then id
    const auto results = engine.match(query({u"legal.immigration"_s}), noDistance);
    QCOMPARE(results.size(), 4);
    QCOMPARE(results.at(0).name, u"Ana"_s);
    QCOMPARE(results.at(1).name, u"Ana"_s);
    QVERIFY(results.at(0).id < results.at(1).id);
    QCOMPARE(results.at(2).name, u"Bea"_s);
    QCOMPARE(results.at(3).name, u"Aaron"_s);
}

void TestMatchEngine::explanationSaysWhy()
{
    Professional p =
        person(u"Selam"_s, {u"legal.immigration"_s, u"mental-health.trauma"_s}, {u"tir"_s}, GeoPoint(53.90, -1.50));
    MatchEngine engine;
    engine.setProfessionals({p});
    const auto results =
        engine.match(query({u"legal.immigration"_s, u"mental-health.trauma"_s, u"medical.general"_s}, {u"tir"_s}));
    QCOMPARE(results.size(), 1);
    QCOMPARE(
        results.first().explanation(),
        u"Covers 2 of 3 needs (Immigration and asylum, Trauma support) · speaks Tigrinya · 12 km · verified 2 months ago"_s
            .replace(u"Trauma support"_s, NeedsTaxonomy::instance().label(u"mental-health.trauma")));
    QVERIFY(results.first().score > 0 && results.first().score < 100);
}

void TestMatchEngine::expertWitnessMode()
{
    Professional ip = person(u"Dr Istanbul"_s, {u"expert-witness.medicolegal-istanbul-protocol"_s}, {}, kLeeds);
    ip.expertWitness = ExpertWitness{};
    ip.expertWitness->disciplines = {u"medicolegal"_s};
    ip.expertWitness->reportTypes = {u"istanbul-protocol"_s};
    ip.expertWitness->jurisdictions = {u"GB-ENG"_s};
    ip.expertWitness->courtAppearances = 30;
    Professional scot = ip;
    scot.id = QUuid::createUuid();
    scot.displayName = u"Dr Scotland"_s;
    scot.expertWitness->jurisdictions = {u"GB-SCT"_s};
    scot.expertWitness->courtAppearances = 3;
    MatchEngine engine;
    engine.setProfessionals(
        {ip, scot, person(u"Not an expert"_s, {u"expert-witness.medicolegal-istanbul-protocol"_s}, {}, kLeeds)});
    MatchQuery q = query({u"expert-witness"_s}, {}, std::nullopt);
    q.expertWitness = true;
    q.reportType = u"istanbul-protocol"_s;
    QCOMPARE(engine.match(q).size(), 2);
    q.jurisdiction = u"GB"_s;
    QCOMPARE(engine.match(q).size(), 2);
    q.jurisdiction = u"GB-SCT"_s;
    QCOMPARE(names(engine.match(q)), QStringList{u"Dr Scotland"_s});
    q.jurisdiction.clear();
    q.minCourtAppearances = 10;
    QCOMPARE(names(engine.match(q)), QStringList{u"Dr Istanbul"_s});
    // The why says how much court work there is; a query that is not for experts does not.
    QVERIFY2(engine.match(q).first().explanation().contains(u"30 court or tribunal appearances"_s),
             qPrintable(engine.match(q).first().explanation()));
    QVERIFY(!engine.match(query({u"expert-witness"_s}, {}, std::nullopt)).first().explanation().contains(u"court"_s));
    q.reportType = u"psychiatric"_s;
    QVERIFY(engine.match(q).isEmpty());
}

void TestMatchEngine::incrementalUpdates()
{
    Professional p = person(u"Changes"_s, {u"legal.immigration"_s}, {}, kLeeds);
    MatchEngine engine;
    engine.setProfessionals({p, person(u"Other"_s, {u"medical.general"_s}, {}, kLeeds)});
    QCOMPARE(engine.size(), 2);
    p.services = {u"medical.general"_s};
    engine.upsert(p);
    QCOMPARE(engine.size(), 2);
    QVERIFY(engine.match(query({u"legal.immigration"_s})).isEmpty());
    QCOMPARE(engine.match(query({u"medical.general"_s})).size(), 2);
    QVERIFY(engine.remove(p.id));
    QVERIFY(!engine.remove(p.id));
    QCOMPARE(engine.match(query({u"medical.general"_s})).size(), 1);
    engine.upsert(person(u"New"_s, {u"medical.general"_s}, {}, kLeeds)); // reuses the free slot
    QCOMPARE(engine.size(), 2);
    QCOMPARE(engine.match(query({u"medical.general"_s})).size(), 2);
}

void TestMatchEngine::badQueriesAreRefused()
{
    MatchEngine engine;
    MatchQuery q = query({u"legal.magic"_s}, {u"xx"_s}, GeoPoint(100, 0), -5);
    q.reportType = u"horoscope"_s;
    q.jurisdiction = u"England"_s;
    const QStringList problems = engine.validate(q);
    QCOMPARE(problems.size(), 6);
    QVERIFY(problems.join(u'\n').contains(u"\"legal.magic\""_s));
    QVERIFY(problems.join(u'\n').contains(u"\"xx\""_s));
    QVERIFY(engine.match(q).isEmpty());
}

void TestMatchEngine::zeroResultsSuggestRelaxations()
{
    MatchEngine engine;
    Professional york = person(u"York"_s, {u"legal.immigration"_s}, {u"tir"_s}, GeoPoint(53.959, -1.082)); // ~35 km
    Professional manchester =
        person(u"Manchester"_s, {u"legal.immigration"_s}, {u"tir"_s}, GeoPoint(53.48, -2.24)); // ~55 km
    Professional interpreted = person(u"Interpreted"_s, {u"legal.immigration"_s}, {u"eng"_s}, kLeeds);
    interpreted.interpreterAvailable = true;
    Professional remote = person(u"Remote"_s, {u"legal.immigration"_s}, {u"tir"_s}, std::nullopt);
    engine.setProfessionals({york, manchester, interpreted, remote});
    const MatchQuery q = query({u"legal.immigration"_s}, {u"tir"_s}, kLeeds, 20);
    QVERIFY(engine.match(q).isEmpty());
    const auto relax = engine.relaxations(q);
    QStringList descriptions;
    for (const Relaxation& r : relax)
        descriptions.append(r.description);
    QVERIFY2(descriptions.contains(u"2 more within 80 km"_s), qPrintable(descriptions.join(u" | "_s)));
    QVERIFY(descriptions.contains(u"1 more remote"_s));
    QVERIFY(descriptions.contains(u"1 more with an interpreter"_s));
    // Each suggestion, applied, finds exactly what it counted.
    for (const Relaxation& r : relax)
        QCOMPARE(engine.match(Relaxation::apply(q, r.kind)).size(), r.count);
    QCOMPARE(Relaxation::apply(q, Relaxation::Kind::WiderRadius).radiusKm, 80.0);
    QVERIFY(Relaxation::apply(q, Relaxation::Kind::Remote).remoteOk);
    QVERIFY(Relaxation::apply(q, Relaxation::Kind::Interpreter).interpreterOk);
    QVERIFY(Relaxation::apply(q, Relaxation::Kind::NotAccepting).includeNotAccepting);
}

void TestMatchEngine::verifiedOnlyAndItsRelaxation()
{
    MatchEngine engine;
    Professional verified = person(u"Verified"_s, {u"legal.immigration"_s}, {u"tir"_s}, kLeeds);
    verified.verification.status = u"verified"_s;
    verified.verification.verifiedAt = QDateTime(QDate(2026, 9, 1), QTime(9, 0), Qt::UTC);
    Professional lapsed = person(u"Lapsed"_s, {u"legal.immigration"_s}, {u"tir"_s}, kLeeds);
    lapsed.verification.status = u"lapsed"_s;
    Professional unverified = person(u"Unverified"_s, {u"legal.immigration"_s}, {u"tir"_s}, kLeeds);
    unverified.verification = {};
    engine.setProfessionals({verified, lapsed, unverified});
    MatchQuery q = query({u"legal.immigration"_s}, {u"tir"_s}, kLeeds, 20);
    QCOMPARE(engine.match(q).size(), 3);
    q.verifiedOnly = true;
    const auto results = engine.match(q);
    QCOMPARE(results.size(), 1);
    QCOMPARE(results.first().name, u"Verified"_s);
    engine.setProfessionals({lapsed, unverified});
    QVERIFY(engine.match(q).isEmpty());
    const auto relax = engine.relaxations(q);
    QCOMPARE(relax.size(), 1);
    QCOMPARE(relax.first().kind, Relaxation::Kind::Unverified);
    QCOMPARE(relax.first().description, u"2 more not verified now"_s);
    QVERIFY(!Relaxation::apply(q, relax.first().kind).verifiedOnly);
    QCOMPARE(engine.match(Relaxation::apply(q, relax.first().kind)).size(), 2);
}

// The engine's top N equals an obvious implementation over the objects, for hundreds of random
// directories and queries.
void TestMatchEngine::matchesBruteForceOnRandomDirectories()
{
    const QStringList needCodes = [] {
        QStringList out;
        for (const auto& n : NeedsTaxonomy::instance().needs())
            out.append(n.code);
        return out;
    }();
    const QStringList languages = {u"eng"_s, u"tir"_s, u"vie"_s, u"sqi"_s, u"ron"_s,
                                   u"ara"_s, u"pol"_s, u"fra"_s, u"urd"_s};
    const auto cities = Gazetteer::instance().inCountry(u"GB") + Gazetteer::instance().inCountry(u"IT");
    int nonEmpty = 0;
    for (quint64 seed = 1; seed <= 200; ++seed) {
        const auto directory = DemoDirectoryGenerator(250, seed).generate().professionals;
        MatchEngine engine;
        engine.setProfessionals(directory);
        DemoRandom rng(seed * 7919);
        MatchQuery q;
        const int needs = rng.range(0, 3);
        for (int i = 0; i < needs; ++i)
            q.needs.append({rng.pick(needCodes), rng.chance(0.7)});
        const int langs = rng.range(0, 2);
        for (int i = 0; i < langs; ++i)
            if (const QString l = rng.pick(languages); !q.languages.contains(l))
                q.languages.append(l);
        if (rng.chance(0.7))
            q.near = rng.pick(cities)->point();
        q.radiusKm = rng.pick(QList<double>{10, 50, 100, 400});
        q.remoteOk = rng.chance(0.4);
        q.interpreterOk = rng.chance(0.4);
        q.includeNotAccepting = rng.chance(0.2);
        q.gender = rng.chance(0.2) ? u"female"_s : QString();
        q.cost = rng.pick(QStringList{QString(), QString(), u"free"_s, u"free-or-legal-aid"_s});
        if (rng.chance(0.15)) {
            q.expertWitness = true;
            q.jurisdiction = rng.chance(0.5) ? u"GB"_s : QString();
            q.minCourtAppearances = rng.range(0, 20);
        }
        q.limit = rng.range(1, 30);
        q.today = kToday;
        MatchWeights w;
        if (rng.chance(0.3))
            w.distance = 0;
        const auto expected = bruteForce(directory, q, w);
        const auto got = engine.match(q, w);
        QCOMPARE(got.size(), expected.size());
        for (qsizetype i = 0; i < got.size(); ++i) {
            QCOMPARE(got.at(i).id, expected.at(i).id);
            QVERIFY(std::abs(got.at(i).score - expected.at(i).score) < 1e-9);
        }
        nonEmpty += got.isEmpty() ? 0 : 1;
    }
    QVERIFY2(nonEmpty > 60, qPrintable(QString::number(nonEmpty))); // the queries are not all hopeless
}

QTEST_GUILESS_MAIN(TestMatchEngine)
// A result carries the place it matched by, for the map; a confidential location is never handed
// out (no coordinates, only the flag), whichever of a professional's locations it is.
void TestMatchEngine::placeIsTheMatchedLocationNeverAConfidentialOne()
{
    const GeoPoint bradford(53.7950, -1.7594), york(53.9590, -1.0815);
    Professional open = person(u"Open"_s, {u"legal.immigration"_s}, {}, york);
    Professional shelter = person(u"Shelter"_s, {u"legal.immigration"_s}, {}, bradford);
    shelter.locations.first().confidential = true;
    // Two locations: the nearer (Bradford) is confidential, the farther (York) is not.
    Professional both = person(u"Both"_s, {u"legal.immigration"_s}, {}, york);
    ServiceLocation hidden = both.locations.first();
    hidden.point = bradford;
    hidden.confidential = true;
    both.locations.append(hidden);
    Professional remote = person(u"Remote"_s, {u"legal.immigration"_s}, {}, std::nullopt);
    MatchEngine engine;
    engine.setProfessionals({open, shelter, both, remote});
    MatchQuery q = query({u"legal.immigration"_s}, {}, kLeeds, 100);
    q.remoteOk = true;
    QHash<QString, MatchResult> byName;
    for (const MatchResult& r : engine.match(q))
        byName.insert(r.name, r);
    QCOMPARE(byName.size(), 4);
    QVERIFY(byName[u"Open"_s].place && !byName[u"Open"_s].placeConfidential);
    QVERIFY(std::abs(byName[u"Open"_s].place->latitude() - york.latitude()) < 1e-4);
    QVERIFY(!byName[u"Shelter"_s].place && byName[u"Shelter"_s].placeConfidential);
    QVERIFY(!byName[u"Both"_s].place && byName[u"Both"_s].placeConfidential); // matched at Bradford
    QVERIFY(!byName[u"Remote"_s].place && !byName[u"Remote"_s].placeConfidential);
    // Without a place asked, the first public location is the one shown.
    byName.clear();
    for (const MatchResult& r : engine.match(query({u"legal.immigration"_s}, {}, std::nullopt)))
        byName.insert(r.name, r);
    QVERIFY(byName[u"Both"_s].place && std::abs(byName[u"Both"_s].place->longitude() - york.longitude()) < 1e-4);
    QVERIFY(!byName[u"Shelter"_s].place && byName[u"Shelter"_s].placeConfidential);
    // A record from before the flags existed counts every location as confidential.
    IndexRecord old = IndexRecord::from(open, IndexRecord::Content::MatchingOnly);
    old.confidential.clear();
    engine.upsert(old);
    byName.clear();
    for (const MatchResult& r : engine.match(q))
        byName.insert(r.name, r);
    QVERIFY(!byName[u"Open"_s].place && byName[u"Open"_s].placeConfidential);
}

#include "TestMatchEngine.moc"
