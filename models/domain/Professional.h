// Professional: one directory entry (DESIGN.md §3). The server is authoritative; clients cache it.
#pragma once

#include "core/GeoPoint.h"
#include "core/Validation.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QStringList>
#include <QUuid>

#include <optional>

namespace htmse {

struct LanguageSkill
{
    QString code;        // ISO 639-3
    QString proficiency; // Vocabulary::Proficiency; empty when not stated
    QString note;        // e.g. "Eritrean dialect; medical terminology"
    friend bool operator==(const LanguageSkill&, const LanguageSkill&) = default;
};

struct ServiceLocation
{
    QString city;
    QString region;
    QString country; // ISO 3166-1 alpha-2
    std::optional<GeoPoint> point;
    qint64 geonameId = 0; // gazetteer city, 0 when not linked
    QString address;      // street address; never shown or exported when confidential
    QString postcode;
    bool confidential = false; // a safe-house or otherwise confidential address
    friend bool operator==(const ServiceLocation&, const ServiceLocation&) = default;
};

struct Capacity
{
    bool acceptingReferrals = true;
    std::optional<int> typicalResponseDays;
    friend bool operator==(const Capacity&, const Capacity&) = default;
};

struct Cost
{
    bool free = false;
    bool legalAid = false;
    bool proBono = false;
    QString feeBasis; // Vocabulary::FeeBasis; empty when not stated
    QString note;
    friend bool operator==(const Cost&, const Cost&) = default;
};

struct ExpertWitness
{
    QStringList disciplines;   // Vocabulary::ExpertDiscipline
    QStringList jurisdictions; // ISO 3166-1 alpha-2, optionally with ISO 3166-2 subdivision ("GB-SCT")
    int courtAppearances = 0;
    QStringList reportTypes;        // Vocabulary::ReportType
    bool expertDeclaration = false; // CPR Part 35 statement of truth or the jurisdiction's equivalent
    QString declarationNote;
    QString accreditationBody;
    QString cvUrl;
    QString publicationsUrl;
    QString conflictOfInterest;
    std::optional<int> reportTurnaroundDays;
    bool acceptingInstructions = true;
    friend bool operator==(const ExpertWitness&, const ExpertWitness&) = default;
};

struct ContactChannel
{
    QString kind;  // Vocabulary::ContactKind
    QString value; // E.164 for phones, an address for email, an http(s) URL for websites and forms
    QString note;
    bool preferred = false;
    friend bool operator==(const ContactChannel&, const ContactChannel&) = default;
};

struct Verification
{
    QString status = QStringLiteral("unverified"); // Vocabulary::VerificationStatus
    QString verifiedBy;
    QDateTime verifiedAt;
    QDate reverificationDue;
    friend bool operator==(const Verification&, const Verification&) = default;
};

// One weekly rule of opening hours, in the service's own time (Professional::timeZone).
struct OpeningHours
{
    QList<int> days;            // ISO weekdays: 1 Monday .. 7 Sunday
    int opensMinute = 0;        // minutes after midnight, 0..1439
    int closesMinute = 0;       // 1..1440 ("24:00"); before opensMinute: the hours run past midnight
    QString note;               // "appointments only after 16:00"
    bool coversEvening() const; // open at some point after 18:00
    friend bool operator==(const OpeningHours&, const OpeningHours&) = default;
};

struct Professional
{
    QUuid id;
    QString displayName;
    QString title;
    QUuid organisationId;
    QString gender; // Vocabulary::Gender; empty when not stated
    QStringList professionalTypes;
    QStringList services; // needs taxonomy codes
    QStringList populationsServed;
    QStringList traffickingTypes;
    QList<LanguageSkill> languages;
    bool interpreterAvailable = false;
    QStringList countriesOfOperation;
    QStringList countriesOfExpertise;
    QList<ServiceLocation> locations;
    bool remoteService = false;
    std::optional<int> serviceRadiusKm;
    QList<OpeningHours> openingHours; // empty: not stated
    QString openingHoursNote;         // "24-hour helpline", "by appointment"
    QString timeZone;                 // IANA ("Europe/London") of the opening hours; empty: not stated
    QStringList accessibility;        // Vocabulary::Accessibility
    QString accessibilityNote;
    Capacity capacity;
    Cost cost;
    std::optional<ExpertWitness> expertWitness;
    QList<ContactChannel> contactChannels;
    Verification verification;
    QString biography;
    QStringList keywords;
    bool active = true;
    QDateTime updatedAt;
    qint64 serverVersion = 0;

    // Whether the opening hours say the service is open at `when` (false when none are stated).
    bool isOpenAt(const QDateTime& when) const;
    bool opensEveningsOrWeekends() const;

    QJsonObject toJson() const;
    // Reads and validates a profile. Every problem is recorded with its path (below `path`);
    // returns nullopt when there was any.
    static std::optional<Professional> fromJson(const QJsonObject& object, ValidationProblems& problems,
                                                const QString& path = {});

    friend bool operator==(const Professional&, const Professional&) = default;
};

// Contact value checks shared with organisations.
bool isE164Phone(QStringView value);
bool isEmailAddress(QStringView value);

} // namespace htmse
