#include "storage/ReferralStore.h"

#include "core/JsonReader.h"
#include "storage/AuditLog.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

namespace htmse {

using namespace Qt::StringLiterals;

namespace {
void setError(ReferralError* out, ReferralError::Code code, const QString& message)
{
    if (out)
        *out = ReferralError{code, message};
}

ReferralEvent eventFromRow(const QSqlQuery& q)
{
    ReferralEvent e;
    e.id = QUuid::fromString(q.value(0).toString());
    e.referralId = QUuid::fromString(q.value(1).toString());
    e.type = eventTypeFromWire(q.value(2).toString()).value_or(ReferralEventType::NoteAdded);
    e.payload = QJsonDocument::fromJson(q.value(3).toString().toUtf8()).object();
    e.authorUser = q.value(4).toString();
    e.authorOrganisation = q.value(5).toString();
    e.deviceId = q.value(6).toString();
    e.clientTime = QDateTime::fromString(q.value(7).toString(), Qt::ISODateWithMs);
    if (!q.value(8).isNull())
        e.serverSeq = q.value(8).toLongLong();
    return e;
}

const QString kEventColumns =
    u"id, referral_id, type, payload, author_user, author_organisation, device_id, client_time, server_seq"_s;

ReferralSummary summaryFromRow(const QSqlQuery& q)
{
    ReferralSummary s;
    s.id = QUuid::fromString(q.value(0).toString());
    s.caseRef = q.value(1).toString();
    s.kind = q.value(2).toString();
    s.status = statusFromWire(q.value(3).toString()).value_or(ReferralStatus::None);
    s.recipient = q.value(4).toString();
    s.needs = q.value(5).toString().split(u' ', Qt::SkipEmptyParts);
    s.urgency = q.value(6).toString();
    s.createdAt = QDateTime::fromString(q.value(7).toString(), Qt::ISODateWithMs);
    s.updatedAt = QDateTime::fromString(q.value(8).toString(), Qt::ISODateWithMs);
    s.followUpDue = QDate::fromString(q.value(9).toString(), Qt::ISODate);
    s.closedAt = QDateTime::fromString(q.value(10).toString(), Qt::ISODateWithMs);
    return s;
}

const QString kSummaryColumns =
    u"id, case_ref, kind, status, recipient, needs, urgency, created_at, updated_at, follow_up_due, closed_at"_s;

// Holds a transaction open until commit(); rolls back if it goes out of scope first.
class Transaction
{
public:
    explicit Transaction(QSqlDatabase& db)
        : m_db(db)
        , m_open(db.transaction())
    {}
    ~Transaction()
    {
        if (m_open)
            m_db.rollback();
    }
    bool isOpen() const { return m_open; }
    bool commit()
    {
        m_open = false;
        return m_db.commit();
    }

private:
    QSqlDatabase& m_db;
    bool m_open;
};
} // namespace

ReferralStore::ReferralStore(QSqlDatabase db, QString author, QString deviceId, const Clock& clock)
    : m_db(std::move(db))
    , m_author(std::move(author))
    , m_deviceId(std::move(deviceId))
    , m_clock(clock)
{}

QList<ReferralEvent> ReferralStore::eventsOf(const QUuid& id) const
{
    QList<ReferralEvent> out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    // Events the server refused are not part of the fold (referral() lists them with the reason).
    q.prepare(
        u"SELECT %1 FROM referral_events WHERE referral_id = ? AND sync_state <> 'rejected'"_s.arg(kEventColumns));
    q.addBindValue(uuidString(id));
    if (q.exec())
        while (q.next())
            out.append(eventFromRow(q));
    return out;
}

bool ReferralStore::insertEvent(const ReferralEvent& e, ReferralError* error)
{
    QSqlQuery q(m_db);
    q.prepare(u"INSERT INTO referral_events (%1, pending) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s.arg(kEventColumns));
    q.addBindValue(uuidString(e.id));
    q.addBindValue(uuidString(e.referralId));
    q.addBindValue(toWire(e.type));
    q.addBindValue(QString::fromUtf8(QJsonDocument(e.payload).toJson(QJsonDocument::Compact)));
    q.addBindValue(e.authorUser);
    q.addBindValue(e.authorOrganisation);
    q.addBindValue(e.deviceId);
    q.addBindValue(toIsoUtc(e.clientTime));
    q.addBindValue(e.serverSeq ? QVariant(*e.serverSeq) : QVariant(QMetaType(QMetaType::LongLong)));
    q.addBindValue(e.serverSeq ? 0 : 1);
    if (!q.exec()) {
        setError(error, ReferralError::Io, u"cannot record the event: %1"_s.arg(q.lastError().text()));
        return false;
    }
    return true;
}

std::optional<ReferralSummary> ReferralStore::refold(const QUuid& id, ReferralError* error)
{
    const Referral r = Referral::fold(eventsOf(id));
    QSqlQuery q(m_db);
    if (r.status == ReferralStatus::None) {
        q.prepare(u"DELETE FROM referrals WHERE id = ?"_s);
        q.addBindValue(uuidString(id));
        q.exec();
        return std::nullopt;
    }
    ReferralSummary s;
    s.id = id;
    s.caseRef = r.details.caseRef;
    s.kind = r.details.kind;
    s.status = r.status;
    s.recipient = r.details.recipientId.isNull() ? r.details.externalRecipient : uuidString(r.details.recipientId);
    s.needs = r.details.needs;
    s.urgency = r.details.urgency;
    s.createdAt = r.createdAt;
    s.updatedAt = r.updatedAt;
    s.followUpDue = r.followUpDue;
    if (r.isClosed())
        s.closedAt = r.updatedAt;
    q.prepare(u"INSERT OR REPLACE INTO referrals (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s.arg(kSummaryColumns));
    q.addBindValue(uuidString(s.id));
    q.addBindValue(s.caseRef);
    q.addBindValue(s.kind);
    q.addBindValue(toWire(s.status));
    q.addBindValue(s.recipient);
    q.addBindValue(s.needs.join(u' '));
    q.addBindValue(s.urgency);
    q.addBindValue(toIsoUtc(s.createdAt));
    q.addBindValue(toIsoUtc(s.updatedAt));
    q.addBindValue(s.followUpDue.isValid() ? QVariant(toIso(s.followUpDue)) : QVariant(QMetaType(QMetaType::QString)));
    q.addBindValue(s.closedAt.isValid() ? QVariant(toIsoUtc(s.closedAt)) : QVariant(QMetaType(QMetaType::QString)));
    if (!q.exec()) {
        setError(error, ReferralError::Io, u"cannot update the referral log: %1"_s.arg(q.lastError().text()));
        return std::nullopt;
    }
    return s;
}

std::optional<QUuid> ReferralStore::create(const ReferralDetails& details, const Policy& policy, ReferralError* error)
{
    ValidationProblems problems;
    const QJsonObject payload = details.toJson();
    ReferralDetails::fromJson(payload, problems);
    if (!problems.isEmpty()) {
        setError(error, ReferralError::Invalid, problems.toStrings().join(u"; "_s));
        return std::nullopt;
    }
    if (policy.consentRequiredForVictimReferrals && details.kind == "victim-support"_L1) {
        const bool consented = details.consent && (details.consent->given || details.consent->override);
        if (!consented) {
            setError(
                error, ReferralError::Refused,
                u"this office requires recorded consent (or a recorded override with its reason) for victim-support "
                "referrals"_s);
            return std::nullopt;
        }
    }
    ReferralEvent e;
    e.id = QUuid::createUuid();
    e.referralId = QUuid::createUuid();
    e.type = ReferralEventType::Created;
    e.payload = payload;
    e.authorUser = m_author;
    e.deviceId = m_deviceId;
    e.clientTime = m_clock.now().toUTC();
    Transaction t(m_db);
    if (!t.isOpen() || !insertEvent(e, error) || !refold(e.referralId, error))
        return std::nullopt;
    if (!t.commit()) {
        setError(error, ReferralError::Io, u"cannot save the referral: %1"_s.arg(m_db.lastError().text()));
        return std::nullopt;
    }
    return e.referralId;
}

QList<ReferralSummary> ReferralStore::duplicatesOf(const ReferralDetails& details) const
{
    QList<ReferralSummary> out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(u"SELECT %1 FROM referrals WHERE case_ref = ?"_s.arg(kSummaryColumns));
    q.addBindValue(details.caseRef);
    if (!q.exec())
        return out;
    const QString recipient =
        details.recipientId.isNull() ? details.externalRecipient : uuidString(details.recipientId);
    while (q.next()) {
        const ReferralSummary s = summaryFromRow(q);
        if (s.isClosed())
            continue;
        const bool sameRecipient = !recipient.isEmpty() && s.recipient == recipient;
        const bool sharedNeed = std::any_of(details.needs.cbegin(), details.needs.cend(),
                                            [&](const QString& n) { return s.needs.contains(n); });
        if (sameRecipient || sharedNeed)
            out.append(s);
    }
    return out;
}

std::optional<ReferralStatus> ReferralStore::addEvent(const QUuid& referral, ReferralEventType type,
                                                      const QJsonObject& payload, ReferralError* error)
{
    const QList<ReferralEvent> existing = eventsOf(referral);
    if (existing.isEmpty()) {
        setError(error, ReferralError::NotFound, u"no referral %1"_s.arg(uuidString(referral)));
        return std::nullopt;
    }
    const Referral current = Referral::fold(existing);
    if (type == ReferralEventType::Created || !ReferralTransitions::apply(current.status, type)) {
        setError(error, ReferralError::Refused, ReferralTransitions::refusal(current.status, type));
        return std::nullopt;
    }
    ValidationProblems problems;
    ReferralEvent::validatePayload(type, payload, u"payload"_s, problems);
    if (!problems.isEmpty()) {
        setError(error, ReferralError::Invalid, problems.toStrings().join(u"; "_s));
        return std::nullopt;
    }
    ReferralEvent e;
    e.id = QUuid::createUuid();
    e.referralId = referral;
    e.type = type;
    e.payload = payload;
    e.authorUser = m_author;
    e.deviceId = m_deviceId;
    // Never before the events it follows, even if this device's clock is behind.
    e.clientTime = std::max(m_clock.now().toUTC(), current.updatedAt.addMSecs(1));
    Transaction t(m_db);
    if (!t.isOpen() || !insertEvent(e, error))
        return std::nullopt;
    const auto summary = refold(referral, error);
    if (!summary)
        return std::nullopt;
    if (!t.commit()) {
        setError(error, ReferralError::Io, u"cannot save the event: %1"_s.arg(m_db.lastError().text()));
        return std::nullopt;
    }
    return summary->status;
}

std::optional<Referral> ReferralStore::referral(const QUuid& id) const
{
    const QList<ReferralEvent> events = eventsOf(id);
    Referral r = Referral::fold(events);
    r.id = id;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(u"SELECT %1, sync_reason FROM referral_events WHERE referral_id = ? AND sync_state = 'rejected' "
              "ORDER BY client_time, id"_s.arg(kEventColumns));
    q.addBindValue(uuidString(id));
    if (q.exec())
        while (q.next())
            r.rejected.append({eventFromRow(q), u"the server refused it: %1"_s.arg(q.value(9).toString())});
    if (events.isEmpty() && r.rejected.isEmpty())
        return std::nullopt;
    return r;
}

QList<ReferralSummary> ReferralStore::summaries() const
{
    QList<ReferralSummary> out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (q.exec(u"SELECT %1 FROM referrals ORDER BY updated_at DESC, id"_s.arg(kSummaryColumns)))
        while (q.next())
            out.append(summaryFromRow(q));
    return out;
}

std::optional<ReferralSummary> ReferralStore::summary(const QUuid& id) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(u"SELECT %1 FROM referrals WHERE id = ?"_s.arg(kSummaryColumns));
    q.addBindValue(uuidString(id));
    if (q.exec() && q.next())
        return summaryFromRow(q);
    return std::nullopt;
}

QList<ReferralSummary> ReferralStore::overdue(const QDate& today) const
{
    // Open (no closed_at) with a due date before today: the same rule as ReferralSummary::isOverdue.
    QList<ReferralSummary> out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(u"SELECT %1 FROM referrals WHERE closed_at IS NULL AND follow_up_due < ? "
              "ORDER BY follow_up_due, id"_s.arg(kSummaryColumns));
    q.addBindValue(toIso(today));
    if (q.exec())
        while (q.next())
            out.append(summaryFromRow(q));
    return out;
}

QList<ReferralEvent> ReferralStore::outbox() const
{
    QList<ReferralEvent> out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (q.exec(
            u"SELECT %1 FROM referral_events WHERE pending = 1 AND sync_state <> 'rejected' ORDER BY client_time, id"_s
                .arg(kEventColumns)))
        while (q.next())
            out.append(eventFromRow(q));
    return out;
}

int ReferralStore::eraseCase(const QString& caseRef, ReferralError* error)
{
    QList<QUuid> ids;
    {
        QSqlQuery q(m_db);
        q.setForwardOnly(true);
        q.prepare(u"SELECT id FROM referrals WHERE case_ref = ?"_s);
        q.addBindValue(caseRef);
        if (q.exec())
            while (q.next())
                ids.append(QUuid::fromString(q.value(0).toString()));
    }
    if (ids.isEmpty()) {
        setError(error, ReferralError::NotFound, u"no referral has that case reference"_s);
        return 0;
    }
    {
        Transaction t(m_db);
        QSqlQuery q(m_db);
        for (const QUuid& id : std::as_const(ids)) {
            q.prepare(u"DELETE FROM referral_events WHERE referral_id = ?"_s);
            q.addBindValue(uuidString(id));
            if (!q.exec()) {
                setError(error, ReferralError::Io, u"cannot erase: %1"_s.arg(q.lastError().text()));
                return 0;
            }
            ReferralEvent erased;
            erased.id = QUuid::createUuid();
            erased.referralId = id;
            erased.type = ReferralEventType::Erased;
            erased.authorUser = m_author;
            erased.deviceId = m_deviceId;
            erased.clientTime = m_clock.now().toUTC();
            if (!insertEvent(erased, error))
                return 0;
            // The cache keeps only that something was erased: no case, no recipient, no needs.
            ReferralError foldError;
            if (!refold(id, &foldError) && foldError) {
                if (error)
                    *error = foldError;
                return 0;
            }
        }
        AuditLog(m_db, m_clock).append(u"erase"_s, u"referrals erased: %1"_s.arg(ids.size()));
        if (!t.commit()) {
            setError(error, ReferralError::Io, u"cannot erase: %1"_s.arg(m_db.lastError().text()));
            return 0;
        }
    }
    // Old page images live on in the WAL until it is checkpointed and truncated.
    QSqlQuery(m_db).exec(u"PRAGMA wal_checkpoint(TRUNCATE)"_s);
    return int(ids.size());
}

int ReferralStore::purgeExpired(int retentionMonths, ReferralError* error)
{
    const QString cutoff = toIsoUtc(m_clock.now().toUTC().addMonths(-retentionMonths));
    QList<QString> ids;
    {
        QSqlQuery q(m_db);
        q.setForwardOnly(true);
        q.prepare(u"SELECT r.id FROM referrals r WHERE r.closed_at IS NOT NULL AND r.closed_at < ? AND NOT EXISTS "
                  "(SELECT 1 FROM referral_events e WHERE e.referral_id = r.id AND e.pending = 1)"_s);
        q.addBindValue(cutoff);
        if (q.exec())
            while (q.next())
                ids.append(q.value(0).toString());
    }
    if (ids.isEmpty())
        return 0;
    Transaction t(m_db);
    QSqlQuery q(m_db);
    for (const QString& id : std::as_const(ids)) {
        for (const QString& sql :
             {u"DELETE FROM referral_events WHERE referral_id = ?"_s, u"DELETE FROM referrals WHERE id = ?"_s}) {
            q.prepare(sql);
            q.addBindValue(id);
            if (!q.exec()) {
                setError(error, ReferralError::Io, u"cannot purge: %1"_s.arg(q.lastError().text()));
                return 0;
            }
        }
    }
    AuditLog(m_db, m_clock).append(u"retention-purge"_s, u"closed referrals removed: %1"_s.arg(ids.size()));
    if (!t.commit()) {
        setError(error, ReferralError::Io, u"cannot purge: %1"_s.arg(m_db.lastError().text()));
        return 0;
    }
    QSqlQuery(m_db).exec(u"PRAGMA wal_checkpoint(TRUNCATE)"_s);
    return int(ids.size());
}

ReferralStore::UnlockSummary ReferralStore::afterUnlock(const Policy& policy, ReferralError* error)
{
    UnlockSummary summary;
    summary.purged = purgeExpired(policy.retentionMonths, error);
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(u"SELECT count(*) FROM referrals WHERE closed_at IS NULL AND follow_up_due < ?"_s);
    q.addBindValue(toIso(m_clock.now().toUTC().date()));
    if (q.exec() && q.next())
        summary.overdue = q.value(0).toInt(); // counted in the database: unlock loads no referral for it
    return summary;
}

bool ReferralStore::rebuildCache(ReferralError* error)
{
    QList<QUuid> ids;
    {
        QSqlQuery q(m_db);
        q.setForwardOnly(true);
        if (q.exec(u"SELECT DISTINCT referral_id FROM referral_events"_s))
            while (q.next())
                ids.append(QUuid::fromString(q.value(0).toString()));
    }
    Transaction t(m_db);
    QSqlQuery(m_db).exec(u"DELETE FROM referrals"_s);
    for (const QUuid& id : std::as_const(ids)) {
        ReferralError e;
        if (!refold(id, &e) && e) {
            if (error)
                *error = e;
            return false;
        }
    }
    return t.commit();
}

// --- sync ---------------------------------------------------------------------------------------

namespace {
bool execOrFail(QSqlQuery& q, QString* error)
{
    if (q.exec())
        return true;
    if (error)
        *error = q.lastError().text();
    return false;
}
} // namespace

QList<ReferralEvent> ReferralStore::outbox(int limit) const
{
    QList<ReferralEvent> out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(u"SELECT %1 FROM referral_events WHERE pending = 1 AND sync_state IN ('', 'sent') "
              "ORDER BY client_time, id LIMIT ?"_s.arg(kEventColumns));
    q.addBindValue(limit);
    if (q.exec())
        while (q.next())
            out.append(eventFromRow(q));
    return out;
}

int ReferralStore::pendingCount() const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (q.exec(u"SELECT count(*) FROM referral_events WHERE pending = 1 AND sync_state IN ('', 'sent')"_s) && q.next())
        return q.value(0).toInt();
    return 0;
}

int ReferralStore::pendingReferralCount() const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (q.exec(u"SELECT count(DISTINCT referral_id) FROM referral_events WHERE pending = 1 AND sync_state IN ('', "
               "'sent')"_s) &&
        q.next())
        return q.value(0).toInt();
    return 0;
}

