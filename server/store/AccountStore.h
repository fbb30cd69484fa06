// AccountStore: organisations, user accounts, sign-in throttling and tokens (hashed at rest).
// Every method may be called from any thread; each write is one transaction.
#pragma once

#include "server/Actor.h"
#include "server/Roles.h"
#include "server/store/StoreError.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QUuid>

#include <functional>
#include <optional>

class QSqlDatabase;

namespace htmse::server {

class StoreDatabase;

struct OrganisationRecord
{
    QUuid id;
    QString name;
};

struct UserRecord
{
    QUuid id;
    QUuid organisationId;
    QString organisationName;
    QString username;
    Role role = Role::Caseworker;
    QUuid professionalId; // professionals only: their directory profile
    QString passwordHash; // libsodium crypto_pwhash_str (Argon2id)
    bool disabled = false;
    // Who disabled the account: an organisation's admin, or the server's operator (htmse-server
    // disable-user), whose disable an organisation's admin cannot lift.
    enum class DisabledBy
    {
        Nobody,
        Organisation,
        Operator,
    };
    DisabledBy disabledBy = DisabledBy::Nobody;
};

struct TokenRecord
{
    QByteArray hash; // SHA-256 of the token, hex
    QString kind;    // "access" | "refresh"
    QString family;  // tokens issued from one sign-in share a family; reuse revokes it
    QUuid userId;
    qint64 expiresAt = 0;    // ms since the epoch
    qint64 familyEndsAt = 0; // the sign-in's absolute end: no rotation extends a family past it
};

enum class RefreshOutcome
{
    Rotated,
    Invalid,       // unknown, expired or revoked
    ReuseDetected, // an already used refresh token: the whole family is revoked
};

struct LoginThrottle
{
    int failures = 0;
    qint64 blockedUntil = 0; // ms since the epoch
};

class AccountStore
{
public:
    explicit AccountStore(StoreDatabase& database)
        : m_db(database)
    {}

    // Organisations and users.
    std::optional<OrganisationRecord> createOrganisation(const QString& name, StoreError* error);
    std::optional<OrganisationRecord> organisationByName(const QString& name, StoreError* error);
    std::optional<UserRecord> createUser(const UserRecord& user, StoreError* error);
    std::optional<UserRecord> userByName(const QString& username, StoreError* error);
    QList<UserRecord> usersOfOrganisation(const QUuid& organisationId, StoreError* error);
    std::optional<UserRecord> userById(const QUuid& id, StoreError* error);

    // Sign-in throttling, shared by every instance, per user name and client address together.
    // Counts a sign-in attempt before the password is checked, atomically, so that parallel
    // guesses are counted too: returns false (and the state) when the name is blocked for that
    // address until later; otherwise counts the attempt, blocking it for blockFor(attempts) ms.
    // Only for names that exist (SignInGuard throttles the others without the store).
    bool claimSignInAttempt(const QString& username, const QString& address, qint64 now,
                            const std::function<qint64(int attempts)>& blockFor, LoginThrottle* state,
                            StoreError* error);
    // A successful sign-in clears the count of its address.
    bool clearLoginFailures(const QString& username, const QString& address, StoreError* error);
    // Forgets the counts of name and address pairs not tried since `before`.
    int purgeSignInThrottles(qint64 before, StoreError* error);

    // Tokens (hashed at rest).
    bool storeTokens(const QList<TokenRecord>& tokens, StoreError* error);
    std::optional<Actor> actorForAccessToken(const QByteArray& hash, qint64 now, StoreError* error);
    // Marks the refresh token used and stores the new pair in its family, atomically. A token
    // presented again within `graceMs` of its use is refused (Invalid) without ending the
    // sign-in: a retry or two syncs racing; later, it is a stolen copy (ReuseDetected).
    RefreshOutcome rotateRefreshToken(const QByteArray& oldHash, const QList<TokenRecord>& replacements, qint64 now,
                                      qint64 graceMs, StoreError* error);
    // Revokes the family the token belongs to, if the token belongs to `userId`.
    bool revokeTokenFamily(const QByteArray& hash, const QUuid& userId, StoreError* error);
    int revokeUserTokens(const QUuid& userId, StoreError* error);
    // Disabling ends every sign-in of the user at once (one transaction); enabling lets them
    // sign in again. A new password also ends every sign-in.
    // By the operator: sets or lifts any disable. By an organisation's admin: an operator's
    // disable stays the operator's, and enabling lifts only an organisation's disable (false,
    // with a Conflict error, when the operator's stands).
    bool setUserDisabled(const QUuid& userId, bool disabled, UserRecord::DisabledBy by, StoreError* error);
    bool setPasswordHash(const QUuid& userId, const QString& hash, StoreError* error);
    int purgeExpiredTokens(qint64 now, StoreError* error);

private:
    bool insertTokens(QSqlDatabase& db, const QList<TokenRecord>& tokens, StoreError* error);

    StoreDatabase& m_db;
};

} // namespace htmse::server
