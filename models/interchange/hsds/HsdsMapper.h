// HsdsMapper: maps the HSDS tables a source has filled to directory profiles and organisations,
// reporting every value, reference and record it leaves out.
//
// The HSDS 3.0 -> htmse mapping (docs/architecture.md, "HSDS import", says the same at more length).
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
//   phone                    removing quotes around it (reported), spaces, dots, dashes, brackets and a
//                            "(0)"; 00 -> +). Fax and pager numbers are left out.
//   attribute             -> services: the service's taxonomy terms through kNeedKeywords (or a
//     -> taxonomy_term       term code that is itself a needs-taxonomy code). Terms that map to
//                            nothing are reported; a service with no mapped need is imported
//                            without needs, with a note. Free text is never mined for needs.
//   schedule              -> opening_hours: WEEKLY rules in force with byday and opens/closes (past
//                            midnight too); other current schedules -> opening_hours_note as text;
//                            ended ones left out; timezone -> time_zone when an IANA id. A
//                            location's schedules reach every service there.
//   accessibility         -> accessibility (a keyword table over description/details) and
//                            accessibility_note, for every service at the location.
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
// does not is reported and ignored. Tables with no place in a profile (programs, funding, required
// documents, organization identifiers, meta table descriptions) are not read, only named with
// their row count.

#pragma once

#include "core/JsonReader.h"
#include "interchange/HsdsImport.h"
#include "interchange/hsds/HsdsTables.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QUuid>

#include <array>
#include <optional>
#include <utility>
#include <vector>

namespace htmse::hsds {

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
    QList<QJsonObject> hours;  // opening_hours entries, each once
    QStringList hoursNotes;    // schedules that are no weekly rule, as text
    QString timeZone;          // IANA
    QStringList accessibility; // Vocabulary::Accessibility codes
    QStringList accessibilityNotes;
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

class HsdsMapper
{
public:
    // `nested`: the records come from nested JSON, where the same record may be embedded again.
    HsdsMapper(const QDateTime& now, bool nested);

    HsdsImportResult& result() { return m_result; }

    void problem(const QString& source, const QString& field, const QString& reason, bool skipped = false);
    // A record that never made it into a table (unreadable row, missing id, ...).
    void leftOut(int table, const QString& source, const QString& field, const QString& reason);
    // Adds a record; returns its normalised id, or an empty string when it was left out.
    // `fresh` is false when a record with that id was already there: JSON embeds a record wherever
    // it is linked, so a copy with the same values only adds its links (linkKeys) to the record; a
    // copy with other values is reported and ignored.
    QString add(int table, Record record, bool* fresh = nullptr);
    // Maps every table read; the result holds the profiles, organisations and problems.
    HsdsImportResult finish();

private:
    // A value as text: strings trimmed, numbers written out, booleans as true/false; an object
    // or an array is reported and read as empty.
    QString text(const Record& r, const char* key);
    // Text as the validator accepts it: single-line text has its whitespace collapsed; control
    // characters drop the value; overlong text is shortened. Both are reported.
    QString cleanText(const QString& source, const QString& field, QString t, qsizetype maxLength, TextKind kind);
    QString clean(const Record& r, const char* key, qsizetype maxLength = limits::kShortText,
                  TextKind kind = TextKind::SingleLine);
    // A number, from a JSON number or a numeric string; reported when it is not one or is out of range.
    std::optional<double> number(const Record& r, const char* key, double min, double max, const QString& consequence);
    // The position of the record a reference names, or -1 when it names none (absent, or not
    // in the import: that is reported with its consequence).
    qsizetype resolve(const Record& r, const char* key, int table, const QString& consequence);

    // The child tables, onto services, organizations and locations (HsdsMapperLinks.cpp).
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
    void readSchedules();
    void readAccessibility();

    // One schedule's parts (HsdsMapperLinks.cpp): its time zone onto the services, its weekdays (bad
    // codes reported), a time of day in minutes (reported when it is not one).
    void readTimeZone(const Record& r, const Owner& owner);
    QList<int> weekdays(const Record& r);
    std::optional<int> clockMinutes(const Record& r, const char* key, bool endOfDay);

    // Who a row belongs to, through every place it is linked from.
    Owner ownerOf(const Record& r, const QList<std::pair<const char*, int>>& references);
    // Who the references in `r.fields` make it belong to: the most specific one decides.
    Owner ownerOfLinks(const Record& r, const QList<std::pair<const char*, int>>& references);
    void addChannel(const Owner& owner, const Channel& channel);
    void noteChange(int table, qsizetype position, const QDateTime& when);

    // The records themselves (HsdsMapperProfiles.cpp).
    void buildOrganisations();
    void buildProfessionals();
    // The parts of one profile, each adding its fields to `json` in the order the problems are reported.
    bool mapServiceIdentity(const Record& s, QJsonObject& json);
    void mapNeeds(const Record& s, const ServicePieces& pieces, QJsonObject& json);
    void mapPeopleServed(const Record& s, const ServicePieces& pieces, QJsonObject& json);
    QString mapLocations(const Record& s, const ServicePieces& pieces, QJsonObject& json); // returns a virtual URL
    void mapStatus(const Record& s, QJsonObject& json);
    void mapCost(const Record& s, const ServicePieces& pieces, QJsonObject& json);
    void mapChannels(const Record& s, const ServicePieces& pieces, const QString& virtualUrl, QJsonObject& json);
    void mapHoursAndAccessibility(const Record& s, const ServicePieces& pieces, QJsonObject& json);

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

} // namespace htmse::hsds
