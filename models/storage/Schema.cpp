#include "storage/Schema.h"

#include <QSqlError>
#include <QSqlQuery>

namespace htmse {

using namespace Qt::StringLiterals;

const QList<Schema::Migration>& Schema::migrations()
{
    static const QList<Migration> list = {
        {1,
         u"profile metadata and the hash-chained audit log"_s,
         {u"CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value BLOB)"_s,
          u"CREATE TABLE audit_log (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, event TEXT NOT NULL, "
          "detail TEXT NOT NULL DEFAULT '', prev_hash BLOB NOT NULL, hash BLOB NOT NULL)"_s}},
        {2,
         u"personal settings (they can only tighten the office policy)"_s,
         {u"CREATE TABLE user_settings (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)"_s}},
        {3,
         u"the referral log: events (the record) and referrals (a cache folded from them)"_s,
         {u"CREATE TABLE referral_events (id TEXT PRIMARY KEY NOT NULL, referral_id TEXT NOT NULL, type TEXT NOT NULL, "
          "payload TEXT NOT NULL, author_user TEXT NOT NULL DEFAULT '', author_organisation TEXT NOT NULL DEFAULT '', "
          "device_id TEXT NOT NULL, client_time TEXT NOT NULL, server_seq INTEGER, pending INTEGER NOT NULL DEFAULT 1)"_s,
          u"CREATE INDEX referral_events_referral ON referral_events (referral_id)"_s,
          u"CREATE INDEX referral_events_pending ON referral_events (pending) WHERE pending = 1"_s,
          u"CREATE TABLE referrals (id TEXT PRIMARY KEY NOT NULL, case_ref TEXT NOT NULL, kind TEXT NOT NULL, "
          "status TEXT NOT NULL, recipient TEXT NOT NULL, needs TEXT NOT NULL, urgency TEXT NOT NULL, "
          "created_at TEXT NOT NULL, updated_at TEXT NOT NULL, follow_up_due TEXT, closed_at TEXT)"_s,
          u"CREATE INDEX referrals_case ON referrals (case_ref)"_s}},
        {4,
         u"the directory cache: professionals and organisations as the server (or an import) gave them"_s,
         {u"CREATE TABLE directory_professionals (id TEXT PRIMARY KEY NOT NULL, server_version INTEGER NOT NULL "
          "DEFAULT 0, updated_at TEXT NOT NULL DEFAULT '', sort_name TEXT NOT NULL DEFAULT '', body TEXT NOT NULL, "
          "index_record BLOB)"_s,
          u"CREATE INDEX directory_professionals_by_name ON directory_professionals (sort_name, id)"_s,
          u"CREATE TABLE directory_organisations (id TEXT PRIMARY KEY NOT NULL, body TEXT NOT NULL)"_s}},
        {5,
         u"index records in a table of their own (unlock reads them without paging through the documents), "
         "with the search words numbered once in a dictionary"_s,
         {u"CREATE TABLE directory_index (id TEXT PRIMARY KEY NOT NULL, record BLOB NOT NULL)"_s,
          u"CREATE TABLE directory_words (id INTEGER PRIMARY KEY NOT NULL, word TEXT NOT NULL UNIQUE)"_s,
          // Records of the earlier format are rebuilt from the documents at the next unlock.
          u"UPDATE directory_professionals SET index_record = NULL"_s}},
        {6,
         u"sync: each local event's outbox state (sent, or rejected with the server's reason), the last error "
         "of each phase, the sync history, and news and resources for offline reading"_s,
         {// sync_state: '' (pending, or accepted once server_seq is set), 'sent' (awaiting the server's
          // answer), 'rejected' (sync_reason says why), 'received' (the recipient's view of a referral,
          // written on this device from a pulled "sent" event; never pushed).
          u"ALTER TABLE referral_events ADD COLUMN sync_state TEXT NOT NULL DEFAULT ''"_s,
          u"ALTER TABLE referral_events ADD COLUMN sync_reason TEXT"_s,
          u"ALTER TABLE referral_events ADD COLUMN sent_at TEXT"_s,
          u"CREATE TABLE sync_errors (phase TEXT PRIMARY KEY NOT NULL, at TEXT NOT NULL, message TEXT NOT NULL)"_s,
          u"CREATE TABLE sync_history (id INTEGER PRIMARY KEY, started_at TEXT NOT NULL, duration_ms INTEGER NOT NULL, "
          "outcome TEXT NOT NULL, pulled_profiles INTEGER NOT NULL DEFAULT 0, removed_profiles INTEGER NOT NULL "
          "DEFAULT 0, pushed_events INTEGER NOT NULL DEFAULT 0, rejected_events INTEGER NOT NULL DEFAULT 0, "
          "pulled_events INTEGER NOT NULL DEFAULT 0, pulled_publications INTEGER NOT NULL DEFAULT 0, bytes_received "
          "INTEGER NOT NULL DEFAULT 0, message TEXT NOT NULL DEFAULT '')"_s,
          u"CREATE TABLE sync_publications (stream TEXT NOT NULL, id TEXT NOT NULL, seq INTEGER NOT NULL, body BLOB, "
          "PRIMARY KEY (stream, id))"_s}},
        {7,
         u"reading: which news items and resources this person has opened, and the lessons of each course "
         "they have done"_s,
         {u"CREATE TABLE reading_opened (item_id TEXT PRIMARY KEY NOT NULL, opened_at TEXT NOT NULL)"_s,
          u"CREATE TABLE course_progress (resource_id TEXT NOT NULL, lesson_id TEXT NOT NULL, done_at TEXT NOT NULL, "
          "PRIMARY KEY (resource_id, lesson_id))"_s}},
    };
    return list;
}

int Schema::latestVersion()
{
    return migrations().constLast().version;
}

int Schema::version(const QSqlDatabase& db)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(u"PRAGMA user_version"_s) || !q.next())
        return -1;
    return q.value(0).toInt();
}

