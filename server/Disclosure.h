// Disclosure: what the server keeps and passes on, decided in one place.
//  - Event payloads are stored in their normalised form: only the fields the payload's type
//    defines, so nothing extra (a name, an address) rides along into the store or to others.
//  - A referral's recipient sees it from "sent" on, as the letter shows it (case reference,
//    kind, needs, languages and interpreter, area, urgency, consent statement): never notes,
//    follow-ups, statutory-route details, age or gender.
//  - A confidential location never reaches the server's directory with its street address or
//    postcode, and its coordinates are coarsened to about a kilometre.
#pragma once

#include "domain/ReferralTransitions.h"

#include <QJsonObject>

namespace htmse::server {

// The payload with only its type's fields (already validated by ReferralEvent::fromJson).
QJsonObject normalisedPayload(ReferralEventType type, const QJsonObject& payload);

// The referral as its letter shows it, from its (normalised) created payload: case reference,
// kind, needs, languages and interpreter, area (city and country), urgency, consent statement.
// What a recipient sees of a sent referral, and what a one-time answer link keeps and shows.
QJsonObject letterView(const QJsonObject& created);

// The recipient's view of an event's payload; *visible false when they do not see the event.
// `created` is the referral's (normalised) created payload; `sentBefore` whether the referral
// had been sent before this event; `byRecipient` whether the recipient wrote it (their own
// replies keep their text; replies recorded by the organisation show only that they happened).
QJsonObject recipientPayload(ReferralEventType type, const QJsonObject& payload, const QJsonObject& created,
                             bool sentBefore, bool byRecipient, bool* visible);

// A professional's document as the directory keeps it.
QJsonObject redactConfidentialLocations(QJsonObject professional);

} // namespace htmse::server
