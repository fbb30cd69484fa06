// Closed vocabularies of the domain: each a fixed list of stable wire codes with English labels
// marked for translation. Codes never change; labels may.
#pragma once

#include "core/JsonReader.h"

#include <QStringList>

namespace htmse {

enum class Vocabulary
{
    ProfessionalType,   // lawyer, medicolegal-doctor, ...
    TraffickingType,    // sexual, labour, ...
    Population,         // adults, children, women, ...
    Proficiency,        // native, fluent, working, basic
    Gender,             // female, male, non-binary, undisclosed
    FeeBasis,           // none, hourly, fixed, per-report, sliding-scale
    VerificationStatus, // unverified, pending, verified, lapsed, suspended
    ContactKind,        // email, phone, website, ...
    ExpertDiscipline,   // country, trafficking, medicolegal, ...
    ReportType,         // medicolegal, istanbul-protocol, psychiatric, country, trafficking-indicators
    OrganisationKind,   // ngo, law-firm, ...
    ReferralKind,       // victim-support, professional-consultation, expert-report, medicolegal-report
    Urgency,            // routine, soon, urgent, emergency
    AgeBand,            // under-12, 12-15, 16-17, 18-24, ...
    DeclineReason,      // no-capacity, outside-expertise, ...
    StatutoryRoute,     // nrm, duty-to-notify, none
    GroundsDecision,    // positive, negative, pending
    Weekday,            // mon, tue, ... sun (ISO order)
    Accessibility,      // step-free-access, accessible-toilet, hearing-loop, ...
};

const QStringList& vocabularyCodes(Vocabulary vocabulary);
bool isInVocabulary(Vocabulary vocabulary, QStringView code);
QString vocabularyLabel(Vocabulary vocabulary, QStringView code); // translated; the code itself if unknown

// Reading helpers: a single term / a list of terms of one vocabulary, with problems recorded.
QString readTerm(const JsonReader& reader, QLatin1StringView key, Vocabulary vocabulary, Presence presence);
QStringList readTerms(const JsonReader& reader, QLatin1StringView key, Vocabulary vocabulary, Presence presence);

} // namespace htmse