QList<ReferralStore::OutboxEntry> ReferralStore::rejectedEvents() const
{
    QList<OutboxEntry> out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (q.exec(u"SELECT id, referral_id, sync_reason FROM referral_events WHERE sync_state = 'rejected' "
               "ORDER BY client_time, id"_s))
        while (q.next())
            out.append({QUuid::fromString(q.value(0).toString()), QUuid::fromString(q.value(1).toString()),
                        q.value(2).toString()});
    return out;
}

bool ReferralStore::markSent(const QList<QUuid>& events, const QDateTime& at, QString* error)
{
    QSqlQuery q(m_db);
    q.prepare(u"UPDATE referral_events SET sync_state = 'sent', sent_at = ? WHERE id = ? AND pending = 1"_s);
    for (const QUuid& id : events) {
        q.addBindValue(toIsoUtc(at));
        q.addBindValue(uuidString(id));
        if (!execOrFail(q, error))
            return false;
    }
    return true;
}

bool ReferralStore::markAccepted(const QUuid& event, qint64 serverSeq, QString* error)
{
    QSqlQuery q(m_db);
    q.prepare(u"UPDATE referral_events SET server_seq = ?, pending = 0, sync_state = '', sync_reason = NULL "
              "WHERE id = ?"_s);
    q.addBindValue(serverSeq);
    q.addBindValue(uuidString(event));
    return execOrFail(q, error);
}

