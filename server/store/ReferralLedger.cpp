#include "server/store/ReferralLedger.h"

#include "server/store/StoreDatabase.h"

#include <QSqlError>

namespace htmse::server {

using namespace Qt::StringLiterals;

ReferralLedger::Batch::Batch(StoreDatabase& database, Statements& statements, const QUuid& organisationId, qint64 seq,
                             StoreError* error)
    : m_db(database)
    , m_sql(statements)
    , m_organisationId(idString(organisationId))
    , m_seq(seq)
    , m_error(error)
{}

bool ReferralLedger::Batch::ok(QSqlQuery* q)
{
    return q->lastError().type() == QSqlError::NoError || m_db.fail(m_error, *q);
}

bool ReferralLedger::Batch::prefetch(const QList<ReferralEvent>& events)
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
        m_referrals.insert(r, std::nullopt);
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
            QSqlQuery* q = m_sql.run(QString(sqlText).replace(u"(?*)"_s, u'(' + marks + u')'), binds);
            if (q->lastError().type() != QSqlError::NoError)
                return m_db.fail(m_error, *q);
            while (q->next())
                row(*q);
        }
        return true;
    };
    const auto known = [&](QSqlQuery& q) {
        m_events.insert(q.value(0).toString(), {q.value(1).toLongLong(), q.value(2).toString(), q.value(3).toString()});
    };
    return run(u"SELECT id, seq, organisation_id, recipient_id FROM referral_events WHERE id IN (?*)"_s, eventIds, {},
               known) &&
           run(u"SELECT id, seq, organisation_id, recipient_id FROM purged_events WHERE id IN (?*)"_s, eventIds, {},
               known) &&
           run(u"SELECT id, reason FROM rejected_events WHERE organisation_id = ? AND id IN (?*)"_s, eventIds,
               {m_organisationId},
               [&](QSqlQuery& q) { m_refused.insert(q.value(0).toString(), q.value(1).toString()); }) &&
           run(u"SELECT id, organisation_id, recipient_id, status, sent FROM referrals WHERE id IN (?*)"_s, referralIds,
               {}, [&](QSqlQuery& q) {
                   m_referrals.insert(
                       q.value(0).toString(),
                       ReferralState{QUuid(q.value(1).toString()), QUuid(q.value(2).toString()),
                                     statusFromWire(q.value(3).toString()).value_or(ReferralStatus::None),
                                     q.value(4).toInt() != 0});
               });
}

std::optional<HeldEvent> ReferralLedger::Batch::heldEvent(const QUuid& eventId) const
{
    const auto it = m_events.constFind(idString(eventId));
    if (it == m_events.cend())
        return std::nullopt;
    return HeldEvent{it->seq, QUuid(it->organisationId), QUuid(it->recipientId)};
}

std::optional<QString> ReferralLedger::Batch::refusal(const QUuid& eventId) const
{
    const auto it = m_refused.constFind(idString(eventId));
    if (it == m_refused.cend())
        return std::nullopt;
    return *it;
}

std::optional<ReferralState> ReferralLedger::Batch::referral(const QUuid& referralId) const
{
    return m_referrals.value(idString(referralId));
}

bool ReferralLedger::Batch::createdPayload(const QUuid& referralId, QJsonObject* payload)
{
    const QString id = idString(referralId);
    *payload = m_created.value(id);
    if (!payload->isEmpty())
        return true;
    QSqlQuery* q = m_sql.run(u"SELECT body FROM referral_events WHERE referral_id = ? AND type = 'created'"_s, {id});
    if (!ok(q))
        return false;
    if (q->next())
        *payload = parseObject(q->value(0)).value(u"payload"_s).toObject();
    return true;
}

bool ReferralLedger::Batch::refuse(const QUuid& eventId, const QString& reason)
{
    const QString id = idString(eventId);
    m_refused.insert(id, reason);
    return ok(m_sql.run(u"INSERT INTO rejected_events (id, organisation_id, reason, received_at) VALUES (?, ?, ?, ?) "
                        "ON CONFLICT DO NOTHING"_s,
                        {id, m_organisationId, reason, nowMs()}));
}

bool ReferralLedger::Batch::purge(const QUuid& referralId)
{
    return ok(m_sql.run(u"INSERT INTO purged_events (id, seq, organisation_id, recipient_id) SELECT id, seq, "
                        "organisation_id, recipient_id FROM referral_events WHERE referral_id = ?"_s,
                        {idString(referralId)})) &&
           ok(m_sql.run(u"DELETE FROM referral_events WHERE referral_id = ?"_s, {idString(referralId)})) &&
           ok(m_sql.run(u"DELETE FROM answer_links WHERE referral_id = ?"_s, {idString(referralId)}));
}

