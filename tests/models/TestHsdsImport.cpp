#include "common/Files.h"
#include "core/JsonReader.h"
#include "domain/NeedCode.h"
#include "interchange/CsvReader.h"
#include "interchange/HsdsImport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include <random>

using namespace htmse;
using namespace Qt::StringLiterals;

namespace htmse {
// Lets QCOMPARE print the problems that differ.
char* toString(const HsdsProblem& p)
{
    return QTest::toString(p.toString() + (p.skipped ? u" [record skipped]"_s : u""_s));
}
} // namespace htmse

namespace {

using Problems = QList<HsdsProblem>;

const QDateTime kNow(QDate(2026, 11, 30), QTime(9, 0), Qt::UTC);

QString examples()
{
    return qEnvironmentVariable("HTMSE_SOURCE_DIR") + u"/tests/data/hsds-3.0/examples"_s;
}

HsdsProblem dropped(const QString& source, const QString& field, const QString& reason)
{
    return {source, field, reason, false};
}

HsdsProblem skipped(const QString& source, const QString& field, const QString& reason)
{
    return {source, field, reason, true};
}

HsdsProblem unread(const QString& file)
{
    return {file,
            {},
            u"1 row not imported: the importer does not read this table (no place in a directory profile)"_s,
            false};
}

bool writePackage(const QString& dir, const QList<std::pair<QString, QByteArray>>& files)
{
    for (const auto& [name, bytes] : files)
        if (!test::writeAll(QDir(dir).filePath(name), bytes))
            return false;
    return true;
}

// Every imported record must pass the directory's own validation, round trip included.
QString invalidRecords(const HsdsImportResult& r)
{
    QStringList out;
    for (const Professional& p : r.professionals) {
        ValidationProblems problems;
        const auto again = Professional::fromJson(p.toJson(), problems);
        if (!again || !(*again == p))
            out.append(p.displayName + u": "_s + problems.toStrings().join(u"; "_s));
    }
    for (const Organisation& o : r.organisations) {
        ValidationProblems problems;
        const auto again = Organisation::fromJson(o.toJson(), problems);
        if (!again || !(*again == o))
            out.append(o.name + u": "_s + problems.toStrings().join(u"; "_s));
    }
    return out.join(u'\n');
}

const Professional* byName(const HsdsImportResult& r, const QString& name)
{
    for (const Professional& p : r.professionals)
        if (p.displayName == name)
            return &p;
    return nullptr;
}

} // namespace

class TestHsdsImport : public QObject
{
    Q_OBJECT

private slots:
    void examplePackage();
    void exampleServiceList();
    void reimportKeepsIds();
    void hostilePackage();
    void hostileJson_data();
    void hostileJson();
    void jsonShapes();
    void sharedRecords();
    void schedulesAndAccessibility();
    void nestedSchedulesAndAccessibility();
    void extension();
    void needMapping_data();
    void needMapping();
    void sniff_data();
    void sniff();
    void refusals();
    void problemListIsCapped();
    void survivesMutations();
};

// The Open Referral example package, defects and all: each one is reported, the one service
// and the one organization land.
void TestHsdsImport::examplePackage()
{
    const HsdsImportResult r = HsdsImport::readDataPackage(examples() + u"/csv"_s, kNow);
    QVERIFY(r.readable);
    QCOMPARE(r.recordsRead, 2);
    QCOMPARE(r.skipped, 0);
    QCOMPARE(r.organisations.size(), 1);
    QCOMPARE(r.professionals.size(), 1);
    const Problems expected{
        // datapackage.json is a git symlink checked out as a plain file.
        dropped(u"datapackage.json"_s, {},
                u"is not a JSON data package descriptor (it holds only the text \"../../datapackage.json\": a "
                "symbolic link saved as a plain file); the tables are looked for under their usual file names"_s),
        // The only taxonomy term hangs off a taxonomy and a parent term that do not exist.
        dropped(u"taxonomy_terms.csv row 2"_s, u"taxonomy_id"_s,
                u"\"07ff6aee-a219-438c-b694-d2fcb6c5373b\" names no taxonomy in the import; ignored"_s),
        dropped(u"taxonomy_terms.csv row 2"_s, u"parent_id"_s,
                u"\"0bc248fa-dc27-4650-9ba4-8f1a24ef16a2\" names no taxonomy_term in the import; ignored"_s),
        // The only attribute links a placeholder entity and an id that is nowhere in the package.
        dropped(u"attributes.csv row 2"_s, u"link_entity"_s,
                u"\"link_entity\" is not an HSDS table; the link is looked up among services and locations"_s),
        dropped(u"attributes.csv row 2"_s, u"link_id"_s,
                u"\"f28dd44b-0c4d-479f-8e90-4c52219a8b3c\" names no service or location in the import; the "
                "attribute is left out"_s),
        // The change record is about a location that does not exist.
        dropped(u"metadata.csv row 2"_s, u"resource_id"_s,
                u"\"38960354-e7d2-4cfa-a368-820f729d6ccf\" names no location in the import; the change record is "
                "ignored"_s),
        dropped(u"locations.csv row 2"_s, u"organization_id"_s,
                u"\"985e4a42-bd9f-4edc-911d-0243a4640aca\" names no organization in the import; ignored"_s),
        // Latitude 100 is off the planet.
        dropped(u"locations.csv row 2"_s, u"latitude"_s, u"100 is outside -90..90; the coordinates are left out"_s),
        dropped(u"contacts.csv row 2"_s, u"service_at_location_id"_s,
                u"\"93eaf18d-1cd2-4ec7-bffb-3c9172ee5070\" names no service_at_location in the import; ignored"_s),
        dropped(u"contacts.csv row 2"_s, u"organization_id"_s,
                u"\"ae67a707-5893-4225-b0b1-320ab9cb596b\" names no organization in the import; ignored"_s),
        // The number is wrapped in literal quote characters ("""+44 1234 234567""" in the CSV): read
        // without them, and said so.
        dropped(u"phones.csv row 2"_s, u"number"_s,
                u"\"\\\"+44 1234 234567\\\"\" is wrapped in quote characters; read as +441234234567"_s),
        dropped(u"cost_options.csv row 2"_s, u"valid_to"_s, u"the option ended on 2022-12-31; it is left out"_s),
        dropped(u"service_areas.csv row 2"_s, u"extent"_s, u"\"extent\" is not GeoJSON; ignored"_s),
        dropped(u"service_areas.csv row 2"_s, u"name"_s,
                u"\"The service is available to all resident…\" is not a country; the area is left out of the "
                "countries of operation"_s),
        // The only schedule (Thursdays and Fridays 10:00-18:00) was valid on 1 January 2005 alone.
        dropped(u"schedules.csv row 2"_s, u"valid_to"_s, u"the schedule ended on 2005-01-01; it is left out"_s),
        dropped(u"organizations.csv row 2"_s, u"parent_organization_id"_s,
                u"\"cd09a387-91f4-4555-94ec-e799c35344cd\" names no organization in the import; ignored"_s),
        dropped(u"services.csv row 2"_s, u"attributes"_s,
                u"no taxonomy term is linked to the service; imported without needs"_s),
        // The tables with no place in a profile are named, not passed over in silence.
        unread(u"funding.csv"_s),
        unread(u"programs.csv"_s),
        unread(u"required_documents.csv"_s),
        unread(u"organization_identifiers.csv"_s),
        unread(u"meta_table_descriptions.csv"_s),
    };
    QCOMPARE(r.problems, expected);
    QCOMPARE(invalidRecords(r), QString());

    const Organisation& o = r.organisations.first();
    QCOMPARE(o.id, QUuid(u"d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"_s));
    QCOMPARE(o.name, u"Example Organization Inc."_s);
    QCOMPARE(o.alternateName, u"Example Org"_s);
    QCOMPARE(o.website, u"http://example.com"_s);
    QCOMPARE(o.email, u"email@example.com"_s);
    QVERIFY(o.phone.isEmpty());
    QCOMPARE(o.updatedAt, kNow);

    const Professional& p = r.professionals.first();
    QCOMPARE(p.id, QUuid(u"ac148810-d857-441c-9679-408f346de14b"_s));
    QCOMPARE(p.displayName, u"Community Counselling"_s);
    QCOMPARE(p.organisationId, o.id);
    QCOMPARE(p.professionalTypes, QStringList{u"specialist-ngo"_s});
    QVERIFY(p.services.isEmpty());
    QCOMPARE(p.populationsServed, (QStringList{u"adults"_s, u"children"_s}));
    QCOMPARE(p.languages,
             (QList<LanguageSkill>{
                 {u"urd"_s, {}, u"Translation services provided via bilingual staff when they are available"_s}}));
    QVERIFY(p.interpreterAvailable);
    QCOMPARE(p.locations.size(), 1);
    QCOMPARE(p.locations.first().city, u"MyCity"_s);
    QCOMPARE(p.locations.first().country, u"US"_s);
    QVERIFY(!p.locations.first().point);
    QVERIFY(!p.locations.first().confidential);
    QVERIFY(p.locations.first().address.isEmpty());
    QVERIFY(p.locations.first().postcode.isEmpty());
    QVERIFY(p.locations.first().region.isEmpty());
    QVERIFY(!p.remoteService);
    QCOMPARE(p.contactChannels,
             (QList<ContactChannel>{
                 {u"website"_s, u"http://example.com/counselling"_s, {}, false},
                 {u"email"_s, u"email@example.com"_s, u"Ann Persona, Reception Manager, Reception"_s, false},
                 {u"phone"_s, u"+441234234567"_s,
                  u"extension 100; Our main reception phone number. The phones will be available from 0800 (8am) "
                  "until 1800 (6pm) local time. There may be some slight delays in answering your call if we are "
                  "busy."_s,
                  false}}));
    QVERIFY(!p.cost.free);
    QVERIFY(p.cost.note.contains(u"£50 per hour"_s));
    QVERIFY(p.capacity.acceptingReferrals);
    QVERIFY(p.active);
    QCOMPARE(p.keywords, QStringList{u"MyCity Counselling Services"_s});
    QVERIFY(p.biography.startsWith(u"Counselling Services provided by trained professionals."_s));
    QCOMPARE(p.verification.status, u"unverified"_s);
    QCOMPARE(p.updatedAt, QDateTime(QDate(2023, 3, 15), QTime(10, 30, 45, 123), Qt::UTC));
    // The schedule has ended: no hours, no note, no time zone (its "3" is no zone either).
    QVERIFY(p.openingHours.isEmpty());
    QVERIFY(p.openingHoursNote.isEmpty());
    QVERIFY(p.timeZone.isEmpty());
    // The civic center's induction loops and wheelchair access, and its words.
    QCOMPARE(p.accessibility, (QStringList{u"step-free-access"_s, u"hearing-loop"_s}));
    QCOMPARE(p.accessibilityNote,
             u"The building is equipped with induction loops for hearing aids. Wheelchair access is possible on all "
             "levels.\nSwitch hearing aid to T-coil to access the induction loop facility.\nhttp://example.com"_s);
    // Street, village, state, postcode and the contact's attention line stay behind.
    const QByteArray json = QJsonDocument(p.toJson()).toJson();
    for (const char* street : {"Main Street", "MyVillage", "MyState", "ABC 1234", "A. Persona", "Civic Center"})
        QVERIFY2(!json.contains(street), street);
}