bool ReferralStore::markRejected(const QUuid& event, const QString& reason, QString* error)
{
    QSqlQuery q(m_db);
    q.prepare(u"UPDATE referral_events SET pending = 0, sync_state = 'rejected', sync_reason = ? "
              "WHERE id = ? AND server_seq IS NULL"_s);
    q.addBindValue(reason.left(2000));
    q.addBindValue(uuidString(event));
    return execOrFail(q, error);
}

QUuid ReferralStore::referralOf(const QUuid& event) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(u"SELECT referral_id FROM referral_events WHERE id = ?"_s);
    q.addBindValue(uuidString(event));
    if (q.exec() && q.next())
        return QUuid::fromString(q.value(0).toString());
    return {};
}

bool ReferralStore::hasEvents(const QUuid& referral) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(u"SELECT 1 FROM referral_events WHERE referral_id = ? LIMIT 1"_s);
    q.addBindValue(uuidString(referral));
    return q.exec() && q.next();
}

bool ReferralStore::applyServerEvent(const ReferralEvent& event, QString* error)
{
    if (!event.serverSeq) {
        if (error)
            *error = u"an event from the server has no sequence number"_s;
        return false;
    }
    QSqlQuery q(m_db);
    if (event.type == ReferralEventType::Erased) {
        // Erasure wins: whatever this device holds of the referral goes, pending events included.
        q.prepare(u"DELETE FROM referral_events WHERE referral_id = ? AND id <> ?"_s);
        q.addBindValue(uuidString(event.referralId));
        q.addBindValue(uuidString(event.id));
        if (!execOrFail(q, error))
            return false;
    }
    if (!referralOf(event.id).isNull())
        return markAccepted(event.id, *event.serverSeq, error);
    ReferralError failure;
    if (!insertEvent(event, &failure)) {
        if (error)
            *error = failure.message;
        return false;
    }
    return true;
}

