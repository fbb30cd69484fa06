// ReferralLetter: the letter that goes with a referral, as HTML for printing or PDF. It says who
// refers, what is needed, in which language (and whether an interpreter is needed), that consent
// was given and how to reply — and nothing more about the person than the recipient needs.
#pragma once

#include "domain/Referral.h"

#include <QUrl>

namespace htmse {

struct LetterContext
{
    QString referrerName; // the caseworker (profile name)
    QString referrerOrganisation;
    QString replyRoute;    // e.g. "through HTMSE, referral 6f1c…", or an office phone
    QString recipientName; // as the directory lists them, or the external recipient
    // A one-time answer link for a recipient outside the directory (DESIGN.md §6), printed as
    // text under "How to reply"; empty: none.
    QUrl answerUrl;
    QDateTime answerExpires;
};

class ReferralLetter
{
public:
    static QString html(const Referral& referral, const LetterContext& context);
};

} // namespace htmse