void TestHsdsImport::exampleServiceList()
{
    const HsdsImportResult r = HsdsImport::readPath(examples() + u"/service_list.json"_s, kNow);
    QVERIFY(r.readable);
    QCOMPARE(r.recordsRead, 2);
    QCOMPARE(r.skipped, 1);
    QCOMPARE(r.organisations.size(), 1);
    QCOMPARE(r.professionals.size(), 0);
    const Problems expected{
        dropped(u"service_list.json"_s, u"page_number"_s,
                u"this is page 1 of 10 (10 items in all); the other pages are not in this file and are not "
                "imported"_s),
        dropped(u"service_list.json: contents[0].organization"_s, u"parent_organization_id"_s,
                u"\"cd09a387-91f4-4555-94ec-e799c35344cd\" names no organization in the import; ignored"_s),
        dropped(u"service_list.json: contents[0]"_s, u"attributes"_s,
                u"no taxonomy term is linked to the service; imported without needs"_s),
        // A list page carries no service_at_location: the service has nowhere to be found.
        skipped(u"service_list.json: contents[0]"_s, u"locations"_s,
                u"must list at least one location unless remote_service is true; the record is left out"_s),
        dropped(u"service_list.json"_s, u"program"_s,
                u"1 not imported: the importer does not read HSDS program (no place in a directory profile)"_s),
    };
    QCOMPARE(r.problems, expected);
    QCOMPARE(invalidRecords(r), QString());
    QCOMPARE(r.organisations.first().id, QUuid(u"d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"_s));
    QCOMPARE(r.organisations.first().name, u"Example Organization Inc."_s);
}

void TestHsdsImport::reimportKeepsIds()
{
    const HsdsImportResult first = HsdsImport::readDataPackage(examples() + u"/csv"_s, kNow);
    const HsdsImportResult second = HsdsImport::readDataPackage(examples() + u"/csv"_s, kNow);
    QCOMPARE(second.professionals, first.professionals);
    QCOMPARE(second.organisations, first.organisations);

    // Ids that are not UUIDs become name-based (v5) UUIDs: the same every time, apart per table.
    const QUuid service = HsdsImport::idFor(u"service", u"svc-1");
    QCOMPARE(service.version(), QUuid::Sha1);
    QCOMPARE(uuidString(service), u"2d52736b-fe52-5c0f-af6e-d75de86e2ee1"_s); // never changes: stored ids depend on it
    QCOMPARE(HsdsImport::idFor(u"service", u" svc-1 "), service);
    QVERIFY(HsdsImport::idFor(u"organization", u"svc-1") != service);
    QCOMPARE(HsdsImport::idFor(u"service", u"{AC148810-D857-441C-9679-408F346DE14B}"),
             QUuid(u"ac148810-d857-441c-9679-408f346de14b"_s));

    // The same service read from CSV and from JSON is the same profile.
    QTemporaryDir dir;
    QVERIFY(writePackage(dir.path(), {{u"services.csv"_s, "id,name,status\nsvc-1,Advice,active\n"_ba},
                                      {u"locations.csv"_s, "id,location_type\nl1,virtual\n"_ba},
                                      {u"service_at_location.csv"_s, "id,service_id,location_id\ns1,svc-1,l1\n"_ba}}));
    const HsdsImportResult csv = HsdsImport::readDataPackage(dir.path(), kNow);
    const HsdsImportResult json = HsdsImport::readJson(
        R"({"id": "svc-1", "name": "Advice", "status": "active", "service_at_locations": [{"location":
            {"location_type": "virtual"}}]})",
        u"one.json"_s, kNow);
    QCOMPARE(csv.professionals.size(), 1);
    QCOMPARE(json.professionals.size(), 1);
    QCOMPARE(csv.professionals.first().id, service);
    QCOMPARE(json.professionals.first().id, service);
    QVERIFY(csv.professionals.first().remoteService);
    QVERIFY(csv.problems.contains(
        dropped(u"services.csv row 2"_s, u"id"_s,
                u"\"svc-1\" is not a UUID; the profile's id is 2d52736b-fe52-5c0f-af6e-d75de86e2ee1, derived from "
                "it, so re-imports update the same profile"_s)));
}

