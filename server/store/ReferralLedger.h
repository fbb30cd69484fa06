// ReferralLedger: the referral events the server holds, each referral's current state, and the
// refusals it answered. The scoping of reads is here: an organisation reads its own referrals'
// events, a professional the events addressed to them, as the recipient sees them.
#pragma once

#include "domain/ReferralEvent.h"
#include "server/Actor.h"
#include "server/store/ChangePage.h"
#include "server/store/StoreError.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QUuid>

#include <optional>

namespace htmse::server {

class StoreDatabase;
class Statements;

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

class ReferralLedger
{
public:
    explicit ReferralLedger(StoreDatabase& database)
        : m_db(database)
    {}

    // Validates each event against the actor's rights and the transition table, in order, in one
    // transaction. Idempotent by event id: a resend answers as the first time did.
    PushResult pushReferralEvents(const Actor& actor, const QList<ReferralEvent>& events, StoreError* error);
    ChangePage referralEvents(const Actor& actor, qint64 after, int limit, StoreError* error);

private:
    struct ReferralRow
    {
        QUuid organisationId;
        QUuid recipientId;
        ReferralStatus status = ReferralStatus::None;
        bool sent = false; // went to the recipient at some point
    };

    // What one push needs to know about the events and referrals it names, read once per batch
    // (pushes are serialised by the events counter, so nothing changes under it) and kept up to
    // date as the batch goes.
    struct PushContext
    {
        struct Known
        {
            qint64 seq = 0;
            QString organisationId;
            QString recipientId;
        };
        QHash<QString, Known> events;                         // stored or purged
        QHash<QString, QString> refused;                      // this organisation's refusals
        QHash<QString, std::optional<ReferralRow>> referrals; // nullopt: none yet
        QHash<QString, QJsonObject> created;                  // created payloads of this batch
    };

    bool prefetch(Statements& sql, const Actor& actor, const QList<ReferralEvent>& events, PushContext* context,
                  StoreError* error);
    bool pushOne(Statements& sql, PushContext& context, const Actor& actor, const ReferralEvent& event, qint64* seq,
                 PushResult* result, StoreError* error);

    StoreDatabase& m_db;
};

} // namespace htmse::server
