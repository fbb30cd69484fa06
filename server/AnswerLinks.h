// AnswerLinks: one-time answer links for referrals whose recipient is outside the directory
// (DESIGN.md §6). A caseworker of the referral's organisation creates one for a sent referral;
// it carries a random 256-bit token, of which the server keeps only the SHA-256, the referral
// as its letter shows it (Disclosure.h: letterView) and an expiry. Whoever holds the token may
// answer the referral once — acknowledge, accept, or decline with a reason — and the answer is
// recorded as a referral event by the author "external", through the same payload validation
// and transition table as any other event, in the same transaction that uses the link up.
#pragma once

#include "domain/ReferralTransitions.h"
#include "server/Actor.h"
#include "server/store/AnswerLinkStore.h"
#include "server/store/StoreError.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QUuid>

#include <optional>

namespace htmse::server {

class ReferralLedger;

// What an answer link's author is recorded as.
inline constexpr QLatin1StringView kExternalAuthor("external");

class AnswerLinks
{
public:
    AnswerLinks(ReferralLedger& ledger, AnswerLinkStore& links)
        : m_ledger(ledger)
        , m_links(links)
    {}

    enum class Refusal
    {
        None,
        NotFound,      // no such referral in the caller's organisation
        InDirectory,   // its recipient is in the directory and answers there
        NotAnswerable, // not sent yet, or already answered or closed
    };
    struct Created
    {
        AnswerLinkRecord link;
        QByteArray token; // given to the caller once; never stored
    };
    // A new link for the actor's referral, valid for `lifetimeMs`. `organisationName` is shown
    // on the page as the sender.
    std::optional<Created> create(const Actor& actor, const QUuid& referralId, qint64 lifetimeMs,
                                  const QString& organisationName, Refusal* refusal, StoreError* error);

    // The link a token opens, and the answers its referral can still take (never empty);
    // nullopt when the link is unknown, used, revoked or expired, or the referral can take no
    // answer any more.
    struct Open
    {
        AnswerLinkRecord link;
        QList<ReferralEventType> answers;
    };
    std::optional<Open> open(const QByteArray& token, StoreError* error);

    enum class Outcome
    {
        Recorded,
        Gone, // used, revoked or expired meanwhile, or the referral can no longer take it
    };
    // Records the answer (acknowledged, accepted or declined, with its payload, already
    // validated) and uses the link up, in one transaction.
    Outcome answer(const AnswerLinkRecord& link, ReferralEventType type, const QJsonObject& payload, StoreError* error);

    // Revokes one of the organisation's links; another organisation's is a NotFound error.
    bool revoke(const QUuid& id, const QUuid& organisationId, StoreError* error)
    {
        return m_links.revokeAnswerLink(id, organisationId, error);
    }

    // Revokes every usable link of one of the organisation's referrals; how many, -1 on failure.
    int revokeAllOf(const QUuid& referralId, const QUuid& organisationId, qint64 now, StoreError* error)
    {
        return m_links.revokeAnswerLinksOf(referralId, organisationId, now, error);
    }

    // The answers a referral in `status` can take from its recipient.
    static QList<ReferralEventType> answersFor(ReferralStatus status);

private:
    ReferralLedger& m_ledger;
    AnswerLinkStore& m_links;
};

} // namespace htmse::server
