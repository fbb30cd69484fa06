#include "server/store/Schema.h"

#include "server/store/StoreDatabase.h"

#include <QScopeGuard>
#include <QSqlError>

namespace htmse::server {

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kMigrationLockKey = 0x48544d5345; // "HTMSE"

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
        // Sign-in throttling per user name and client address together (one address cannot
        // lock a person out everywhere), for names that exist only, forgotten after a quiet day.
        {2,
         {
             u"DROP TABLE login_throttle"_s,
             u"CREATE TABLE sign_in_throttle (username TEXT NOT NULL, address TEXT NOT NULL, "
             "failures INTEGER NOT NULL, blocked_until BIGINT NOT NULL, last_attempt BIGINT NOT NULL, "
             "PRIMARY KEY (username, address))"_s,
             u"CREATE INDEX sign_in_throttle_last_attempt ON sign_in_throttle(last_attempt)"_s,
             // A sign-in (a token family) ends at a fixed time however often it is refreshed;
             // families from before end when their current tokens expire.
             u"ALTER TABLE tokens ADD COLUMN family_ends_at BIGINT"_s,
             u"UPDATE tokens SET family_ends_at = expires_at"_s,
         }},
        // One-time answer links for referrals to recipients outside the directory: the token's
        // SHA-256 only, the referral as its letter shows it (`view`, emptied once the link is
        // used), the form's nonce and the expiry. The same SQL on both backends.
        {3,
         {
             u"CREATE TABLE answer_links (id TEXT PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE, "
             "referral_id TEXT NOT NULL, organisation_id TEXT NOT NULL, created_by TEXT NOT NULL, "
             "view TEXT NOT NULL, nonce TEXT NOT NULL, created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL, "
             "used_at BIGINT, revoked INTEGER NOT NULL DEFAULT 0)"_s,
             u"CREATE INDEX answer_links_referral ON answer_links(referral_id)"_s,
             u"CREATE INDEX answer_links_expires ON answer_links(expires_at)"_s,
         }},
    };
    return list;
}

} // namespace

int Schema::latestVersion()
{
    return migrations().constLast().version;
}

int Schema::version(StoreError* error)
{
    QSqlDatabase db = m_database.connection();
    if (!db.isOpen())
        return StoreDatabase::fail(error, m_database.openError(db)), -1;
    if (!db.tables().contains(u"schema_migrations"_s))
        return 0;
    QSqlQuery q(db);
    if (!q.exec(u"SELECT COALESCE(MAX(version), 0) FROM schema_migrations"_s) || !q.next())
        return m_database.fail(error, q), -1;
    return q.value(0).toInt();
}

bool Schema::migrate(QStringList* applied, StoreError* error)
{
    QSqlDatabase db = m_database.connection();
    if (!db.isOpen())
        return StoreDatabase::fail(error, m_database.openError(db));
    const bool postgres = m_database.dialect().postgres;
    QSqlQuery q(db);
    if (postgres && !q.exec(u"SELECT pg_advisory_lock(%1)"_s.arg(kMigrationLockKey)))
        return m_database.fail(error, q);
    const auto unlock = qScopeGuard([&] {
        if (postgres)
            QSqlQuery(db).exec(u"SELECT pg_advisory_unlock(%1)"_s.arg(kMigrationLockKey));
    });
    if (!q.exec(u"CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                "applied_at BIGINT NOT NULL)"_s))
        return m_database.fail(error, q);
    const int current = version(error);
    if (current < 0)
        return false;
    if (current > latestVersion())
        return StoreDatabase::fail(error, u"the store has schema version %1, newer than this server knows (%2); "
                                          "run a newer htmse-server"_s.arg(current)
                                              .arg(latestVersion()));
    for (const Migration& m : migrations()) {
        if (m.version <= current)
            continue;
        if (!m_database.exec(db, m_database.dialect().begin(), {}, error))
            return false;
        for (const QString& statement : m.statements) {
            QSqlQuery s(db);
            if (!s.exec(statement)) {
                const QString message = u"migration %1 failed: %2"_s.arg(m.version).arg(s.lastError().text());
                s.finish();
                m_database.exec(db, u"ROLLBACK"_s);
                return StoreDatabase::fail(error, message);
            }
        }
        QSqlQuery mark(db);
        mark.prepare(u"INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)"_s);
        mark.addBindValue(m.version);
        mark.addBindValue(nowMs());
        if (!mark.exec() || !m_database.exec(db, u"COMMIT"_s)) {
            const QString message = mark.lastError().text();
            m_database.exec(db, u"ROLLBACK"_s);
            return StoreDatabase::fail(error, message);
        }
        if (applied)
            applied->append(QString::number(m.version));
    }
    return true;
}

} // namespace htmse::server
