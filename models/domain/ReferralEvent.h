// ReferralEvent: one immutable event of a referral (DESIGN.md §3, wire format §6), with the
// payload of each event type validated, and ReferralDetails, the payload of "created".
#pragma once

#include "core/GeoPoint.h"
#include "core/Validation.h"
#include "domain/ReferralTransitions.h"

#include <QDate>
#include <QDateTime>
#include <QJsonObject>
#include <QStringList>
#include <QUuid>

#include <optional>

namespace htmse {

struct Consent
{
    bool given = false;
    QString scope; // what may be shared, with whom
    QDate date;
    QString recordedBy;
    bool minor = false;
    bool override = false; // recorded without consent (e.g. a child-protection duty)
    QString overrideReason;
    QString overrideBy;
    friend bool operator==(const Consent&, const Consent&) = default;
};

struct GroundsDecision
{
    QString decision; // Vocabulary::GroundsDecision; empty when none yet
    QDate date;
    friend bool operator==(const GroundsDecision&, const GroundsDecision&) = default;
};

// UK statutory route (National Referral Mechanism / duty to notify); other jurisdictions use "none".
struct StatutoryRoute
{
    QString route = QStringLiteral("none"); // Vocabulary::StatutoryRoute
    QString reference;                      // e.g. the SCA reference
    GroundsDecision reasonableGrounds;
    GroundsDecision conclusiveGrounds;
    friend bool operator==(const StatutoryRoute&, const StatutoryRoute&) = default;
};

struct ReferralLocation
{
    QString city;
    QString country; // ISO 3166-1 alpha-2
    std::optional<GeoPoint> point;
    friend bool operator==(const ReferralLocation&, const ReferralLocation&) = default;
};

// The payload of a "created" event. The case reference is pseudonymous: never a name.
struct ReferralDetails
{
    QString caseRef;
    QString kind; // Vocabulary::ReferralKind
    QStringList needs;
    QStringList languages; // ISO 639-3, the person's languages in order of preference
    bool interpreter = false;
    std::optional<ReferralLocation> location;
    QString ageBand;                             // Vocabulary::AgeBand
    QString gender;                              // Vocabulary::Gender
    QString urgency = QStringLiteral("routine"); // Vocabulary::Urgency
    QUuid recipientId;                           // a directory professional, or
    QString externalRecipient;                   // someone outside the directory (free text)
    std::optional<Consent> consent;
    std::optional<StatutoryRoute> statutory;
    QString note;

    QJsonObject toJson() const;
    static std::optional<ReferralDetails> fromJson(const QJsonObject& object, ValidationProblems& problems,
                                                   const QString& path = {});
    // A case reference is a short code ("HT-2026-0142"): letters, digits and . _ / - only, so a
    // person's name cannot be typed into it by habit.
    static bool isValidCaseRef(QStringView ref);

    friend bool operator==(const ReferralDetails&, const ReferralDetails&) = default;
};

struct ReferralEvent
{
    QUuid id;
    QUuid referralId;
    ReferralEventType type = ReferralEventType::Created;
    QJsonObject payload;
    QString authorUser;         // set by the server from the token, never taken from a client body
    QString authorOrganisation; // likewise
    QString deviceId;
    QDateTime clientTime;
    std::optional<qint64> serverSeq; // assigned by the server on acceptance

    QJsonObject toJson() const;
    // Reads an event and validates its payload for its type.
    // `asRecipientSees`: the event as the server shows it to the referral's recipient, who may
    // be shown that it happened but not its payload (payloadMayBeWithheld): an empty payload is
    // then accepted.
    static std::optional<ReferralEvent> fromJson(const QJsonObject& object, ValidationProblems& problems,
                                                 const QString& path = {}, bool asRecipientSees = false);
    // Whether the server may show a recipient this type of event without its payload
    // (server/Disclosure.cpp: replies recorded by the organisation, endings).
    static bool payloadMayBeWithheld(ReferralEventType type);
    // A server-sequenced event whose payload was withheld from this reader.
    bool payloadWithheld() const { return serverSeq && payload.isEmpty() && payloadMayBeWithheld(type); }
    // Checks a payload for an event type (problems under `path`).
    static void validatePayload(ReferralEventType type, const QJsonObject& payload, const QString& path,
                                ValidationProblems& problems);

    friend bool operator==(const ReferralEvent&, const ReferralEvent&) = default;
};

} // namespace htmse
