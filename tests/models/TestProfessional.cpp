#include "core/JsonReader.h"
#include "demo/Random.h"
#include "domain/Professional.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace htmse;
using namespace Qt::StringLiterals;

namespace {
Professional fullProfessional()
{
    Professional p;
    p.id = QUuid::fromString(u"6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f"_s);
    p.displayName = u"Dr Selam Tesfaye"_s;
    p.title = u"Consultant psychiatrist"_s;
    p.organisationId = QUuid::fromString(u"0b9e1f4c-5d1e-4c53-9a5e-3f1a1b2c3d4e"_s);
    p.gender = u"female"_s;
    p.professionalTypes = {u"psychiatrist"_s, u"medicolegal-doctor"_s};
    p.services = {u"mental-health.trauma"_s, u"mental-health.psychiatric-assessment"_s,
                  u"expert-witness.psychiatric-psychological"_s};
    p.populationsServed = {u"adults"_s, u"women"_s};
    p.traffickingTypes = {u"sexual"_s, u"domestic-servitude"_s};
    p.languages = {
        {u"tir"_s, u"native"_s, u"Asmara dialect"_s}, {u"amh"_s, u"fluent"_s, {}}, {u"eng"_s, u"fluent"_s, {}}};
    p.interpreterAvailable = true;
    p.countriesOfOperation = {u"GB"_s};
    p.countriesOfExpertise = {u"ER"_s, u"ET"_s};
    ServiceLocation clinic;
    clinic.city = u"Leeds"_s;
    clinic.region = u"England"_s;
    clinic.country = u"GB"_s;
    clinic.point = GeoPoint(53.7965, -1.5478);
    clinic.geonameId = 2644688;
    clinic.address = u"12 Park Square"_s;
    clinic.postcode = u"LS1 2NE"_s;
    ServiceLocation safeHouse = clinic;
    safeHouse.confidential = true;
    safeHouse.address = u"(withheld)"_s;
    p.locations = {clinic, safeHouse};
    p.remoteService = true;
    p.serviceRadiusKm = 80;
    p.openingHours = {{{1, 2, 3, 4, 5}, 9 * 60, 17 * 60 + 30, {}}, {{6}, 22 * 60, 2 * 60, u"night drop-in"_s}};
    p.openingHoursNote = u"Helpline answers round the clock"_s;
    p.timeZone = u"Europe/London"_s;
    p.accessibility = {u"step-free-access"_s, u"hearing-loop"_s};
    p.accessibilityNote = u"Lift to the second floor"_s;
    p.capacity = {true, 5};
    p.cost = {false, true, false, u"per-report"_s, u"Legal aid rates"_s};
    ExpertWitness e;
    e.disciplines = {u"psychiatric"_s, u"medicolegal"_s};
    e.jurisdictions = {u"GB-ENG"_s, u"GB-SCT"_s};
    e.courtAppearances = 42;
    e.reportTypes = {u"psychiatric"_s, u"istanbul-protocol"_s};
    e.expertDeclaration = true;
    e.declarationNote = u"CPR Part 35 compliant"_s;
    e.accreditationBody = u"General Medical Council"_s;
    e.cvUrl = u"https://cv.example.org/selam"_s;
    e.publicationsUrl = u"https://example.org/publications"_s;
    e.conflictOfInterest = u"None"_s;
    e.reportTurnaroundDays = 28;
    e.acceptingInstructions = false;
    p.expertWitness = e;
    p.contactChannels = {{u"email"_s, u"s.tesfaye@clinic.example.org"_s, {}, true},
                         {u"phone"_s, u"+447700900123"_s, u"weekdays"_s, false},
                         {u"referral-form"_s, u"https://refer.example.org/x"_s, {}, false}};
    p.verification = {u"verified"_s, u"Directory team"_s, QDateTime(QDate(2026, 9, 1), QTime(10, 0), Qt::UTC),
                      QDate(2027, 9, 1)};
    p.biography = u"Trauma psychiatrist.\nIstanbul Protocol trained."_s;
    p.keywords = {u"ptsd"_s, u"istanbul protocol"_s};
    p.active = true;
    p.updatedAt = QDateTime(QDate(2026, 11, 2), QTime(8, 15, 30, 250), Qt::UTC);
    p.serverVersion = 17;
    return p;
}

QJsonObject validMinimal()
{
    return QJsonObject{{u"id"_s, u"6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f"_s},
                       {u"display_name"_s, u"Amina Yusuf"_s},
                       {u"professional_types"_s, QJsonArray{u"lawyer"_s}},
                       {u"remote_service"_s, true}};
}

QJsonObject withField(QJsonObject o, const QString& key, const QJsonValue& value)
{
    o.insert(key, value);
    return o;
}
} // namespace

