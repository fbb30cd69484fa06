// ReferralStore: the caseworker's referral log inside the encrypted profile. Events are the
// record and are only ever appended (erasure and retention remove whole referrals); the
// `referrals` table is a cache of their fold, rebuilt whenever it is in doubt.
#pragma once

#include "core/Clock.h"
#include "domain/Referral.h"
#include "security/Policy.h"

#include <QDate>
#include <QSqlDatabase>

#include <optional>

namespace htmse {

struct ReferralSummary
{
    QUuid id;
    QString caseRef;
    QString kind;
    ReferralStatus status = ReferralStatus::None;
    QString recipient; // directory professional id, or the external recipient as written
    QStringList needs;
    QString urgency;
    QDateTime createdAt;
    QDateTime updatedAt;
    QDate followUpDue;
    QDateTime closedAt;

    bool isClosed() const { return ReferralTransitions::isClosed(status); }
    bool isOverdue(const QDate& today) const { return !isClosed() && followUpDue.isValid() && followUpDue < today; }
    friend bool operator==(const ReferralSummary&, const ReferralSummary&) = default;
};

struct ReferralError
{
    enum Code
    {
        None,
        NotFound,
        Invalid,
        Refused,
        Io
    };
    Code code = None;
    QString message;
    explicit operator bool() const { return code != None; }
};

class ReferralStore
{
public:
    // author: the person's profile name; deviceId: this installation (profile id).
    ReferralStore(QSqlDatabase db, QString author, QString deviceId, const Clock& clock = Clock::system());

    // Records a new referral ("created" event). Checks the details, and the office's consent
    // rule for victim-support referrals.
    std::optional<QUuid> create(const ReferralDetails& details, const Policy& policy, ReferralError* error);
    // Open referrals of the same case to the same recipient or for one of the same needs.
    QList<ReferralSummary> duplicatesOf(const ReferralDetails& details) const;
    // Appends an event after checking it against the transition table and its payload rules.
    std::optional<ReferralStatus> addEvent(const QUuid& referral, ReferralEventType type, const QJsonObject& payload,
                                           ReferralError* error);

    std::optional<Referral> referral(const QUuid& id) const; // the fold of its events
    QList<ReferralSummary> summaries() const;                // the whole log, from the cache
    std::optional<ReferralSummary> summary(const QUuid& id) const;
    QList<ReferralSummary> overdue(const QDate& today) const;
    QList<ReferralEvent> outbox() const; // local events the server has neither accepted nor refused

    // Erases every referral of a case: their events go, one empty "erased" event per referral
    // stays for sync, and the WAL is checkpointed and truncated. Returns how many were erased.
    int eraseCase(const QString& caseRef, ReferralError* error);
    // Removes closed referrals whose last change is older than the retention period (and that
    // have nothing left to send). Returns how many went.
    int purgeExpired(int retentionMonths, ReferralError* error);
    // What runs at every unlock: the retention purge of the office policy, then the count of
    // overdue follow-ups for the greeting ("3 referrals overdue").
    struct UnlockSummary
    {
        int purged = 0;
        int overdue = 0;
    };
    UnlockSummary afterUnlock(const Policy& policy, ReferralError* error);

    // Rebuilds the cache from the events (after an upgrade, or when in doubt).
    bool rebuildCache(ReferralError* error);

    // --- sync's side of the log (models/sync/SyncJournal); each runs inside the caller's
    // transaction and leaves refolding to refoldAll(). ---
    // An outbox event's state: waiting, sent and awaiting an answer, or refused by the server.
    struct OutboxEntry
    {
        QUuid id;
        QUuid referralId;
        QString reason; // the server's, for a refused event
    };
    // Up to `limit` events to send (pending or sent before without an answer), oldest first.
    QList<ReferralEvent> outbox(int limit) const;
    int pendingCount() const;                  // waiting or sent, not yet answered
    int pendingReferralCount() const;          // the referrals those belong to
    QList<OutboxEntry> rejectedEvents() const; // refused by the server, with its reasons
    bool markSent(const QList<QUuid>& events, const QDateTime& at, QString* error);
    bool markAccepted(const QUuid& event, qint64 serverSeq, QString* error);
    // The event stays in the log, out of the fold, with the reason (Referral::rejected).
    bool markRejected(const QUuid& event, const QString& reason, QString* error);
    // An event as the server holds it: an event of ours gets its number, another is added. An
    // erasure removes every other event of its referral. *referral: which referral it touched.
    bool applyServerEvent(const ReferralEvent& event, QString* error);
    // A referral addressed to this user as its recipient sees it (from the "sent" event's
    // `referral`), written as a "received" created event just before it; never pushed.
    bool addReceivedView(const ReferralEvent& sent, const ReferralDetails& details, QString* error);
    bool hasEvents(const QUuid& referral) const;
    // The referrals this user received as their recipient (those with a received view), newest
    // first: a professional's Incoming place.
    QList<QUuid> receivedReferrals() const;
    bool refoldAll(const QList<QUuid>& referrals, QString* error);
    // Which referral an event belongs to; null when the event is unknown here.
    QUuid referralOf(const QUuid& event) const;

private:
    std::optional<ReferralSummary> refold(const QUuid& id, ReferralError* error); // updates the cache row
    bool insertEvent(const ReferralEvent& event, ReferralError* error);
    QList<ReferralEvent> eventsOf(const QUuid& id) const;

    QSqlDatabase m_db;
    QString m_author;
    QString m_deviceId;
    const Clock& m_clock;
};

} // namespace htmse