// A data package with one planted defect of each kind.
void TestHsdsImport::hostilePackage()
{
    QTemporaryDir dir;
    const QByteArray services =
        "id,organization_id,name,alternate_name,description,url,email,status,interpretation_services,minimum_age,"
        "maximum_age,last_modified,fees_description,htmse\n"
        "svc-1,org-1,Immigration advice,,\"Line one\nline two with \"\"quotes\"\", and a comma\","
        "https://asa.example.org/advice,not-an-email,temporarily closed,None,18,,2024-05-01T12:00:00Z,,"
        "\"{\"\"expert_witness\"\": {\"\"disciplines\"\": [\"\"trafficking\"\"]}}\"\n"
        "svc-2,org-404,Second service,,Second,ftp://x,a@b.example,bogus,Arabic on request,,,yesterday,Free,\n"
        "svc-3,org-2,Shelter,,,,,active,,,,,,\"{\"\"id\"\": \"\"x\"\", \"\"cost\"\": {\"\"fee_basis\"\": "
        "\"\"barter\"\"}}\"\n"
        "svc-6,org-1,,,,,,active,,,,,,\n"
        "svc-7,,\x01,,,,,active,,,,,,\n"
        "svc-1,org-1,Duplicate,,,,,active,,,,,,\n"
        ",org-1,No id,,,,,active,,,,,,\n"
        "svc-4,org-1,Broken row\n"
        "svc-5,org-1,\"Unclosed\n";
    QVERIFY(writePackage(
        dir.path(),
        {{u"organizations.csv"_s, "\xEF\xBB\xBFid,name,description,email,website\r\n"
                                  "org-1,Anti-Slavery Aid,\"Helps survivors, \"\"fast\"\"\",info@asa.example.org,"
                                  "https://asa.example.org\r\n"
                                  "org-2,,no name,,\r\n"_ba},
         {u"services.csv"_s, services},
         {u"locations.csv"_s, "id,location_type,latitude,longitude,name,confidential,url\n"
                              "loc-1,physical,51.5,-0.12,Safe house,true,\n"
                              "loc-2,physical,abc,10,,,\n"
                              "loc-3,physical,0,0,,,\n"
                              "loc-4,virtual,,,,,https://asa.example.org/chat\n"
                              "loc-5,postal,,,,,\n"
                              "loc-6,,52,,,,\n"_ba},
         {u"addresses.csv"_s, "id,location_id,address_1,city,country,address_type,postal_code\n"
                              "a1,loc-1,1 Secret Street,London,United Kingdom,physical,SW1A 0AA\n"
                              "a2,loc-2,,Leeds,GBR,physical,\n"
                              "a3,loc-3,,Nowhere,Narnia,physical,\n"
                              "a4,loc-6,,York,GB,,\n"
                              "a5,loc-404,,Paris,FR,physical,\n"_ba},
         {u"service_at_location.csv"_s,
          "id,service_id,location_id\n"
          "sal-1,svc-1,loc-1\nsal-2,svc-1,loc-4\nsal-3,svc-2,loc-2\nsal-4,svc-2,loc-3\n"
          "sal-5,svc-3,loc-5\nsal-6,svc-3,loc-6\nsal-7,svc-9,loc-1\nsal-8,svc-6,loc-1\n"_ba},
         {u"languages.csv"_s, "id,service_id,location_id,phone_id,name,code,note\n"
                              "l1,svc-1,,,,en-GB,\nl2,svc-1,,,Polish,,\nl3,svc-1,,,,xx,\nl4,svc-1,,,Klingonese,,\n"
                              "l5,,loc-1,,Tigrinya,ti,Eritrean dialect\nl6,,,,,fr,\n"_ba},
         {u"phones.csv"_s, "id,service_id,organization_id,number,extension,type,description\n"
                           "p1,svc-1,,+44 (0)20 7946 0000,12,voice,Reception\n"
                           "p2,svc-1,,0044 20 7946 0001,,fax,\n"
                           "p3,,org-1,+44 20 7946 0002,,,\n"
                           "p4,svc-2,,020 7946 0003,,,\n"_ba},
         {u"contacts.csv"_s, "id,service_id,name,email\nc1,svc-1,Case team,cases@asa.example.org\n"
                             "c2,svc-1,Bad,not an email\n"_ba},
         {u"cost_options.csv"_s, "id,service_id,option,amount,currency,amount_description,valid_to\n"
                                 "co1,svc-1,Everyone,0,GBP,,2099-01-01\n"
                                 "co2,svc-2,Reports,-5,pounds,per report,\n"
                                 "co3,svc-2,Reports,250,eur,per report,\n"_ba},
         {u"service_areas.csv"_s, "id,service_id,name,extent_type,extent\n"
                                  "sa1,svc-1,GB,geojson,\"{\"\"type\"\": \"\"Polygon\"\", \"\"coordinates\"\": []}\"\n"
                                  "sa2,svc-1,United Kingdom,,\nsa3,svc-1,Ireland,,\n"_ba},
         {u"taxonomy_terms.csv"_s, "id,code,name\nt1,,Immigration Legal Services\nt2,,Bicycle repair\n"
                                   "t3,,Confidential\nt4,legal.compensation,\n"_ba},
         {u"attributes.csv"_s, "id,link_id,link_entity,taxonomy_term_id\nat1,svc-1,service,t1\n"
                               "at2,svc-1,service,t2\nat3,loc-1,location,t3\nat4,svc-2,service,t4\n"
                               "at5,svc-2,program,t1\n"_ba},
         {u"metadata.csv"_s, "id,resource_id,resource_type,last_action_date\n"
                             "m1,svc-2,service,2025-01-02\n"
                             "m2,svc-2,service,2999-01-01\n"
                             "x1,svc-1,service,Has a NUL\0 here\n"
                             "x2,svc-1,service,bad \xFF utf8\n"_ba}}));

    const HsdsImportResult r = HsdsImport::readDataPackage(dir.path(), kNow);
    QVERIFY(r.readable);
    QCOMPARE(invalidRecords(r), QString());
    // services: svc-1, svc-2, svc-3, svc-6, svc-7, the duplicate, the id-less row, two broken rows;
    // organizations: org-1, org-2.
    QCOMPARE(r.recordsRead, 11);
    QCOMPARE(r.skipped, 7);
    QCOMPARE(r.professionals.size(), 3);
    QCOMPARE(r.organisations.size(), 1);

    const QString svc1 = uuidString(HsdsImport::idFor(u"service", u"svc-1"));
    const QString svc2 = uuidString(HsdsImport::idFor(u"service", u"svc-2"));
    const QString svc6 = uuidString(HsdsImport::idFor(u"service", u"svc-6"));
    const QString org1 = uuidString(HsdsImport::idFor(u"organization", u"org-1"));
    const Problems expected{
        dropped(u"datapackage.json"_s, {}, u"is missing; the tables are looked for under their usual file names"_s),
        skipped(u"services.csv row 7"_s, u"id"_s,
                u"\"svc-1\" repeats the id of services.csv row 2; the record is left out"_s),
        skipped(u"services.csv row 8"_s, u"id"_s, u"is missing; the record is left out"_s),
        skipped(u"services.csv row 9"_s, {}, u"has 3 values but the header names 14 columns; the row is left out"_s),
        skipped(u"services.csv row 10"_s, {}, u"value 3 opens a quote that is never closed; the row is left out"_s),
        dropped(u"metadata.csv row 4"_s, {}, u"value 4 holds a NUL character; the row is left out"_s),
        dropped(u"metadata.csv row 5"_s, {}, u"value 4 is not valid UTF-8; the row is left out"_s),
        dropped(u"service_at_location.csv row 8"_s, u"service_id"_s,
                u"\"svc-9\" names no service in the import; the link is left out"_s),
        dropped(u"attributes.csv row 3"_s, u"taxonomy_term_id"_s,
                u"the term \"Bicycle repair\" maps to no need of the htmse taxonomy; left out"_s),
        dropped(u"metadata.csv row 3"_s, u"last_action_date"_s,
                u"\"2999-01-01\" lies in the future; the change record is ignored"_s),
        dropped(u"addresses.csv row 6"_s, u"location_id"_s,
                u"\"loc-404\" names no location in the import; the address is left out"_s),
        dropped(u"locations.csv row 3"_s, u"latitude"_s, u"\"abc\" is not a number; the coordinates are left out"_s),
        dropped(u"locations.csv row 4"_s, u"latitude"_s,
                u"0, 0 is a placeholder, not a place; the coordinates are left out"_s),
        dropped(u"addresses.csv row 4"_s, u"country"_s,
                u"\"Narnia\" is not an ISO 3166-1 country code or an English country name; left out"_s),
        dropped(u"locations.csv row 4"_s, {}, u"has no address with a country; left out of the service's locations"_s),
        dropped(u"locations.csv row 6"_s, u"location_type"_s,
                u"postal: a mailing address, not a place where the service is given; left out of the service's "
                "locations"_s),
        dropped(u"locations.csv row 7"_s, u"location_type"_s, u"is missing; read as physical"_s),
        dropped(u"locations.csv row 7"_s, u"longitude"_s,
                u"is missing while latitude is given; the coordinates are left out"_s),
        dropped(u"contacts.csv row 3"_s, u"email"_s, u"\"not an email\" is not an email address; left out"_s),
        dropped(u"phones.csv row 3"_s, u"type"_s, u"fax numbers are not a contact channel here; left out"_s),
        dropped(u"phones.csv row 5"_s, u"number"_s,
                u"\"020 7946 0003\" is not an E.164 phone number (+, country code, number: +441234234567); left out"_s),
        dropped(u"languages.csv row 4"_s, u"code"_s,
                u"\"xx\" is neither an ISO 639 code nor a language name the ISO 639-3 table knows; left out"_s),
        dropped(u"languages.csv row 5"_s, u"name"_s,
                u"\"Klingonese\" is neither an ISO 639 code nor a language name the ISO 639-3 table knows; left out"_s),
        dropped(u"languages.csv row 7"_s, {}, u"belongs to no service in the import; left out"_s),
        dropped(u"cost_options.csv row 3"_s, u"amount"_s, u"-5 is outside 0..1000000000000; the amount is left out"_s),
        dropped(u"cost_options.csv row 3"_s, u"currency"_s,
                u"\"pounds\" is not a three-letter ISO 4217 code; left out"_s),
        dropped(u"organizations.csv row 2"_s, u"id"_s,
                u"\"org-1\" is not a UUID; the organisation's id is %1, derived from it, so re-imports update the "
                "same organisation"_s.arg(org1)),
        skipped(u"organizations.csv row 3"_s, u"name"_s, u"is missing; the organization is left out"_s),
        dropped(u"services.csv row 2"_s, u"id"_s,
                u"\"svc-1\" is not a UUID; the profile's id is %1, derived from it, so re-imports update the same "
                "profile"_s.arg(svc1)),
        dropped(u"services.csv row 2"_s, u"email"_s, u"\"not-an-email\" is not an email address; left out"_s),
        dropped(u"services.csv row 3"_s, u"organization_id"_s,
                u"\"org-404\" names no organization in the import; the profile has no organisation"_s),
        dropped(u"services.csv row 3"_s, u"id"_s,
                u"\"svc-2\" is not a UUID; the profile's id is %1, derived from it, so re-imports update the same "
                "profile"_s.arg(svc2)),
        dropped(u"services.csv row 3"_s, u"status"_s,
                u"\"bogus\" is not active, inactive, defunct or temporarily closed; read as active"_s),
        dropped(u"services.csv row 3"_s, u"url"_s, u"\"ftp://x\" is not an http(s) URL; left out"_s),
        dropped(u"services.csv row 3"_s, u"last_modified"_s, u"\"yesterday\" is not an ISO 8601 date-time; ignored"_s),
        dropped(u"services.csv row 4"_s, u"id"_s,
                u"\"svc-3\" is not a UUID; the profile's id is %1, derived from it, so re-imports update the same "
                "profile"_s.arg(uuidString(HsdsImport::idFor(u"service", u"svc-3")))),
        dropped(u"services.csv row 4"_s, u"organization_id"_s,
                u"names an organization that was left out; the profile has no organisation"_s),
        dropped(u"services.csv row 4"_s, u"attributes"_s,
                u"no taxonomy term is linked to the service; imported without needs"_s),
        dropped(u"services.csv row 4"_s, u"htmse.id"_s, u"the id comes from the HSDS record; ignored"_s),
        skipped(u"services.csv row 4"_s, u"cost.fee_basis"_s,
                u"\"barter\" is not one of: none, hourly, fixed, per-report, sliding-scale; the record is left out"_s),
        dropped(u"services.csv row 5"_s, u"name"_s, u"is missing; the organization's name is used"_s),
        dropped(u"services.csv row 5"_s, u"id"_s,
                u"\"svc-6\" is not a UUID; the profile's id is %1, derived from it, so re-imports update the same "
                "profile"_s.arg(svc6)),
        dropped(u"services.csv row 5"_s, u"attributes"_s,
                u"no taxonomy term is linked to the service; imported without needs"_s),
        dropped(u"services.csv row 6"_s, u"name"_s, u"contains a control character (U+0001); left out"_s),
        skipped(u"services.csv row 6"_s, u"name"_s, u"is missing; the service is left out"_s),
    };
    QCOMPARE(r.problems, expected);

    const Professional* advice = byName(r, u"Immigration advice"_s);
    QVERIFY(advice);
    QCOMPARE(uuidString(advice->id), svc1);
    QCOMPARE(uuidString(advice->organisationId), org1);
    QCOMPARE(advice->biography, u"Line one\nline two with \"quotes\", and a comma"_s);
    QCOMPARE(advice->services, QStringList{u"legal.immigration"_s});
    QCOMPARE(advice->populationsServed, QStringList{u"adults"_s});
    QVERIFY(!advice->interpreterAvailable); // "None"
    QVERIFY(advice->active);
    QVERIFY(!advice->capacity.acceptingReferrals); // temporarily closed
    QVERIFY(advice->remoteService);                // the virtual location
    QCOMPARE(advice->countriesOfOperation, (QStringList{u"GB"_s, u"IE"_s}));
    QCOMPARE(advice->languages,
             (QList<LanguageSkill>{{u"eng"_s, {}, {}}, {u"pol"_s, {}, {}}, {u"tir"_s, {}, u"Eritrean dialect"_s}}));
    QCOMPARE(advice->locations.size(), 1);
    const ServiceLocation& london = advice->locations.first();
    QCOMPARE(london.city, u"London"_s);
    QCOMPARE(london.country, u"GB"_s);
    QVERIFY(london.point && london.point->latitude() == 51.5 && london.point->longitude() == -0.12);
    QVERIFY(london.confidential);
    QVERIFY(london.address.isEmpty() && london.postcode.isEmpty());
    QVERIFY(!QJsonDocument(advice->toJson()).toJson().contains("Secret Street"));
    QVERIFY(advice->cost.free);
    QCOMPARE(advice->cost.note, u"Everyone: free"_s);
    QCOMPARE(advice->contactChannels,
             (QList<ContactChannel>{{u"website"_s, u"https://asa.example.org/advice"_s, {}, false},
                                    {u"website"_s, u"https://asa.example.org/chat"_s, {}, false},
                                    {u"email"_s, u"cases@asa.example.org"_s, u"Case team"_s, false},
                                    {u"phone"_s, u"+442079460000"_s, u"extension 12; Reception"_s, false}}));
    QVERIFY(advice->expertWitness);
    QCOMPARE(advice->expertWitness->disciplines, QStringList{u"trafficking"_s});
    QCOMPARE(advice->updatedAt, QDateTime(QDate(2024, 5, 1), QTime(12, 0), Qt::UTC));

    const Professional* second = byName(r, u"Second service"_s);
    QVERIFY(second);
    QVERIFY(second->organisationId.isNull());
    QCOMPARE(second->services, QStringList{u"legal.compensation"_s});
    QVERIFY(second->interpreterAvailable);
    QVERIFY(second->active);
    QCOMPARE(second->locations.size(), 1);
    QCOMPARE(second->locations.first().city, u"Leeds"_s);
    QVERIFY(!second->locations.first().point);
    QVERIFY(!second->cost.free);
    QCOMPARE(second->cost.note, u"Free\nReports: per report\nReports: 250 EUR per report"_s);
    QCOMPARE(second->contactChannels, (QList<ContactChannel>{{u"email"_s, u"a@b.example"_s, {}, false}}));
    QCOMPARE(second->updatedAt, QDateTime(QDate(2025, 1, 2), QTime(0, 0), Qt::UTC)); // from the metadata table

    const Professional* sixth = byName(r, u"Anti-Slavery Aid"_s);
    QVERIFY(sixth);
    QCOMPARE(uuidString(sixth->id), svc6);

    const Organisation& org = r.organisations.first();
    QCOMPARE(org.description, u"Helps survivors, \"fast\""_s);
    QCOMPARE(org.phone, u"+442079460002"_s);
}

