#include "server/store/AccountStore.h"

#include "server/store/StoreDatabase.h"

#include <QSqlError>

namespace htmse::server {

using namespace Qt::StringLiterals;

namespace {

constexpr auto kUserColumns = "u.id, u.organisation_id, o.name, u.username, u.role, u.professional_id, "
                              "u.password_hash, u.disabled FROM users u JOIN organisations o ON "
                              "o.id = u.organisation_id";

UserRecord readUser(const QSqlQuery& q)
{
    UserRecord u;
    u.id = QUuid(q.value(0).toString());
    u.organisationId = QUuid(q.value(1).toString());
    u.organisationName = q.value(2).toString();
    u.username = q.value(3).toString();
    u.role = roleFromWire(q.value(4).toString()).value_or(Role::Caseworker);
    u.professionalId = QUuid(q.value(5).toString());
    u.passwordHash = q.value(6).toString();
    // users.disabled: 0 enabled, 1 disabled by an organisation's admin, 2 by the operator.
    const int disabled = q.value(7).toInt();
    u.disabled = disabled != 0;
    u.disabledBy = disabled == 0   ? UserRecord::DisabledBy::Nobody
                   : disabled == 2 ? UserRecord::DisabledBy::Operator
                                   : UserRecord::DisabledBy::Organisation;
    return u;
}

} // namespace

// --- organisations and users ----------------------------------------------------------------

std::optional<OrganisationRecord> AccountStore::createOrganisation(const QString& name, StoreError* error)
{
    QSqlDatabase db = m_db.connection();
    OrganisationRecord org{QUuid::createUuid(), name};
    QSqlQuery q(db);
    q.prepare(u"INSERT INTO organisations (id, name, created_at) VALUES (?, ?, ?)"_s);
    q.addBindValue(idString(org.id));
    q.addBindValue(name);
    q.addBindValue(nowMs());
    if (!q.exec()) {
        if (organisationByName(name, nullptr))
            return StoreDatabase::fail(error, StoreError::Kind::Conflict,
                                       u"an organisation named \"%1\" exists"_s.arg(name)),
                   std::nullopt;
        return m_db.fail(error, q), std::nullopt;
    }
    return org;
}

std::optional<OrganisationRecord> AccountStore::organisationByName(const QString& name, StoreError* error)
{
    QSqlQuery q = m_db.select(u"SELECT id, name FROM organisations WHERE name = ?"_s, {name}, error);
    if (!q.next())
        return std::nullopt;
    return OrganisationRecord{QUuid(q.value(0).toString()), q.value(1).toString()};
}

std::optional<UserRecord> AccountStore::createUser(const UserRecord& user, StoreError* error)
{
    QSqlDatabase db = m_db.connection();
    QSqlQuery q(db);
    q.prepare(u"INSERT INTO users (id, organisation_id, username, role, professional_id, password_hash, "
              "disabled, created_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?)"_s);
    UserRecord out = user;
    out.id = QUuid::createUuid();
    q.addBindValue(idString(out.id));
    q.addBindValue(idString(out.organisationId));
    q.addBindValue(out.username);
    q.addBindValue(toWire(out.role));
    q.addBindValue(nullableId(out.professionalId));
    q.addBindValue(out.passwordHash);
    q.addBindValue(nowMs());
    if (!q.exec()) {
        if (userByName(user.username, nullptr))
            return StoreDatabase::fail(error, StoreError::Kind::Conflict,
                                       u"the user name \"%1\" is taken"_s.arg(user.username)),
                   std::nullopt;
        if (!user.professionalId.isNull()) {
            QSqlQuery linked = m_db.select(u"SELECT username FROM users WHERE professional_id = ?"_s,
                                           {idString(user.professionalId)}, nullptr);
            if (linked.next())
                return StoreDatabase::fail(error, StoreError::Kind::Conflict,
                                           u"the profile %1 is already linked to the account \"%2\""_s.arg(
                                               idString(user.professionalId), linked.value(0).toString())),
                       std::nullopt;
        }
        return m_db.fail(error, q), std::nullopt;
    }
    return out;
}

std::optional<UserRecord> AccountStore::userByName(const QString& username, StoreError* error)
{
    QSqlQuery q =
        m_db.select(u"SELECT "_s + QLatin1StringView(kUserColumns) + u" WHERE u.username = ?"_s, {username}, error);
    if (!q.next())
        return std::nullopt;
    return readUser(q);
}

std::optional<UserRecord> AccountStore::userById(const QUuid& id, StoreError* error)
{
    QSqlQuery q =
        m_db.select(u"SELECT "_s + QLatin1StringView(kUserColumns) + u" WHERE u.id = ?"_s, {idString(id)}, error);
    if (!q.next())
        return std::nullopt;
    return readUser(q);
}

QList<UserRecord> AccountStore::usersOfOrganisation(const QUuid& organisationId, StoreError* error)
{
    QSqlQuery q = m_db.select(u"SELECT "_s + QLatin1StringView(kUserColumns) +
                                  u" WHERE u.organisation_id = ? ORDER BY u.username"_s,
                              {idString(organisationId)}, error);
    QList<UserRecord> out;
    while (q.next())
        out.append(readUser(q));
    return out;
}

// --- sign-in throttling -------------------------------------------------------------------------

bool AccountStore::claimSignInAttempt(const QString& username, const QString& address, qint64 now,
                                      const std::function<qint64(int)>& blockFor, LoginThrottle* state,
                                      StoreError* error)
{
    bool allowed = false;
    m_db.transaction(error, [&](QSqlDatabase& db, StoreError* txError) {
        QSqlQuery q(db);
        q.prepare(u"SELECT failures, blocked_until FROM sign_in_throttle WHERE username = ? AND address = ?"_s +
                  m_db.dialect().forUpdate());
        q.addBindValue(username);
        q.addBindValue(address);
        if (!q.exec())
            return m_db.fail(txError, q);
        LoginThrottle current;
        if (q.next())
            current = {q.value(0).toInt(), q.value(1).toLongLong()};
        q.finish();
        if (current.blockedUntil > now) {
            *state = current;
            allowed = false;
            return true;
        }
        *state = {current.failures + 1, now + blockFor(current.failures + 1)};
        allowed = true;
        return m_db.exec(db,
                         u"INSERT INTO sign_in_throttle (username, address, failures, blocked_until, last_attempt) "
                         "VALUES (?, ?, ?, ?, ?) ON CONFLICT (username, address) DO UPDATE SET "
                         "failures = excluded.failures, blocked_until = excluded.blocked_until, "
                         "last_attempt = excluded.last_attempt"_s,
                         {username, address, state->failures, state->blockedUntil, now}, txError);
    });
    return allowed;
}

bool AccountStore::clearLoginFailures(const QString& username, const QString& address, StoreError* error)
{
    return m_db.transaction(error, [&](QSqlDatabase& db, StoreError* txError) {
        return m_db.exec(db, u"DELETE FROM sign_in_throttle WHERE username = ? AND address = ?"_s, {username, address},
                         txError);
    });
}

int AccountStore::purgeSignInThrottles(qint64 before, StoreError* error)
{
    int purged = 0;
    m_db.transaction(error, [&](QSqlDatabase& db, StoreError* txError) {
        QSqlQuery q(db);
        q.prepare(u"DELETE FROM sign_in_throttle WHERE last_attempt < ?"_s);
        q.addBindValue(before);
        if (!q.exec())
            return m_db.fail(txError, q);
        purged = q.numRowsAffected();
        return true;
    });
    return purged;
}

// --- tokens ---------------------------------------------------------------------------------------

bool AccountStore::insertTokens(QSqlDatabase& db, const QList<TokenRecord>& tokens, StoreError* error)
{
    QSqlQuery q(db);
    q.prepare(u"INSERT INTO tokens (hash, kind, family, user_id, expires_at, family_ends_at) "
              "VALUES (?, ?, ?, ?, ?, ?)"_s);
    for (const TokenRecord& t : tokens) {
        q.addBindValue(QString::fromLatin1(t.hash));
        q.addBindValue(t.kind);
        q.addBindValue(t.family);
        q.addBindValue(idString(t.userId));
        const qint64 familyEndsAt = t.familyEndsAt > 0 ? t.familyEndsAt : t.expiresAt;
        q.addBindValue(std::min(t.expiresAt, familyEndsAt));
        q.addBindValue(familyEndsAt);
        if (!q.exec())
            return m_db.fail(error, q);
    }
    return true;
}

bool AccountStore::storeTokens(const QList<TokenRecord>& tokens, StoreError* error)
{
    return m_db.transaction(error,
                            [&](QSqlDatabase& db, StoreError* txError) { return insertTokens(db, tokens, txError); });
}

std::optional<Actor> AccountStore::actorForAccessToken(const QByteArray& hash, qint64 now, StoreError* error)
{
    QSqlQuery q = m_db.select(u"SELECT t.family, u.id, u.username, u.organisation_id, u.role, u.professional_id "
                              "FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.hash = ? AND t.kind = 'access' "
                              "AND t.revoked = 0 AND t.expires_at > ? AND u.disabled = 0"_s,
                              {QString::fromLatin1(hash), now}, error);
    if (!q.next())
        return std::nullopt;
    Actor a;
    a.tokenFamily = q.value(0).toString();
    a.userId = QUuid(q.value(1).toString());
    a.username = q.value(2).toString();
    a.organisationId = QUuid(q.value(3).toString());
    const auto role = roleFromWire(q.value(4).toString());
    if (!role)
        return std::nullopt;
    a.role = *role;
    a.professionalId = QUuid(q.value(5).toString());
    return a;
}

RefreshOutcome AccountStore::rotateRefreshToken(const QByteArray& oldHash, const QList<TokenRecord>& replacements,
                                                qint64 now, qint64 graceMs, StoreError* error)
{
    RefreshOutcome outcome = RefreshOutcome::Invalid;
    const bool ok = m_db.transaction(error, [&](QSqlDatabase& db, StoreError* txError) {
        QString family;
        QUuid user;
        bool used = false;
        qint64 usedAt = 0;
        qint64 familyEndsAt = 0;
        {
            QSqlQuery q(db);
            q.prepare(u"SELECT t.family, t.user_id, t.used, t.used_at, t.family_ends_at FROM tokens t "
                      "JOIN users u ON u.id = t.user_id WHERE t.hash = ? AND t.kind = 'refresh' AND t.revoked = 0 "
                      "AND t.expires_at > ? AND u.disabled = 0"_s +
                      m_db.dialect().forUpdate());
            q.addBindValue(QString::fromLatin1(oldHash));
            q.addBindValue(now);
            if (!q.exec())
                return m_db.fail(txError, q);
            if (!q.next()) {
                outcome = RefreshOutcome::Invalid;
                return true;
            }
            family = q.value(0).toString();
            user = QUuid(q.value(1).toString());
            used = q.value(2).toInt() != 0;
            usedAt = q.value(3).toLongLong();
            familyEndsAt = q.value(4).toLongLong();
        }
        if (familyEndsAt <= now) {
            outcome = RefreshOutcome::Invalid; // the sign-in is over: sign in again
            return true;
        }
        if (used && now - usedAt < graceMs) {
            // The same token twice within moments: a retry or two syncs racing, not theft.
            // The late one is refused; the sign-in stays.
            outcome = RefreshOutcome::Invalid;
            return true;
        }
        if (used) {
            // A refresh token presented twice: someone else has a copy. End the sign-in.
            outcome = RefreshOutcome::ReuseDetected;
            return m_db.exec(db, u"UPDATE tokens SET revoked = 1 WHERE family = ?"_s, {family}, txError);
        }
        if (!m_db.exec(db, u"UPDATE tokens SET used = 1, used_at = ? WHERE hash = ?"_s,
                       {now, QString::fromLatin1(oldHash)}, txError))
            return false;
        // Access tokens of the family issued before this rotation stop working too.
        if (!m_db.exec(db, u"UPDATE tokens SET revoked = 1 WHERE family = ? AND kind = 'access'"_s, {family}, txError))
            return false;
        QList<TokenRecord> fresh = replacements;
        for (TokenRecord& t : fresh) {
            t.family = family;
            t.userId = user;
            t.familyEndsAt = familyEndsAt;
        }
        outcome = RefreshOutcome::Rotated;
        return insertTokens(db, fresh, txError);
    });
    return ok ? outcome : RefreshOutcome::Invalid;
}

bool AccountStore::revokeTokenFamily(const QByteArray& hash, const QUuid& userId, StoreError* error)
{
    QSqlQuery q = m_db.select(u"SELECT family FROM tokens WHERE hash = ? AND user_id = ?"_s,
                              {QString::fromLatin1(hash), idString(userId)}, error);
    if (!q.next())
        return false;
    const QString family = q.value(0).toString();
    q.finish();
    m_db.select(u"UPDATE tokens SET revoked = 1 WHERE family = ?"_s, {family}, error);
    return !(error && *error);
}

bool AccountStore::setUserDisabled(const QUuid& userId, bool disabled, UserRecord::DisabledBy by, StoreError* error)
{
    const bool operatorAsks = by == UserRecord::DisabledBy::Operator;
    return m_db.transaction(error, [&](QSqlDatabase& db, StoreError* txError) {
        QSqlQuery q(db);
        if (disabled) {
            // An organisation's disable never downgrades the operator's.
            q.prepare(operatorAsks ? u"UPDATE users SET disabled = 2 WHERE id = ?"_s
                                   : u"UPDATE users SET disabled = CASE WHEN disabled = 2 THEN 2 ELSE 1 END "
                                     "WHERE id = ?"_s);
        } else {
            q.prepare(operatorAsks ? u"UPDATE users SET disabled = 0 WHERE id = ?"_s
                                   : u"UPDATE users SET disabled = 0 WHERE id = ? AND disabled <> 2"_s);
        }
        q.addBindValue(idString(userId));
        if (!q.exec())
            return m_db.fail(txError, q);
        if (!disabled && !operatorAsks && q.numRowsAffected() == 0) {
            QSqlQuery check(db);
            check.prepare(u"SELECT disabled FROM users WHERE id = ?"_s);
            check.addBindValue(idString(userId));
            if (!check.exec())
                return m_db.fail(txError, check);
            if (check.next() && check.value(0).toInt() == 2)
                return StoreDatabase::fail(txError, StoreError::Kind::Conflict,
                                           u"the server's operator disabled this account; only they can enable it"_s);
        }
        return !disabled ||
               m_db.exec(db, u"UPDATE tokens SET revoked = 1 WHERE user_id = ?"_s, {idString(userId)}, txError);
    });
}

bool AccountStore::setPasswordHash(const QUuid& userId, const QString& hash, StoreError* error)
{
    return m_db.transaction(error, [&](QSqlDatabase& db, StoreError* txError) {
        return m_db.exec(db, u"UPDATE users SET password_hash = ? WHERE id = ?"_s, {hash, idString(userId)}, txError) &&
               m_db.exec(db, u"UPDATE tokens SET revoked = 1 WHERE user_id = ?"_s, {idString(userId)}, txError);
    });
}

int AccountStore::revokeUserTokens(const QUuid& userId, StoreError* error)
{
    QSqlQuery q =
        m_db.select(u"UPDATE tokens SET revoked = 1 WHERE user_id = ? AND revoked = 0"_s, {idString(userId)}, error);
    return q.numRowsAffected();
}

int AccountStore::purgeExpiredTokens(qint64 now, StoreError* error)
{
    QSqlQuery q = m_db.select(u"DELETE FROM tokens WHERE expires_at < ?"_s, {now}, error);
    return q.numRowsAffected();
}

} // namespace htmse::server