bool Schema::migrate(QSqlDatabase& db, QString* error, int target)
{
    return migrate(db, migrations(), error, target);
}

bool Schema::migrate(QSqlDatabase& db, const QList<Migration>& list, QString* error, int target)
{
    const int latest = list.isEmpty() ? 0 : list.constLast().version;
    if (target < 0)
        target = latest;
    const int current = version(db);
    if (current < 0) {
        if (error)
            *error = u"cannot read the schema version: %1"_s.arg(db.lastError().text());
        return false;
    }
    if (current > latest) {
        if (error)
            *error = u"the profile was written by a newer HTMSE (schema %1; this version knows up to %2): "
                     "update HTMSE Desktop"_s.arg(current)
                         .arg(latest);
        return false;
    }
    for (const Migration& m : list) {
        if (m.version <= current || m.version > target)
            continue;
        if (!db.transaction()) {
            if (error)
                *error = u"cannot start migration %1: %2"_s.arg(m.version).arg(db.lastError().text());
            return false;
        }
        QSqlQuery q(db);
        bool ok = true;
        for (const QString& statement : m.statements) {
            if (!q.exec(statement)) {
                ok = false;
                if (error)
                    *error = u"migration %1 (%2) failed: %3"_s.arg(m.version).arg(m.description, q.lastError().text());
                break;
            }
        }
        // user_version is part of the database header, and so of this transaction.
        if (ok && !q.exec(u"PRAGMA user_version = %1"_s.arg(m.version))) {
            ok = false;
            if (error)
                *error = u"migration %1: cannot record the version: %2"_s.arg(m.version).arg(q.lastError().text());
        }
        q.finish();
        if (!ok || !db.commit()) {
            if (ok && error)
                *error = u"migration %1: cannot commit: %2"_s.arg(m.version).arg(db.lastError().text());
            db.rollback();
            return false;
        }
    }
    return true;
}

} // namespace htmse
