// ReferralTexts: the words the referral screens use for statuses and events, and the plain-words
// check of a case reference (a name or a date of birth typed into it by habit).
#pragma once

#include "domain/ReferralTransitions.h"

#include <QCoreApplication>
#include <QString>

namespace htmse {

class ReferralTexts
{
    Q_DECLARE_TR_FUNCTIONS(htmse::ReferralTexts)

public:
    static QString status(ReferralStatus status);  // "Accepted", "Consent withdrawn"
    static QString event(ReferralEventType type);  // "Accepted", "Follow-up set"
    static QString action(ReferralEventType type); // "Accept…", "Record consent withdrawn…"
    // Empty when the reference is fine; otherwise what is wrong with it, in plain words. An
    // invalid reference (spaces, other characters) is an error; `warning` says it is only a warning.
    static QString caseRefProblem(const QString& ref, bool* warning);
    static bool looksLikeName(const QString& ref);
    static bool containsDateOfBirth(const QString& ref);
};

} // namespace htmse
