// ReferralLedger: the referral events the server holds, each referral's current state, and the
// refusals it answered. It keeps what it is given: who may record an event, what the event does
// to its referral and what the recipient sees of it are the ReferralExchange's decisions. The
// scoping of reads is here: an organisation reads its own referrals' events, a professional
// the events addressed to them, as the recipient sees them.
#pragma once

#include "domain/ReferralEvent.h"
#include "server/store/ChangePage.h"
#include "server/store/StoreError.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QUuid>

#include <functional>
#include <optional>

class QSqlDatabase;
class QSqlQuery;

namespace htmse::server {

class StoreDatabase;
class Statements;

struct ReferralState
{
    QUuid organisationId;
    QUuid recipientId;
    ReferralStatus status = ReferralStatus::None;
    bool sent = false; // went to the recipient at some point
};

// An event the ledger holds already (stored, or purged by an erasure: its number stays).
struct HeldEvent
{
    qint64 seq = 0;
    QUuid organisationId;
    QUuid recipientId;
};

// An accepted event, as the ledger is to keep it.
struct LedgerEntry
{
    QUuid eventId;
    QUuid referralId;
    ReferralEventType type = ReferralEventType::Created;
    QJsonObject body;                         // as the referral's organisation sees it
    std::optional<QJsonObject> recipientBody; // as its recipient sees it; nullopt: they do not
    ReferralState referral;                   // the referral after the event
};

class ReferralLedger
{
public:
    // One push: a transaction that holds the events' counter from start to commit, so pushes
    // are serialised and nothing read here changes under it. What it knows of the pushed
    // events and their referrals is read up front, in a few queries, and kept up to date as
    // the batch goes.
    class Batch
    {
    public:
        std::optional<HeldEvent> heldEvent(const QUuid& eventId) const;
        // The reason the pushing organisation was given when it sent this event id before.
        std::optional<QString> refusal(const QUuid& eventId) const;
        std::optional<ReferralState> referral(const QUuid& referralId) const;
        // The referral's (normalised) created payload, from this batch or the ledger; empty
        // when there is none. False when the database failed.
        bool createdPayload(const QUuid& referralId, QJsonObject* payload);
        // The number the next appended event gets.
        qint64 nextSeq() const { return m_seq + 1; }

        // Records a refusal, so that a resend is answered the same.
        bool refuse(const QUuid& eventId, const QString& reason);
        // Erasure: the referral's events are purged; their ids and numbers are kept. Its answer
        // links are deleted.
        bool purge(const QUuid& referralId);
        // Uses up a one-time answer link (AnswerLinkStore) for the answer this batch records:
        // *claimed false when it was used, revoked or expired meanwhile.
        bool claimAnswerLink(const QUuid& linkId, qint64 now, bool* claimed);
        // Stores the event under nextSeq() and the referral's new state.
        bool append(const LedgerEntry& entry);

    private:
        friend class ReferralLedger;
        Batch(StoreDatabase& database, Statements& statements, const QUuid& organisationId, qint64 seq,
              StoreError* error);
        bool prefetch(const QList<ReferralEvent>& events);
        bool ok(QSqlQuery* q);

        struct Known
        {
            qint64 seq = 0;
            QString organisationId;
            QString recipientId;
        };
        StoreDatabase& m_db;
        Statements& m_sql;
        QString m_organisationId;
        qint64 m_seq = 0;
        StoreError* m_error = nullptr;
        QHash<QString, Known> m_events;                           // stored or purged
        QHash<QString, QString> m_refused;                        // this organisation's refusals
        QHash<QString, std::optional<ReferralState>> m_referrals; // nullopt: none yet
        QHash<QString, QJsonObject> m_created;                    // created payloads of this batch
    };

    explicit ReferralLedger(StoreDatabase& database)
        : m_db(database)
    {}

    // Runs `work` over one batch of `events`, pushed by `organisationId`, in one transaction;
    // rolls back when `work` returns false.
    bool push(const QUuid& organisationId, const QList<ReferralEvent>& events, const std::function<bool(Batch&)>& work,
              StoreError* error);
    // A referral as the ledger holds it, with its (normalised) created payload; nullopt when
    // there is none (or the database failed: see *error).
    struct Snapshot
    {
        ReferralState state;
        QJsonObject created;
    };
    std::optional<Snapshot> referralSnapshot(const QUuid& referralId, StoreError* error);
    // The events of the organisation's referrals, as the organisation sees them.
    ChangePage organisationEvents(const QUuid& organisationId, qint64 after, int limit, StoreError* error);
    // The events the professional is shown of referrals addressed to them.
    ChangePage recipientEvents(const QUuid& professionalId, qint64 after, int limit, StoreError* error);

private:
    StoreDatabase& m_db;
};

} // namespace htmse::server