void TestHsdsImport::hostileJson_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<bool>("readable");
    QTest::addColumn<int>("professionals");
    QTest::addColumn<int>("skipped");
    QTest::addColumn<HsdsProblem>("problem");
    const QString doc = u"x.json"_s;
    QTest::newRow("empty") << QByteArray() << false << 0 << 0 << dropped(doc, {}, u"is empty"_s);
    QTest::newRow("blank") << QByteArray(" \r\n\t") << false << 0 << 0 << dropped(doc, {}, u"is empty"_s);
    QTest::newRow("invalid UTF-8") << QByteArray("{\"id\": \"1\", \"name\": \"x\xFF\", \"status\": \"active\"}")
                                   << false << 0 << 0 << dropped(doc, {}, u"is not valid JSON at byte "_s);
    QTest::newRow("truncated") << QByteArray("{\"contents\": [{\"id\": ") << false << 0 << 0
                               << dropped(doc, {}, u"is not valid JSON at byte "_s);
    QTest::newRow("a number") << QByteArray("42") << false << 0 << 0 << dropped(doc, {}, {});
    QTest::newRow("empty object") << QByteArray("{}") << false << 0 << 0
                                  << dropped(doc, {},
                                             u"is not an HSDS service, organization, service_at_location or list of "
                                             "them"_s);
    QTest::newRow("deep nesting") << QByteArray(100, '[') + QByteArray(100, ']') << false << 0 << 0
                                  << dropped(doc, {}, u"nests more than 64 levels deep; refused"_s);
    QTest::newRow("contents not an array") << QByteArray("{\"contents\": {\"id\": 1}}") << false << 0 << 0
                                           << dropped(doc, {}, u"contents must be an array, not an object"_s);
    QTest::newRow("list of numbers") << QByteArray("[1, 2]") << false << 0 << 2
                                     << dropped(doc, {},
                                                u"holds no HSDS service, organization or service_at_location"_s);
    QTest::newRow("list item not an object")
        << QByteArray("[\"x\", {\"id\": \"a\", \"name\": \"A\", \"status\": \"active\"}]") << true << 0 << 2
        << skipped(u"x.json: [0]"_s, {}, u"must be an object, not a string; left out"_s);
    QTest::newRow("id is an object") << QByteArray("{\"id\": {\"a\": 1}, \"name\": \"A\", \"status\": \"active\"}")
                                     << true << 0 << 1
                                     << skipped(doc, u"id"_s,
                                                u"must be a single value, not an object; the record is left out"_s);
    QTest::newRow("languages not an array")
        << QByteArray("{\"id\": \"a\", \"name\": \"A\", \"status\": \"active\", \"languages\": \"eng\"}") << true << 0
        << 1 << dropped(doc, u"languages"_s, u"must be an array, not a string; ignored"_s);
    QTest::newRow("organization is an array")
        << QByteArray("{\"id\": \"a\", \"name\": \"A\", \"status\": \"active\", \"organization\": []}") << true << 0
        << 1 << dropped(doc, u"organization"_s, u"must be an object, not an array; ignored"_s);
    QTest::newRow("name is an object") << QByteArray(
                                              "{\"id\": \"a\", \"name\": {\"en\": \"A\"}, \"status\": \"active\"}")
                                       << true << 0 << 1
                                       << dropped(doc, u"name"_s, u"must be a single value, not an object; ignored"_s);
    QTest::newRow("huge latitude")
        << QByteArray("{\"id\": \"a\", \"name\": \"A\", \"status\": \"active\", \"service_at_locations\": [{"
                      "\"location\": {\"id\": \"l\", \"location_type\": \"physical\", \"latitude\": 1e308, "
                      "\"longitude\": 2, \"addresses\": [{\"city\": \"Accra\", \"country\": \"GH\"}]}}]}")
        << true << 1 << 0
        << dropped(u"x.json: service_at_locations[0].location"_s, u"latitude"_s,
                   u"1e+308 is outside -90..90; the coordinates are left out"_s);
    QTest::newRow("nested id disagrees")
        << QByteArray("{\"id\": \"a\", \"name\": \"A\", \"status\": \"active\", \"languages\": [{\"service_id\": "
                      "\"b\", \"code\": \"fr\"}], \"service_at_locations\": [{\"location\": {\"location_type\": "
                      "\"virtual\"}}]}")
        << true << 1 << 0
        << dropped(u"x.json: languages[0]"_s, u"service_id"_s,
                   u"\"b\" differs from the enclosing record's id; the enclosing one is used"_s);
    QTest::newRow("unpaired surrogate") << QByteArray("{\"id\": \"a\", \"name\": \"A\\ud800\", \"status\": \"active\"}")
                                        << true << 0 << 1
                                        << dropped(doc, u"name"_s,
                                                   u"contains an unpaired UTF-16 surrogate; left out"_s);
}

