#include "sync/SyncClient.h"

#include "core/JsonReader.h"
#include "sync/SyncPayload.h"

#include <QCryptographicHash>
#include <QFutureWatcher>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QRandomGenerator>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslError>
#include <QUrlQuery>
#include <QtConcurrent/QtConcurrentRun>

Q_LOGGING_CATEGORY(lcSync, "htmse.sync")

namespace htmse {

using namespace Qt::StringLiterals;

namespace {

QString pinForm(QString hex)
{
    return hex.remove(u':').remove(u' ').toLower();
}

bool acceptableUnderPin(QSslError::SslError error)
{
    // With a pinned certificate, "no public authority vouches for it" is what pinning replaces;
    // an expired certificate or one for another host name is still refused.
    switch (error) {
    case QSslError::SelfSignedCertificate:
    case QSslError::SelfSignedCertificateInChain:
    case QSslError::UnableToGetLocalIssuerCertificate:
    case QSslError::UnableToVerifyFirstCertificate:
    case QSslError::CertificateUntrusted:
        return true;
    default:
        return false;
    }
}

QByteArray compact(const QJsonObject& o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

} // namespace

QString SyncOutcome::outcomeWord() const
{
    switch (result) {
    case Result::Ok:
        return u"ok"_s;
    case Result::Cancelled:
        return u"cancelled"_s;
    case Result::Unreachable:
        return u"unreachable"_s;
    case Result::BadCredentials:
        return u"bad-credentials"_s;
    case Result::Tls:
        return u"certificate"_s;
    case Result::Server:
        return u"server-error"_s;
    case Result::Invalid:
        return u"invalid-answer"_s;
    case Result::Local:
        return u"local-error"_s;
    case Result::Refused:
        return u"refused"_s;
    }
    return u"failed"_s;
}

SyncClient::SyncClient(SyncJournal& journal, QObject* parent)
    : QObject(parent)
    , m_journal(journal)
    , m_network(new QNetworkAccessManager(this))
{
    qRegisterMetaType<SyncOutcome>();
    qRegisterMetaType<ListingResult>();
    m_network->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

SyncClient::~SyncClient()
{
    ++m_generation;
    if (m_reply)
        m_reply->abort();
}

bool SyncClient::acceptableServer(const QUrl& server, QString* why)
{
    const auto refuse = [&](const QString& text) {
        if (why)
            *why = text;
        return false;
    };
    if (!server.isValid() || server.host().isEmpty())
        return refuse(u"the server address is not a valid URL"_s);
    if (server.scheme() == "https"_L1)
        return true;
    if (server.scheme() != "http"_L1)
        return refuse(u"the server address must start with https://"_s);
    const QHostAddress address(server.host());
    if (server.host() == "localhost"_L1 || address.isLoopback())
        return true;
    return refuse(
        u"plain http:// is only allowed to this computer (127.0.0.1); use https:// for %1"_s.arg(server.host()));
}

bool SyncClient::start(const SyncSettings& settings, std::optional<SecureBytes> password,
                       std::optional<AnswerLinkErrand> errand)
{
    if (m_running)
        return false;
    m_listingErrand.reset();
    return begin(settings, std::move(password), errand);
}

bool SyncClient::startListing(const SyncSettings& settings, const ListingErrand& errand)
{
    if (m_running)
        return false;
    m_listingErrand = errand;
    return begin(settings, std::nullopt, std::nullopt);
}

bool SyncClient::begin(const SyncSettings& settings, std::optional<SecureBytes> password,
                       std::optional<AnswerLinkErrand> errand)
{
    m_errand = errand;
    m_settings = settings;
    m_settings.server = settings.server.adjusted(QUrl::StripTrailingSlash);
    m_settings.pageLimit = std::clamp(settings.pageLimit, 1, 1000);
    m_settings.pushBatch = std::clamp(settings.pushBatch, 1, 1000);
    m_password = std::move(password);
    m_accessToken.clear();
    m_self = QUuid();
    m_role.clear();
    m_outcome = SyncOutcome();
    m_outcome.startedAt = QDateTime::currentDateTimeUtc();
    m_elapsed.start();
    m_running = true;
    ++m_generation;
    QString why;
    if (!acceptableServer(m_settings.server, &why)) {
        // Finished from the event loop, as every other outcome is.
        QTimer::singleShot(0, this, [this, why, generation = m_generation] {
            if (generation == m_generation)
                finish(SyncOutcome::Result::Refused, why, SyncPhase::SignIn);
        });
        return true;
    }
    QTimer::singleShot(0, this, [this, generation = m_generation] {
        if (generation == m_generation)
            signIn();
    });
    return true;
}

void SyncClient::cancel()
{
    if (!m_running)
        return;
    ++m_generation; // late answers of this run are ignored from here on
    if (m_reply)
        m_reply->abort();
    finish(SyncOutcome::Result::Cancelled, u"cancelled"_s, m_phase);
}

void SyncClient::enter(SyncPhase phase)
{
    m_phase = phase;
    emit phaseStarted(phase);
}

QNetworkRequest SyncClient::makeRequest(const QString& pathAndQuery) const
{
    QUrl url = m_settings.server;
    const qsizetype q = pathAndQuery.indexOf(u'?');
    url.setPath(url.path() + (q < 0 ? pathAndQuery : pathAndQuery.left(q)));
    if (q >= 0)
        url.setQuery(pathAndQuery.mid(q + 1));
    QNetworkRequest request(url);
    request.setTransferTimeout(m_settings.transferTimeoutMs);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader("Accept", "application/json");
    // Qt asks for gzip and inflates it by itself; this bounds what an inflated answer may grow to.
    request.setDecompressedSafetyCheckThreshold(m_settings.maxBodyBytes);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    if (!m_accessToken.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_accessToken);
    return request;
}

void SyncClient::watchTls(QNetworkReply* reply, const std::shared_ptr<QString>& tlsProblem)
{
    const QString pin = pinForm(m_settings.pinnedCertificateSha256);
    const auto leafMatchesPin = [reply, pin] {
        const QSslCertificate leaf = reply->sslConfiguration().peerCertificate();
        return !pin.isEmpty() && !leaf.isNull() &&
               QString::fromLatin1(leaf.digest(QCryptographicHash::Sha256).toHex()) == pin;
    };
    const QString pinMismatch = u"the server's certificate is not the one this office's policy pins; the connection "
                                "was refused (ask your administrator)"_s;
    connect(reply, &QNetworkReply::sslErrors, this,
            [reply, tlsProblem, leafMatchesPin, pin, pinMismatch](const QList<QSslError>& errors) {
                const bool pinned = leafMatchesPin();
                if (!pin.isEmpty() && !pinned) {
                    *tlsProblem = pinMismatch;
                    return;
                }
                QStringList words;
                for (const QSslError& e : errors)
                    if (!pinned || !acceptableUnderPin(e.error()))
                        words.append(e.errorString());
                if (words.isEmpty()) {
                    reply->ignoreSslErrors(errors); // exactly these, for the pinned certificate only
                    return;
                }
                *tlsProblem = u"the server's certificate cannot be trusted: %1"_s.arg(words.join(u"; "_s));
            });
    if (pin.isEmpty())
        return;
    connect(reply, &QNetworkReply::encrypted, this, [reply, tlsProblem, leafMatchesPin, pinMismatch] {
        if (leafMatchesPin())
            return;
        *tlsProblem = pinMismatch;
        reply->abort();
    });
}

void SyncClient::request(const QByteArray& method, const QString& pathAndQuery, const QByteArray& body, Handler done,
                         int attempt)
{
    const quint64 generation = m_generation;
    const QNetworkRequest req = makeRequest(pathAndQuery);
    QNetworkReply* reply = method == "GET" ? m_network->get(req) : m_network->sendCustomRequest(req, method, body);
    m_reply = reply;
    auto tlsProblem = std::make_shared<QString>();
    auto tooLarge = std::make_shared<bool>(false);
    watchTls(reply, tlsProblem);
    connect(reply, &QNetworkReply::downloadProgress, this, [this, reply, tooLarge](qint64 received, qint64 total) {
        if (received > m_settings.maxBodyBytes || total > m_settings.maxBodyBytes) {
            *tooLarge = true;
            reply->abort();
        }
    });
    connect(reply, &QNetworkReply::finished, this,
            [this, reply, generation, tlsProblem, tooLarge, method, pathAndQuery, body, done, attempt] {
                reply->deleteLater();
                if (generation != m_generation)
                    return;
                m_reply = nullptr;
                Answer a;
                a.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                a.error = reply->error();
                a.errorText = reply->errorString();
                a.tlsProblem = *tlsProblem;
                a.tooLarge = *tooLarge;
                if (!a.tooLarge)
                    a.body = reply->read(m_settings.maxBodyBytes + 1);
                m_outcome.bytesReceived += a.body.size();
                bool ok = false;
                const int retryAfter = reply->rawHeader("Retry-After").toInt(&ok);
                a.retryAfterSeconds = ok ? retryAfter : -1;
                // An answer cut off, refused for its size or its certificate is no answer,
                // whatever status line came first.
                if (a.tooLarge || !a.tlsProblem.isEmpty() ||
                    (a.error != QNetworkReply::NoError && a.status >= 200 && a.status < 300))
                    a.status = 0;
                if (isTransient(a) && attempt < m_settings.retries && pathAndQuery != "/api/v1/auth/token"_L1) {
                    qCInfo(lcSync) << "retrying a request after a transient failure" << a.status << a.error;
                    QTimer::singleShot(backoffMs(attempt, a.retryAfterSeconds), this, [=, this] {
                        if (generation == m_generation)
                            request(method, pathAndQuery, body, done, attempt + 1);
                    });
                    return;
                }
                done(a);
            });
}

bool SyncClient::isTransient(const Answer& a)
{
    if (!a.tlsProblem.isEmpty() || a.tooLarge)
        return false;
    if (a.status == 429 || a.status == 502 || a.status == 503 || a.status == 504)
        return true;
    if (a.status != 0)
        return a.status >= 500 && a.status != 501;
    switch (a.error) {
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::TimeoutError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::UnknownNetworkError:
    case QNetworkReply::OperationCanceledError: // the transfer timeout
    case QNetworkReply::ProxyTimeoutError:
        return true;
    default:
        return false;
    }
}

int SyncClient::backoffMs(int attempt, int retryAfterSeconds) const
{
    if (retryAfterSeconds >= 0)
        return std::min(retryAfterSeconds, 60) * 1000;
    const qint64 base = qint64(m_settings.retryBaseMs) << std::min(attempt, 10);
    // Full jitter between half and one and a half times the step, so devices do not retry in step.
    const double jitter = 0.5 + QRandomGenerator::global()->generateDouble();
    return int(std::min<qint64>(qint64(double(base) * jitter), 30'000));
}

void SyncClient::failWith(SyncPhase phase, const Answer& a)
{
    if (!a.tlsProblem.isEmpty())
        return finish(SyncOutcome::Result::Tls, a.tlsProblem, phase);
    if (a.tooLarge)
        return finish(SyncOutcome::Result::Invalid,
                      u"the server's answer is larger than the %1 MiB limit; nothing of it was applied"_s.arg(
                          m_settings.maxBodyBytes / (1024 * 1024)),
                      phase);
    if (a.status == 0) {
        if (a.error == QNetworkReply::SslHandshakeFailedError)
            return finish(SyncOutcome::Result::Tls, u"a secure connection could not be made: %1"_s.arg(a.errorText),
                          phase);
        return finish(SyncOutcome::Result::Unreachable, u"server unreachable (%1)"_s.arg(a.errorText), phase);
    }
    if (a.status == 401)
        return finish(SyncOutcome::Result::BadCredentials, u"the sign-in is no longer valid; sign in again"_s, phase);
    const QString said = syncpayload::errorMessage(a.body);
    return finish(SyncOutcome::Result::Server,
                  said.isEmpty() ? u"the server answered with HTTP status %1"_s.arg(a.status)
                                 : u"the server answered %1: %2"_s.arg(a.status).arg(said),
                  phase);
}

void SyncClient::finish(SyncOutcome::Result result, const QString& message, std::optional<SyncPhase> phase)
{
    if (!m_running)
        return;
    m_running = false;
    ++m_generation;
    m_password.reset();
    m_accessToken.fill('\0');
    m_accessToken.clear();
    m_outcome.result = result;
    m_outcome.message = message;
    m_outcome.phase = result == SyncOutcome::Result::Ok ? std::nullopt : phase;
    m_outcome.elapsedMs = m_elapsed.elapsed();
    // An errand the run never reached fails with the run's reason.
    if (m_errand) {
        AnswerLinkResult failed;
        failed.kind = m_errand->kind;
        failed.referralId = m_errand->referralId;
        failed.message = message.isEmpty() ? u"the sync stopped before the server was asked"_s : message;
        m_errand.reset();
        emit answerLinkDone(failed);
    }
    if (m_listingErrand) {
        ListingResult failed;
        failed.kind = m_listingErrand->kind;
        failed.message = message.isEmpty() ? u"the sync stopped before the server was asked"_s : message;
        m_listingErrand.reset();
        emit listingDone(failed);
    }
    if (result != SyncOutcome::Result::Ok && result != SyncOutcome::Result::Cancelled && phase)
        m_journal.recordError(*phase, message);
    SyncJournal::HistoryEntry entry;
    entry.startedAt = m_outcome.startedAt;
    entry.durationMs = m_outcome.elapsedMs;
    entry.outcome = m_outcome.outcomeWord();
    entry.pulledProfiles = m_outcome.pulledProfiles;
    entry.removedProfiles = m_outcome.removedProfiles;
    entry.pushedEvents = m_outcome.pushedEvents;
    entry.rejectedEvents = m_outcome.rejectedEvents;
    entry.pulledEvents = m_outcome.pulledEvents;
    entry.pulledPublications = m_outcome.pulledNews + m_outcome.pulledResources;
    entry.bytesReceived = m_outcome.bytesReceived;
    entry.message = message;
    QString error;
    if (!m_journal.appendHistory(entry, &error))
        qCWarning(lcSync) << "the sync history could not be written:" << error;
    qCInfo(lcSync) << "sync finished:" << entry.outcome << "in" << entry.durationMs << "ms";
    emit finished(m_outcome);
}

// --- phases -------------------------------------------------------------------------------------

void SyncClient::signIn()
{
    enter(SyncPhase::SignIn);
    QJsonObject body;
    const bool byPassword = m_password.has_value();
    if (byPassword) {
        body = {{u"grant_type"_s, u"password"_s},
                {u"username"_s, m_settings.user},
                {u"password"_s, QString::fromUtf8(m_password->view())}};
    } else if (const auto token = m_journal.refreshToken(m_settings.server, m_settings.user)) {
        body = {{u"grant_type"_s, u"refresh_token"_s}, {u"refresh_token"_s, QString::fromLatin1(token->view())}};
    } else {
        return finish(SyncOutcome::Result::BadCredentials,
                      u"this profile has no sign-in for %1 as %2 yet: the password is needed"_s.arg(
                          m_settings.server.host(), m_settings.user),
                      SyncPhase::SignIn);
    }
    QByteArray bytes = compact(body);
    request("POST", u"/api/v1/auth/token"_s, bytes, [this, byPassword](const Answer& a) {
        if (a.status == 400 || a.status == 401)
            return finish(SyncOutcome::Result::BadCredentials,
                          byPassword ? u"wrong user name or password"_s
                                     : u"the stored sign-in has expired or was revoked: sign in with the password "
                                       "again"_s,
                          SyncPhase::SignIn);
        if (a.status == 429)
            return finish(SyncOutcome::Result::Server, u"too many failed sign-ins for this user; try again later"_s,
                          SyncPhase::SignIn);
        if (a.status != 200)
            return failWith(SyncPhase::SignIn, a);
        QString error;
        auto tokens = syncpayload::readToken(a.body, &error);
        if (!tokens)
            return finish(SyncOutcome::Result::Invalid, error, SyncPhase::SignIn);
        // The old refresh token is spent now: the new one is stored before anything else.
        if (!m_journal.storeSignIn(m_settings.server, m_settings.user, tokens->refreshToken, &error))
            return finish(SyncOutcome::Result::Local, u"the sign-in could not be saved: %1"_s.arg(error),
                          SyncPhase::SignIn);
        tokens->refreshToken.fill('\0');
        m_accessToken = tokens->accessToken;
        m_journal.clearError(SyncPhase::SignIn);
        whoAmI();
    });
    bytes.fill('\0');
}

void SyncClient::whoAmI()
{
    request("GET", u"/api/v1/me"_s, {}, [this](const Answer& a) {
        if (a.status != 200)
            return failWith(SyncPhase::SignIn, a);
        const QJsonObject me = QJsonDocument::fromJson(a.body).object();
        m_self = QUuid(me.value(u"professional_id"_s).toString());
        m_role = me.value(u"role"_s).toString().left(64);
        if (m_listingErrand)
            return runListingErrand();
        push();
    });
}

void SyncClient::push()
{
    if (m_phase != SyncPhase::Push) {
        enter(SyncPhase::Push);
        emit progress(SyncPhase::Push, 0, m_journal.pendingEvents());
    }
    QString error;
    const QList<ReferralEvent> events = m_journal.takeOutbox(m_settings.pushBatch, &error);
    if (!error.isEmpty())
        return finish(SyncOutcome::Result::Local, u"the outbox could not be read: %1"_s.arg(error), SyncPhase::Push);
    if (events.isEmpty()) {
        m_journal.clearError(SyncPhase::Push);
        if (m_errand)
            return runErrand();
        return pullEvents();
    }
    QJsonArray list;
    QList<QUuid> ids;
    for (const ReferralEvent& e : events) {
        QJsonObject o = e.toJson();
        // Author and organisation come from the token; this device's names for them stay here.
        o.remove(u"author_user"_s);
        o.remove(u"author_organisation"_s);
        o.remove(u"seq"_s);
        list.append(o);
        ids.append(e.id);
    }
    request("POST", u"/api/v1/referral-events"_s, compact(QJsonObject{{u"events"_s, list}}),
            [this, ids](const Answer& a) {
                if (a.status != 200)
                    return failWith(SyncPhase::Push, a);
                QString problem;
                const auto answer = syncpayload::readPushAnswer(a.body, ids, &problem);
                if (!answer)
                    return finish(SyncOutcome::Result::Invalid, problem, SyncPhase::Push);
                if (answer->accepted.isEmpty() && answer->rejected.isEmpty())
                    return finish(SyncOutcome::Result::Invalid, u"the server answered the upload with nothing"_s,
                                  SyncPhase::Push);
                QList<QUuid> changed;
                if (!m_journal.recordPushAnswer(*answer, &changed, &problem))
                    return finish(SyncOutcome::Result::Local,
                                  u"the server's answer could not be saved: %1"_s.arg(problem), SyncPhase::Push);
                m_outcome.pushedEvents += int(answer->accepted.size());
                m_outcome.rejectedEvents += int(answer->rejected.size());
                emit referralsApplied(changed, false);
                emit progress(SyncPhase::Push, m_outcome.pushedEvents + m_outcome.rejectedEvents, -1);
                push();
            });
}

// Refusals of the answer-link calls, in words a caseworker uses.
static QString answerLinkRefusal(int status, const QByteArray& body)
{
    const QString code =
        QJsonDocument::fromJson(body).object().value(u"error"_s).toObject().value(u"code"_s).toString();
    if (status == 404)
        return u"the server does not have this referral: it was not uploaded, or it was refused"_s;
    if (code == "recipient_in_directory"_L1)
        return u"this referral's recipient is in the directory and answers it through their own account"_s;
    if (code == "not_answerable"_L1)
        return u"this referral cannot take an answer now: it must be sent, and not yet answered or closed"_s;
    if (status == 403)
        return u"your account's role cannot make answer links"_s;
    const QString said = syncpayload::errorMessage(body);
    return said.isEmpty() ? u"the server answered with HTTP status %1"_s.arg(status)
                          : u"the server answered %1: %2"_s.arg(status).arg(said);
}

void SyncClient::runErrand()
{
    const AnswerLinkErrand errand = *m_errand;
    const auto answered = [this, errand](const Answer& a) {
        AnswerLinkResult result;
        result.kind = errand.kind;
        result.referralId = errand.referralId;
        if (a.status == 0 || a.status == 401 || !a.tlsProblem.isEmpty())
            return failWith(SyncPhase::Push, a); // the run's failure is the errand's too
        const QJsonObject body = QJsonDocument::fromJson(a.body).object();
        if (errand.kind == AnswerLinkErrand::Kind::Create && a.status == 201) {
            result.id = QUuid(body.value(u"id"_s).toString());
            result.url = QUrl(body.value(u"url"_s).toString(), QUrl::StrictMode);
            result.expiresAt = QDateTime::fromString(body.value(u"expires_at"_s).toString(), Qt::ISODateWithMs);
            result.ok = !result.id.isNull() && result.url.isValid() &&
                        (result.url.scheme() == "https"_L1 || result.url.scheme() == "http"_L1) &&
                        result.expiresAt.isValid();
            if (!result.ok)
                result.message = u"the server's answer did not hold a usable link"_s;
        } else if (errand.kind == AnswerLinkErrand::Kind::RevokeAll && a.status == 200 &&
                   body.value(u"revoked"_s).isDouble()) {
            result.ok = true;
            result.revoked = body.value(u"revoked"_s).toInt();
        } else {
            result.message = answerLinkRefusal(a.status, a.body);
        }
        errandDone(result);
    };
    if (errand.kind == AnswerLinkErrand::Kind::Create) {
        QJsonObject body{{u"referral_id"_s, uuidString(errand.referralId)}};
        if (errand.days > 0)
            body.insert(u"days"_s, errand.days);
        request("POST", u"/api/v1/answer-links"_s, compact(body), answered);
    } else {
        request("DELETE", u"/api/v1/answer-links?referral_id="_s + uuidString(errand.referralId), {}, answered);
    }
}

void SyncClient::errandDone(AnswerLinkResult result)
{
    m_errand.reset();
    emit answerLinkDone(result);
    if (m_running)
        pullEvents();
}

void SyncClient::pullEvents()
{
    if (m_phase != SyncPhase::Events)
        enter(SyncPhase::Events);
    const QString after = m_journal.cursor(SyncJournal::Stream::Events);
    QString path = u"/api/v1/referral-events?limit=%1"_s.arg(m_settings.pageLimit);
    if (!after.isEmpty())
        path += u"&after="_s + after;
    request("GET", path, {}, [this, after](const Answer& a) {
        if (a.status != 200)
            return failWith(SyncPhase::Events, a);
        QString error;
        syncpayload::PageFrame frame;
        const auto page = syncpayload::readEventPage(a.body, after, &frame, &error);
        if (!page)
            return finish(SyncOutcome::Result::Invalid, error, SyncPhase::Events);
        QList<QUuid> changed;
        bool erased = false;
        if (!m_journal.applyEventPage(*page, m_self, &changed, &erased, &error))
            return finish(SyncOutcome::Result::Local, error, SyncPhase::Events);
        m_outcome.pulledEvents += int(page->events.size());
        if (!changed.isEmpty())
            emit referralsApplied(changed, erased);
        emit progress(SyncPhase::Events, m_outcome.pulledEvents, -1);
        if (frame.hasMore)
            return pullEvents();
        m_journal.clearError(SyncPhase::Events);
        pullDirectory();
    });
}

void SyncClient::pullDirectory()
{
    if (m_phase != SyncPhase::Directory)
        enter(SyncPhase::Directory);
    const QString after = m_journal.cursor(SyncJournal::Stream::Directory);
    QString path = u"/api/v1/directory/changes?limit=%1"_s.arg(m_settings.pageLimit);
    if (!after.isEmpty())
        path += u"&after="_s + after;
    request("GET", path, {}, [this, after](const Answer& a) {
        if (a.status != 200)
            return failWith(SyncPhase::Directory, a);
        // Reading and checking a page (the bulk of the CPU work besides writing it) runs on a
        // worker thread; only the write comes back to this thread, which owns the connection.
        auto* watcher = new QFutureWatcher<ParsedDirectoryPage>(this);
        connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation = m_generation] {
            watcher->deleteLater();
            if (generation == m_generation)
                applyDirectoryPage(watcher->result());
        });
        watcher->setFuture(QtConcurrent::run([body = a.body, after] {
            ParsedDirectoryPage parsed;
            parsed.page = syncpayload::readDirectoryPage(body, after, &parsed.frame, &parsed.error);
            return parsed;
        }));
    });
}

void SyncClient::applyDirectoryPage(const ParsedDirectoryPage& parsed)
{
    if (!parsed.page)
        return finish(SyncOutcome::Result::Invalid, parsed.error, SyncPhase::Directory);
    const SyncJournal::DirectoryPage& page = *parsed.page;
    QString error;
    if (!m_journal.applyDirectoryPage(page, &error))
        return finish(error.contains(u"cursor"_s) ? SyncOutcome::Result::Invalid : SyncOutcome::Result::Local, error,
                      SyncPhase::Directory);
    m_outcome.pulledProfiles += int(page.professionals.size());
    m_outcome.removedProfiles += int(page.removedProfessionals.size());
    if (!page.professionals.isEmpty() || !page.removedProfessionals.isEmpty())
        emit directoryApplied(page.professionals, page.removedProfessionals);
    emit progress(SyncPhase::Directory, m_outcome.pulledProfiles, -1);
    if (parsed.frame.hasMore)
        return pullDirectory();
    m_journal.clearError(SyncPhase::Directory);
    if (!m_settings.pullPublications)
        return finish(SyncOutcome::Result::Ok);
    pullPublications(SyncJournal::Stream::News);
}

void SyncClient::pullPublications(SyncJournal::Stream stream)
{
    const bool news = stream == SyncJournal::Stream::News;
    const SyncPhase phase = news ? SyncPhase::News : SyncPhase::Resources;
    if (m_phase != phase)
        enter(phase);
    const QString after = m_journal.cursor(stream);
    QString path = u"/api/v1/%1?limit=%2"_s.arg(news ? u"news"_s : u"resources"_s).arg(m_settings.pageLimit);
    if (!after.isEmpty())
        path += u"&after="_s + after;
    request("GET", path, {}, [this, after, stream, news, phase](const Answer& a) {
        if (a.status != 200)
            return failWith(phase, a);
        QString error;
        syncpayload::PageFrame frame;
        const auto page = syncpayload::readPublicationPage(a.body, after, &frame, &error);
        if (!page)
            return finish(SyncOutcome::Result::Invalid, error, phase);
        if (!m_journal.applyPublicationPage(stream, *page, &error))
            return finish(SyncOutcome::Result::Local, error, phase);
        (news ? m_outcome.pulledNews : m_outcome.pulledResources) += int(page->items.size());
        if (!page->items.isEmpty())
            emit publicationsApplied();
        if (frame.hasMore)
            return pullPublications(stream);
        m_journal.clearError(phase);
        if (news)
            return pullPublications(SyncJournal::Stream::Resources);
        finish(SyncOutcome::Result::Ok);
    });
}

} // namespace htmse
