#include "session/SyncController.h"

#include "session/ProfileWorkspace.h"

#include <QNetworkInformation>
#include <QRandomGenerator>
#include <QSet>

namespace htmse {

using namespace Qt::StringLiterals;

SyncController::SyncController(ProfileWorkspace& workspace, QObject* parent)
    : QObject(parent)
    , m_workspace(&workspace)
    , m_clock(workspace.clock())
    , m_client(workspace.syncJournal())
{
    m_settings.server = workspace.syncJournal().server();
    m_settings.user = workspace.syncJournal().user();
    m_settings.pinnedCertificateSha256 = workspace.policy().pinnedServerCertificateSha256;
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, [this] { syncNow(); });
    connect(&m_client, &SyncClient::phaseStarted, this, [this](SyncPhase phase) {
        m_phase = phase;
        emit statusChanged();
    });
    connect(&m_client, &SyncClient::progress, this, &SyncController::progress);
    connect(&m_client, &SyncClient::directoryApplied, this,
            [this](const QList<Professional>& upserted, const QList<QUuid>& removed) {
                if (m_workspace)
                    m_workspace->directorySynced(upserted, removed);
            });
    connect(&m_client, &SyncClient::referralsApplied, this, [this](const QList<QUuid>& referrals, bool erased) {
        if (m_workspace)
            m_workspace->referralsSynced(referrals, erased);
        emit statusChanged();
    });
    connect(&m_client, &SyncClient::publicationsApplied, this, [this] {
        if (m_workspace)
            m_workspace->publicationsSynced();
    });
    connect(&m_client, &SyncClient::finished, this, &SyncController::onFinished);
    connect(&m_client, &SyncClient::answerLinkDone, this, &SyncController::answerLinkDone);
    connect(&m_client, &SyncClient::listingDone, this, &SyncController::listingDone);
    // Lock: the run stops while the database is still open.
    connect(&workspace, &ProfileWorkspace::closing, this, [this] {
        m_timer.stop();
        m_client.cancel();
    });
}

SyncController::~SyncController()
{
    m_timer.stop();
    m_client.disconnect(this);
    m_client.cancel();
}

bool SyncController::workspaceOpen() const
{
    return m_workspace && m_workspace->isOpen();
}

void SyncController::setServer(const QUrl& server, const QString& user)
{
    m_settings.server = server.adjusted(QUrl::StripTrailingSlash);
    m_settings.user = user;
    emit statusChanged();
}

void SyncController::setTuning(const SyncSettings& tuning)
{
    const SyncSettings keep = m_settings;
    m_settings = tuning;
    m_settings.server = keep.server;
    m_settings.user = keep.user;
    m_settings.pinnedCertificateSha256 = keep.pinnedCertificateSha256;
}

void SyncController::setAutomatic(int minutes)
{
    m_intervalMinutes = std::max(0, minutes);
    // Where the platform tells us (NetworkManager, Windows, macOS), coming back online starts a
    // run at once instead of waiting for the next one.
    if (m_intervalMinutes > 0 && !m_watchingNetwork && QNetworkInformation::loadDefaultBackend() &&
        QNetworkInformation::instance()->supports(QNetworkInformation::Feature::Reachability)) {
        m_watchingNetwork = true;
        connect(QNetworkInformation::instance(), &QNetworkInformation::reachabilityChanged, this,
                [this](QNetworkInformation::Reachability reachability) {
                    if (reachability == QNetworkInformation::Reachability::Online && m_intervalMinutes > 0 &&
                        !isRunning())
                        syncNow();
                });
    }
    m_timer.stop();
    m_nextAttempt = QDateTime();
    if (m_intervalMinutes > 0 && !isRunning()) {
        m_nextAttempt = m_clock.now();
        m_timer.start(0);
    }
    emit statusChanged();
}

bool SyncController::syncNow(std::optional<SecureBytes> password)
{
    return startRun(std::move(password), std::nullopt);
}

bool SyncController::createAnswerLink(const QUuid& referralId, int days)
{
    return startRun(std::nullopt, AnswerLinkErrand{AnswerLinkErrand::Kind::Create, referralId, days});
}

bool SyncController::revokeAnswerLinks(const QUuid& referralId)
{
    return startRun(std::nullopt, AnswerLinkErrand{AnswerLinkErrand::Kind::RevokeAll, referralId, 0});
}

bool SyncController::submitListing(const QJsonObject& profile)
{
    return startRun(std::nullopt, std::nullopt, ListingErrand{ListingErrand::Kind::Submit, profile});
}

bool SyncController::checkListing()
{
    return startRun(std::nullopt, std::nullopt, ListingErrand{ListingErrand::Kind::Check, {}});
}