void TestHsdsImport::hostileJson()
{
    QFETCH(QByteArray, json);
    QFETCH(bool, readable);
    QFETCH(int, professionals);
    QFETCH(int, skipped);
    QFETCH(HsdsProblem, problem);
    const HsdsImportResult r = HsdsImport::readJson(json, u"x.json"_s, kNow);
    QCOMPARE(r.readable, readable);
    QCOMPARE(r.professionals.size(), professionals);
    QCOMPARE(r.skipped, skipped);
    QCOMPARE(invalidRecords(r), QString());
    QStringList all;
    for (const HsdsProblem& p : r.problems)
        all.append(p.toString());
    if (readable) {
        QVERIFY2(r.problems.contains(problem), qPrintable(all.join(u'\n')));
    } else {
        // The reason a caller shows comes first. Qt words JSON syntax errors itself (and may
        // number the bytes differently between versions), so only their start is compared.
        QVERIFY(!r.problems.isEmpty());
        QCOMPARE(r.problems.first().source, problem.source);
        QCOMPARE(r.problems.first().field, problem.field);
        QVERIFY2(r.problems.first().reason.startsWith(problem.reason), qPrintable(all.join(u'\n')));
    }
}

void TestHsdsImport::jsonShapes()
{
    const QByteArray location = R"({"id": "l1", "location_type": "physical",
        "addresses": [{"city": "Lagos", "country": "NG"}]})";
    const QByteArray service = R"({"id": "s1", "name": "Svc", "status": "active", "service_at_locations": [
        {"id": "sal1", "location": )" +
                               location + "}]}";

    // One service, a list of services, a page, an organization with its services.
    const QList<QByteArray> shapes{service, "[" + service + "]", R"({"total_pages": 1, "contents": [)" + service + "]}",
                                   R"({"id": "o1", "name": "Org", "description": "d", "services": [)" + service + "]}"};
    for (const QByteArray& json : shapes) {
        const HsdsImportResult r = HsdsImport::readJson(json, {}, kNow);
        QVERIFY2(r.readable, json.constData());
        QCOMPARE(r.professionals.size(), 1);
        QCOMPARE(r.professionals.first().locations.first().city, u"Lagos"_s);
        QCOMPARE(r.professionals.first().locations.first().country, u"NG"_s);
        QCOMPARE(invalidRecords(r), QString());
    }
    const HsdsImportResult withOrg = HsdsImport::readJson(
        R"({"id": "o1", "name": "Org", "description": "d", "services": [)" + service + "]}", {}, kNow);
    QCOMPARE(withOrg.organisations.size(), 1);
    QCOMPARE(withOrg.professionals.first().organisationId, withOrg.organisations.first().id);
    QCOMPARE(withOrg.problems.first().source, u"document"_s); // no file name given

    // service_at_location objects, each embedding the same service at another place.
    const HsdsImportResult sal = HsdsImport::readJson(
        R"([{"id": "sal1", "service": {"id": "s1", "name": "Svc", "status": "active"}, "location": {"id": "l1",
             "location_type": "physical", "addresses": [{"city": "Lagos", "country": "NG"}]}},
            {"id": "sal2", "service": {"id": "s1", "name": "Svc", "status": "active"}, "location": {"id": "l2",
             "location_type": "physical", "latitude": 9.07, "longitude": 7.49,
             "addresses": [{"country": "Nigeria"}]}}])",
        u"sal.json"_s, kNow);
    QVERIFY(sal.readable);
    QCOMPARE(sal.recordsRead, 1);
    QCOMPARE(sal.professionals.size(), 1);
    const QList<ServiceLocation>& places = sal.professionals.first().locations;
    QCOMPARE(places.size(), 2);
    QCOMPARE(places.at(1).country, u"NG"_s);
    QVERIFY(places.at(1).city.isEmpty() && places.at(1).point);

    // The same id with other values is a different record: reported with what differs, the first one is read.
    const HsdsImportResult clash = HsdsImport::readJson(
        "[" + service + R"(, {"id": "s1", "name": "Other", "status": "active"}, )" + service + "]", u"c.json"_s, kNow);
    QCOMPARE(clash.professionals.size(), 1);
    QCOMPARE(clash.professionals.first().displayName, u"Svc"_s);
    QVERIFY(clash.problems.contains(
        dropped(u"c.json: [1]"_s, u"id"_s,
                u"\"s1\" repeats the id of c.json: [0] with other values (name, service_at_locations); only the "
                "first is read"_s)));
    QVERIFY(std::none_of(clash.problems.cbegin(), clash.problems.cend(),
                         [](const HsdsProblem& p) { return p.source == u"c.json: [2]"_s; })); // an identical copy

    // A page that is not the whole list says so.
    const HsdsImportResult partial =
        HsdsImport::readJson(R"({"total_items": 3, "contents": [)" + service + "]}", u"p.json"_s, kNow);
    QCOMPARE(partial.problems.first(),
             dropped(u"p.json"_s, u"total_items"_s,
                     u"the response counts 3 items but holds 1; the rest are not imported"_s));

    // Taxonomy terms nested in attributes, service areas, cost options, contacts with phones.
    const HsdsImportResult rich = HsdsImport::readJson(
        R"({"id": "s1", "name": "Svc", "status": "inactive",
            "service_at_locations": [{"location": {"location_type": "virtual", "url": "https://help.example.org"}}],
            "attributes": [{"taxonomy_term": {"id": "t1", "name": "Emergency Shelter",
                                              "taxonomy_detail": {"id": "x", "name": "OpenEligibility"}}},
                           {"taxonomy_term": {"id": "t2", "code": "mental-health.trauma"}}],
            "service_areas": [{"name": "Ghana"}, {"name": "CIV"}],
            "cost_options": [{"option": "No charge for survivors", "amount": 12}],
            "contacts": [{"name": "Ama", "email": "ama@help.example.org",
                          "phones": [{"number": "+233 30 266 4000", "type": "cell"}]}]})",
        u"rich.json"_s, kNow);
    QCOMPARE(rich.professionals.size(), 1);
    const Professional& p = rich.professionals.first();
    QCOMPARE(p.services, (QStringList{u"shelter.emergency"_s, u"mental-health.trauma"_s}));
    QCOMPARE(p.countriesOfOperation, (QStringList{u"GH"_s, u"CI"_s}));
    QVERIFY(p.cost.free);
    QVERIFY(!p.active);
    QVERIFY(p.remoteService);
    QCOMPARE(p.contactChannels, (QList<ContactChannel>{{u"website"_s, u"https://help.example.org"_s, {}, false},
                                                       {u"email"_s, u"ama@help.example.org"_s, u"Ama"_s, false},
                                                       {u"phone"_s, u"+233302664000"_s, u"cell"_s, false}}));
    QCOMPARE(invalidRecords(rich), QString());
}

