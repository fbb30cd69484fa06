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
    QList<ReferralEvent> outbox() const; // local events the server has not accepted yet

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
