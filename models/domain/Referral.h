// Referral: the fold of its events. Nothing about a referral is stored except its events;
// this is the state they add up to.
#pragma once

#include "domain/ReferralEvent.h"

#include <QList>

namespace htmse {

struct Referral
{
    struct RejectedEvent
    {
        ReferralEvent event;
        QString reason;
    };

    QUuid id;
    ReferralStatus status = ReferralStatus::None;
    ReferralDetails details; // from "created"; cleared by "erased"
    QDateTime createdAt;     // client time of "created"
    QDateTime updatedAt;     // client time of the last applied event
    QDate followUpDue;       // from the last "follow-up-set", cleared when the referral closes
    QString declineReason;
    std::optional<bool> completedSuccessfully;
    QList<ReferralEvent> history;  // applied events, in fold order
    QList<RejectedEvent> rejected; // events the transition table refused, with the reason

    bool isClosed() const { return ReferralTransitions::isClosed(status); }
    bool sharingAllowed() const; // false once consent is withdrawn or the referral is erased

    // Folds events in a deterministic order, whatever order they arrived in: events the server
    // has sequenced first (by sequence), then local ones (by client time, then id). Duplicate
    // event ids count once; events of another referral are refused.
    static Referral fold(QList<ReferralEvent> events);
    // Orders events as fold() does.
    static void sortForFold(QList<ReferralEvent>& events);
};

} // namespace htmse