// HSDS API JSON embeds a record wherever it is linked (service_full.json: one phone under its
// service, its service_at_location, its location, its contact and its organization). Copies with
// the same id and values are one record, linked to every place: read as the tabular row holding
// all those references would be. Only the same id with other values is a problem.
void TestHsdsImport::sharedRecords()
{
    const QByteArray language = R"({"id": "lang-1", "name": "Twi", "code": "tw"})";
    const QByteArray phone =
        QByteArray(R"({"id": "phone-1", "number": "\"+233 30 266 4000\"", "type": "voice", "languages": [LANGUAGE]})")
            .replace("LANGUAGE", language);
    QByteArray full = R"({"id": "0b6c5f5e-8a52-4c1f-9d0e-3c1e7a3f0001", "name": "Advice", "status": "active",
        "organization": {"id": "0b6c5f5e-8a52-4c1f-9d0e-3c1e7a3f0002", "name": "Help Org",
                         "locations": [LOCATION], "phones": [PHONE], "contacts": [CONTACT]},
        "service_at_locations": [{"id": "sal-1", "phones": [PHONE], "contacts": [CONTACT], "location": LOCATION}],
        "languages": [LANGUAGE], "phones": [PHONE], "contacts": [CONTACT]})";
    full.replace("LOCATION", R"({"id": "loc-1", "location_type": "physical", "languages": [LANGUAGE],
        "addresses": [{"id": "addr-1", "city": "Accra", "country": "GH"}], "phones": [PHONE], "contacts": [CONTACT]})");
    full.replace("CONTACT",
                 R"({"id": "contact-1", "name": "Ama Mensah", "email": "ama@help.example.org", "phones": [PHONE]})");
    full.replace("PHONE", phone);
    full.replace("LANGUAGE", language);
    const HsdsImportResult json = HsdsImport::readJson(full, u"full.json"_s, kNow);
    QVERIFY(json.readable);
    // No "repeats the id" for any of the copies; the quoted number is kept, said once, where the
    // phone is first read.
    const Problems expected{
        dropped(u"full.json: organization.locations[0].phones[0]"_s, u"number"_s,
                u"\"\\\"+233 30 266 4000\\\"\" is wrapped in quote characters; read as +233302664000"_s),
        dropped(u"full.json"_s, u"attributes"_s,
                u"no taxonomy term is linked to the service; imported without needs"_s),
    };
    QCOMPARE(json.problems, expected);
    QCOMPARE(json.professionals.size(), 1);
    QCOMPARE(json.organisations.size(), 1);
    const Professional& p = json.professionals.first();
    QCOMPARE(p.contactChannels, (QList<ContactChannel>{{u"email"_s, u"ama@help.example.org"_s, u"Ama Mensah"_s, false},
                                                       {u"phone"_s, u"+233302664000"_s, {}, false}}));
    QCOMPARE(p.languages, (QList<LanguageSkill>{{u"twi"_s, {}, {}}}));
    QCOMPARE(p.locations.size(), 1);
    QCOMPARE(p.locations.first().city, u"Accra"_s);
    // The phone is the service's too, not the organization's alone.
    QVERIFY(json.organisations.first().phone.isEmpty());

    // The tabular form of the same records: one row each, holding every reference.
    QTemporaryDir dir;
    QVERIFY(writePackage(
        dir.path(),
        {{u"organizations.csv"_s, "id,name\n0b6c5f5e-8a52-4c1f-9d0e-3c1e7a3f0002,Help Org\n"_ba},
         {u"services.csv"_s, "id,organization_id,name,status\n0b6c5f5e-8a52-4c1f-9d0e-3c1e7a3f0001,"
                             "0b6c5f5e-8a52-4c1f-9d0e-3c1e7a3f0002,Advice,active\n"_ba},
         {u"locations.csv"_s,
          "id,organization_id,location_type\nloc-1,0b6c5f5e-8a52-4c1f-9d0e-3c1e7a3f0002,physical\n"_ba},
         {u"addresses.csv"_s, "id,location_id,city,country\naddr-1,loc-1,Accra,GH\n"_ba},
         {u"service_at_location.csv"_s,
          "id,service_id,location_id\nsal-1,0b6c5f5e-8a52-4c1f-9d0e-3c1e7a3f0001,loc-1\n"_ba},
         {u"languages.csv"_s, "id,service_id,location_id,phone_id,name,code\n"
                              "lang-1,0b6c5f5e-8a52-4c1f-9d0e-3c1e7a3f0001,loc-1,phone-1,Twi,tw\n"_ba},
         {u"phones.csv"_s, "id,service_id,service_at_location_id,location_id,contact_id,organization_id,number,type\n"
                           "phone-1,0b6c5f5e-8a52-4c1f-9d0e-3c1e7a3f0001,sal-1,loc-1,contact-1,"
                           "0b6c5f5e-8a52-4c1f-9d0e-3c1e7a3f0002,\"\"\"+233 30 266 4000\"\"\",voice\n"_ba},
         {u"contacts.csv"_s, "id,service_id,service_at_location_id,location_id,organization_id,name,email\n"
                             "contact-1,0b6c5f5e-8a52-4c1f-9d0e-3c1e7a3f0001,sal-1,loc-1,"
                             "0b6c5f5e-8a52-4c1f-9d0e-3c1e7a3f0002,Ama Mensah,ama@help.example.org\n"_ba}}));
    const HsdsImportResult csv = HsdsImport::readDataPackage(dir.path(), kNow);
    QCOMPARE(csv.professionals, json.professionals);
    QCOMPARE(csv.organisations, json.organisations);

    // One phone and one language embedded in two services: each service has them.
    const QByteArray place = R"("service_at_locations": [{"location": {"location_type": "virtual"}}])";
    QByteArray twoServices = R"([{"id": "s1", "name": "Advice", "status": "active", PLACE, "phones": [PHONE]},
        {"id": "s2", "name": "Shelter", "status": "active", PLACE, "phones": [PHONE]}])";
    twoServices.replace("PLACE", place).replace("PHONE", phone);
    const HsdsImportResult two = HsdsImport::readJson(twoServices, u"two.json"_s, kNow);
    QCOMPARE(two.professionals.size(), 2);
    for (const Professional& each : two.professionals) {
        QCOMPARE(each.contactChannels, (QList<ContactChannel>{{u"phone"_s, u"+233302664000"_s, {}, false}}));
        QCOMPARE(each.languages, (QList<LanguageSkill>{{u"twi"_s, {}, {}}}));
    }
    QVERIFY(std::none_of(two.problems.cbegin(), two.problems.cend(),
                         [](const HsdsProblem& problem) { return problem.reason.contains(u"repeats the id"_s); }));

    // The same id with other values is still a problem: the fields that differ are named, the
    // first copy is read and the other is not linked anywhere.
    QByteArray otherValues = R"([{"id": "s1", "name": "Advice", "status": "active", PLACE,
         "phones": [{"id": "p1", "number": "+44 20 7946 0000"}]},
        {"id": "s2", "name": "Shelter", "status": "active", PLACE,
         "phones": [{"id": "p1", "number": "+44 20 7946 0001", "type": "cell"}]}])";
    otherValues.replace("PLACE", place);
    const HsdsImportResult clash = HsdsImport::readJson(otherValues, u"clash.json"_s, kNow);
    QVERIFY(clash.problems.contains(
        dropped(u"clash.json: [1].phones[0]"_s, u"id"_s,
                u"\"p1\" repeats the id of clash.json: [0].phones[0] with other values (number, type); only the "
                "first is read"_s)));
    QCOMPARE(clash.professionals.size(), 2);
    QCOMPARE(byName(clash, u"Advice"_s)->contactChannels,
             (QList<ContactChannel>{{u"phone"_s, u"+442079460000"_s, {}, false}}));
    QVERIFY(byName(clash, u"Shelter"_s)->contactChannels.isEmpty());
    QCOMPARE(invalidRecords(json) + invalidRecords(csv) + invalidRecords(two) + invalidRecords(clash), QString());
}

