// AnswerLinkStore: the one-time answer links of referrals to recipients outside the directory
// (DESIGN.md §6). A link is kept as the SHA-256 of its token, the referral as its letter shows
// it, the nonce its page's forms carry and its expiry; the token itself is never stored. Using
// a link up happens with the answer it records, in the referral ledger's transaction
// (ReferralLedger::Batch::claimAnswerLink); an erasure deletes the referral's links there too.
#pragma once

#include "server/store/StoreError.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QUuid>

#include <optional>

namespace htmse::server {

class StoreDatabase;

struct AnswerLinkRecord
{
    QUuid id;
    QByteArray tokenHash; // lower-case hex SHA-256 of the token
    QUuid referralId;
    QUuid organisationId; // the referral's organisation, which issued the link
    QString createdBy;    // the user name of the caseworker who created it
    QJsonObject view;     // the referral as its letter shows it (Disclosure.h: letterView)
    QByteArray nonce;     // carried by the page's forms, checked on every answer
    qint64 createdAt = 0; // ms since the epoch
    qint64 expiresAt = 0;
};

class AnswerLinkStore
{
public:
    explicit AnswerLinkStore(StoreDatabase& database)
        : m_db(database)
    {}

    bool createAnswerLink(const AnswerLinkRecord& link, StoreError* error);
    // The link with this token hash if it can still be used: known, not used, not revoked and
    // not expired at `now`. Which of those it is not is not said.
    std::optional<AnswerLinkRecord> usableAnswerLink(const QByteArray& tokenHash, qint64 now, StoreError* error);
    // Revokes one of the organisation's links (its view is dropped with it). A link of another
    // organisation is answered like one that does not exist: a NotFound error.
    bool revokeAnswerLink(const QUuid& id, const QUuid& organisationId, StoreError* error);
    // Revokes every link of one of the organisation's referrals that can still be used; returns
    // how many (-1 when the database failed).
    int revokeAnswerLinksOf(const QUuid& referralId, const QUuid& organisationId, qint64 now, StoreError* error);
    // Deletes links that expired, were used or revoked before `before`.
    int purgeAnswerLinks(qint64 before, StoreError* error);

private:
    StoreDatabase& m_db;
};

} // namespace htmse::server