bool SyncController::startRun(std::optional<SecureBytes> password, std::optional<AnswerLinkErrand> errand,
                              std::optional<ListingErrand> listing)
{
    if (isRunning() || !workspaceOpen())
        return false;
    if (m_settings.server.isEmpty() || m_settings.user.isEmpty()) {
        emit statusChanged();
        return false;
    }
    m_timer.stop();
    m_nextAttempt = QDateTime();
    m_phase.reset();
    if (listing ? !m_client.startListing(m_settings, *listing)
                : !m_client.start(m_settings, std::move(password), errand))
        return false;
    emit started();
    emit statusChanged();
    return true;
}

void SyncController::cancel()
{
    m_client.cancel();
}

void SyncController::onFinished(const SyncOutcome& outcome)
{
    m_lastOutcome = outcome;
    m_phase.reset();
    const bool failed = !outcome.ok() && outcome.result != SyncOutcome::Result::Cancelled;
    // A password, a certificate or an address needs a person: no automatic retry until then.
    const bool needsPerson = outcome.result == SyncOutcome::Result::BadCredentials ||
                             outcome.result == SyncOutcome::Result::Tls ||
                             outcome.result == SyncOutcome::Result::Refused;
    if (needsPerson) {
        m_failures = 0;
        m_nextAttempt = QDateTime();
        m_timer.stop();
    } else {
        planNext(failed);
    }
    emit finished(outcome);
    emit statusChanged();
}

void SyncController::planNext(bool failed)
{
    m_failures = failed ? m_failures + 1 : 0;
    m_nextAttempt = QDateTime();
    if (m_intervalMinutes <= 0 || !workspaceOpen())
        return;
    qint64 delayMs = qint64(m_intervalMinutes) * 60'000;
    if (failed) {
        // 1, 2, 4 ... minutes with jitter, never beyond the interval.
        const qint64 step = qint64(60'000) << std::min(m_failures - 1, 10);
        const double jitter = 0.75 + 0.5 * QRandomGenerator::global()->generateDouble();
        delayMs = std::min(delayMs, qint64(double(step) * jitter));
    }
    m_nextAttempt = m_clock.now().addMSecs(delayMs);
    m_timer.start(std::chrono::milliseconds(delayMs));
}

SyncStatus SyncController::status() const
{
    SyncStatus s;
    s.running = isRunning();
    s.phase = m_phase;
    s.configured = !m_settings.server.isEmpty() && !m_settings.user.isEmpty();
    s.nextAttempt = m_nextAttempt;
    if (!workspaceOpen())
        return s;
    SyncJournal& journal = m_workspace->syncJournal();
    s.pendingEvents = journal.pendingEvents();
    s.pendingReferrals = journal.pendingReferrals();
    s.rejectedEvents = int(journal.rejectedEvents().size());
    s.lastSuccess = journal.lastSuccess();
    const QList<SyncJournal::HistoryEntry> last = journal.history(1);
    if (!last.isEmpty()) {
        s.lastAttempt = last.first().startedAt;
        s.lastAttemptOutcome = last.first().outcome;
        if (last.first().outcome != "ok"_L1 && last.first().outcome != "cancelled"_L1)
            s.lastError = last.first().message;
    }
    return s;
}

QString SyncController::statusText() const
{
    const SyncStatus s = status();
    const auto clockTime = [](const QDateTime& t) { return t.toLocalTime().toString(u"HH:mm"_s); };
    QStringList parts;
    if (s.running)
        parts.append(s.phase ? u"Syncing: %1"_s.arg(describe(*s.phase)) : u"Syncing"_s);
    if (s.pendingReferrals > 0)
        parts.append(s.pendingReferrals == 1 ? u"1 referral waiting to upload"_s
                                             : u"%1 referrals waiting to upload"_s.arg(s.pendingReferrals));
    if (s.rejectedEvents > 0)
        parts.append(s.rejectedEvents == 1
                         ? u"1 change refused by the server (see the referral)"_s
                         : u"%1 changes refused by the server (see the referrals)"_s.arg(s.rejectedEvents));
    if (!s.running) {
        if (s.lastAttempt.isValid() && !s.lastError.isEmpty())
            parts.append(u"last attempt %1 failed: %2"_s.arg(clockTime(s.lastAttempt), s.lastError));
        else if (!s.configured)
            parts.append(u"Not set up to sync: no server chosen"_s);
        else if (!s.lastAttempt.isValid())
            parts.append(u"Never synced"_s);
        else if (s.lastSuccess.isValid())
            parts.append(u"last synced %1"_s.arg(clockTime(s.lastSuccess)));
        if (s.nextAttempt.isValid()) {
            const qint64 seconds = m_clock.now().secsTo(s.nextAttempt);
            const qint64 minutes = (seconds + 59) / 60;
            const QString what = s.lastError.isEmpty() ? u"next sync"_s : u"retrying"_s;
            parts.append(seconds < 60 ? u"%1 in under a minute"_s.arg(what) : u"%1 in %2 min"_s.arg(what).arg(minutes));
        }
    }
    QString text = parts.join(u" — "_s);
    if (!text.isEmpty())
        text[0] = text[0].toUpper();
    return text;
}

} // namespace htmse