// Weekly rules become opening hours (past midnight too); other schedules become the hours note;
// an ended one is left out; a location's schedules and accessibility reach every service there.
void TestHsdsImport::schedulesAndAccessibility()
{
    QTemporaryDir dir;
    QVERIFY(writePackage(
        dir.path(),
        {{u"organizations.csv"_s, "id,name\norg-1,Night Watch\n"_ba},
         {u"services.csv"_s, "id,organization_id,name,status\nsvc-1,org-1,Night shelter,active\n"
                             "svc-2,org-1,Advice,active\n"_ba},
         {u"locations.csv"_s, "id,location_type,name\nloc-1,physical,Hall\n"_ba},
         {u"addresses.csv"_s, "id,location_id,city,country\nadr-1,loc-1,Leeds,GB\n"_ba},
         {u"service_at_location.csv"_s, "id,service_id,location_id\nsal-1,svc-1,loc-1\nsal-2,svc-2,loc-1\n"_ba},
         {u"schedules.csv"_s,
          "id,service_id,location_id,service_at_location_id,freq,byday,opens_at,closes_at,valid_to,timezone,"
          "description,bymonthday\n"
          "sch-1,svc-1,,,WEEKLY,\"FR,SA\",22:00,06:00:00,,Europe/London,,\n"
          "sch-2,,,sal-2,MONTHLY,,10:00,12:00,,,,1\n"
          "sch-3,,loc-1,,WEEKLY,MO,09:00,17:00,2020-01-01,,,\n"
          "sch-4,,loc-1,,WEEKLY,\"MO,XX\",09:00,17:00,,+01:00,Drop-in,\n"
          "sch-5,svc-2,,,MONTHLY,,,,,,Last Friday of the month by appointment,\n"
          "sch-6,svc-2,,,WEEKLY,TU,9am,17:00,,,,\n"_ba},
         {u"accessibility.csv"_s, "id,location_id,description,details\n"
                                  "acc-1,loc-1,Step-free entrance with a ramp; BSL interpreters on request,"
                                  "Accessible toilet on the ground floor\n"_ba}}));
    const HsdsImportResult r = HsdsImport::readDataPackage(dir.path(), kNow);
    QVERIFY(r.readable);
    QCOMPARE(invalidRecords(r), QString());
    Problems schedules;
    for (const HsdsProblem& problem : r.problems) {
        QVERIFY2(!problem.reason.contains(u"not imported"_s), qPrintable(problem.reason));
        if (problem.source.startsWith(u"schedules.csv"_s) || problem.source.startsWith(u"accessibility.csv"_s))
            schedules.append(problem);
    }
    const Problems expected{
        dropped(u"schedules.csv row 4"_s, u"valid_to"_s, u"the schedule ended on 2020-01-01; it is left out"_s),
        dropped(u"schedules.csv row 5"_s, u"timezone"_s,
                u"\"+01:00\" is a UTC offset, not a time zone (an IANA id such as Europe/London, which follows "
                "summer time); the opening hours have no time zone"_s),
        dropped(u"schedules.csv row 5"_s, u"byday"_s,
                u"\"XX\" is not a day of the week (MO, TU, WE, TH, FR, SA, SU); left out"_s),
        dropped(u"schedules.csv row 7"_s, u"opens_at"_s,
                u"\"9am\" is not a time of day as HH:MM or HH:MM:SS; ignored"_s),
    };
    QCOMPARE(schedules, expected);
    QCOMPARE(r.professionals.size(), 2);
    const Professional* night = byName(r, u"Night shelter"_s);
    const Professional* advice = byName(r, u"Advice"_s);
    QVERIFY(night && advice);
    const OpeningHours mondays{{1}, 9 * 60, 17 * 60, u"Drop-in"_s};
    QCOMPARE(night->openingHours, (QList<OpeningHours>{{{5, 6}, 22 * 60, 6 * 60, {}}, mondays}));
    QCOMPARE(night->timeZone, u"Europe/London"_s);
    QVERIFY(night->openingHoursNote.isEmpty());
    QVERIFY(night->isOpenAt(QDateTime(QDate(2026, 12, 5), QTime(3, 0), QTimeZone("Europe/London")))); // Saturday 03:00
    QCOMPARE(advice->openingHours, QList<OpeningHours>{mondays});
    QVERIFY(advice->timeZone.isEmpty());
    QCOMPARE(advice->openingHoursNote,
             u"monthly on day 1 of the month 10:00-12:00; Last Friday of the month by appointment; weekly on TU "
             "until 17:00"_s);
    for (const Professional* p : {night, advice}) {
        QCOMPARE(p->accessibility, (QStringList{u"step-free-access"_s, u"accessible-toilet"_s, u"sign-language"_s}));
        QCOMPARE(p->accessibilityNote, u"Step-free entrance with a ramp; BSL interpreters on request\n"
                                       "Accessible toilet on the ground floor"_s);
    }
}

// Schedules under a service, a service_at_location and a location, accessibility under a location.
void TestHsdsImport::nestedSchedulesAndAccessibility()
{
    const QByteArray service = R"({"id": "s1", "name": "Svc", "status": "active",
        "schedules": [{"freq": "WEEKLY", "byday": "SA,SU", "opens_at": "10:00", "closes_at": "14:00",
                       "timezone": "Europe/Berlin"}],
        "service_at_locations": [{"id": "sal-1",
            "schedules": [{"freq": "WEEKLY", "byday": "WE", "opens_at": "18:00:00", "closes_at": "24:00"}],
            "location": {"id": "loc-1", "location_type": "physical",
                "addresses": [{"city": "Berlin", "country": "DE"}],
                "schedules": [{"freq": "YEARLY", "description": "Closed over Christmas"}],
                "accessibility": [{"description": "Hearing loop at the front desk", "details": "Braille signs"}]}}]})";
    const HsdsImportResult r = HsdsImport::readJson(service, u"s.json"_s, kNow);
    QVERIFY(r.readable);
    QCOMPARE(invalidRecords(r), QString());
    for (const HsdsProblem& problem : r.problems)
        QVERIFY2(!problem.reason.contains(u"not imported"_s), qPrintable(problem.reason));
    QCOMPARE(r.professionals.size(), 1);
    const Professional& p = r.professionals.first();
    // In the order the records are read: a service's own schedules come after its locations'.
    QCOMPARE(p.openingHours, (QList<OpeningHours>{{{3}, 18 * 60, 24 * 60, {}}, {{6, 7}, 10 * 60, 14 * 60, {}}}));
    QCOMPARE(p.timeZone, u"Europe/Berlin"_s);
    QCOMPARE(p.openingHoursNote, u"Closed over Christmas"_s);
    QCOMPARE(p.accessibility, (QStringList{u"hearing-loop"_s, u"large-print-or-braille"_s}));
    QCOMPARE(p.accessibilityNote, u"Hearing loop at the front desk\nBraille signs"_s);
}

void TestHsdsImport::extension()
{
    // The htmse object carries what HSDS lacks; it goes through the same validation.
    const HsdsImportResult good = HsdsImport::readJson(R"({"id": "s1", "name": "Dr A", "status": "active",
        "htmse": {"professional_types": ["medicolegal-doctor"], "remote_service": true, "services": ["medical"],
                  "expert_witness": {"report_types": ["istanbul-protocol"], "jurisdictions": ["GB-SCT"]},
                  "id": "00000000-0000-4000-8000-000000000001"}})",
                                                       u"e.json"_s, kNow);
    QCOMPARE(good.professionals.size(), 1);
    const Professional& p = good.professionals.first();
    QCOMPARE(p.id, HsdsImport::idFor(u"service", u"s1"));
    QCOMPARE(p.professionalTypes, QStringList{u"medicolegal-doctor"_s});
    QCOMPARE(p.services, QStringList{u"medical"_s});
    QCOMPARE(p.expertWitness->jurisdictions, QStringList{u"GB-SCT"_s});
    QVERIFY(
        good.problems.contains(dropped(u"e.json"_s, u"htmse.id"_s, u"the id comes from the HSDS record; ignored"_s)));

    const HsdsImportResult bad = HsdsImport::readJson(R"({"id": "s1", "name": "Dr A", "status": "active",
        "htmse": {"remote_service": true, "languages": [{"code": "xx"}], "capacity": {"typical_response_days": -1}}})",
                                                      u"e.json"_s, kNow);
    QCOMPARE(bad.professionals.size(), 0);
    QCOMPARE(bad.skipped, 1);
    QVERIFY(bad.problems.contains(
        skipped(u"e.json"_s, u"languages[0].code"_s, u"\"xx\" is not an ISO 639-3 code; the record is left out"_s)));
    QVERIFY(bad.problems.contains(
        skipped(u"e.json"_s, u"capacity.typical_response_days"_s, u"-1 is outside 0..365; the record is left out"_s)));

    const HsdsImportResult notObject =
        HsdsImport::readJson(R"({"id": "s1", "name": "A", "status": "active", "htmse": [1]})", u"e.json"_s, kNow);
    QVERIFY(
        notObject.problems.contains(dropped(u"e.json"_s, u"htmse"_s, u"must be an object, not an array; ignored"_s)));
}

void TestHsdsImport::needMapping_data()
{
    QTest::addColumn<QString>("term");
    QTest::addColumn<QString>("need");
    QTest::newRow("own code") << u"legal.immigration"_s << u"legal.immigration"_s;
    QTest::newRow("own code, upper case") << u"EXPERT-WITNESS.COUNTRY"_s << u"expert-witness.country"_s;
    QTest::newRow("immigration") << u"Immigration Legal Services"_s << u"legal.immigration"_s;
    QTest::newRow("asylum") << u"Asylum & refugee support"_s << u"legal.immigration"_s;
    QTest::newRow("mental health before health care") << u"Mental Health Care"_s << u"mental-health"_s;
    QTest::newRow("health care") << u"Health Care"_s << u"medical"_s;
    QTest::newRow("counseling (US)") << u"Counseling"_s << u"mental-health.counselling"_s;
    QTest::newRow("emergency shelter") << u"Emergency Shelter"_s << u"shelter.emergency"_s;
    QTest::newRow("translation") << u"Translation & Interpretation"_s << u"interpretation.translation"_s;
    QTest::newRow("medicolegal") << u"Médico-legal reports"_s << u"medical.medicolegal-report"_s;
    QTest::newRow("whole words only") << u"Jobseekers' legality quiz"_s << u""_s;
    QTest::newRow("nothing") << u"Bicycle repair"_s << u""_s;
    QTest::newRow("empty") << u""_s << u""_s;
}

