#include "server/ReferralExchange.h"

#include "core/JsonReader.h"
#include "domain/ReferralTransitions.h"
#include "server/Disclosure.h"

#include <QDateTime>

namespace htmse::server {

using namespace Qt::StringLiterals;

namespace {

bool professionalMayPush(ReferralEventType type)
{
    return type == ReferralEventType::Acknowledged || type == ReferralEventType::Accepted ||
           type == ReferralEventType::Declined || type == ReferralEventType::Completed;
}

// Whether an event the ledger holds is the actor's to hear about: their organisation's, or
// addressed to them.
bool isTheirs(const Actor& actor, const HeldEvent& held)
{
    return held.organisationId == actor.organisationId ||
           (!actor.professionalId.isNull() && held.recipientId == actor.professionalId);
}

} // namespace

std::optional<QString> ReferralExchange::refusal(const Actor& actor, ReferralEventType type,
                                                 const std::optional<ReferralState>& referral)
{
    static const QString unknown = u"unknown referral"_s;
    if (actor.role == Role::Professional) {
        if (!referral || actor.professionalId.isNull() || referral->recipientId != actor.professionalId)
            return unknown;
        if (!professionalMayPush(type))
            return u"a professional can acknowledge, accept, decline or complete a referral addressed "
                   "to them, not \"%1\" it"_s.arg(toWire(type));
        return std::nullopt;
    }
    if (actor.role == Role::Caseworker || actor.role == Role::Legal) {
        if (referral && referral->organisationId != actor.organisationId)
            return unknown;
        // A referral the server has never had is answered the same way (only "created" or an
        // erasure can start one), so ids cannot be probed.
        if (!referral && type != ReferralEventType::Created && type != ReferralEventType::Erased)
            return unknown;
        return std::nullopt;
    }
    return u"the role \"%1\" cannot record referral events"_s.arg(toWire(actor.role));
}

PushResult ReferralExchange::push(const Actor& actor, const QList<ReferralEvent>& events, StoreError* error)
{
    PushResult result;
    const bool ok = m_ledger.push(
        actor.organisationId, events,
        [&](ReferralLedger::Batch& batch) {
            result = {};
            for (qsizetype i = 0; i < events.size(); ++i) {
                const qsizetype accepted = result.accepted.size();
                const qsizetype rejected = result.rejected.size();
                if (!pushOne(batch, actor, events[i], &result))
                    return false;
                if (result.accepted.size() > accepted)
                    result.accepted.last().position = i;
                if (result.rejected.size() > rejected)
                    result.rejected.last().position = i;
            }
            return true;
        },
        error);
    return ok ? result : PushResult{};
}

bool ReferralExchange::pushOne(ReferralLedger::Batch& batch, const Actor& actor, const ReferralEvent& event,
                               PushResult* result)
{
    // Idempotency: an event already held answers with its number...
    if (const auto held = batch.heldEvent(event.id)) {
        if (isTheirs(actor, *held))
            result->accepted.append({event.id, held->seq});
        else
            result->rejected.append({event.id, u"the event id is already in use"_s});
        return true;
    }
    // ...and one refused before is refused again with the same reason.
    if (const auto reason = batch.refusal(event.id)) {
        result->rejected.append({event.id, *reason});
        return true;
    }
    const std::optional<ReferralState> referral = batch.referral(event.referralId);
    const auto reject = [&](const QString& reason) {
        result->rejected.append({event.id, reason});
        return batch.refuse(event.id, reason);
    };
    if (const auto why = refusal(actor, event.type, referral))
        return reject(*why);
    const ReferralStatus from = referral ? referral->status : ReferralStatus::None;
    const auto to = ReferralTransitions::apply(from, event.type);
    if (!to)
        return reject(ReferralTransitions::refusal(from, event.type));

    ReferralState after = referral.value_or(ReferralState{actor.organisationId, {}, ReferralStatus::None});
    if (event.type == ReferralEventType::Created)
        after.recipientId = QUuid(event.payload.value(u"recipient_id"_s).toString());
    after.status = *to;
    // Erasure wins: the referral's events are purged; only the marker remains, so every
    // device erases it at its next sync.
    if (event.type == ReferralEventType::Erased && !batch.purge(event.referralId))
        return false;
    LedgerEntry entry;
    const qint64 seq = batch.nextSeq();
    if (!entryFor(batch, actor, event, referral, after, &entry) || !batch.append(entry))
        return false;
    result->accepted.append({event.id, seq});
    return true;
}

bool ReferralExchange::entryFor(ReferralLedger::Batch& batch, const Actor& actor, const ReferralEvent& event,
                                const std::optional<ReferralState>& before, ReferralState after, LedgerEntry* entry)
{
    ReferralEvent stored = event;
    stored.authorUser = actor.username;
    stored.authorOrganisation = uuidString(actor.organisationId);
    stored.serverSeq = batch.nextSeq();
    stored.payload = normalisedPayload(event.type, event.payload);
    QJsonObject body = stored.toJson();
    body.insert(u"server_time"_s, toIsoUtc(QDateTime::currentDateTimeUtc()));

    // What the recipient sees of it, if anything (see Disclosure.h): a "sent" shows the
    // referral as its letter does.
    QJsonObject created;
    if (event.type == ReferralEventType::Sent && !batch.createdPayload(event.referralId, &created))
        return false;
    const bool sentBefore = before && before->sent;
    if (event.type == ReferralEventType::Sent)
        after.sent = true;
    const bool byRecipient = actor.role == Role::Professional && actor.professionalId == after.recipientId;
    bool visible = false;
    const QJsonObject shown = recipientPayload(event.type, stored.payload, created, sentBefore, byRecipient, &visible);
    *entry = {event.id, event.referralId, event.type, body, std::nullopt, after};
    if (visible && !after.recipientId.isNull()) {
        QJsonObject forRecipient = body;
        forRecipient.insert(u"payload"_s, shown);
        forRecipient.remove(u"device_id"_s); // which device recorded it is the organisation's business
        entry->recipientBody = forRecipient;
    }
    return true;
}

ChangePage ReferralExchange::visibleEvents(const Actor& actor, qint64 after, int limit, StoreError* error)
{
    if (actor.role == Role::Professional) {
        if (actor.professionalId.isNull())
            return {};
        return m_ledger.recipientEvents(actor.professionalId, after, limit, error);
    }
    return m_ledger.organisationEvents(actor.organisationId, after, limit, error);
}

} // namespace htmse::server
