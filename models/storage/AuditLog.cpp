#include "storage/AuditLog.h"

#include "storage/ProfileMeta.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QtEndian>

#include <algorithm>
#include <sodium.h>

namespace htmse {

using namespace Qt::StringLiterals;

namespace {
constexpr int kHashBytes = 32;

QByteArray chainHash(const QByteArray& previous, qint64 seq, const QString& at, const QString& event,
                     const QString& detail)
{
    crypto_generichash_state state;
    crypto_generichash_init(&state, nullptr, 0, kHashBytes);
    const auto feed = [&state](const QByteArray& bytes) {
        const quint32 length = qToLittleEndian(quint32(bytes.size()));
        crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(&length), sizeof length);
        crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(bytes.constData()),
                                  std::size_t(bytes.size()));
    };
    feed(previous);
    const qint64 seqLe = qToLittleEndian(seq);
    feed(QByteArray(reinterpret_cast<const char*>(&seqLe), sizeof seqLe));
    feed(at.toUtf8());
    feed(event.toUtf8());
    feed(detail.toUtf8());
    QByteArray out(kHashBytes, Qt::Uninitialized);
    crypto_generichash_final(&state, reinterpret_cast<unsigned char*>(out.data()), kHashBytes);
    return out;
}

const QByteArray& genesis()
{
    static const QByteArray zero(kHashBytes, '\0');
    return zero;
}
} // namespace

AuditLog::AuditLog(QSqlDatabase db, const Clock& clock)
    : m_db(std::move(db))
    , m_clock(clock)
{}

bool AuditLog::append(const QString& event, const QString& detail, QString* error)
{
    const bool ownTransaction = m_db.transaction();
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    QByteArray previous = genesis();
    qint64 seq = 1;
    if (q.exec(u"SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"_s) && q.next()) {
        seq = q.value(0).toLongLong() + 1;
        previous = q.value(1).toByteArray();
    }
    q.finish();
    // The chain continues from its recorded head, not from whatever row is last: entries cut from
    // the end stay missing (verify() reports the gap) instead of being papered over by the next
    // entry.
    const QByteArray head = ProfileMeta(m_db).value(ProfileMeta::Key::AuditHead).toByteArray();
    if (const qsizetype colon = head.indexOf(':'); colon > 0) {
        const qint64 headSeq = head.left(colon).toLongLong();
        const QByteArray headHash = QByteArray::fromHex(head.mid(colon + 1));
        if (headSeq > 0 && headHash.size() == kHashBytes) {
            seq = std::max(seq, headSeq + 1);
            previous = headHash;
        }
    }
    const QString at = m_clock.now().toUTC().toString(Qt::ISODateWithMs);
    const QByteArray hash = chainHash(previous, seq, at, event, detail);
    q.prepare(u"INSERT INTO audit_log (seq, at, event, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?)"_s);
    q.addBindValue(seq);
    q.addBindValue(at);
    q.addBindValue(event);
    q.addBindValue(detail);
    q.addBindValue(previous);
    q.addBindValue(hash);
    bool ok = q.exec();
    QString headError;
    if (ok)
        ok = ProfileMeta(m_db).setValue(ProfileMeta::Key::AuditHead,
                                        QByteArray(QByteArray::number(seq) + ':' + hash.toHex()), &headError);
    if (!ok && error)
        *error = q.lastError().isValid() ? q.lastError().text() : headError;
    if (ownTransaction) {
        if (ok)
            ok = m_db.commit();
        else
            m_db.rollback();
        if (!ok && error && error->isEmpty())
            *error = m_db.lastError().text();
    }
    return ok;
}

QList<AuditLog::Entry> AuditLog::entries(int limit) const
{
    QList<Entry> out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(u"SELECT seq, at, event, detail FROM audit_log ORDER BY seq DESC LIMIT ?"_s);
    q.addBindValue(limit);
    if (!q.exec())
        return out;
    while (q.next())
        out.append({q.value(0).toLongLong(), QDateTime::fromString(q.value(1).toString(), Qt::ISODateWithMs),
                    q.value(2).toString(), q.value(3).toString()});
    return out;
}

AuditLog::Verification AuditLog::verify() const
{
    Verification v;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(u"SELECT seq, at, event, detail, prev_hash, hash FROM audit_log ORDER BY seq"_s)) {
        v.intact = false;
        v.problem = q.lastError().text();
        return v;
    }
    QByteArray previous = genesis();
    qint64 expectedSeq = 1;
    while (q.next()) {
        const qint64 seq = q.value(0).toLongLong();
        const QByteArray hash = q.value(5).toByteArray();
        const QString problem =
            seq != expectedSeq                     ? u"entry %1 is missing"_s.arg(expectedSeq)
            : q.value(4).toByteArray() != previous ? u"entry %1 does not follow its predecessor"_s.arg(seq)
            : chainHash(previous, seq, q.value(1).toString(), q.value(2).toString(), q.value(3).toString()) != hash
                ? u"entry %1 was altered"_s.arg(seq)
                : QString();
        if (!problem.isEmpty()) {
            v.intact = false;
            v.firstBadSeq = seq;
            v.problem = problem;
            return v;
        }
        previous = hash;
        ++expectedSeq;
        ++v.entries;
    }
    q.finish();
    const QByteArray expectedHead =
        v.entries == 0 ? QByteArray() : QByteArray::number(v.entries) + ':' + previous.toHex();
    const QByteArray storedHead = ProfileMeta(m_db).value(ProfileMeta::Key::AuditHead).toByteArray();
    if (storedHead != expectedHead) {
        v.intact = false;
        v.firstBadSeq = v.entries + 1;
        v.problem = u"the log ends before its recorded head: entries were removed from the end"_s;
    }
    return v;
}

} // namespace htmse