bool ReferralStore::addReceivedView(const ReferralEvent& sent, const ReferralDetails& details, QString* error)
{
    ReferralEvent created;
    // A stable id, so that pulling the same "sent" again finds it.
    created.id = QUuid::createUuidV5(sent.id, QByteArrayLiteral("htmse:received-view"));
    created.referralId = sent.referralId;
    created.type = ReferralEventType::Created;
    created.payload = details.toJson();
    created.authorUser = sent.authorUser;
    created.authorOrganisation = sent.authorOrganisation;
    created.deviceId = sent.deviceId;
    created.clientTime = sent.clientTime.addMSecs(-1);
    created.serverSeq = sent.serverSeq; // sorts with its "sent", just before it (client time)
    if (!referralOf(created.id).isNull())
        return true;
    ReferralError failure;
    if (!insertEvent(created, &failure)) {
        if (error)
            *error = failure.message;
        return false;
    }
    QSqlQuery q(m_db);
    q.prepare(u"UPDATE referral_events SET sync_state = 'received' WHERE id = ?"_s);
    q.addBindValue(uuidString(created.id));
    return execOrFail(q, error);
}

QList<QUuid> ReferralStore::receivedReferrals() const
{
    QList<QUuid> out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (q.exec(u"SELECT referral_id FROM referral_events WHERE sync_state = 'received' "
               "ORDER BY client_time DESC, referral_id"_s))
        while (q.next())
            out.append(QUuid::fromString(q.value(0).toString()));
    return out;
}

bool ReferralStore::refoldAll(const QList<QUuid>& referrals, QString* error)
{
    for (const QUuid& id : referrals) {
        ReferralError failure;
        if (!refold(id, &failure) && failure) {
            if (error)
                *error = failure.message;
            return false;
        }
    }
    return true;
}

} // namespace htmse
