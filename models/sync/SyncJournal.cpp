#include "sync/SyncJournal.h"

#include "core/JsonReader.h"
#include "storage/ProfileMeta.h"
#include "sync/SyncPayload.h"

#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

namespace htmse {

using namespace Qt::StringLiterals;

namespace {

ProfileMeta::Key cursorKey(SyncJournal::Stream stream)
{
    switch (stream) {
    case SyncJournal::Stream::Directory:
        return ProfileMeta::Key::DirectoryCursor;
    case SyncJournal::Stream::Events:
        return ProfileMeta::Key::EventCursor;
    case SyncJournal::Stream::News:
        return ProfileMeta::Key::NewsCursor;
    case SyncJournal::Stream::Resources:
        return ProfileMeta::Key::ResourcesCursor;
    }
    Q_UNREACHABLE();
    return ProfileMeta::Key::DirectoryCursor;
}

QString streamName(SyncJournal::Stream stream)
{
    return stream == SyncJournal::Stream::News ? u"news"_s : u"resources"_s;
}

// The server's cursors are whole numbers written as text.
std::optional<qint64> cursorNumber(const QString& cursor)
{
    if (cursor.isEmpty())
        return 0;
    if (cursor.size() > 18)
        return std::nullopt;
    for (const QChar c : cursor)
        if (c < u'0' || c > u'9')
            return std::nullopt;
    return cursor.toLongLong();
}

} // namespace

QString toWire(SyncPhase phase)
{
    switch (phase) {
    case SyncPhase::SignIn:
        return u"sign-in"_s;
    case SyncPhase::Push:
        return u"push"_s;
    case SyncPhase::Events:
        return u"events"_s;
    case SyncPhase::Directory:
        return u"directory"_s;
    case SyncPhase::News:
        return u"news"_s;
    case SyncPhase::Resources:
        return u"resources"_s;
    }
    Q_UNREACHABLE();
    return {};
}

QString describe(SyncPhase phase)
{
    switch (phase) {
    case SyncPhase::SignIn:
        return u"signing in"_s;
    case SyncPhase::Push:
        return u"uploading referrals"_s;
    case SyncPhase::Events:
        return u"receiving referral updates"_s;
    case SyncPhase::Directory:
        return u"updating the directory"_s;
    case SyncPhase::News:
        return u"receiving news"_s;
    case SyncPhase::Resources:
        return u"receiving resources"_s;
    }
    Q_UNREACHABLE();
    return {};
}

std::optional<SyncPhase> syncPhaseFromWire(QStringView wire)
{
    for (SyncPhase p : {SyncPhase::SignIn, SyncPhase::Push, SyncPhase::Events, SyncPhase::Directory, SyncPhase::News,
                        SyncPhase::Resources})
        if (toWire(p) == wire)
            return p;
    return std::nullopt;
}

SyncJournal::SyncJournal(QSqlDatabase db, DirectoryStore& directory, ReferralStore& referrals, const Clock& clock)
    : m_db(std::move(db))
    , m_directory(directory)
    , m_referrals(referrals)
    , m_clock(clock)
{}

QString SyncJournal::cursor(Stream stream) const
{
    return ProfileMeta(m_db).value(cursorKey(stream)).toString();
}

bool SyncJournal::checkCursor(Stream stream, const QString& next, bool hasItems, QString* error) const
{
    const auto before = cursorNumber(cursor(stream));
    const auto after = cursorNumber(next);
    if (!after || next.isEmpty()) {
        if (error)
            *error = u"the server sent a cursor this version does not understand"_s;
        return false;
    }
    if (before && (*after < *before || (hasItems && *after == *before))) {
        if (error)
            *error =
                u"the server's cursor went backwards (from %1 to %2); nothing was applied"_s.arg(*before).arg(*after);
        return false;
    }
    return true;
}

bool SyncJournal::setCursor(Stream stream, const QString& next, QString* error)
{
    return ProfileMeta(m_db).setValue(cursorKey(stream), next, error);
}

bool SyncJournal::commitOrRollback(bool ok, QString* error)
{
    if (ok && m_db.commit())
        return true;
    if (ok && error)
        *error = m_db.lastError().text();
    m_db.rollback();
    return false;
}

bool SyncJournal::applyDirectoryPage(const DirectoryPage& page, QString* error)
{
    if (!checkCursor(Stream::Directory, page.next, page.hasItems, error))
        return false;
    if (!m_db.transaction()) {
        if (error)
            *error = m_db.lastError().text();
        return false;
    }
    bool ok = m_directory.applyChanges(page.professionals, page.organisations, page.removedProfessionals,
                                       page.removedOrganisations, error) &&
              setCursor(Stream::Directory, page.next, error) &&
              ProfileMeta(m_db).setValue(ProfileMeta::Key::DirectoryLastSync, toIsoUtc(m_clock.now()), error);
    ok = commitOrRollback(ok, error);
    if (!ok)
        m_directory.forgetUncommitted();
    return ok;
}

bool SyncJournal::applyEventPage(const EventPage& page, const QUuid& self, QList<QUuid>* changed, bool* erased,
                                 QString* error)
{
    if (!checkCursor(Stream::Events, page.next, !page.events.isEmpty(), error))
        return false;
    if (!m_db.transaction()) {
        if (error)
            *error = m_db.lastError().text();
        return false;
    }
    QList<QUuid> touched;
    QSet<QUuid> seen;
    bool ok = true;
    bool anyErasure = false;
    for (const ReferralEvent& e : page.events) {
        if (e.type == ReferralEventType::Sent && e.payload.contains(u"referral"_s)) {
            if (const auto details = syncpayload::receivedDetails(e, self))
                ok = m_referrals.addReceivedView(e, *details, error);
        }
        ok = ok && m_referrals.applyServerEvent(e, error);
        if (!ok)
            break;
        anyErasure = anyErasure || e.type == ReferralEventType::Erased;
        if (!seen.contains(e.referralId)) {
            seen.insert(e.referralId);
            touched.append(e.referralId);
        }
    }
    ok = ok && m_referrals.refoldAll(touched, error) && setCursor(Stream::Events, page.next, error);
    if (!commitOrRollback(ok, error))
        return false;
    if (anyErasure) // old page images of the erased events live on in the WAL until this
        QSqlQuery(m_db).exec(u"PRAGMA wal_checkpoint(TRUNCATE)"_s);
    if (changed)
        *changed = touched;
    if (erased)
        *erased = anyErasure;
    return true;
}

bool SyncJournal::applyPublicationPage(Stream stream, const PublicationPage& page, QString* error)
{
    if (!checkCursor(stream, page.next, !page.items.isEmpty(), error))
        return false;
    if (!m_db.transaction()) {
        if (error)
            *error = m_db.lastError().text();
        return false;
    }
    QSqlQuery q(m_db);
    bool ok = q.prepare(u"INSERT OR REPLACE INTO sync_publications (stream, id, seq, body) VALUES (?, ?, ?, ?)"_s);
    for (qsizetype i = 0; ok && i < page.items.size(); ++i) {
        const Publication& p = page.items.at(i);
        q.addBindValue(streamName(stream));
        q.addBindValue(uuidString(p.id));
        q.addBindValue(p.seq);
        q.addBindValue(p.json.isNull() ? QVariant(QMetaType(QMetaType::QByteArray)) : QVariant(p.json));
        ok = q.exec();
    }
    if (!ok && error)
        *error = q.lastError().text();
    ok = ok && setCursor(stream, page.next, error);
    return commitOrRollback(ok, error);
}

QList<ReferralEvent> SyncJournal::takeOutbox(int limit, QString* error)
{
    const QList<ReferralEvent> events = m_referrals.outbox(limit);
    if (events.isEmpty())
        return events;
    QList<QUuid> ids;
    for (const ReferralEvent& e : events)
        ids.append(e.id);
    if (!m_db.transaction()) {
        if (error)
            *error = m_db.lastError().text();
        return {};
    }
    if (!commitOrRollback(m_referrals.markSent(ids, m_clock.now(), error), error))
        return {};
    return events;
}

bool SyncJournal::recordPushAnswer(const PushAnswer& answer, QList<QUuid>* changed, QString* error)
{
    if (!m_db.transaction()) {
        if (error)
            *error = m_db.lastError().text();
        return false;
    }
    QList<QUuid> touched;
    QSet<QUuid> seen;
    const auto touch = [&](const QUuid& event) {
        const QUuid referral = m_referrals.referralOf(event);
        if (!referral.isNull() && !seen.contains(referral)) {
            seen.insert(referral);
            touched.append(referral);
        }
    };
    bool ok = true;
    for (const auto& [id, seq] : answer.accepted) {
        ok = ok && m_referrals.markAccepted(id, seq, error);
        touch(id);
    }
    for (const auto& [id, reason] : answer.rejected) {
        ok = ok && m_referrals.markRejected(id, reason, error);
        touch(id);
    }
    ok = ok && m_referrals.refoldAll(touched, error);
    if (!commitOrRollback(ok, error))
        return false;
    if (changed)
        *changed = touched;
    return true;
}

int SyncJournal::pendingEvents() const
{
    return m_referrals.pendingCount();
}

int SyncJournal::pendingReferrals() const
{
    return m_referrals.pendingReferralCount();
}

QList<ReferralStore::OutboxEntry> SyncJournal::rejectedEvents() const
{
    return m_referrals.rejectedEvents();
}

QUrl SyncJournal::server() const
{
    return QUrl(ProfileMeta(m_db).value(ProfileMeta::Key::SyncServer).toString());
}

QString SyncJournal::user() const
{
    return ProfileMeta(m_db).value(ProfileMeta::Key::SyncUser).toString();
}

std::optional<SecureBytes> SyncJournal::refreshToken(const QUrl& server, const QString& user) const
{
    if (server.adjusted(QUrl::StripTrailingSlash) != this->server() || user != this->user())
        return std::nullopt;
    QByteArray stored = ProfileMeta(m_db).value(ProfileMeta::Key::RefreshToken).toByteArray();
    if (stored.isEmpty())
        return std::nullopt;
    SecureBytes token = SecureBytes::copyOf(stored);
    stored.fill('\0');
    return token;
}

bool SyncJournal::storeSignIn(const QUrl& server, const QString& user, QByteArrayView refreshToken, QString* error)
{
    const QUrl normalised = server.adjusted(QUrl::StripTrailingSlash);
    const bool sameServer = normalised == this->server();
    const bool sameAccount = sameServer && user == this->user();
    if (!m_db.transaction()) {
        if (error)
            *error = m_db.lastError().text();
        return false;
    }
    ProfileMeta meta(m_db);
    bool ok = meta.setValue(ProfileMeta::Key::SyncServer, normalised.toString(), error) &&
              meta.setValue(ProfileMeta::Key::SyncUser, user, error) &&
              meta.setValue(ProfileMeta::Key::RefreshToken, refreshToken.toByteArray(), error);
    if (ok && !sameAccount)
        ok = meta.remove(ProfileMeta::Key::EventCursor, error) && meta.remove(ProfileMeta::Key::NewsCursor, error) &&
             meta.remove(ProfileMeta::Key::ResourcesCursor, error);
    if (ok && !sameServer)
        ok = meta.remove(ProfileMeta::Key::DirectoryCursor, error);
    return commitOrRollback(ok, error);
}

bool SyncJournal::forgetRefreshToken(QString* error)
{
    return ProfileMeta(m_db).remove(ProfileMeta::Key::RefreshToken, error);
}

void SyncJournal::recordError(SyncPhase phase, const QString& message)
{
    QSqlQuery q(m_db);
    q.prepare(u"INSERT OR REPLACE INTO sync_errors (phase, at, message) VALUES (?, ?, ?)"_s);
    q.addBindValue(toWire(phase));
    q.addBindValue(toIsoUtc(m_clock.now()));
    q.addBindValue(message.left(1000));
    q.exec();
}

void SyncJournal::clearError(SyncPhase phase)
{
    QSqlQuery q(m_db);
    q.prepare(u"DELETE FROM sync_errors WHERE phase = ?"_s);
    q.addBindValue(toWire(phase));
    q.exec();
}

QHash<SyncPhase, SyncJournal::PhaseError> SyncJournal::lastErrors() const
{
    QHash<SyncPhase, PhaseError> out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (q.exec(u"SELECT phase, at, message FROM sync_errors"_s))
        while (q.next())
            if (const auto phase = syncPhaseFromWire(q.value(0).toString()))
                out.insert(*phase,
                           {QDateTime::fromString(q.value(1).toString(), Qt::ISODateWithMs), q.value(2).toString()});
    return out;
}

bool SyncJournal::appendHistory(const HistoryEntry& e, QString* error)
{
    if (!m_db.transaction()) {
        if (error)
            *error = m_db.lastError().text();
        return false;
    }
    QSqlQuery q(m_db);
    q.prepare(u"INSERT INTO sync_history (started_at, duration_ms, outcome, pulled_profiles, removed_profiles, "
              "pushed_events, rejected_events, pulled_events, pulled_publications, bytes_received, message) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s);
    for (const QVariant& v :
         {QVariant(toIsoUtc(e.startedAt)), QVariant(e.durationMs), QVariant(e.outcome), QVariant(e.pulledProfiles),
          QVariant(e.removedProfiles), QVariant(e.pushedEvents), QVariant(e.rejectedEvents), QVariant(e.pulledEvents),
          QVariant(e.pulledPublications), QVariant(e.bytesReceived), QVariant(e.message.left(1000))})
        q.addBindValue(v);
    bool ok = q.exec();
    if (!ok && error)
        *error = q.lastError().text();
    // The history is for people to read: the last 500 runs are plenty.
    ok = ok && q.exec(u"DELETE FROM sync_history WHERE id <= (SELECT max(id) FROM sync_history) - 500"_s);
    if (ok && e.outcome == "ok"_L1)
        ok = ProfileMeta(m_db).setValue(ProfileMeta::Key::LastSyncSuccess, toIsoUtc(e.startedAt.addMSecs(e.durationMs)),
                                        error);
    return commitOrRollback(ok, error);
}

QList<SyncJournal::HistoryEntry> SyncJournal::history(int limit) const
{
    QList<HistoryEntry> out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(u"SELECT started_at, duration_ms, outcome, pulled_profiles, removed_profiles, pushed_events, "
              "rejected_events, pulled_events, pulled_publications, bytes_received, message FROM sync_history "
              "ORDER BY id DESC LIMIT ?"_s);
    q.addBindValue(limit);
    if (!q.exec())
        return out;
    while (q.next()) {
        HistoryEntry e;
        e.startedAt = QDateTime::fromString(q.value(0).toString(), Qt::ISODateWithMs);
        e.durationMs = q.value(1).toLongLong();
        e.outcome = q.value(2).toString();
        e.pulledProfiles = q.value(3).toInt();
        e.removedProfiles = q.value(4).toInt();
        e.pushedEvents = q.value(5).toInt();
        e.rejectedEvents = q.value(6).toInt();
        e.pulledEvents = q.value(7).toInt();
        e.pulledPublications = q.value(8).toInt();
        e.bytesReceived = q.value(9).toLongLong();
        e.message = q.value(10).toString();
        out.append(e);
    }
    return out;
}

QDateTime SyncJournal::lastSuccess() const
{
    return QDateTime::fromString(ProfileMeta(m_db).value(ProfileMeta::Key::LastSyncSuccess).toString(),
                                 Qt::ISODateWithMs);
}

QList<QByteArray> SyncJournal::publications(Stream stream) const
{
    QList<QByteArray> out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(u"SELECT body FROM sync_publications WHERE stream = ? AND body IS NOT NULL ORDER BY seq DESC"_s);
    q.addBindValue(streamName(stream));
    if (q.exec())
        while (q.next())
            out.append(q.value(0).toByteArray());
    return out;
}

} // namespace htmse
