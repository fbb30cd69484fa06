// SyncClient: one sync run against an htmse-server (DESIGN.md §6), fully asynchronous on
// QNetworkAccessManager (nothing waits: the thread it lives on keeps its event loop): sign-in
// (password, or the stored refresh token, rotated), the outbox pushed in batches, referral
// events pulled and folded, directory changes pulled, news and resources pulled. Every page is
// checked whole (sync/SyncPayload) and applied with its cursor in one transaction
// (SyncJournal). Transient failures are retried with exponential backoff and jitter.
#pragma once

#include "core/SecureBytes.h"
#include "sync/SyncJournal.h"
#include "sync/SyncPayload.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QNetworkReply>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>

class QNetworkAccessManager;

namespace htmse {

struct SyncSettings
{
    QUrl server;                            // https://..., or http:// to a loopback address only
    QString user;                           // the server account
    QString pinnedCertificateSha256;        // hex, from the office policy; empty: system trust only
    int pageLimit = 100;                    // per page; each is written on the workspace thread (docs/architecture.md)
    int pushBatch = 200;                    // events per upload
    qint64 maxBodyBytes = 64 * 1024 * 1024; // a larger answer is refused
    int transferTimeoutMs = 60'000;
    int retries = 3;       // transient failures (busy server, dropped connection) retried per request
    int retryBaseMs = 500; // first retry after ~this, doubling, with jitter
    bool pullPublications = true;
};

struct SyncOutcome
{
    enum class Result
    {
        Ok,
        Cancelled,
        Unreachable,    // no answer: network down, server not running, timed out
        BadCredentials, // wrong user name or password, or a sign-in that expired
        Tls,            // a certificate problem (in plain words in message)
        Server,         // the server answered with an error
        Invalid,        // the server's answer failed the checks; nothing of it was applied
        Local,          // this device's database failed
        Refused,        // the settings themselves (an http:// address to another machine)
    };
    Result result = Result::Ok;
    std::optional<SyncPhase> phase; // where it stopped
    QString message;                // plain words, no victim data
    int pulledProfiles = 0;
    int removedProfiles = 0;
    int pushedEvents = 0;
    int rejectedEvents = 0;
    int pulledEvents = 0;
    int pulledNews = 0;
    int pulledResources = 0;
    qint64 bytesReceived = 0;
    qint64 elapsedMs = 0;
    QDateTime startedAt;

    bool ok() const { return result == Result::Ok; }
    QString outcomeWord() const; // "ok", "unreachable", ... (the history's outcome)
};

// A call made for a person during a run, once the outbox is pushed (so the referral it concerns
// is on the server): a one-time answer link for a referral to a recipient outside the directory,
// or revoking the referral's links (DESIGN.md §6).
struct AnswerLinkErrand
{
    enum class Kind
    {
        Create,
        RevokeAll,
    };
    Kind kind = Kind::Create;
    QUuid referralId;
    int days = 0; // fewer days than the server's default; 0: its default
};

struct AnswerLinkResult
{
    AnswerLinkErrand::Kind kind = AnswerLinkErrand::Kind::Create;
    QUuid referralId;
    bool ok = false;
    QUuid id;            // the new link's
    QUrl url;            // the new link: given once, to be shown once; never stored or logged
    QDateTime expiresAt; // UTC
    int revoked = 0;     // links revoked
    QString message;     // plain words when it failed
};

// A call about a professional's own listing (DESIGN.md §6 `/api/v1/profiles/me`), made during a
// run right after sign-in: submit an edit (a whole Professional document; the directory editor
// reviews it), or check where the listing's edits stand. A submit checks afterwards too.
struct ListingErrand
{
    enum class Kind
    {
        Submit,
        Check,
    };
    Kind kind = Kind::Check;
    QJsonObject profile; // Submit: the edited listing
};

// One submitted edit as the server keeps it.
struct ListingReview
{
    QUuid editId;
    QString status; // "pending", "approved", "rejected", "superseded"
    QDateTime submittedAt;
    QDateTime reviewedAt; // invalid until reviewed
    QString reviewNote;   // the editor's reason, when rejected
};

struct ListingResult
{
    ListingErrand::Kind kind = ListingErrand::Kind::Check;
    bool ok = false;
    bool notLinked = false;              // the account has no directory profile
    QString message;                     // plain words when it failed
    QStringList problems;                // the server's validation problems of a refused submit
    std::optional<QJsonObject> listing;  // the listing as the directory serves it (absent: not listed yet)
    std::optional<ListingReview> latest; // the newest edit; none: nothing submitted yet
};

class SyncClient : public QObject
{
    Q_OBJECT

public:
    explicit SyncClient(SyncJournal& journal, QObject* parent = nullptr);
    ~SyncClient() override;

