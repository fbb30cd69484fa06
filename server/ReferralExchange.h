// ReferralExchange: the rules of the referral exchange, with no SQL of its own. For each pushed
// event it decides, in order: whether the event was seen before (a resend answers as the first
// time did), whether the caller's role may record it on that referral (rights), what it does to
// the referral (the shared ReferralTransitions table), and what the referral's recipient sees of
// it (Disclosure.h). The ReferralLedger keeps the outcome, one push in one transaction.
#pragma once

#include "domain/ReferralEvent.h"
#include "server/Actor.h"
#include "server/store/ChangePage.h"
#include "server/store/ReferralLedger.h"
#include "server/store/StoreError.h"

#include <QList>
#include <QString>
#include <QUuid>

#include <optional>

namespace htmse::server {

struct PushResult
{
    // `position`: the event's place in the pushed list.
    struct Accepted
    {
        QUuid id;
        qint64 seq = 0;
        qsizetype position = 0;
    };
    struct Rejected
    {
        QUuid id;
        QString reason;
        qsizetype position = 0;
    };
    QList<Accepted> accepted;
    QList<Rejected> rejected;
};

class ReferralExchange
{
public:
    explicit ReferralExchange(ReferralLedger& ledger)
        : m_ledger(ledger)
    {}

    // Validates each event against the actor's rights and the transition table, in order, in
    // one transaction. Idempotent by event id.
    PushResult push(const Actor& actor, const QList<ReferralEvent>& events, StoreError* error);
    // The events the actor may see: their organisation's referrals, or, for a professional,
    // what they are shown of the referrals addressed to them.
    ChangePage visibleEvents(const Actor& actor, qint64 after, int limit, StoreError* error);

    // Why the actor may not record an event of `type` on `referral` (nullopt: they may).
    // Another organisation's referral is answered exactly like one that does not exist.
    static std::optional<QString> refusal(const Actor& actor, ReferralEventType type,
                                          const std::optional<ReferralState>& referral);

private:
    bool pushOne(ReferralLedger::Batch& batch, const Actor& actor, const ReferralEvent& event, PushResult* result);
    // The event as the ledger keeps it: for its organisation, and for its recipient.
    static bool entryFor(ReferralLedger::Batch& batch, const Actor& actor, const ReferralEvent& event,
                         const std::optional<ReferralState>& before, ReferralState after, LedgerEntry* entry);

    ReferralLedger& m_ledger;
};

} // namespace htmse::server
