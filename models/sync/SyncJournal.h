// SyncJournal: the one owner of sync state in the encrypted profile — the directory, referral
// event, news and resources cursors, the outbox state of each local event (through the
// referral store), the server and user signed in with their refresh token, the last error of
// each phase and the sync history. Every pulled page is applied together with its cursor in
// one transaction; a page that fails is not applied at all.
#pragma once

#include "core/Clock.h"
#include "core/SecureBytes.h"
#include "domain/Organisation.h"
#include "domain/Professional.h"
#include "domain/ReferralEvent.h"
#include "storage/DirectoryStore.h"
#include "storage/ReferralStore.h"

#include <QDateTime>
#include <QHash>
#include <QSqlDatabase>
#include <QUrl>

#include <optional>

namespace htmse {

enum class SyncPhase
{
    SignIn,
    Push,
    Events,
    Directory,
    News,
    Resources,
};
QString toWire(SyncPhase phase);   // "sign-in", "push", ...
QString describe(SyncPhase phase); // plain words: "uploading referrals"
std::optional<SyncPhase> syncPhaseFromWire(QStringView wire);

class SyncJournal
{
public:
    enum class Stream
    {
        Directory,
        Events,
        News,
        Resources,
    };

    // A page of directory changes, read and checked (SyncClient): upserts and tombstones.
    struct DirectoryPage
    {
        QList<Professional> professionals;
        QList<Organisation> organisations;
        QList<QUuid> removedProfessionals;
        QList<QUuid> removedOrganisations;
        QString next;
        bool hasItems = false;
    };
    // A page of referral events as the server holds them (each with its number).
    struct EventPage
    {
        QList<ReferralEvent> events;
        QString next;
    };
    // A page of news or resources: each item's id, number and JSON (null: withdrawn).
    struct Publication
    {
        QUuid id;
        qint64 seq = 0;
        QByteArray json;
    };
    struct PublicationPage
    {
        QList<Publication> items;
        QString next;
    };
    struct PushAnswer
    {
        QList<QPair<QUuid, qint64>> accepted;
        QList<QPair<QUuid, QString>> rejected;
    };

    struct HistoryEntry
    {
        QDateTime startedAt;
        qint64 durationMs = 0;
        QString outcome; // "ok", "cancelled", "unreachable", "bad-credentials", "failed"
        int pulledProfiles = 0;
        int removedProfiles = 0;
        int pushedEvents = 0;
        int rejectedEvents = 0;
        int pulledEvents = 0;
        int pulledPublications = 0;
        qint64 bytesReceived = 0;
        QString message; // plain words, no victim data
    };
    struct PhaseError
    {
        QDateTime at;
        QString message;
    };

    SyncJournal(QSqlDatabase db, DirectoryStore& directory, ReferralStore& referrals,
                const Clock& clock = Clock::system());

    // The cursor of a stream; empty when nothing has been pulled yet.
    QString cursor(Stream stream) const;

    // Each applies the page and its cursor in one transaction. A cursor that does not move
    // forward (a number below the stored one, or the same one with items) refuses the page.
    bool applyDirectoryPage(const DirectoryPage& page, QString* error);
    // *changed: the referrals the page touched; *erased: whether it erased any. `self`: this
    // user's directory id when they are a professional: a "sent" event showing them a referral
    // also writes the referral as they see it (ReferralStore::addReceivedView).
    bool applyEventPage(const EventPage& page, const QUuid& self, QList<QUuid>* changed, bool* erased, QString* error);
    bool applyPublicationPage(Stream stream, const PublicationPage& page, QString* error);

    // The outbox (ReferralStore): up to `limit` events to send; marks them sent.
    QList<ReferralEvent> takeOutbox(int limit, QString* error);
    // The server's answer to a push, in one transaction. *changed: the referrals it touched.
    bool recordPushAnswer(const PushAnswer& answer, QList<QUuid>* changed, QString* error);
    int pendingEvents() const;
    int pendingReferrals() const;
    QList<ReferralStore::OutboxEntry> rejectedEvents() const;

    // The server and user the cursors and the refresh token belong to.
    QUrl server() const;
    QString user() const;
    // The stored refresh token for `server` and `user`; nothing when it was issued elsewhere.
    std::optional<SecureBytes> refreshToken(const QUrl& server, const QString& user) const;
    // After a sign-in: the new refresh token (the old one is spent). Signing in to another
    // server or as another user starts the event and publication cursors afresh (another
    // user sees other events); the directory is the same for everyone on one server.
    bool storeSignIn(const QUrl& server, const QString& user, QByteArrayView refreshToken, QString* error);
    // Forgets the refresh token (a sign-out).
    bool forgetRefreshToken(QString* error);

    // The last error of each phase; a successful phase clears its own.
    void recordError(SyncPhase phase, const QString& message);
    void clearError(SyncPhase phase);
    QHash<SyncPhase, PhaseError> lastErrors() const;

    bool appendHistory(const HistoryEntry& entry, QString* error);
    QList<HistoryEntry> history(int limit = 50) const; // newest first
    QDateTime lastSuccess() const;                     // invalid: never

    // News and resources kept for offline reading (newest first), as the server sent them.
    QList<QByteArray> publications(Stream stream) const;

private:
    bool checkCursor(Stream stream, const QString& next, bool hasItems, QString* error) const;
    bool setCursor(Stream stream, const QString& next, QString* error);
    bool commitOrRollback(bool ok, QString* error);

    QSqlDatabase m_db;
    DirectoryStore& m_directory;
    ReferralStore& m_referrals;
    const Clock& m_clock;
};

} // namespace htmse
