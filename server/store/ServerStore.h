// ServerStore: everything the server keeps, behind one interface with two real backends
// (PostgreSQL through QPSQL, SQLite through QSQLITE). Every method may be called from any
// thread: each thread gets its own connection. Each write is one transaction.
//
// Change cursors: every change stream (directory, referral events, news, resources, profile
// edits) numbers its rows from a counter row that the writing transaction updates first. The
// row lock is held until commit, so writers of a stream commit in number order and a reader
// that has seen number N has seen every committed row below N: a cursor never skips a row
// committed out of order.
#pragma once

#include "domain/ReferralEvent.h"
#include "server/Roles.h"
#include "server/store/StoreConfig.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QUuid>

#include <functional>
#include <memory>
#include <optional>

namespace htmse::server {

struct StoreError
{
    enum class Kind
    {
        None,
        NotFound,
        Conflict,    // a name already taken, an edit already reviewed
        Unavailable, // the database failed or is unreachable
    };
    Kind kind = Kind::None;
    QString message;
    explicit operator bool() const { return kind != Kind::None; }
};

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
};

// Who is calling, resolved from an access token.
struct Actor
{
    QUuid userId;
    QString username;
    QUuid organisationId;
    Role role = Role::Caseworker;
    QUuid professionalId;
    QString tokenFamily;
};

struct TokenRecord
{
    QByteArray hash; // SHA-256 of the token, hex
    QString kind;    // "access" | "refresh"
    QString family;  // tokens issued from one sign-in share a family; reuse revokes it
    QUuid userId;
    qint64 expiresAt = 0; // ms since the epoch
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

struct DirectoryWrite
{
    QString kind; // "professional" | "organisation"
    QUuid id;
    std::optional<QJsonObject> body; // nullopt = tombstone
};

struct ChangeItem
{
    qint64 seq = 0;
    QByteArray json; // the item as compact JSON: stored documents are passed through unparsed
};

struct ChangePage
{
    QList<ChangeItem> items;
    bool hasMore = false;
};

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

enum class ReviewDecision
{
    Approve,
    Reject,
};

class ServerStore
{
public:
    virtual ~ServerStore() = default;

    // Opens the store (creating the SQLite directory and file if needed). Does not migrate.
    static std::unique_ptr<ServerStore> open(const StoreConfig& config, QString* error);

    virtual QString kindName() const = 0;
    virtual int schemaVersion(StoreError* error) = 0;
    static int latestSchemaVersion();
    // Applies pending migrations (each in its own transaction; on PostgreSQL under an advisory
    // lock so instances starting together migrate once). Refuses a newer schema.
    virtual bool migrate(QStringList* applied, StoreError* error) = 0;
    // A trivial query: is the database reachable right now?
    virtual bool ping() = 0;

    // Organisations and users.
    virtual std::optional<OrganisationRecord> createOrganisation(const QString& name, StoreError* error) = 0;
    virtual std::optional<OrganisationRecord> organisationByName(const QString& name, StoreError* error) = 0;
    virtual std::optional<UserRecord> createUser(const UserRecord& user, StoreError* error) = 0;
    virtual std::optional<UserRecord> userByName(const QString& username, StoreError* error) = 0;
    virtual QList<UserRecord> usersOfOrganisation(const QUuid& organisationId, StoreError* error) = 0;
    virtual std::optional<UserRecord> userById(const QUuid& id, StoreError* error) = 0;

    // Sign-in throttling, shared by every instance.
    // Counts a sign-in attempt before the password is checked, atomically, so that parallel
    // guesses are counted too: returns false (and the state) when the user name is blocked
    // until later; otherwise counts the attempt, blocking the name for blockFor(attempts) ms.
    // A successful sign-in clears the count.
    virtual bool claimSignInAttempt(const QString& username, qint64 now,
                                    const std::function<qint64(int attempts)>& blockFor, LoginThrottle* state,
                                    StoreError* error) = 0;
    virtual void clearLoginFailures(const QString& username, StoreError* error) = 0;

    // Tokens (hashed at rest).
    virtual bool storeTokens(const QList<TokenRecord>& tokens, StoreError* error) = 0;
    virtual std::optional<Actor> actorForAccessToken(const QByteArray& hash, qint64 now, StoreError* error) = 0;
    // Marks the refresh token used and stores the new pair in its family, atomically. A token
    // presented again within `graceMs` of its use is refused (Invalid) without ending the
    // sign-in: a retry or two syncs racing; later, it is a stolen copy (ReuseDetected).
    virtual RefreshOutcome rotateRefreshToken(const QByteArray& oldHash, const QList<TokenRecord>& replacements,
                                              qint64 now, qint64 graceMs, StoreError* error) = 0;
    // Revokes the family the token belongs to, if the token belongs to `userId`.
    virtual bool revokeTokenFamily(const QByteArray& hash, const QUuid& userId, StoreError* error) = 0;
    virtual int revokeUserTokens(const QUuid& userId, StoreError* error) = 0;
    // Disabling ends every sign-in of the user at once (one transaction); enabling lets them
    // sign in again. A new password also ends every sign-in.
    virtual bool setUserDisabled(const QUuid& userId, bool disabled, StoreError* error) = 0;
    virtual bool setPasswordHash(const QUuid& userId, const QString& hash, StoreError* error) = 0;
    virtual int purgeExpiredTokens(qint64 now, StoreError* error) = 0;

    // Directory.
    virtual QList<qint64> writeDirectory(const QList<DirectoryWrite>& writes, StoreError* error) = 0;
    virtual ChangePage directoryChanges(qint64 after, int limit, StoreError* error) = 0;
    virtual std::optional<QJsonObject> directoryEntry(const QString& kind, const QUuid& id, StoreError* error) = 0;
    virtual qint64 directoryCount(StoreError* error) = 0;

    // Referral events.
    // Validates each event against the actor's rights and the transition table, in order, in one
    // transaction. Idempotent by event id: a resend answers as the first time did.
    virtual PushResult pushReferralEvents(const Actor& actor, const QList<ReferralEvent>& events,
                                          StoreError* error) = 0;
    virtual ChangePage referralEvents(const Actor& actor, qint64 after, int limit, StoreError* error) = 0;

    // News and resources ("news" | "resources").
    virtual qint64 publish(const QString& stream, const QUuid& id, const QJsonObject& item, StoreError* error) = 0;
    virtual ChangePage publications(const QString& stream, qint64 after, int limit, StoreError* error) = 0;

    // A professional's own listing: edits wait for a directory editor.
    virtual qint64 submitProfileEdit(const Actor& actor, const QUuid& editId, const QJsonObject& profile,
                                     StoreError* error) = 0;
    virtual ChangePage profileEdits(const Actor& actor, qint64 after, int limit, bool pendingOnly,
                                    StoreError* error) = 0;
    // Approve: the profile reaches the directory (verified by the reviewer); reject: it does not.
    virtual std::optional<QJsonObject> reviewProfileEdit(const Actor& reviewer, const QUuid& editId,
                                                         ReviewDecision decision, const QString& note,
                                                         StoreError* error) = 0;
};

} // namespace htmse::server
