#include "server/store/AnswerLinkStore.h"

#include "server/store/StoreDatabase.h"

namespace htmse::server {

using namespace Qt::StringLiterals;

bool AnswerLinkStore::createAnswerLink(const AnswerLinkRecord& link, StoreError* error)
{
    QSqlQuery q = m_db.select(u"INSERT INTO answer_links (id, token_hash, referral_id, organisation_id, created_by, "
                              "view, nonce, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"_s,
                              {idString(link.id), QString::fromLatin1(link.tokenHash), idString(link.referralId),
                               idString(link.organisationId), link.createdBy, QString::fromUtf8(compact(link.view)),
                               QString::fromLatin1(link.nonce), link.createdAt, link.expiresAt},
                              error);
    return !(error && *error);
}

std::optional<AnswerLinkRecord> AnswerLinkStore::usableAnswerLink(const QByteArray& tokenHash, qint64 now,
                                                                  StoreError* error)
{
    QSqlQuery q = m_db.select(u"SELECT id, referral_id, organisation_id, created_by, view, nonce, created_at, "
                              "expires_at FROM answer_links WHERE token_hash = ? AND used_at IS NULL "
                              "AND revoked = 0 AND expires_at > ?"_s,
                              {QString::fromLatin1(tokenHash), now}, error);
    if (!q.next())
        return std::nullopt;
    AnswerLinkRecord link;
    link.id = QUuid(q.value(0).toString());
    link.tokenHash = tokenHash;
    link.referralId = QUuid(q.value(1).toString());
    link.organisationId = QUuid(q.value(2).toString());
    link.createdBy = q.value(3).toString();
    link.view = parseObject(q.value(4));
    link.nonce = q.value(5).toString().toLatin1();
    link.createdAt = q.value(6).toLongLong();
    link.expiresAt = q.value(7).toLongLong();
    return link;
}

bool AnswerLinkStore::revokeAnswerLink(const QUuid& id, const QUuid& organisationId, StoreError* error)
{
    QSqlQuery q =
        m_db.select(u"UPDATE answer_links SET revoked = 1, view = '{}' WHERE id = ? AND organisation_id = ?"_s,
                    {idString(id), idString(organisationId)}, error);
    if (error && *error)
        return false;
    if (q.numRowsAffected() < 1)
        return StoreDatabase::fail(error, StoreError::Kind::NotFound, u"no such answer link"_s);
    return true;
}

int AnswerLinkStore::revokeAnswerLinksOf(const QUuid& referralId, const QUuid& organisationId, qint64 now,
                                         StoreError* error)
{
    QSqlQuery q = m_db.select(u"UPDATE answer_links SET revoked = 1, view = '{}' WHERE referral_id = ? AND "
                              "organisation_id = ? AND revoked = 0 AND used_at IS NULL AND expires_at > ?"_s,
                              {idString(referralId), idString(organisationId), now}, error);
    return error && *error ? -1 : q.numRowsAffected();
}

int AnswerLinkStore::purgeAnswerLinks(qint64 before, StoreError* error)
{
    QSqlQuery q = m_db.select(u"DELETE FROM answer_links WHERE expires_at < ? OR used_at < ? OR "
                              "(revoked = 1 AND created_at < ?)"_s,
                              {before, before, before}, error);
    return error && *error ? 0 : q.numRowsAffected();
}

} // namespace htmse::server
