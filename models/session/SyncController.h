// SyncController: sync for the desktop and the CLI alike, over one open workspace. Runs a sync
// on demand, after unlock and every few minutes while automatic sync is on; cancellable;
// reports progress by phase; and keeps one status text that says what is true
// ("3 referrals waiting to upload — last attempt 14:02 failed: server unreachable — retrying in
// 2 min"). It lives in models/session (not models/sync) because it works through the workspace.
#pragma once

#include "core/Clock.h"
#include "sync/SyncClient.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <optional>

namespace htmse {

class ProfileWorkspace;

// What the status bar and a sync panel show; statusText() says it in one line.
struct SyncStatus
{
    bool running = false;
    std::optional<SyncPhase> phase; // while running
    int pendingEvents = 0;          // recorded here, not yet accepted by the server
    int pendingReferrals = 0;       // the referrals those belong to
    int rejectedEvents = 0;         // refused by the server (each with its reason on the referral)
    QDateTime lastAttempt;          // invalid: never
    QString lastAttemptOutcome;     // "ok", "unreachable", ... (SyncOutcome::outcomeWord)
    QString lastError;              // plain words, when the last attempt failed
    QDateTime lastSuccess;          // invalid: never
    QDateTime nextAttempt;          // invalid: none planned
    bool configured = false;        // a server and user are known
};

class SyncController : public QObject
{
    Q_OBJECT

public:
    // The server and user the profile last signed in to are used until setServer() says otherwise.
    // Locking the workspace stops the controller for good (a run in progress is cancelled while
    // the database is still open); make a new one after the next unlock.
    explicit SyncController(ProfileWorkspace& workspace, QObject* parent = nullptr);
    ~SyncController() override;

    void setServer(const QUrl& server, const QString& user);
    QUrl server() const { return m_settings.server; }
    QString user() const { return m_settings.user; }
    // Page size, timeouts, retries (tests and the benchmark tune them). The server, user and
    // certificate pin are kept as they are.
    void setTuning(const SyncSettings& tuning);
    // Automatic sync: one run right away (after unlock), then every `minutes`; after a failure
    // sooner, backing off (1, 2, 4 ... minutes, with jitter) up to the interval. A failure that
    // needs a person (password, certificate, address) plans nothing. Where QNetworkInformation
    // reports reachability, coming back online starts a run at once. 0 turns it off.
    void setAutomatic(int minutes);

    // Starts a run now (a password for the first sign-in); false when one is running or no
    // server is set (statusText() says why).
    bool syncNow(std::optional<SecureBytes> password = std::nullopt);
    // One-time answer links for a referral to a recipient outside the directory (DESIGN.md §6),
    // through a run with the stored sign-in: the outbox is pushed first (the referral must be on
    // the server, sent), then the link is made — answerLinkDone() brings its URL, to be shown
    // once — or every usable link of the referral is revoked; the run then goes on as usual.
    // False when a run is going or no server is set. `days`: fewer than the server's default.
    bool createAnswerLink(const QUuid& referralId, int days = 0);
    bool revokeAnswerLinks(const QUuid& referralId);
    // A professional's own listing, through a run with the stored sign-in: submit an edit of it
    // (the whole Professional document; a directory editor reviews it), or check the review state
    // of the newest edit. listingDone() brings the answer, then the run goes on as usual. False
    // when a run is going or no server is set.
    bool submitListing(const QJsonObject& profile);
    bool checkListing();
    void cancel();
    bool isRunning() const { return m_client.isRunning(); }
    // Whether a run since unlock signed in (so professionalId() is known), and the directory
    // profile the account is linked to (null: not a professional's account).
    bool accountKnown() const { return m_lastOutcome && m_lastOutcome->ok(); }
    QUuid professionalId() const { return m_client.professionalId(); }
    // The account's role as the server names it (GET /api/v1/me); empty until a run signed in.
    QString role() const { return m_client.role(); }

    SyncStatus status() const;
    QString statusText() const;
    // The last run's outcome (counts, bytes, time); nothing before the first run ends.
    const std::optional<SyncOutcome>& lastOutcome() const { return m_lastOutcome; }

signals:
    void started();
    void progress(SyncPhase phase, qint64 done, qint64 total);
    void finished(const SyncOutcome& outcome);
    void statusChanged();
    // Before finished(), for a run started by createAnswerLink() or revokeAnswerLinks().
    void answerLinkDone(const AnswerLinkResult& result);
    // Before finished(), for a run started by submitListing() or checkListing().
    void listingDone(const ListingResult& result);

private:
    bool startRun(std::optional<SecureBytes> password, std::optional<AnswerLinkErrand> errand,
                  std::optional<ListingErrand> listing = std::nullopt);
    void onFinished(const SyncOutcome& outcome);
    void planNext(bool failed);

    bool workspaceOpen() const;

    QPointer<ProfileWorkspace> m_workspace;
    const Clock& m_clock;
    SyncClient m_client;
    SyncSettings m_settings;
    std::optional<SyncOutcome> m_lastOutcome;
    std::optional<SyncPhase> m_phase;
    QTimer m_timer;
    int m_intervalMinutes = 0;
    bool m_watchingNetwork = false;
    int m_failures = 0;
    QDateTime m_nextAttempt;
};

} // namespace htmse
