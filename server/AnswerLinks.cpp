#include "server/AnswerLinks.h"

#include "core/JsonReader.h"
#include "domain/ReferralEvent.h"
#include "server/Auth.h"
#include "server/Disclosure.h"
#include "server/store/ReferralLedger.h"

#include <QDateTime>

#include <cctype>
#include <sodium.h>

namespace htmse::server {

using namespace Qt::StringLiterals;

namespace {

QByteArray randomBase64Url(int bytes)
{
    QByteArray raw(bytes, Qt::Uninitialized);
    randombytes_buf(raw.data(), size_t(raw.size()));
    return raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace

QList<ReferralEventType> AnswerLinks::answersFor(ReferralStatus status)
{
    QList<ReferralEventType> out;
    for (ReferralEventType type :
         {ReferralEventType::Acknowledged, ReferralEventType::Accepted, ReferralEventType::Declined})
        if (ReferralTransitions::apply(status, type))
            out.append(type);
    return out;
}

std::optional<AnswerLinks::Created> AnswerLinks::create(const Actor& actor, const QUuid& referralId, qint64 lifetimeMs,
                                                        const QString& organisationName, Refusal* refusal,
                                                        StoreError* error)
{
    *refusal = Refusal::None;
    const auto referral = m_ledger.referralSnapshot(referralId, error);
    if (error && *error)
        return std::nullopt;
    // Another organisation's referral is answered like one that does not exist.
    if (!referral || referral->state.organisationId != actor.organisationId)
        return *refusal = Refusal::NotFound, std::nullopt;
    if (!referral->state.recipientId.isNull() || referral->created.contains(u"recipient_id"_s))
        return *refusal = Refusal::InDirectory, std::nullopt;
    if (answersFor(referral->state.status).isEmpty())
        return *refusal = Refusal::NotAnswerable, std::nullopt;

    Created out;
    out.token = randomBase64Url(32);
    AnswerLinkRecord& link = out.link;
    link.id = QUuid::createUuid();
    link.tokenHash = auth::tokenHash(out.token);
    link.referralId = referralId;
    link.organisationId = actor.organisationId;
    link.createdBy = actor.username;
    link.view = letterView(referral->created);
    link.view.insert(u"to"_s, referral->created.value(u"external_recipient"_s).toString());
    link.view.insert(u"from"_s, organisationName);
    link.nonce = randomBase64Url(18);
    link.createdAt = nowMs();
    link.expiresAt = link.createdAt + lifetimeMs;
    if (!m_links.createAnswerLink(link, error))
        return std::nullopt;
    return out;
}

std::optional<AnswerLinks::Open> AnswerLinks::open(const QByteArray& token, StoreError* error)
{
    // Only a token of the shape created here is looked up (43 base64url characters).
    if (token.size() != 43)
        return std::nullopt;
    for (char c : token)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'))
            return std::nullopt;
    auto link = m_links.usableAnswerLink(auth::tokenHash(token), nowMs(), error);
    if (!link)
        return std::nullopt;
    const auto referral = m_ledger.referralSnapshot(link->referralId, error);
    if (!referral)
        return std::nullopt;
    Open out{*link, answersFor(referral->state.status)};
    if (out.answers.isEmpty())
        return std::nullopt;
    return out;
}

AnswerLinks::Outcome AnswerLinks::answer(const AnswerLinkRecord& link, ReferralEventType type,
                                         const QJsonObject& payload, StoreError* error)
{
    ReferralEvent event;
    event.id = QUuid::createUuid();
    event.referralId = link.referralId;
    event.type = type;
    event.payload = normalisedPayload(type, payload);
    event.deviceId = u"answer-link"_s;
    event.clientTime = QDateTime::currentDateTimeUtc();
    ValidationProblems problems;
    ReferralEvent::validatePayload(type, event.payload, u"payload"_s, problems);
    if (!problems.isEmpty() || !answersFor(ReferralStatus::Sent).contains(type))
        return Outcome::Gone;

    Outcome outcome = Outcome::Gone;
    const bool ok = m_ledger.push(
        link.organisationId, {event},
        [&](ReferralLedger::Batch& batch) {
            outcome = Outcome::Gone;
            const auto referral = batch.referral(link.referralId);
            if (!referral || referral->organisationId != link.organisationId || !referral->recipientId.isNull())
                return true;
            const auto to = ReferralTransitions::apply(referral->status, type);
            if (!to)
                return true;
            bool claimed = false;
            if (!batch.claimAnswerLink(link.id, nowMs(), &claimed))
                return false;
            if (!claimed)
                return true;
            ReferralState after = *referral;
            after.status = *to;
            ReferralEvent stored = event;
            stored.authorUser = kExternalAuthor;
            stored.authorOrganisation = uuidString(link.organisationId);
            stored.serverSeq = batch.nextSeq();
            QJsonObject body = stored.toJson();
            body.insert(u"server_time"_s, toIsoUtc(QDateTime::currentDateTimeUtc()));
            // The recipient is outside the directory: no copy is kept for them.
            if (!batch.append({event.id, event.referralId, type, body, std::nullopt, after}))
                return false;
            outcome = Outcome::Recorded;
            return true;
        },
        error);
    return ok ? outcome : Outcome::Gone;
}

} // namespace htmse::server