class TestProfessional : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip();
    void roundTripThroughBytes();
    void minimalProfile();
    void canonicalisesCodes();
    void badDocuments_data();
    void badDocuments();
    void reportsEveryProblemAtOnce();
    void mutatedDocumentsNeverCrash();
    void openingHoursAcrossMidnightAndZones();
};

// "Open now" follows the service's own time zone and hours that run past midnight.
void TestProfessional::openingHoursAcrossMidnightAndZones()
{
    Professional p = fullProfessional();                // Mon-Fri 09:00-17:30 and Sat 22:00-02:00, Europe/London
    const auto at = [](int day, int hour, int minute) { // December 2026: GMT, Monday the 7th
        return QDateTime(QDate(2026, 12, 6 + day), QTime(hour, minute), Qt::UTC);
    };
    QVERIFY(p.isOpenAt(at(1, 9, 0)));
    QVERIFY(p.isOpenAt(at(5, 17, 29)));
    QVERIFY(!p.isOpenAt(at(5, 17, 30))); // closes at 17:30
    QVERIFY(!p.isOpenAt(at(1, 8, 59)));
    QVERIFY(!p.isOpenAt(at(7, 12, 0))); // Sunday noon
    QVERIFY(p.isOpenAt(at(6, 23, 0)));  // Saturday night
    QVERIFY(p.isOpenAt(at(7, 1, 30)));  // ... into Sunday's small hours
    QVERIFY(!p.isOpenAt(at(7, 2, 0)));
    QVERIFY(!p.isOpenAt(at(1, 1, 0))); // Monday's small hours follow no Sunday night
    // In summer London is an hour ahead of UTC: 08:30 UTC is 09:30 there.
    QVERIFY(p.isOpenAt(QDateTime(QDate(2026, 6, 1), QTime(8, 30), Qt::UTC)));
    QVERIFY(!p.isOpenAt(QDateTime(QDate(2026, 6, 1), QTime(16, 45), Qt::UTC)));
    QVERIFY(p.opensEveningsOrWeekends());
    p.openingHours.removeLast();
    QVERIFY(!p.opensEveningsOrWeekends());
    p.openingHours = {{{3}, 0, 24 * 60, {}}}; // all day Wednesday
    QVERIFY(p.isOpenAt(at(3, 0, 0)));
    QVERIFY(p.isOpenAt(at(3, 23, 59)));
    QVERIFY(!p.isOpenAt(at(4, 0, 0)));
    p.openingHours.clear();
    QVERIFY(!p.isOpenAt(at(1, 10, 0))); // no hours stated: never said to be open
}

void TestProfessional::roundTrip()
{
    const Professional p = fullProfessional();
    ValidationProblems problems;
    const auto back = Professional::fromJson(p.toJson(), problems);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.toStrings().join(u'\n')));
    QVERIFY(back);
    QCOMPARE(back->toJson(), p.toJson());
    QVERIFY(*back == p);
}

void TestProfessional::roundTripThroughBytes()
{
    const Professional p = fullProfessional();
    const QByteArray bytes = QJsonDocument(p.toJson()).toJson(QJsonDocument::Compact);
    ValidationProblems problems;
    const auto object = parseJsonObject(bytes, problems);
    QVERIFY(object);
    const auto back = Professional::fromJson(*object, problems);
    QVERIFY(back);
    QVERIFY(*back == p);
}

