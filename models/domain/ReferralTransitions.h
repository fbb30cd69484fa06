// The referral status machine: one table, shared by the client and the server.
#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace htmse {

enum class ReferralStatus
{
    None, // no event yet
    Created,
    Sent,
    Acknowledged,
    Accepted,
    Declined,
    Revoked,
    Completed,
    ConsentWithdrawn,
    Erased,
};

enum class ReferralEventType
{
    Created,
    Sent,
    Acknowledged,
    Accepted,
    Declined,
    Revoked,
    Completed,
    NoteAdded,
    FollowUpSet,
    ConsentWithdrawn,
    Erased,
};

// Wire names: "created", "sent", ..., "note-added", "follow-up-set", "consent-withdrawn", "erased".
QString toWire(ReferralEventType type);
QString toWire(ReferralStatus status); // "none" for ReferralStatus::None
std::optional<ReferralEventType> eventTypeFromWire(QStringView wire);
std::optional<ReferralStatus> statusFromWire(QStringView wire);
QList<ReferralEventType> allReferralEventTypes();
QList<ReferralStatus> allReferralStatuses();

class ReferralTransitions
{
public:
    struct Transition
    {
        ReferralStatus from;
        ReferralEventType event;
        ReferralStatus to;
    };

    // The whole table: every allowed (status, event) pair. Anything absent is refused.
    static const QList<Transition>& table();
    // The status after applying `event` in `from`, or nullopt when the table does not allow it.
    static std::optional<ReferralStatus> apply(ReferralStatus from, ReferralEventType event);
    static QList<ReferralEventType> allowedEvents(ReferralStatus from);
    // "cannot apply \"completed\" to a referral that is \"sent\"; allowed: acknowledged, ..."
    static QString refusal(ReferralStatus from, ReferralEventType event);
    // Closed referrals take no more work (retention counts from their last event).
    static bool isClosed(ReferralStatus status);
};

} // namespace htmse
