#include "server/store/DirectoryStore.h"

#include "core/JsonReader.h"
#include "server/Disclosure.h"
#include "server/store/StoreDatabase.h"

#include <QDateTime>
#include <QSqlError>

namespace htmse::server {

using namespace Qt::StringLiterals;

namespace {

constexpr auto kEditColumns = "id, seq, professional_id, submitted_by, body, status, submitted_at, "
                              "reviewed_by, reviewed_at, review_note FROM profile_edits";

QJsonObject editItem(const QSqlQuery& q)
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

} // namespace

// --- directory --------------------------------------------------------------------------------

bool DirectoryStore::upsertDirectory(Statements& sql, const DirectoryWrite& w, qint64 seq, StoreError* error)
{
    QVariant body{QMetaType(QMetaType::QString)};
    if (w.body) {
        QJsonObject o = w.kind == "professional"_L1 ? redactConfidentialLocations(*w.body) : *w.body;
        o.insert(u"server_version"_s, seq);
        body = QString::fromUtf8(compact(o));
    }
    QSqlQuery* q = sql.run(u"INSERT INTO directory (kind, id, seq, body, updated_at) VALUES (?, ?, ?, ?, ?) "
                           "ON CONFLICT (kind, id) DO UPDATE SET seq = excluded.seq, body = excluded.body, "
                           "updated_at = excluded.updated_at"_s,
                           {w.kind, idString(w.id), seq, body, nowMs()});
    return q->lastError().type() == QSqlError::NoError || m_db.fail(error, *q);
}

QList<qint64> DirectoryStore::writeDirectory(const QList<DirectoryWrite>& writes, StoreError* error)
{
    QList<qint64> seqs;
    const bool ok = m_db.transaction(error, [&](QSqlDatabase& db, StoreError* txError) {
        seqs.clear();
        const auto start = m_db.lockCounter(db, u"directory"_s, txError);
        if (!start)
            return false;
        qint64 seq = *start;
        Statements statements(db);
        for (const DirectoryWrite& w : writes) {
            if (!upsertDirectory(statements, w, ++seq, txError))
                return false;
            seqs.append(seq);
        }
        return m_db.storeCounter(db, u"directory"_s, seq, txError);
    });
    return ok ? seqs : QList<qint64>{};
}

ChangePage DirectoryStore::directoryChanges(qint64 after, int limit, StoreError* error)
{
    QSqlQuery q = m_db.select(u"SELECT kind, id, seq, body FROM directory WHERE seq > ? ORDER BY seq LIMIT ?"_s,
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

std::optional<QJsonObject> DirectoryStore::directoryEntry(const QString& kind, const QUuid& id, StoreError* error)
{
    QSqlQuery q = m_db.select(u"SELECT body FROM directory WHERE kind = ? AND id = ?"_s, {kind, idString(id)}, error);
    if (!q.next() || q.value(0).isNull())
        return std::nullopt;
    return parseObject(q.value(0));
}

qint64 DirectoryStore::directoryCount(StoreError* error)
{
    QSqlQuery q = m_db.select(u"SELECT COUNT(*) FROM directory WHERE body IS NOT NULL"_s, {}, error);
    return q.next() ? q.value(0).toLongLong() : 0;
}

// --- news and resources -------------------------------------------------------------------------

qint64 DirectoryStore::publish(const QString& stream, const QUuid& id, const QJsonObject& item, StoreError* error)
{
    qint64 seq = 0;
    const bool ok = m_db.transaction(error, [&](QSqlDatabase& db, StoreError* txError) {
        const auto start = m_db.lockCounter(db, stream, txError);
        if (!start)
            return false;
        seq = *start + 1;
        QJsonObject body = item;
        body.insert(u"version"_s, seq);
        return m_db.exec(db,
                         u"INSERT INTO publications (stream, id, seq, body) VALUES (?, ?, ?, ?) "
                         "ON CONFLICT (stream, id) DO UPDATE SET seq = excluded.seq, body = excluded.body"_s,
                         {stream, idString(id), seq, QString::fromUtf8(compact(body))}, txError) &&
               m_db.storeCounter(db, stream, seq, txError);
    });
    return ok ? seq : 0;
}

ChangePage DirectoryStore::publications(const QString& stream, qint64 after, int limit, StoreError* error)
{
    QSqlQuery q = m_db.select(u"SELECT seq, body FROM publications WHERE stream = ? AND seq > ? ORDER BY seq LIMIT ?"_s,
                              {stream, after, limit + 1}, error);
    return readPage(q, limit);
}

// --- profile edits ------------------------------------------------------------------------------

qint64 DirectoryStore::submitProfileEdit(const QUuid& professionalId, const QString& submittedBy, const QUuid& editId,
                                         const QJsonObject& profile, StoreError* error)
{
    qint64 seq = 0;
    const bool ok = m_db.transaction(error, [&](QSqlDatabase& db, StoreError* txError) {
        const auto start = m_db.lockCounter(db, u"profile-edits"_s, txError);
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
            q.addBindValue(idString(professionalId));
            if (!q.exec())
                return m_db.fail(txError, q);
            while (q.next())
                pending.append(q.value(0).toString());
        }
        for (const QString& id : std::as_const(pending))
            if (!m_db.exec(db, u"UPDATE profile_edits SET status = 'superseded', seq = ? WHERE id = ?"_s, {++seq, id},
                           txError))
                return false;
        ++seq;
        return m_db.exec(db,
                         u"INSERT INTO profile_edits (id, seq, professional_id, submitted_by, body, status, "
                         "submitted_at) VALUES (?, ?, ?, ?, ?, 'pending', ?)"_s,
                         {idString(editId), seq, idString(professionalId), submittedBy,
                          QString::fromUtf8(compact(profile)), nowMs()},
                         txError) &&
               m_db.storeCounter(db, u"profile-edits"_s, seq, txError);
    });
    return ok ? seq : 0;
}

ChangePage DirectoryStore::profileEdits(const std::optional<QUuid>& professionalId, qint64 after, int limit,
                                        bool pendingOnly, StoreError* error)
{
    QString sql = u"SELECT "_s + QLatin1StringView(kEditColumns) + u" WHERE seq > ?"_s;
    QVariantList binds{after};
    if (professionalId) {
        sql += u" AND professional_id = ?"_s;
        binds.append(idString(*professionalId));
    }
    if (pendingOnly)
        sql += u" AND status = 'pending'"_s;
    sql += u" ORDER BY seq LIMIT ?"_s;
    binds.append(limit + 1);
    QSqlQuery q = m_db.select(sql, binds, error);
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

std::optional<QJsonObject> DirectoryStore::reviewProfileEdit(const QString& reviewer, const QUuid& editId,
                                                             ReviewDecision decision, const QString& note,
                                                             StoreError* error)
{
    std::optional<QJsonObject> out;
    m_db.transaction(error, [&](QSqlDatabase& db, StoreError* txError) {
        // Locks in the order every writer of edits takes them: the edits' counter, the edit,
        // then the directory's counter.
        const auto editSeq = m_db.lockCounter(db, u"profile-edits"_s, txError);
        if (!editSeq)
            return false;
        QJsonObject profile;
        QUuid professionalId;
        {
            QSqlQuery q(db);
            q.prepare(u"SELECT body, status, professional_id FROM profile_edits WHERE id = ?"_s +
                      m_db.dialect().forUpdate());
            q.addBindValue(idString(editId));
            if (!q.exec())
                return m_db.fail(txError, q);
            if (!q.next())
                return StoreDatabase::fail(txError, StoreError::Kind::NotFound, u"no such profile edit"_s);
            if (q.value(1).toString() != "pending"_L1)
                return StoreDatabase::fail(txError, StoreError::Kind::Conflict,
                                           u"the edit was already reviewed (%1)"_s.arg(q.value(1).toString()));
            profile = parseObject(q.value(0));
            professionalId = QUuid(q.value(2).toString());
        }
        const qint64 now = nowMs();
        if (decision == ReviewDecision::Approve) {
            const QDateTime at = QDateTime::fromMSecsSinceEpoch(now, Qt::UTC);
            QJsonObject verification = profile.value(u"verification"_s).toObject();
            verification.insert(u"status"_s, u"verified"_s);
            verification.insert(u"verified_by"_s, reviewer);
            verification.insert(u"verified_at"_s, toIsoUtc(at));
            profile.insert(u"verification"_s, verification);
            profile.insert(u"updated_at"_s, toIsoUtc(at));
            const auto start = m_db.lockCounter(db, u"directory"_s, txError);
            Statements statements(db);
            if (!start ||
                !upsertDirectory(statements, {u"professional"_s, professionalId, profile}, *start + 1, txError) ||
                !m_db.storeCounter(db, u"directory"_s, *start + 1, txError))
                return false;
            profile.insert(u"server_version"_s, *start + 1);
        }
        // The reviewed edit moves to the end of the stream, so its author sees the outcome.
        if (!m_db.exec(db,
                       u"UPDATE profile_edits SET status = ?, seq = ?, reviewed_by = ?, reviewed_at = ?, "
                       "review_note = ? WHERE id = ?"_s,
                       {decision == ReviewDecision::Approve ? u"approved"_s : u"rejected"_s, *editSeq + 1, reviewer,
                        now, note, idString(editId)},
                       txError) ||
            !m_db.storeCounter(db, u"profile-edits"_s, *editSeq + 1, txError))
            return false;
        out = profile;
        return true;
    });
    return out;
}

} // namespace htmse::server
