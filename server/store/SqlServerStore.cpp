// The SQL implementation of ServerStore for both backends. The SQL is shared; what differs
// (how a write transaction starts, row locks, the migration lock, column types) is kept in
// Dialect. Qt SQL connections belong to the thread that opened them, so each thread of the
// worker pool opens its own, named after the store and the thread.
#include "core/JsonReader.h"
#include "domain/ReferralTransitions.h"
#include "server/Disclosure.h"
#include "server/store/ServerStore.h"

#include <QAtomicInteger>
#include <QDateTime>
#include <QDir>
#include <QJsonDocument>
#include <QScopeGuard>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QUrlQuery>
#include <QVariant>

#include <functional>
#include <initializer_list>

namespace htmse::server {

using namespace Qt::StringLiterals;

QString StoreConfig::displayName() const
{
    if (kind == Kind::Sqlite)
        return QDir(dataDir).absoluteFilePath(u"htmse-server.sqlite"_s);
    return databaseUrl.toString(QUrl::RemovePassword);
}

namespace {

constexpr qint64 kMigrationLockKey = 0x48544d5345; // "HTMSE"

struct Dialect
{
    bool postgres = false;
    QString begin() const { return postgres ? u"BEGIN"_s : u"BEGIN IMMEDIATE"_s; }
    // Row lock for the rest of the transaction (SQLite's BEGIN IMMEDIATE already holds the
    // database's write lock).
    QString forUpdate() const { return postgres ? u" FOR UPDATE"_s : QString(); }
};

// The numbered migrations. Types are the common subset: TEXT, BIGINT, INTEGER (0/1 flags).
struct Migration
{
    int version;
    QStringList statements;
};

const QList<Migration>& migrations()
{
    static const QList<Migration> list{
        {1,
         {
             u"CREATE TABLE organisations (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, created_at BIGINT NOT NULL)"_s,
             u"CREATE TABLE users (id TEXT PRIMARY KEY, organisation_id TEXT NOT NULL REFERENCES organisations(id), "
             "username TEXT NOT NULL UNIQUE, role TEXT NOT NULL, professional_id TEXT, password_hash TEXT NOT NULL, "
             "disabled INTEGER NOT NULL DEFAULT 0, created_at BIGINT NOT NULL)"_s,
             u"CREATE INDEX users_organisation ON users(organisation_id)"_s,
             // One account per directory profile (NULLs, the other roles, do not collide).
             u"CREATE UNIQUE INDEX users_professional ON users(professional_id)"_s,
             u"CREATE TABLE tokens (hash TEXT PRIMARY KEY, kind TEXT NOT NULL, family TEXT NOT NULL, "
             "user_id TEXT NOT NULL REFERENCES users(id), expires_at BIGINT NOT NULL, used INTEGER NOT NULL DEFAULT 0, "
             "used_at BIGINT, "
             "revoked INTEGER NOT NULL DEFAULT 0)"_s,
             u"CREATE INDEX tokens_family ON tokens(family)"_s,
             u"CREATE INDEX tokens_user ON tokens(user_id)"_s,
             u"CREATE TABLE login_throttle (username TEXT PRIMARY KEY, failures INTEGER NOT NULL, "
             "blocked_until BIGINT NOT NULL)"_s,
             u"CREATE TABLE counters (name TEXT PRIMARY KEY, value BIGINT NOT NULL)"_s,
             u"INSERT INTO counters (name, value) VALUES ('directory', 0), ('events', 0), ('news', 0), "
             "('resources', 0), ('profile-edits', 0)"_s,
             u"CREATE TABLE directory (kind TEXT NOT NULL, id TEXT NOT NULL, seq BIGINT NOT NULL UNIQUE, body TEXT, "
             "updated_at BIGINT NOT NULL, PRIMARY KEY (kind, id))"_s,
             // sent: whether the referral ever went to its recipient (what they may see follows it).
             u"CREATE TABLE referrals (id TEXT PRIMARY KEY, organisation_id TEXT NOT NULL, recipient_id TEXT, "
             "status TEXT NOT NULL, sent INTEGER NOT NULL DEFAULT 0)"_s,
             // body: the event as its organisation sees it; recipient_body: as the professional it
             // is addressed to sees it (null when they do not).
             u"CREATE TABLE referral_events (id TEXT PRIMARY KEY, seq BIGINT NOT NULL UNIQUE, "
             "referral_id TEXT NOT NULL, organisation_id TEXT NOT NULL, recipient_id TEXT, type TEXT NOT NULL, "
             "body TEXT NOT NULL, recipient_body TEXT, received_at BIGINT NOT NULL)"_s,
             u"CREATE INDEX referral_events_organisation ON referral_events(organisation_id, seq)"_s,
             u"CREATE INDEX referral_events_recipient ON referral_events(recipient_id, seq)"_s,
             u"CREATE INDEX referral_events_referral ON referral_events(referral_id)"_s,
             u"CREATE TABLE rejected_events (id TEXT NOT NULL, organisation_id TEXT NOT NULL, "
             "reason TEXT NOT NULL, received_at BIGINT NOT NULL, PRIMARY KEY (id, organisation_id))"_s,
             // Events purged by an erasure keep their number (and nothing else), so a resend of
             // one still answers as the first time did.
             u"CREATE TABLE purged_events (id TEXT PRIMARY KEY, seq BIGINT NOT NULL, organisation_id TEXT NOT NULL, "
             "recipient_id TEXT)"_s,
             u"CREATE TABLE publications (stream TEXT NOT NULL, id TEXT NOT NULL, seq BIGINT NOT NULL, "
             "body TEXT NOT NULL, PRIMARY KEY (stream, id), UNIQUE (stream, seq))"_s,
             u"CREATE TABLE profile_edits (id TEXT PRIMARY KEY, seq BIGINT NOT NULL UNIQUE, "
             "professional_id TEXT NOT NULL, submitted_by TEXT NOT NULL, body TEXT NOT NULL, status TEXT NOT NULL, "
             "submitted_at BIGINT NOT NULL, reviewed_by TEXT, reviewed_at BIGINT, review_note TEXT)"_s,
             u"CREATE INDEX profile_edits_professional ON profile_edits(professional_id, seq)"_s,
         }},
    };
    return list;
}

QString idString(const QUuid& id)
{
    return id.isNull() ? QString() : id.toString(QUuid::WithoutBraces);
}

QVariant nullableId(const QUuid& id)
{
    return id.isNull() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(idString(id));
}

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

QByteArray compact(const QJsonObject& o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QJsonObject parseObject(const QVariant& v)
{
    return QJsonDocument::fromJson(v.toByteArray()).object();
}

// Prepared once per batch: on PostgreSQL each prepare is a round trip of its own.
class Statements
{
public:
    explicit Statements(QSqlDatabase& db)
        : m_db(db)
    {}
    // Executes `sql` with `binds`; the query stays valid until the next run of the same SQL.
    QSqlQuery* run(const QString& sql, const QVariantList& binds)
    {
        auto it = m_queries.find(sql);
        if (it == m_queries.end()) {
            it = m_queries.insert(sql, QSqlQuery(m_db));
            it->setForwardOnly(true);
            if (!it->prepare(sql))
                return &*it;
        }
        it->finish();
        for (qsizetype i = 0; i < binds.size(); ++i)
            it->bindValue(int(i), binds[i]);
        it->exec();
        return &*it;
    }

private:
    QSqlDatabase& m_db;
    QHash<QString, QSqlQuery> m_queries;
};

// The connections a thread opened, removed when the thread ends (thread ids are reused, so
// names carry a serial number instead).
struct ThreadConnections
{
    quint64 serial = 0;
    QStringList names;
    ~ThreadConnections()
    {
        for (const QString& name : std::as_const(names))
            QSqlDatabase::removeDatabase(name);
    }
};

ThreadConnections& threadConnections()
{
    static QAtomicInteger<quint64> next;
    thread_local ThreadConnections connections{next.fetchAndAddOrdered(1) + 1, {}};
    return connections;
}

class SqlServerStore final : public ServerStore
{
public:
    SqlServerStore(StoreConfig config, QString connectionPrefix)
        : m_config(std::move(config))
        , m_prefix(std::move(connectionPrefix))
        , m_dialect{m_config.kind == StoreConfig::Kind::Postgresql}
    {}

    ~SqlServerStore() override
    {
        // Connections opened by this thread can be removed; others belong to pool threads and
        // go with the process.
        const QString name = connectionName();
        if (threadConnections().names.removeOne(name))
            QSqlDatabase::removeDatabase(name);
    }

    QString kindName() const override { return m_config.kindName(); }

    bool openFirst(QString* error)
    {
        QSqlDatabase db = connection();
        if (!db.isOpen()) {
            *error = openError(db);
            return false;
        }
        return true;
    }

    int schemaVersion(StoreError* error) override
    {
        QSqlDatabase db = connection();
        if (!db.isOpen())
            return fail(error, openError(db)), -1;
        if (!db.tables().contains(u"schema_migrations"_s))
            return 0;
        QSqlQuery q(db);
        if (!q.exec(u"SELECT COALESCE(MAX(version), 0) FROM schema_migrations"_s) || !q.next())
            return fail(error, q), -1;
        return q.value(0).toInt();
    }

    bool migrate(QStringList* applied, StoreError* error) override
    {
        QSqlDatabase db = connection();
        if (!db.isOpen())
            return fail(error, openError(db));
        QSqlQuery q(db);
        if (m_dialect.postgres && !q.exec(u"SELECT pg_advisory_lock(%1)"_s.arg(kMigrationLockKey)))
            return fail(error, q);
        const auto unlock = qScopeGuard([&] {
            if (m_dialect.postgres)
                QSqlQuery(db).exec(u"SELECT pg_advisory_unlock(%1)"_s.arg(kMigrationLockKey));
        });
        if (!q.exec(u"CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                    "applied_at BIGINT NOT NULL)"_s))
            return fail(error, q);
        const int current = schemaVersion(error);
        if (current < 0)
            return false;
        if (current > latestSchemaVersion())
            return fail(error, u"the store has schema version %1, newer than this server knows (%2); "
                               "run a newer htmse-server"_s.arg(current)
                                   .arg(latestSchemaVersion()));
        for (const Migration& m : migrations()) {
            if (m.version <= current)
                continue;
            if (!exec(db, m_dialect.begin(), {}, error))
                return false;
            for (const QString& statement : m.statements) {
                QSqlQuery s(db);
                if (!s.exec(statement)) {
                    const QString message = u"migration %1 failed: %2"_s.arg(m.version).arg(s.lastError().text());
                    s.finish();
                    exec(db, u"ROLLBACK"_s);
                    return fail(error, message);
                }
            }
            QSqlQuery mark(db);
            mark.prepare(u"INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)"_s);
            mark.addBindValue(m.version);
            mark.addBindValue(nowMs());
            if (!mark.exec() || !exec(db, u"COMMIT"_s)) {
                const QString message = mark.lastError().text();
                exec(db, u"ROLLBACK"_s);
                return fail(error, message);
            }
            if (applied)
                applied->append(QString::number(m.version));
        }
        return true;
    }

    bool ping() override
    {
        QSqlDatabase db = connection();
        QSqlQuery q(db);
        return db.isOpen() && q.exec(u"SELECT 1"_s) && q.next();
    }

    // --- organisations and users ------------------------------------------------------------

    std::optional<OrganisationRecord> createOrganisation(const QString& name, StoreError* error) override
    {
        QSqlDatabase db = connection();
        OrganisationRecord org{QUuid::createUuid(), name};
        QSqlQuery q(db);
        q.prepare(u"INSERT INTO organisations (id, name, created_at) VALUES (?, ?, ?)"_s);
        q.addBindValue(idString(org.id));
        q.addBindValue(name);
        q.addBindValue(nowMs());
        if (!q.exec()) {
            if (organisationByName(name, nullptr))
                return fail(error, StoreError::Kind::Conflict, u"an organisation named \"%1\" exists"_s.arg(name)),
                       std::nullopt;
            return fail(error, q), std::nullopt;
        }
        return org;
    }

    std::optional<OrganisationRecord> organisationByName(const QString& name, StoreError* error) override
    {
        QSqlQuery q = select(u"SELECT id, name FROM organisations WHERE name = ?"_s, {name}, error);
        if (!q.next())
            return std::nullopt;
        return OrganisationRecord{QUuid(q.value(0).toString()), q.value(1).toString()};
    }

    std::optional<UserRecord> createUser(const UserRecord& user, StoreError* error) override
    {
        QSqlDatabase db = connection();
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
                return fail(error, StoreError::Kind::Conflict, u"the user name \"%1\" is taken"_s.arg(user.username)),
                       std::nullopt;
            if (!user.professionalId.isNull()) {
                QSqlQuery linked = select(u"SELECT username FROM users WHERE professional_id = ?"_s,
                                          {idString(user.professionalId)}, nullptr);
                if (linked.next())
                    return fail(error, StoreError::Kind::Conflict,
                                u"the profile %1 is already linked to the account \"%2\""_s.arg(
                                    idString(user.professionalId), linked.value(0).toString())),
                           std::nullopt;
            }
            return fail(error, q), std::nullopt;
        }
        return out;
    }

    static constexpr auto kUserColumns = "u.id, u.organisation_id, o.name, u.username, u.role, u.professional_id, "
                                         "u.password_hash, u.disabled FROM users u JOIN organisations o ON "
                                         "o.id = u.organisation_id";

    static UserRecord readUser(const QSqlQuery& q)
    {
        UserRecord u;
        u.id = QUuid(q.value(0).toString());
        u.organisationId = QUuid(q.value(1).toString());
        u.organisationName = q.value(2).toString();
        u.username = q.value(3).toString();
        u.role = roleFromWire(q.value(4).toString()).value_or(Role::Caseworker);
        u.professionalId = QUuid(q.value(5).toString());
        u.passwordHash = q.value(6).toString();
        u.disabled = q.value(7).toInt() != 0;
        return u;
    }

    std::optional<UserRecord> userByName(const QString& username, StoreError* error) override
    {
        QSqlQuery q =
            select(u"SELECT "_s + QLatin1StringView(kUserColumns) + u" WHERE u.username = ?"_s, {username}, error);
        if (!q.next())
            return std::nullopt;
        return readUser(q);
    }

    std::optional<UserRecord> userById(const QUuid& id, StoreError* error) override
    {
        QSqlQuery q =
            select(u"SELECT "_s + QLatin1StringView(kUserColumns) + u" WHERE u.id = ?"_s, {idString(id)}, error);
        if (!q.next())
            return std::nullopt;
        return readUser(q);
    }

    QList<UserRecord> usersOfOrganisation(const QUuid& organisationId, StoreError* error) override
    {
        QSqlQuery q = select(u"SELECT "_s + QLatin1StringView(kUserColumns) +
                                 u" WHERE u.organisation_id = ? ORDER BY u.username"_s,
                             {idString(organisationId)}, error);
        QList<UserRecord> out;
        while (q.next())
            out.append(readUser(q));
        return out;
    }

    // --- sign-in throttling ------------------------------------------------------------------

    bool claimSignInAttempt(const QString& username, qint64 now, const std::function<qint64(int)>& blockFor,
                            LoginThrottle* state, StoreError* error) override
    {
        bool allowed = false;
        transaction(error, [&](QSqlDatabase& db, StoreError* txError) {
            QSqlQuery q(db);
            q.prepare(u"SELECT failures, blocked_until FROM login_throttle WHERE username = ?"_s +
                      m_dialect.forUpdate());
            q.addBindValue(username);
            if (!q.exec())
                return fail(txError, q);
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
            return exec(db,
                        u"INSERT INTO login_throttle (username, failures, blocked_until) VALUES (?, ?, ?) "
                        "ON CONFLICT (username) DO UPDATE SET failures = excluded.failures, "
                        "blocked_until = excluded.blocked_until"_s,
                        {username, state->failures, state->blockedUntil}, txError);
        });
        return allowed;
    }

    void clearLoginFailures(const QString& username, StoreError* error) override
    {
        select(u"DELETE FROM login_throttle WHERE username = ?"_s, {username}, error);
    }

    // --- tokens ------------------------------------------------------------------------------

    bool insertTokens(QSqlDatabase& db, const QList<TokenRecord>& tokens, StoreError* error)
    {
        QSqlQuery q(db);
        q.prepare(u"INSERT INTO tokens (hash, kind, family, user_id, expires_at) VALUES (?, ?, ?, ?, ?)"_s);
        for (const TokenRecord& t : tokens) {
            q.addBindValue(QString::fromLatin1(t.hash));
            q.addBindValue(t.kind);
            q.addBindValue(t.family);
            q.addBindValue(idString(t.userId));
            q.addBindValue(t.expiresAt);
            if (!q.exec())
                return fail(error, q);
        }
        return true;
    }

    bool storeTokens(const QList<TokenRecord>& tokens, StoreError* error) override
    {
        return transaction(error,
                           [&](QSqlDatabase& db, StoreError* txError) { return insertTokens(db, tokens, txError); });
    }

    std::optional<Actor> actorForAccessToken(const QByteArray& hash, qint64 now, StoreError* error) override
    {
        QSqlQuery q = select(u"SELECT t.family, u.id, u.username, u.organisation_id, u.role, u.professional_id "
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

    RefreshOutcome rotateRefreshToken(const QByteArray& oldHash, const QList<TokenRecord>& replacements, qint64 now,
                                      qint64 graceMs, StoreError* error) override
    {
        RefreshOutcome outcome = RefreshOutcome::Invalid;
        const bool ok = transaction(error, [&](QSqlDatabase& db, StoreError* txError) {
            QString family;
            QUuid user;
            bool used = false;
            qint64 usedAt = 0;
            {
                QSqlQuery q(db);
                q.prepare(
                    u"SELECT t.family, t.user_id, t.used, t.used_at FROM tokens t JOIN users u ON u.id = t.user_id "
                    "WHERE t.hash = ? AND t.kind = 'refresh' AND t.revoked = 0 AND t.expires_at > ? "
                    "AND u.disabled = 0"_s +
                    m_dialect.forUpdate());
                q.addBindValue(QString::fromLatin1(oldHash));
                q.addBindValue(now);
                if (!q.exec())
                    return fail(txError, q);
                if (!q.next()) {
                    outcome = RefreshOutcome::Invalid;
                    return true;
                }
                family = q.value(0).toString();
                user = QUuid(q.value(1).toString());
                used = q.value(2).toInt() != 0;
                usedAt = q.value(3).toLongLong();
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
                return exec(db, u"UPDATE tokens SET revoked = 1 WHERE family = ?"_s, {family}, txError);
            }
            if (!exec(db, u"UPDATE tokens SET used = 1, used_at = ? WHERE hash = ?"_s,
                      {now, QString::fromLatin1(oldHash)}, txError))
                return false;
            // Access tokens of the family issued before this rotation stop working too.
            if (!exec(db, u"UPDATE tokens SET revoked = 1 WHERE family = ? AND kind = 'access'"_s, {family}, txError))
                return false;
            QList<TokenRecord> fresh = replacements;
            for (TokenRecord& t : fresh) {
                t.family = family;
                t.userId = user;
            }
            outcome = RefreshOutcome::Rotated;
            return insertTokens(db, fresh, txError);
        });
        return ok ? outcome : RefreshOutcome::Invalid;
    }

    bool revokeTokenFamily(const QByteArray& hash, const QUuid& userId, StoreError* error) override
    {
        QSqlQuery q = select(u"SELECT family FROM tokens WHERE hash = ? AND user_id = ?"_s,
                             {QString::fromLatin1(hash), idString(userId)}, error);
        if (!q.next())
            return false;
        const QString family = q.value(0).toString();
        q.finish();
        select(u"UPDATE tokens SET revoked = 1 WHERE family = ?"_s, {family}, error);
        return !(error && *error);
    }

    bool setUserDisabled(const QUuid& userId, bool disabled, StoreError* error) override
    {
        return transaction(error, [&](QSqlDatabase& db, StoreError* txError) {
            return exec(db, u"UPDATE users SET disabled = ? WHERE id = ?"_s, {disabled ? 1 : 0, idString(userId)},
                        txError) &&
                   (!disabled ||
                    exec(db, u"UPDATE tokens SET revoked = 1 WHERE user_id = ?"_s, {idString(userId)}, txError));
        });
    }

    bool setPasswordHash(const QUuid& userId, const QString& hash, StoreError* error) override
    {
        return transaction(error, [&](QSqlDatabase& db, StoreError* txError) {
            return exec(db, u"UPDATE users SET password_hash = ? WHERE id = ?"_s, {hash, idString(userId)}, txError) &&
                   exec(db, u"UPDATE tokens SET revoked = 1 WHERE user_id = ?"_s, {idString(userId)}, txError);
        });
    }

    int revokeUserTokens(const QUuid& userId, StoreError* error) override
    {
        QSqlQuery q =
            select(u"UPDATE tokens SET revoked = 1 WHERE user_id = ? AND revoked = 0"_s, {idString(userId)}, error);
        return q.numRowsAffected();
    }

    int purgeExpiredTokens(qint64 now, StoreError* error) override
    {
        QSqlQuery q = select(u"DELETE FROM tokens WHERE expires_at < ?"_s, {now}, error);
        return q.numRowsAffected();
    }

    // --- change streams ------------------------------------------------------------------------

    // Locks the stream's counter row for the rest of the transaction and returns its value.
    std::optional<qint64> lockCounter(QSqlDatabase& db, const QString& stream, StoreError* error)
    {
        QSqlQuery q(db);
        q.prepare(u"SELECT value FROM counters WHERE name = ?"_s + m_dialect.forUpdate());
        q.addBindValue(stream);
        if (!q.exec() || !q.next())
            return fail(error, q), std::nullopt;
        return q.value(0).toLongLong();
    }

    bool storeCounter(QSqlDatabase& db, const QString& stream, qint64 value, StoreError* error)
    {
        return exec(db, u"UPDATE counters SET value = ? WHERE name = ?"_s, {value, stream}, error);
    }

    bool upsertDirectory(Statements& sql, const DirectoryWrite& w, qint64 seq, StoreError* error)
    {
        QVariant body(QMetaType(QMetaType::QString));
        if (w.body) {
            QJsonObject o = w.kind == "professional"_L1 ? redactConfidentialLocations(*w.body) : *w.body;
            o.insert(u"server_version"_s, seq);
            body = QString::fromUtf8(compact(o));
        }
        QSqlQuery* q = sql.run(u"INSERT INTO directory (kind, id, seq, body, updated_at) VALUES (?, ?, ?, ?, ?) "
                               "ON CONFLICT (kind, id) DO UPDATE SET seq = excluded.seq, body = excluded.body, "
                               "updated_at = excluded.updated_at"_s,
                               {w.kind, idString(w.id), seq, body, nowMs()});
        return q->lastError().type() == QSqlError::NoError || fail(error, *q);
    }

    QList<qint64> writeDirectory(const QList<DirectoryWrite>& writes, StoreError* error) override
    {
        QList<qint64> seqs;
        const bool ok = transaction(error, [&](QSqlDatabase& db, StoreError* txError) {
            seqs.clear();
            const auto start = lockCounter(db, u"directory"_s, txError);
            if (!start)
                return false;
            qint64 seq = *start;
            Statements statements(db);
            for (const DirectoryWrite& w : writes) {
                if (!upsertDirectory(statements, w, ++seq, txError))
                    return false;
                seqs.append(seq);
            }
            return storeCounter(db, u"directory"_s, seq, txError);
        });
        return ok ? seqs : QList<qint64>{};
    }

    ChangePage directoryChanges(qint64 after, int limit, StoreError* error) override
    {
        QSqlQuery q = select(u"SELECT kind, id, seq, body FROM directory WHERE seq > ? ORDER BY seq LIMIT ?"_s,
                             {after, limit + 1}, error);
        ChangePage page;
        while (q.next()) {
            if (page.items.size() == limit) {
                page.hasMore = true;
                break;
            }
            const qint64 seq = q.value(2).toLongLong();
            const bool deleted = q.value(3).isNull();
            // The body was written by this server as compact JSON; it is sent on as it is.
            QByteArray json = "{\"kind\":\"" + q.value(0).toString().toLatin1() + "\",\"id\":\"" +
                              q.value(1).toString().toLatin1() + "\",\"version\":" + QByteArray::number(seq) +
                              ",\"deleted\":" + (deleted ? "true" : "false");
            if (!deleted)
                json += ",\"data\":" + q.value(3).toByteArray();
            json += '}';
            page.items.append({seq, json});
        }
        return page;
    }

    std::optional<QJsonObject> directoryEntry(const QString& kind, const QUuid& id, StoreError* error) override
    {
        QSqlQuery q = select(u"SELECT body FROM directory WHERE kind = ? AND id = ?"_s, {kind, idString(id)}, error);
        if (!q.next() || q.value(0).isNull())
            return std::nullopt;
        return parseObject(q.value(0));
    }

    qint64 directoryCount(StoreError* error) override
    {
        QSqlQuery q = select(u"SELECT COUNT(*) FROM directory WHERE body IS NOT NULL"_s, {}, error);
        return q.next() ? q.value(0).toLongLong() : 0;
    }

    // --- referral events -------------------------------------------------------------------------

    struct ReferralRow
    {
        QUuid organisationId;
        QUuid recipientId;
        ReferralStatus status = ReferralStatus::None;
        bool sent = false; // went to the recipient at some point
    };

    static bool professionalMayPush(ReferralEventType type)
    {
        return type == ReferralEventType::Acknowledged || type == ReferralEventType::Accepted ||
               type == ReferralEventType::Declined || type == ReferralEventType::Completed;
    }

    // Returns the rejection reason, or an empty string when the event was stored (or had been).
    // What one push needs to know about the events and referrals it names, read once per batch
    // (pushes are serialised by the events counter, so nothing changes under it) and kept up to
    // date as the batch goes.
    struct PushContext
    {
        struct Known
        {
            qint64 seq = 0;
            QString organisationId;
            QString recipientId;
        };
        QHash<QString, Known> events;                         // stored or purged
        QHash<QString, QString> refused;                      // this organisation's refusals
        QHash<QString, std::optional<ReferralRow>> referrals; // nullopt: none yet
        QHash<QString, QJsonObject> created;                  // created payloads of this batch
    };

    bool prefetch(Statements& sql, const Actor& actor, const QList<ReferralEvent>& events, PushContext* context,
                  StoreError* error)
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
                    return fail(error, *q);
                while (q->next())
                    row(*q);
            }
            return true;
        };
        const auto known = [&](QSqlQuery& q) {
            context->events.insert(q.value(0).toString(),
                                   {q.value(1).toLongLong(), q.value(2).toString(), q.value(3).toString()});
        };
        return run(u"SELECT id, seq, organisation_id, recipient_id FROM referral_events WHERE id IN (?*)"_s, eventIds,
                   {}, known) &&
               run(u"SELECT id, seq, organisation_id, recipient_id FROM purged_events WHERE id IN (?*)"_s, eventIds, {},
                   known) &&
               run(u"SELECT id, reason FROM rejected_events WHERE organisation_id = ? AND id IN (?*)"_s, eventIds,
                   {idString(actor.organisationId)},
                   [&](QSqlQuery& q) { context->refused.insert(q.value(0).toString(), q.value(1).toString()); }) &&
               run(u"SELECT id, organisation_id, recipient_id, status, sent FROM referrals WHERE id IN (?*)"_s,
                   referralIds, {}, [&](QSqlQuery& q) {
                       context->referrals.insert(
                           q.value(0).toString(),
                           ReferralRow{QUuid(q.value(1).toString()), QUuid(q.value(2).toString()),
                                       statusFromWire(q.value(3).toString()).value_or(ReferralStatus::None),
                                       q.value(4).toInt() != 0});
                   });
    }

    bool pushOne(Statements& sql, PushContext& context, const Actor& actor, const ReferralEvent& event, qint64* seq,
                 PushResult* result, StoreError* error)
    {
        const QString eventId = idString(event.id);
        const QString orgId = idString(actor.organisationId);
        const QString referralId = idString(event.referralId);
        const auto ok = [&](QSqlQuery* q) { return q->lastError().type() == QSqlError::NoError || fail(error, *q); };

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
            return ok(
                sql.run(u"INSERT INTO rejected_events (id, organisation_id, reason, received_at) VALUES (?, ?, ?, ?) "
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
        const QJsonObject shown =
            recipientPayload(event.type, stored.payload, created, sentBefore, byRecipient, &visible);
        QVariant recipientBody(QMetaType(QMetaType::QString));
        if (visible && !row.recipientId.isNull()) {
            QJsonObject forRecipient = body;
            forRecipient.insert(u"payload"_s, shown);
            forRecipient.remove(u"device_id"_s); // which device recorded it is the organisation's business
            recipientBody = QString::fromUtf8(compact(forRecipient));
        }
        if (!ok(sql.run(
                u"INSERT INTO referral_events (id, seq, referral_id, organisation_id, recipient_id, type, body, "
                "recipient_body, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"_s,
                {eventId, *seq, idString(event.referralId), idString(row.organisationId), nullableId(row.recipientId),
                 toWire(event.type), QString::fromUtf8(compact(body)), recipientBody, nowMs()})))
            return false;
        if (!ok(sql.run(
                u"INSERT INTO referrals (id, organisation_id, recipient_id, status, sent) VALUES (?, ?, ?, ?, ?) "
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

    PushResult pushReferralEvents(const Actor& actor, const QList<ReferralEvent>& events, StoreError* error) override
    {
        PushResult result;
        const bool ok = transaction(error, [&](QSqlDatabase& db, StoreError* txError) {
            result = {};
            const auto start = lockCounter(db, u"events"_s, txError);
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
            return storeCounter(db, u"events"_s, seq, txError);
        });
        return ok ? result : PushResult{};
    }

    ChangePage referralEvents(const Actor& actor, qint64 after, int limit, StoreError* error) override
    {
        const bool professional = actor.role == Role::Professional;
        if (professional && actor.professionalId.isNull())
            return {};
        const QString scope = idString(professional ? actor.professionalId : actor.organisationId);
        QSqlQuery q = select(professional ? u"SELECT seq, recipient_body FROM referral_events WHERE recipient_id = ? "
                                            "AND recipient_body IS NOT NULL AND seq > ? ORDER BY seq LIMIT ?"_s
                                          : u"SELECT seq, body FROM referral_events WHERE organisation_id = ? "
                                            "AND seq > ? ORDER BY seq LIMIT ?"_s,
                             {scope, after, limit + 1}, error);
        return readPage(q, limit);
    }

    static ChangePage readPage(QSqlQuery& q, int limit)
    {
        ChangePage page;
        while (q.next()) {
            if (page.items.size() == limit) {
                page.hasMore = true;
                break;
            }
            page.items.append({q.value(0).toLongLong(), q.value(1).toByteArray()});
        }
        return page;
    }

    // --- news and resources ------------------------------------------------------------------

    qint64 publish(const QString& stream, const QUuid& id, const QJsonObject& item, StoreError* error) override
    {
        qint64 seq = 0;
        const bool ok = transaction(error, [&](QSqlDatabase& db, StoreError* txError) {
            const auto start = lockCounter(db, stream, txError);
            if (!start)
                return false;
            seq = *start + 1;
            QJsonObject body = item;
            body.insert(u"version"_s, seq);
            return exec(db,
                        u"INSERT INTO publications (stream, id, seq, body) VALUES (?, ?, ?, ?) "
                        "ON CONFLICT (stream, id) DO UPDATE SET seq = excluded.seq, body = excluded.body"_s,
                        {stream, idString(id), seq, QString::fromUtf8(compact(body))}, txError) &&
                   storeCounter(db, stream, seq, txError);
        });
        return ok ? seq : 0;
    }

    ChangePage publications(const QString& stream, qint64 after, int limit, StoreError* error) override
    {
        QSqlQuery q = select(u"SELECT seq, body FROM publications WHERE stream = ? AND seq > ? ORDER BY seq LIMIT ?"_s,
                             {stream, after, limit + 1}, error);
        return readPage(q, limit);
    }

    // --- profile edits ---------------------------------------------------------------------------

    static QJsonObject editItem(const QSqlQuery& q)
    {
        // id, seq, professional_id, submitted_by, body, status, submitted_at, reviewed_by, reviewed_at, review_note
        QJsonObject o{{u"id"_s, q.value(0).toString()},
                      {u"version"_s, q.value(1).toLongLong()},
                      {u"professional_id"_s, q.value(2).toString()},
                      {u"submitted_by"_s, q.value(3).toString()},
                      {u"profile"_s, parseObject(q.value(4))},
                      {u"status"_s, q.value(5).toString()},
                      {u"submitted_at"_s, toIsoUtc(QDateTime::fromMSecsSinceEpoch(q.value(6).toLongLong(), Qt::UTC))}};
        if (!q.value(7).isNull()) {
            o.insert(u"reviewed_by"_s, q.value(7).toString());
            o.insert(u"reviewed_at"_s, toIsoUtc(QDateTime::fromMSecsSinceEpoch(q.value(8).toLongLong(), Qt::UTC)));
            if (!q.value(9).toString().isEmpty())
                o.insert(u"review_note"_s, q.value(9).toString());
        }
        return o;
    }

    static constexpr auto kEditColumns = "id, seq, professional_id, submitted_by, body, status, submitted_at, "
                                         "reviewed_by, reviewed_at, review_note FROM profile_edits";

    qint64 submitProfileEdit(const Actor& actor, const QUuid& editId, const QJsonObject& profile,
                             StoreError* error) override
    {
        qint64 seq = 0;
        const bool ok = transaction(error, [&](QSqlDatabase& db, StoreError* txError) {
            const auto start = lockCounter(db, u"profile-edits"_s, txError);
            if (!start)
                return false;
            seq = *start;
            // A newer edit supersedes the pending ones: approving an older one later would put
            // older content in the directory. They move to the end of the stream (new numbers),
            // so whoever follows it sees the change.
            QStringList pending;
            {
                QSqlQuery q(db);
                q.prepare(u"SELECT id FROM profile_edits WHERE professional_id = ? AND status = 'pending'"_s);
                q.addBindValue(idString(actor.professionalId));
                if (!q.exec())
                    return fail(txError, q);
                while (q.next())
                    pending.append(q.value(0).toString());
            }
            for (const QString& id : std::as_const(pending))
                if (!exec(db, u"UPDATE profile_edits SET status = 'superseded', seq = ? WHERE id = ?"_s, {++seq, id},
                          txError))
                    return false;
            ++seq;
            return exec(db,
                        u"INSERT INTO profile_edits (id, seq, professional_id, submitted_by, body, status, "
                        "submitted_at) VALUES (?, ?, ?, ?, ?, 'pending', ?)"_s,
                        {idString(editId), seq, idString(actor.professionalId), actor.username,
                         QString::fromUtf8(compact(profile)), nowMs()},
                        txError) &&
                   storeCounter(db, u"profile-edits"_s, seq, txError);
        });
        return ok ? seq : 0;
    }

    ChangePage profileEdits(const Actor& actor, qint64 after, int limit, bool pendingOnly, StoreError* error) override
    {
        QString sql = u"SELECT "_s + QLatin1StringView(kEditColumns) + u" WHERE seq > ?"_s;
        QVariantList binds{after};
        if (actor.role != Role::DirectoryEditor) {
            sql += u" AND professional_id = ?"_s;
            binds.append(idString(actor.professionalId));
        }
        if (pendingOnly)
            sql += u" AND status = 'pending'"_s;
        sql += u" ORDER BY seq LIMIT ?"_s;
        binds.append(limit + 1);
        QSqlQuery q = select(sql, binds, error);
        ChangePage page;
        while (q.next()) {
            if (page.items.size() == limit) {
                page.hasMore = true;
                break;
            }
            page.items.append({q.value(1).toLongLong(), compact(editItem(q))});
        }
        return page;
    }

    std::optional<QJsonObject> reviewProfileEdit(const Actor& reviewer, const QUuid& editId, ReviewDecision decision,
                                                 const QString& note, StoreError* error) override
    {
        std::optional<QJsonObject> out;
        transaction(error, [&](QSqlDatabase& db, StoreError* txError) {
            // Locks in the order every writer of edits takes them: the edits' counter, the edit,
            // then the directory's counter.
            const auto editSeq = lockCounter(db, u"profile-edits"_s, txError);
            if (!editSeq)
                return false;
            QJsonObject profile;
            QUuid professionalId;
            {
                QSqlQuery q(db);
                q.prepare(u"SELECT body, status, professional_id FROM profile_edits WHERE id = ?"_s +
                          m_dialect.forUpdate());
                q.addBindValue(idString(editId));
                if (!q.exec())
                    return fail(txError, q);
                if (!q.next())
                    return fail(txError, StoreError::Kind::NotFound, u"no such profile edit"_s);
                if (q.value(1).toString() != "pending"_L1)
                    return fail(txError, StoreError::Kind::Conflict,
                                u"the edit was already reviewed (%1)"_s.arg(q.value(1).toString()));
                profile = parseObject(q.value(0));
                professionalId = QUuid(q.value(2).toString());
            }
            const qint64 now = nowMs();
            if (decision == ReviewDecision::Approve) {
                const QDateTime at = QDateTime::fromMSecsSinceEpoch(now, Qt::UTC);
                QJsonObject verification = profile.value(u"verification"_s).toObject();
                verification.insert(u"status"_s, u"verified"_s);
                verification.insert(u"verified_by"_s, reviewer.username);
                verification.insert(u"verified_at"_s, toIsoUtc(at));
                profile.insert(u"verification"_s, verification);
                profile.insert(u"updated_at"_s, toIsoUtc(at));
                const auto start = lockCounter(db, u"directory"_s, txError);
                Statements statements(db);
                if (!start ||
                    !upsertDirectory(statements, {u"professional"_s, professionalId, profile}, *start + 1, txError) ||
                    !storeCounter(db, u"directory"_s, *start + 1, txError))
                    return false;
                profile.insert(u"server_version"_s, *start + 1);
            }
            // The reviewed edit moves to the end of the stream, so its author sees the outcome.
            if (!exec(db,
                      u"UPDATE profile_edits SET status = ?, seq = ?, reviewed_by = ?, reviewed_at = ?, "
                      "review_note = ? WHERE id = ?"_s,
                      {decision == ReviewDecision::Approve ? u"approved"_s : u"rejected"_s, *editSeq + 1,
                       reviewer.username, now, note, idString(editId)},
                      txError) ||
                !storeCounter(db, u"profile-edits"_s, *editSeq + 1, txError))
                return false;
            out = profile;
            return true;
        });
        return out;
    }

private:
    QString connectionName() const { return m_prefix + u'-' + QString::number(threadConnections().serial); }

    QSqlDatabase connection()
    {
        const QString name = connectionName();
        if (threadConnections().names.contains(name)) {
            QSqlDatabase db = QSqlDatabase::database(name, false);
            if (!db.isOpen())
                db.open();
            return db;
        }
        QSqlDatabase db;
        if (m_dialect.postgres) {
            db = QSqlDatabase::addDatabase(u"QPSQL"_s, name);
            const QUrl& url = m_config.databaseUrl;
            const QUrlQuery query(url);
            db.setHostName(query.hasQueryItem(u"host"_s) ? query.queryItemValue(u"host"_s, QUrl::FullyDecoded)
                                                         : url.host());
            if (url.port() > 0)
                db.setPort(url.port());
            db.setUserName(url.userName(QUrl::FullyDecoded));
            // A password in the URL is accepted; PGPASSWORD or ~/.pgpass are better (libpq reads them).
            if (!url.password().isEmpty())
                db.setPassword(url.password(QUrl::FullyDecoded));
            db.setDatabaseName(url.path(QUrl::FullyDecoded).mid(1));
            // Keep-alives notice a peer that vanished (a fail-over) within a minute instead of TCP's
            // quarter of an hour.
            db.setConnectOptions(u"connect_timeout=10;application_name=htmse-server;keepalives=1;keepalives_idle=30;"
                                 "keepalives_interval=10;keepalives_count=3;tcp_user_timeout=60000"_s);
        } else {
            db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
            db.setDatabaseName(QDir(m_config.dataDir).absoluteFilePath(u"htmse-server.sqlite"_s));
            db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=30000"_s);
        }
        threadConnections().names.append(name);
        if (!db.open())
            return db;
        QSqlQuery q(db);
        if (m_dialect.postgres) {
            q.exec(u"SET TIME ZONE 'UTC'"_s);
            q.exec(u"SET statement_timeout = '60s'"_s);
            q.exec(u"SET client_min_messages = warning"_s); // no NOTICE lines on stderr
        } else {
            q.exec(u"PRAGMA journal_mode = WAL"_s);
            q.exec(u"PRAGMA synchronous = NORMAL"_s);
            q.exec(u"PRAGMA foreign_keys = ON"_s);
        }
        return db;
    }

    QString openError(const QSqlDatabase& db) const
    {
        return u"cannot open the store %1: %2"_s.arg(m_config.displayName(), db.lastError().text());
    }

    // After a failure: is the connection still usable? A dead one (the database restarted, a
    // fail-over, an idle timeout) is closed and opened again; true when that happened.
    static bool reconnectIfDead(QSqlDatabase& db)
    {
        {
            QSqlQuery probe(db);
            if (db.isOpen() && probe.exec(u"SELECT 1"_s))
                return false; // alive: the failure was the statement's own
        }
        db.close();
        return db.open();
    }

    QSqlQuery select(const QString& sql, const QVariantList& binds, StoreError* error)
    {
        QSqlDatabase db = connection();
        for (int attempt = 0;; ++attempt) {
            QSqlQuery q(db);
            if (!db.isOpen()) {
                fail(error, openError(db));
                return q;
            }
            q.setForwardOnly(true);
            bool ok = q.prepare(sql);
            for (qsizetype i = 0; ok && i < binds.size(); ++i)
                q.bindValue(int(i), binds[i]);
            if (ok && q.exec())
                return q;
            if (attempt == 0 && reconnectIfDead(db))
                continue;
            fail(error, q);
            return q;
        }
    }

    bool exec(QSqlDatabase& db, const QString& sql, const QVariantList& binds = {}, StoreError* error = nullptr)
    {
        QSqlQuery q(db);
        if (binds.isEmpty()) // transaction control cannot be a prepared statement on PostgreSQL
            return q.exec(sql) || fail(error, q);
        if (!q.prepare(sql))
            return fail(error, q);
        for (const QVariant& v : binds)
            q.addBindValue(v);
        if (!q.exec())
            return fail(error, q);
        return true;
    }

    // Runs `work` in one transaction; rolls back when it returns false. A deadlock victim is
    // retried a few times, a dead connection is reopened and the transaction retried once;
    // SQLite waits for a busy database itself (busy timeout 30 s).
    bool transaction(StoreError* error, const std::function<bool(QSqlDatabase&, StoreError*)>& work)
    {
        QSqlDatabase db = connection();
        if (!db.isOpen())
            return fail(error, openError(db));
        bool reconnected = false;
        for (int attempt = 0;; ++attempt) {
            StoreError local;
            if (!exec(db, m_dialect.begin(), {}, &local)) {
                if (!reconnected && reconnectIfDead(db)) {
                    reconnected = true;
                    continue;
                }
                if (error)
                    *error = local;
                return false;
            }
            StoreError failure;
            if (work(db, &failure) && exec(db, u"COMMIT"_s, {}, &failure)) {
                return true;
            }
            exec(db, u"ROLLBACK"_s);
            // A deadlock victim, or a connection that died under the transaction: the whole
            // transaction runs again (it was rolled back).
            bool retryable =
                failure.message.contains(u"deadlock"_s) || failure.message.contains(u"could not serialize"_s);
            if (!retryable && !reconnected && reconnectIfDead(db))
                retryable = reconnected = true;
            if (!retryable || attempt >= 3) {
                if (error)
                    *error = failure;
                return false;
            }
        }
    }

    bool fail(StoreError* error, const QSqlQuery& q)
    {
        const QSqlError e = q.lastError();
        if (e.type() == QSqlError::ConnectionError) {
            QSqlDatabase db = QSqlDatabase::database(connectionName(), false);
            db.close();
        }
        return fail(error, e.text().isEmpty() ? u"the query failed"_s : e.text());
    }

    static bool fail(StoreError* error, const QString& message)
    {
        return fail(error, StoreError::Kind::Unavailable, message);
    }

    static bool fail(StoreError* error, StoreError::Kind kind, const QString& message)
    {
        if (error && !*error)
            *error = {kind, message};
        return false;
    }

    StoreConfig m_config;
    QString m_prefix;
    Dialect m_dialect;
};

QAtomicInteger<int> g_storeCounter;

} // namespace

int ServerStore::latestSchemaVersion()
{
    return migrations().constLast().version;
}

std::unique_ptr<ServerStore> ServerStore::open(const StoreConfig& config, QString* error)
{
    if (config.kind == StoreConfig::Kind::Sqlite && !QDir().mkpath(config.dataDir)) {
        *error = u"cannot create the data directory %1"_s.arg(config.dataDir);
        return nullptr;
    }
    auto store =
        std::make_unique<SqlServerStore>(config, u"htmse-store-%1"_s.arg(g_storeCounter.fetchAndAddOrdered(1)));
    if (!store->openFirst(error))
        return nullptr;
    return store;
}

} // namespace htmse::server