void TestHsdsImport::needMapping()
{
    QFETCH(QString, term);
    QFETCH(QString, need);
    QCOMPARE(HsdsImport::needForTerm(term), need);
    for (const QString& code : HsdsImport::needsOfKeywordTable())
        QVERIFY2(NeedCode::isValid(code), qPrintable(code));
}

void TestHsdsImport::sniff_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("hsds");
    QTest::newRow("directory file") << QByteArray(
                                           "{\"format\":\"htmse-directory\",\"version\":1,\n\"organisations\": [")
                                    << false;
    QTest::newRow("other format") << QByteArray("{\"format\": \"something-else\"}") << false;
    QTest::newRow("page") << QByteArray("{\"total_items\": 10, \"contents\": [") << true;
    QTest::newRow("page, BOM") << QByteArray("\xEF\xBB\xBF  {\"contents\": []}") << true;
    QTest::newRow("service") << QByteArray("{\"id\": \"x\", \"name\": \"n\", \"status\": \"active\"}") << true;
    QTest::newRow("nested key does not count") << QByteArray("{\"a\": {\"status\": 1}, \"format\": \"x\"}") << false;
    QTest::newRow("escaped quote in a value") << QByteArray("{\"name\": \"a\\\"status\\\"\", \"format\": 1}") << false;
    QTest::newRow("list") << QByteArray("\n[{\"id\": 1}]") << true;
    QTest::newRow("empty") << QByteArray() << false;
    QTest::newRow("not JSON") << QByteArray("id,name\n1,x\n") << false;
    QTest::newRow("unterminated key") << QByteArray("{\"stat\\") << false;
}

void TestHsdsImport::sniff()
{
    QFETCH(QByteArray, bytes);
    QFETCH(bool, hsds);
    QCOMPARE(HsdsImport::looksLikeHsdsJson(bytes), hsds);
}

void TestHsdsImport::refusals()
{
    QTemporaryDir dir;
    HsdsImportResult r = HsdsImport::readPath(dir.filePath(u"missing.json"_s), kNow);
    QVERIFY(!r.readable);
    QCOMPARE(r.problems, Problems{dropped(u"missing.json"_s, {}, u"does not exist"_s)});

    QVERIFY(test::writeAll(dir.filePath(u"services.csv"_s), "id,name\n"));
    r = HsdsImport::readPath(dir.filePath(u"services.csv"_s), kNow);
    QVERIFY(!r.readable);
    QCOMPARE(r.problems.first().reason, u"a CSV data package is read as a whole: give the folder that holds it"_s);

    QTemporaryDir empty;
    r = HsdsImport::readPath(empty.path(), kNow);
    QVERIFY(!r.readable);
    QCOMPARE(
        r.problems.first(),
        dropped(empty.path(), {}, u"holds no readable HSDS services.csv or organizations.csv; nothing to import"_s));

    // Files over 1 GiB are refused unread (sparse files: no disk space is used).
    QFile huge(dir.filePath(u"huge.json"_s));
    QVERIFY(huge.open(QIODevice::WriteOnly) && huge.resize(HsdsImport::kMaxBytes + 1));
    huge.close();
    r = HsdsImport::readPath(huge.fileName(), kNow);
    QVERIFY(!r.readable);
    QCOMPARE(r.problems, Problems{dropped(u"huge.json"_s, {}, u"is larger than 1 GiB; refused"_s)});

    QTemporaryDir package;
    QVERIFY(writePackage(package.path(), {{u"organizations.csv"_s, "id,name,description\no1,Org,d\n"_ba}}));
    QFile hugeCsv(QDir(package.path()).filePath(u"services.csv"_s));
    QVERIFY(hugeCsv.open(QIODevice::WriteOnly) && hugeCsv.resize(HsdsImport::kMaxBytes + 1));
    hugeCsv.close();
    r = HsdsImport::readPath(package.path(), kNow);
    QVERIFY(r.readable);
    QCOMPARE(r.organisations.size(), 1);
    QVERIFY(r.problems.contains(dropped(u"services.csv"_s, {}, u"is larger than 1 GiB; not read"_s)));

    // A descriptor that points outside the package is not followed.
    QVERIFY(writePackage(package.path(), {{u"datapackage.json"_s,
                                           R"({"resources": [{"name": "service", "path": "../../etc/passwd"},
                                             {"name": "organization", "path": "orgs.csv"}]})"_ba}}));
    r = HsdsImport::readPath(QDir(package.path()).filePath(u"datapackage.json"_s), kNow); // its folder is read
    QVERIFY(r.problems.contains(dropped(u"datapackage.json"_s, u"resources[0].path"_s,
                                        u"\"../../etc/passwd\" is not a file inside the package folder; ignored"_s)));
    QVERIFY(r.problems.contains(dropped(
        u"datapackage.json"_s, {}, u"names \"orgs.csv\" for the organization table, but there is no such file"_s)));
}

void TestHsdsImport::problemListIsCapped()
{
    QTemporaryDir dir;
    QByteArray languages = "id,service_id,code\n";
    for (int i = 0; i < 12'000; ++i)
        languages += "l" + QByteArray::number(i) + ",s1,zz\n";
    QVERIFY(writePackage(dir.path(),
                         {{u"services.csv"_s, "id,name,status\ns1,Svc,active\n"_ba}, {u"languages.csv"_s, languages}}));
    const HsdsImportResult r = HsdsImport::readDataPackage(dir.path(), kNow);
    QCOMPARE(r.problems.size(), 10'001);
    QCOMPARE(r.problems.last(), dropped(u"import"_s, {}, u"2004 more problems are not listed (at most 10000 are)"_s));
    // Unlisted: 2001 language rows, the id note, the needs note and the service left out for want of
    // a location, which still counts.
    QCOMPARE(r.skipped, 1);
}

// Deterministic byte mutations of the examples (a small fuzzer): nothing may crash or hang, and
// whatever lands still validates.
void TestHsdsImport::survivesMutations()
{
    std::mt19937 rng(20261130); // the engine's output is fixed by the standard; no distributions
    const QByteArray pool = QByteArrayLiteral("\",{}[]:\r\n\\\0\xFF\xC3 -0123456789eE+.");
    auto mutate = [&](QByteArray& bytes) {
        const qsizetype at = bytes.isEmpty() ? 0 : qsizetype(rng() % quint32(bytes.size()));
        const char c = pool.at(qsizetype(rng() % quint32(pool.size())));
        switch (rng() % 4) {
        case 0:
            if (!bytes.isEmpty())
                bytes[at] = c;
            break;
        case 1:
            bytes.remove(at, 1 + qsizetype(rng() % 8));
            break;
        case 2:
            bytes.insert(at, c);
            break;
        default:
            bytes.insert(at, bytes.mid(at, qsizetype(rng() % 64)));
            break;
        }
    };
    const QByteArray json = test::readAll(examples() + u"/service_list.json"_s);
    QDir source(examples() + u"/csv"_s);
    QTemporaryDir dir;
    QList<std::pair<QString, QByteArray>> files;
    for (const QString& name : source.entryList({u"*.csv"_s}, QDir::Files))
        files.append({name, test::readAll(source.filePath(name))});
    QVERIFY(!json.isEmpty() && files.size() > 10);
    const int rounds = qEnvironmentVariableIsSet("HTMSE_FUZZ_ROUNDS")
                           ? qEnvironmentVariableIntValue("HTMSE_FUZZ_ROUNDS")
                           : 300; // more on demand
    for (int round = 0; round < rounds; ++round) {
        QByteArray j = json;
        for (quint32 m = 0, n = 1 + rng() % 6; m < n; ++m)
            mutate(j);
        const HsdsImportResult fromJson = HsdsImport::readJson(j, u"m.json"_s, kNow);
        QCOMPARE(invalidRecords(fromJson), QString());

        QList<std::pair<QString, QByteArray>> mutated = files;
        for (quint32 m = 0, n = 1 + rng() % 6; m < n; ++m)
            mutate(mutated[qsizetype(rng() % quint32(mutated.size()))].second);
        QVERIFY(writePackage(dir.path(), mutated));
        const HsdsImportResult fromCsv = HsdsImport::readDataPackage(dir.path(), kNow);
        QVERIFY(fromCsv.readable || !fromCsv.problems.isEmpty());
        QCOMPARE(invalidRecords(fromCsv), QString());
    }
}

QTEST_GUILESS_MAIN(TestHsdsImport)
#include "TestHsdsImport.moc"