    // Starts a run; `password`: for a password sign-in (else the stored refresh token is used).
    // finished() follows exactly once. Returns false (and emits nothing) while a run is going.
    // With an errand, answerLinkDone() follows before finished(), whatever happens.
    bool start(const SyncSettings& settings, std::optional<SecureBytes> password = std::nullopt,
               std::optional<AnswerLinkErrand> errand = std::nullopt);
    // A run whose first call after sign-in is `errand`; listingDone() follows before finished().
    bool startListing(const SyncSettings& settings, const ListingErrand& errand);
    // Stops the run: the request in flight is aborted, what was committed stays committed.
    void cancel();
    bool isRunning() const { return m_running; }
    // The directory profile the signed-in account is linked to (a professional's account), as
    // the last sign-in of this run said; null for other accounts or before one.
    QUuid professionalId() const { return m_self; }
    // The signed-in account's role as the server names it ("caseworker", "org-admin",
    // "directory-editor", ...), as the last sign-in of this run said; empty before one.
    QString role() const { return m_role; }

    // Whether `server` may be used: http(s), and plain http only to a loopback address.
    static bool acceptableServer(const QUrl& server, QString* why);

signals:
    void phaseStarted(SyncPhase phase);
    void progress(SyncPhase phase, qint64 done, qint64 total); // total -1: not known
    void directoryApplied(const QList<Professional>& upserted, const QList<QUuid>& removed);
    void referralsApplied(const QList<QUuid>& referrals, bool erased);
    void publicationsApplied(); // a page of news or resources
    void finished(const SyncOutcome& outcome);
    void answerLinkDone(const AnswerLinkResult& result);
    void listingDone(const ListingResult& result);

private:
    struct Answer
    {
        int status = 0;
        QByteArray body;
        QNetworkReply::NetworkError error = QNetworkReply::NoError;
        QString errorText;
        QString tlsProblem;
        bool tooLarge = false;
        int retryAfterSeconds = -1;
    };
    using Handler = std::function<void(const Answer&)>;

    void request(const QByteArray& method, const QString& pathAndQuery, const QByteArray& body, Handler done,
                 int attempt = 0);
    QNetworkRequest makeRequest(const QString& pathAndQuery) const;
    void watchTls(QNetworkReply* reply, const std::shared_ptr<QString>& tlsProblem);
    static bool isTransient(const Answer& a);
    int backoffMs(int attempt, int retryAfterSeconds) const;
    // Ends the run with the outcome of a failed request.
    void failWith(SyncPhase phase, const Answer& a);
    void finish(SyncOutcome::Result result, const QString& message = {}, std::optional<SyncPhase> phase = {});

    bool begin(const SyncSettings& settings, std::optional<SecureBytes> password,
               std::optional<AnswerLinkErrand> errand);
    void signIn();
    void whoAmI();
    void push();
    void runErrand();
    void errandDone(AnswerLinkResult result);
    // SyncClientListing.cpp
    void runListingErrand();
    void checkListing(ListingResult result, const QString& after);
    void listingErrandDone(ListingResult result);
    void pullEvents();
    void pullDirectory();
    struct ParsedDirectoryPage
    {
        std::optional<SyncJournal::DirectoryPage> page;
        QString error;
        syncpayload::PageFrame frame;
    };
    void applyDirectoryPage(const ParsedDirectoryPage& parsed);
    void pullPublications(SyncJournal::Stream stream);
    void enter(SyncPhase phase);

    SyncJournal& m_journal;
    QNetworkAccessManager* m_network;
    SyncSettings m_settings;
    std::optional<SecureBytes> m_password;
    std::optional<AnswerLinkErrand> m_errand;
    std::optional<ListingErrand> m_listingErrand;
    QByteArray m_accessToken;
    QUuid m_self;
    QString m_role;
    bool m_running = false;
    SyncPhase m_phase = SyncPhase::SignIn;
    SyncOutcome m_outcome;
    QElapsedTimer m_elapsed;
    QPointer<QNetworkReply> m_reply;
    QTimer m_retryTimer;
    quint64 m_generation = 0; // a run's callbacks check it: a cancelled run's late answers are ignored
};

} // namespace htmse

Q_DECLARE_METATYPE(htmse::SyncOutcome)
Q_DECLARE_METATYPE(htmse::AnswerLinkResult)
Q_DECLARE_METATYPE(htmse::ListingResult)