void TestProfessional::minimalProfile()
{
    ValidationProblems problems;
    const auto p = Professional::fromJson(validMinimal(), problems);
    QVERIFY2(p, qPrintable(problems.toStrings().join(u'\n')));
    QVERIFY(p->active);
    QVERIFY(p->capacity.acceptingReferrals);
    QCOMPARE(p->verification.status, u"unverified"_s);
    QVERIFY(!p->expertWitness);
}

void TestProfessional::canonicalisesCodes()
{
    QJsonObject o = validMinimal();
    o.insert(u"languages"_s, QJsonArray{QJsonObject{{u"code"_s, u"ur"_s}}, QJsonObject{{u"code"_s, u"TIR"_s}}});
    o.insert(u"countries_of_operation"_s, QJsonArray{u"gb"_s});
    ValidationProblems problems;
    const auto p = Professional::fromJson(o, problems);
    QVERIFY(p);
    QCOMPARE(p->languages.at(0).code, u"urd"_s);
    QCOMPARE(p->languages.at(1).code, u"tir"_s);
    QCOMPARE(p->countriesOfOperation, QStringList{u"GB"_s});
}

void TestProfessional::badDocuments_data()
{
    QTest::addColumn<QJsonObject>("document");
    QTest::addColumn<QString>("problem");
    const QJsonObject m = validMinimal();
    QTest::newRow("missing id") << [&] {
        QJsonObject o = m;
        o.remove(u"id"_s);
        return o;
    }() << u"id: is required"_s;
    QTest::newRow("bad id") << withField(m, u"id"_s, u"42"_s) << u"id: \"42\" is not a UUID"_s;
    QTest::newRow("name wrong type") << withField(m, u"display_name"_s, 7)
                                     << u"display_name: must be a string, not a number"_s;
    QTest::newRow("oversized name") << withField(m, u"display_name"_s, QString(5000, u'a'))
                                    << u"display_name: is 5000 characters long; at most 200 are allowed"_s;
    QTest::newRow("no types") << withField(m, u"professional_types"_s, QJsonArray())
                              << u"professional_types: must list at least one item"_s;
    QTest::newRow("unknown type") << withField(m, u"professional_types"_s, QJsonArray{u"wizard"_s})
                                  << u"professional_types[0]: \"wizard\" is not one of:"_s;
    QTest::newRow("unknown need") << withField(m, u"services"_s, QJsonArray{u"legal"_s, u"legal.magic"_s})
                                  << u"services[1]: \"legal.magic\" is not a code of the needs taxonomy"_s;
    QTest::newRow("bad language") << withField(m, u"languages"_s,
                                               QJsonArray{QJsonObject{{u"code"_s, u"eng"_s}},
                                                          QJsonObject{{u"code"_s, u"fra"_s}},
                                                          QJsonObject{{u"code"_s, u"xx"_s}}})
                                  << u"languages[2].code: \"xx\" is not an ISO 639-3 code"_s;
    QTest::newRow("duplicate language") << withField(m, u"languages"_s,
                                                     QJsonArray{QJsonObject{{u"code"_s, u"en"_s}},
                                                                QJsonObject{{u"code"_s, u"eng"_s}}})
                                        << u"languages[1].code: \"eng\" is listed twice"_s;
    QTest::newRow("language not an object")
        << withField(m, u"languages"_s, QJsonArray{u"eng"_s}) << u"languages[0]: must be an object, not a string"_s;
    QTest::newRow("latitude out of range")
        << withField(m, u"locations"_s,
                     QJsonArray{QJsonObject{
                         {u"city"_s, u"X"_s}, {u"country"_s, u"GB"_s}, {u"latitude"_s, 100}, {u"longitude"_s, 0}}})
        << u"locations[0].latitude: 100 is outside -90..90"_s;
    QTest::newRow("latitude without longitude")
        << withField(m, u"locations"_s,
                     QJsonArray{QJsonObject{{u"city"_s, u"X"_s}, {u"country"_s, u"GB"_s}, {u"latitude"_s, 1}}})
        << u"locations[0].longitude: is required when latitude is given"_s;
    QTest::newRow("bad country") << withField(m, u"countries_of_operation"_s, QJsonArray{u"UK"_s})
                                 << u"countries_of_operation[0]: \"UK\" is not an ISO 3166-1 alpha-2 country code"_s;
    QTest::newRow("no location, not remote")
        << withField(m, u"remote_service"_s, false)
        << u"locations: must list at least one location unless remote_service is true"_s;
    const auto hours = [&m](QJsonObject rule) { return withField(m, u"opening_hours"_s, QJsonArray{rule}); };
    QTest::newRow("opening hours: bad day")
        << hours({{u"days"_s, QJsonArray{u"mon"_s, u"someday"_s}}, {u"opens"_s, u"09:00"_s}, {u"closes"_s, u"17:00"_s}})
        << u"opening_hours[0].days[1]: \"someday\" is not one of:"_s;
    QTest::newRow("opening hours: bad time")
        << hours({{u"days"_s, QJsonArray{u"mon"_s}}, {u"opens"_s, u"9am"_s}, {u"closes"_s, u"17:00"_s}})
        << u"opening_hours[0].opens: \"9am\" is not a time of day as HH:MM"_s;
    QTest::newRow("opening hours: 24:00 opens")
        << hours({{u"days"_s, QJsonArray{u"mon"_s}}, {u"opens"_s, u"24:00"_s}, {u"closes"_s, u"17:00"_s}})
        << u"opening_hours[0].opens: \"24:00\" is not a time of day as HH:MM"_s;
    QTest::newRow("opening hours: opens and closes alike")
        << hours({{u"days"_s, QJsonArray{u"mon"_s}}, {u"opens"_s, u"09:30"_s}, {u"closes"_s, u"09:30"_s}})
        << u"opening_hours[0].closes: is the same time as opens"_s;
    QTest::newRow("opening hours: no days")
        << hours({{u"opens"_s, u"09:00"_s}, {u"closes"_s, u"17:00"_s}}) << u"opening_hours[0].days: is required"_s;
    QTest::newRow("bad time zone") << withField(m, u"time_zone"_s, u"Mars/Olympus_Mons"_s)
                                   << u"time_zone: \"Mars/Olympus_Mons\" is not an IANA time zone"_s;
    QTest::newRow("unknown accessibility") << withField(m, u"accessibility"_s, QJsonArray{u"teleporter"_s})
                                           << u"accessibility[0]: \"teleporter\" is not one of:"_s;
    QTest::newRow("bad phone") << withField(
                                      m, u"contact_channels"_s,
                                      QJsonArray{QJsonObject{{u"kind"_s, u"phone"_s}, {u"value"_s, u"07700 900123"_s}}})
                               << u"contact_channels[0].value: \"07700 900123\" is not an E.164 phone number"_s;
    QTest::newRow("javascript link") << withField(m, u"contact_channels"_s,
                                                  QJsonArray{QJsonObject{{u"kind"_s, u"website"_s},
                                                                         {u"value"_s, u"javascript:x"_s}}})
                                     << u"contact_channels[0].value: \"javascript:x\" is not an http(s) URL"_s;
    QTest::newRow("bad jurisdiction") << withField(m, u"expert_witness"_s,
                                                   QJsonObject{{u"jurisdictions"_s, QJsonArray{u"England"_s}}})
                                      << u"expert_witness.jurisdictions[0]: \"England\" is not a country code"_s;
    QTest::newRow("negative appearances")
        << withField(m, u"expert_witness"_s, QJsonObject{{u"court_appearances"_s, -1}})
        << u"expert_witness.court_appearances: -1 is outside 0..100000"_s;
    QTest::newRow("fractional days") << withField(m, u"capacity"_s, QJsonObject{{u"typical_response_days"_s, 2.5}})
                                     << u"capacity.typical_response_days: 2.5 is not a whole number"_s;
    QTest::newRow("verified without date")
        << withField(m, u"verification"_s, QJsonObject{{u"status"_s, u"verified"_s}})
        << u"verification.verified_at: is required when the status is \"verified\""_s;
    QTest::newRow("capacity not an object")
        << withField(m, u"capacity"_s, QJsonArray()) << u"capacity: must be an object, not an array"_s;
    QTest::newRow("control character") << withField(m, u"display_name"_s, u"Amina\u0007"_s)
                                       << u"display_name: contains a control character (U+0007)"_s;
    QTest::newRow("too many keywords") << withField(m, u"keywords"_s,
                                                    QJsonArray::fromStringList(QStringList(51, u"k"_s)))
                                       << u"keywords: has 51 items; at most 50 are allowed"_s;
}

