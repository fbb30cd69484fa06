#include "server/store/ReferralLedger.h"

#include "core/JsonReader.h"
#include "domain/ReferralTransitions.h"
#include "server/Disclosure.h"
#include "server/store/StoreDatabase.h"

#include <QDateTime>
#include <QSqlError>

namespace htmse::server {

using namespace Qt::StringLiterals;

namespace {

static bool professionalMayPush(ReferralEventType type)
{
    return type == ReferralEventType::Acknowledged || type == ReferralEventType::Accepted ||
           type == ReferralEventType::Declined || type == ReferralEventType::Completed;
}

} // namespace

bool ReferralLedger::prefetch(Statements& sql, const Actor& actor, const QList<ReferralEvent>& events,
                              PushContext* context, StoreError* error)
{
    QStringList eventIds;
    QStringList referralIds;
    for (const ReferralEvent& e : events) {
        eventIds.append(idString(e.id));
        referralIds.append(idString(e.referralId));
    }
    eventIds.removeDuplicates();
    referralIds.removeDuplicates();
    for (const QString& r : std::as_const(referralIds))
        context->referrals.insert(r, std::nullopt);
    // In slices, so the statement stays within any backend's parameter limit.
    constexpr qsizetype kSlice = 500;
    const auto run = [&](const QString& sqlText, const QStringList& ids, const QVariantList& leading,
                         const std::function<void(QSqlQuery&)>& row) {
        for (qsizetype from = 0; from < ids.size(); from += kSlice) {
            const QStringList slice = ids.mid(from, kSlice);
            QVariantList binds = leading;
            for (const QString& id : slice)
                binds.append(id);
            const QString marks = QStringList(slice.size(), u"?"_s).join(u',');
            QSqlQuery* q = sql.run(QString(sqlText).replace(u"(?*)"_s, u'(' + marks + u')'), binds);
            if (q->lastError().type() != QSqlError::NoError)
                return m_db.fail(error, *q);
            while (q->next())
                row(*q);
        }
        return true;
    };
    const auto known = [&](QSqlQuery& q) {
        context->events.insert(q.value(0).toString(),
                               {q.value(1).toLongLong(), q.value(2).toString(), q.value(3).toString()});
    };
    return run(u"SELECT id, seq, organisation_id, recipient_id FROM referral_events WHERE id IN (?*)"_s, eventIds, {},
               known) &&
           run(u"SELECT id, seq, organisation_id, recipient_id FROM purged_events WHERE id IN (?*)"_s, eventIds, {},
               known) &&
           run(u"SELECT id, reason FROM rejected_events WHERE organisation_id = ? AND id IN (?*)"_s, eventIds,
               {idString(actor.organisationId)},
               [&](QSqlQuery& q) { context->refused.insert(q.value(0).toString(), q.value(1).toString()); }) &&
           run(u"SELECT id, organisation_id, recipient_id, status, sent FROM referrals WHERE id IN (?*)"_s, referralIds,
               {}, [&](QSqlQuery& q) {
                   context->referrals.insert(
                       q.value(0).toString(),
                       ReferralRow{QUuid(q.value(1).toString()), QUuid(q.value(2).toString()),
                                   statusFromWire(q.value(3).toString()).value_or(ReferralStatus::None),
                                   q.value(4).toInt() != 0});
               });
}

bool ReferralLedger::pushOne(Statements& sql, PushContext& context, const Actor& actor, const ReferralEvent& event,
                             qint64* seq, PushResult* result, StoreError* error)
{
    const QString eventId = idString(event.id);
    const QString orgId = idString(actor.organisationId);
    const QString referralId = idString(event.referralId);
    const auto ok = [&](QSqlQuery* q) { return q->lastError().type() == QSqlError::NoError || m_db.fail(error, *q); };

    // Idempotency: an event already stored answers with its sequence number...
    if (const auto it = context.events.constFind(eventId); it != context.events.cend()) {
        const bool mine = it->organisationId == orgId ||
                          (!actor.professionalId.isNull() && it->recipientId == idString(actor.professionalId));
        if (mine)
            result->accepted.append({event.id, it->seq});
        else
            result->rejected.append({event.id, u"the event id is already in use"_s});
        return true;
    }
    // ...and one refused before is refused again with the same reason.
    if (const auto it = context.refused.constFind(eventId); it != context.refused.cend()) {
        result->rejected.append({event.id, *it});
        return true;
    }
    const std::optional<ReferralRow> referral = context.referrals.value(referralId);

    const auto reject = [&](const QString& reason) {
        result->rejected.append({event.id, reason});
        context.refused.insert(eventId, reason);
        return ok(sql.run(u"INSERT INTO rejected_events (id, organisation_id, reason, received_at) VALUES (?, ?, ?, ?) "
                          "ON CONFLICT DO NOTHING"_s,
                          {eventId, orgId, reason, nowMs()}));
    };

    // Another organisation's referral is answered exactly like one that does not exist.
    static const QString unknown = u"unknown referral"_s;
    if (actor.role == Role::Professional) {
        if (!referral || actor.professionalId.isNull() || referral->recipientId != actor.professionalId)
            return reject(unknown);
        if (!professionalMayPush(event.type))
            return reject(u"a professional can acknowledge, accept, decline or complete a referral addressed "
                          "to them, not \"%1\" it"_s.arg(toWire(event.type)));
    } else if (actor.role == Role::Caseworker || actor.role == Role::Legal) {
        if (referral && referral->organisationId != actor.organisationId)
            return reject(unknown);
        // A referral the server has never had is answered the same way (only "created" or
        // an erasure can start one), so ids cannot be probed.
        if (!referral && event.type != ReferralEventType::Created && event.type != ReferralEventType::Erased)
            return reject(unknown);
    } else {
        return reject(u"the role \"%1\" cannot record referral events"_s.arg(toWire(actor.role)));
    }

    const ReferralStatus from = referral ? referral->status : ReferralStatus::None;
    const auto to = ReferralTransitions::apply(from, event.type);
    if (!to)
        return reject(ReferralTransitions::refusal(from, event.type));

    ReferralRow row = referral.value_or(ReferralRow{actor.organisationId, {}, ReferralStatus::None});
    if (event.type == ReferralEventType::Created)
        row.recipientId = QUuid(event.payload.value(u"recipient_id"_s).toString());
    row.status = *to;

    // Erasure wins: the referral's events are purged; only the marker remains, so every
    // device erases it at its next sync.
    if (event.type == ReferralEventType::Erased &&
        (!ok(sql.run(u"INSERT INTO purged_events (id, seq, organisation_id, recipient_id) SELECT id, seq, "
                     "organisation_id, recipient_id FROM referral_events WHERE referral_id = ?"_s,
                     {idString(event.referralId)})) ||
         !ok(sql.run(u"DELETE FROM referral_events WHERE referral_id = ?"_s, {idString(event.referralId)}))))
        return false;

    ReferralEvent stored = event;
    stored.authorUser = actor.username;
    stored.authorOrganisation = idString(actor.organisationId);
    stored.serverSeq = ++*seq;
    stored.payload = normalisedPayload(event.type, event.payload);
    QJsonObject body = stored.toJson();
    body.insert(u"server_time"_s, toIsoUtc(QDateTime::currentDateTimeUtc()));

    // What the recipient sees of it, if anything (see Disclosure.h).
    QJsonObject created = context.created.value(referralId);
    if (event.type == ReferralEventType::Sent && created.isEmpty()) {
        QSqlQuery* q =
            sql.run(u"SELECT body FROM referral_events WHERE referral_id = ? AND type = 'created'"_s, {referralId});
        if (!ok(q))
            return false;
        if (q->next())
            created = parseObject(q->value(0)).value(u"payload"_s).toObject();
    }
    const bool sentBefore = referral && referral->sent;
    if (event.type == ReferralEventType::Sent)
        row.sent = true;
    const bool byRecipient = actor.role == Role::Professional && actor.professionalId == row.recipientId;
    bool visible = false;
    const QJsonObject shown = recipientPayload(event.type, stored.payload, created, sentBefore, byRecipient, &visible);
    QVariant recipientBody(QMetaType(QMetaType::QString));
    if (visible && !row.recipientId.isNull()) {
        QJsonObject forRecipient = body;
        forRecipient.insert(u"payload"_s, shown);
        forRecipient.remove(u"device_id"_s); // which device recorded it is the organisation's business
        recipientBody = QString::fromUtf8(compact(forRecipient));
    }
    if (!ok(sql.run(u"INSERT INTO referral_events (id, seq, referral_id, organisation_id, recipient_id, type, body, "
                    "recipient_body, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"_s,
                    {eventId, *seq, idString(event.referralId), idString(row.organisationId),
                     nullableId(row.recipientId), toWire(event.type), QString::fromUtf8(compact(body)), recipientBody,
                     nowMs()})))
        return false;
    if (!ok(sql.run(u"INSERT INTO referrals (id, organisation_id, recipient_id, status, sent) VALUES (?, ?, ?, ?, ?) "
                    "ON CONFLICT (id) DO UPDATE SET status = excluded.status, recipient_id = excluded.recipient_id, "
                    "sent = excluded.sent"_s,
                    {idString(event.referralId), idString(row.organisationId), nullableId(row.recipientId),
                     toWire(row.status), row.sent ? 1 : 0})))
        return false;
    context.events.insert(eventId, {*seq, idString(row.organisationId), idString(row.recipientId)});
    context.referrals.insert(referralId, row);
    if (event.type == ReferralEventType::Created)
        context.created.insert(referralId, stored.payload);
    result->accepted.append({event.id, *seq});
    return true;
}

PushResult ReferralLedger::pushReferralEvents(const Actor& actor, const QList<ReferralEvent>& events, StoreError* error)
{
    PushResult result;
    const bool ok = m_db.transaction(error, [&](QSqlDatabase& db, StoreError* txError) {
        result = {};
        const auto start = m_db.lockCounter(db, u"events"_s, txError);
        if (!start)
            return false;
        qint64 seq = *start;
        Statements statements(db);
        PushContext context;
        if (!prefetch(statements, actor, events, &context, txError))
            return false;
        for (qsizetype i = 0; i < events.size(); ++i) {
            const qsizetype accepted = result.accepted.size();
            const qsizetype rejected = result.rejected.size();
            if (!pushOne(statements, context, actor, events[i], &seq, &result, txError))
                return false;
            if (result.accepted.size() > accepted)
                result.accepted.last().position = i;
            if (result.rejected.size() > rejected)
                result.rejected.last().position = i;
        }
        return m_db.storeCounter(db, u"events"_s, seq, txError);
    });
    return ok ? result : PushResult{};
}

ChangePage ReferralLedger::referralEvents(const Actor& actor, qint64 after, int limit, StoreError* error)
{
    const bool professional = actor.role == Role::Professional;
    if (professional && actor.professionalId.isNull())
        return {};
    const QString scope = idString(professional ? actor.professionalId : actor.organisationId);
    QSqlQuery q = m_db.select(professional ? u"SELECT seq, recipient_body FROM referral_events WHERE recipient_id = ? "
                                             "AND recipient_body IS NOT NULL AND seq > ? ORDER BY seq LIMIT ?"_s
                                           : u"SELECT seq, body FROM referral_events WHERE organisation_id = ? "
                                             "AND seq > ? ORDER BY seq LIMIT ?"_s,
                              {scope, after, limit + 1}, error);
    return readPage(q, limit);
}

} // namespace htmse::server