bool ReferralLedger::Batch::claimAnswerLink(const QUuid& linkId, qint64 now, bool* claimed)
{
    // The view goes with the use: what the link showed is not kept once it is spent.
    QSqlQuery* q = m_sql.run(u"UPDATE answer_links SET used_at = ?, view = '{}' WHERE id = ? AND used_at IS NULL "
                             "AND revoked = 0 AND expires_at > ?"_s,
                             {now, idString(linkId), now});
    if (!ok(q))
        return false;
    *claimed = q->numRowsAffected() == 1;
    return true;
}

bool ReferralLedger::Batch::append(const LedgerEntry& entry)
{
    const qint64 seq = ++m_seq;
    const QString eventId = idString(entry.eventId);
    const QString referralId = idString(entry.referralId);
    const ReferralState& referral = entry.referral;
    QVariant recipientBody{QMetaType(QMetaType::QString)};
    if (entry.recipientBody)
        recipientBody = QString::fromUtf8(compact(*entry.recipientBody));
    if (!ok(m_sql.run(u"INSERT INTO referral_events (id, seq, referral_id, organisation_id, recipient_id, type, body, "
                      "recipient_body, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"_s,
                      {eventId, seq, referralId, idString(referral.organisationId), nullableId(referral.recipientId),
                       toWire(entry.type), QString::fromUtf8(compact(entry.body)), recipientBody, nowMs()})))
        return false;
    if (!ok(m_sql.run(u"INSERT INTO referrals (id, organisation_id, recipient_id, status, sent) VALUES (?, ?, ?, ?, ?) "
                      "ON CONFLICT (id) DO UPDATE SET status = excluded.status, recipient_id = excluded.recipient_id, "
                      "sent = excluded.sent"_s,
                      {referralId, idString(referral.organisationId), nullableId(referral.recipientId),
                       toWire(referral.status), referral.sent ? 1 : 0})))
        return false;
    m_events.insert(eventId, {seq, idString(referral.organisationId), idString(referral.recipientId)});
    m_referrals.insert(referralId, referral);
    if (entry.type == ReferralEventType::Created)
        m_created.insert(referralId, entry.body.value(u"payload"_s).toObject());
    return true;
}

bool ReferralLedger::push(const QUuid& organisationId, const QList<ReferralEvent>& events,
                          const std::function<bool(Batch&)>& work, StoreError* error)
{
    return m_db.transaction(error, [&](QSqlDatabase& db, StoreError* txError) {
        const auto start = m_db.lockCounter(db, u"events"_s, txError);
        if (!start)
            return false;
        Statements statements(db);
        Batch batch(m_db, statements, organisationId, *start, txError);
        if (!batch.prefetch(events) || !work(batch))
            return false;
        return m_db.storeCounter(db, u"events"_s, batch.m_seq, txError);
    });
}

std::optional<ReferralLedger::Snapshot> ReferralLedger::referralSnapshot(const QUuid& referralId, StoreError* error)
{
    QSqlQuery q = m_db.select(u"SELECT r.organisation_id, r.recipient_id, r.status, r.sent, e.body FROM referrals r "
                              "LEFT JOIN referral_events e ON e.referral_id = r.id AND e.type = 'created' "
                              "WHERE r.id = ?"_s,
                              {idString(referralId)}, error);
    if (!q.next())
        return std::nullopt;
    Snapshot s;
    s.state =
        ReferralState{QUuid(q.value(0).toString()), QUuid(q.value(1).toString()),
                      statusFromWire(q.value(2).toString()).value_or(ReferralStatus::None), q.value(3).toInt() != 0};
    s.created = parseObject(q.value(4)).value(u"payload"_s).toObject();
    return s;
}

ChangePage ReferralLedger::organisationEvents(const QUuid& organisationId, qint64 after, int limit, StoreError* error)
{
    QSqlQuery q = m_db.select(u"SELECT seq, body FROM referral_events WHERE organisation_id = ? "
                              "AND seq > ? ORDER BY seq LIMIT ?"_s,
                              {idString(organisationId), after, limit + 1}, error);
    return readPage(q, limit);
}

ChangePage ReferralLedger::recipientEvents(const QUuid& professionalId, qint64 after, int limit, StoreError* error)
{
    QSqlQuery q = m_db.select(u"SELECT seq, recipient_body FROM referral_events WHERE recipient_id = ? "
                              "AND recipient_body IS NOT NULL AND seq > ? ORDER BY seq LIMIT ?"_s,
                              {idString(professionalId), after, limit + 1}, error);
    return readPage(q, limit);
}

} // namespace htmse::server