void TestProfessional::badDocuments()
{
    QFETCH(QJsonObject, document);
    QFETCH(QString, problem);
    ValidationProblems problems;
    QVERIFY(!Professional::fromJson(document, problems));
    const QString all = problems.toStrings().join(u'\n');
    QVERIFY2(all.contains(problem), qPrintable(all));
}

void TestProfessional::reportsEveryProblemAtOnce()
{
    QJsonObject o = validMinimal();
    o.insert(u"id"_s, u"nope"_s);
    o.insert(u"gender"_s, u"unknown"_s);
    o.insert(u"languages"_s, QJsonArray{QJsonObject{{u"code"_s, u"qq"_s}}});
    o.insert(u"service_radius_km"_s, -5);
    ValidationProblems problems;
    QVERIFY(!Professional::fromJson(o, problems, u"professionals[3]"_s));
    QCOMPARE(problems.size(), 4);
    QVERIFY(problems.hasPath(u"professionals[3].id"_s));
    QVERIFY(problems.hasPath(u"professionals[3].gender"_s));
    QVERIFY(problems.hasPath(u"professionals[3].languages[0].code"_s));
    QVERIFY(problems.hasPath(u"professionals[3].service_radius_km"_s));
}

// Replace random values of a full profile by values of other types, strings of junk and
// huge numbers: validation must report problems (or accept), never crash or hang.
void TestProfessional::mutatedDocumentsNeverCrash()
{
    const QJsonObject full = fullProfessional().toJson();
    const QList<QJsonValue> junk = {QJsonValue(),
                                    QJsonValue(true),
                                    QJsonValue(-1e300),
                                    QJsonValue(u"\u0000"_s),
                                    QJsonValue(QString(100'000, u'x')),
                                    QJsonValue(QJsonArray{1, u"a"_s, QJsonObject()}),
                                    QJsonValue(QJsonObject{{u"code"_s, 3}}),
                                    QJsonValue(u"2026-13-45T99:99:99Z"_s)};
    DemoRandom rng(20261130);
    int accepted = 0;
    for (int round = 0; round < 2000; ++round) {
        QJsonObject o = full;
        const QStringList keys = o.keys();
        for (int k = 0; k < 3; ++k) {
            const QString key = keys.at(qsizetype(rng.below(std::uint64_t(keys.size()))));
            const QJsonValue value = junk.at(qsizetype(rng.below(std::uint64_t(junk.size()))));
            if (o.value(key).isArray() && rng.chance(0.5)) {
                QJsonArray a = o.value(key).toArray();
                a.append(value);
                o.insert(key, a);
            } else {
                o.insert(key, value);
            }
        }
        ValidationProblems problems;
        const auto p = Professional::fromJson(o, problems);
        QCOMPARE(p.has_value(), problems.isEmpty());
        accepted += p ? 1 : 0;
    }
    QVERIFY(accepted < 2000); // the junk is junk
}

QTEST_GUILESS_MAIN(TestProfessional)
#include "TestProfessional.moc"
