#include "server/HttpService.h"

#include "htmse/Version.h"
#include "server/Auth.h"
#include "server/JsonLog.h"
#include "server/RequestGuard.h"
#include "server/routes/RouteHelpers.h"
#include "server/routes/RouteTable.h"
#include "server/store/ServerStore.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFuture>
#include <QFutureWatcher>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QHttpServerResponse>
#include <QMetaEnum>
#include <QPointer>
#include <QSslConfiguration>
#include <QTcpSocket>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

namespace htmse::server {

using namespace Qt::StringLiterals;
using Method = QHttpServerRequest::Method;

namespace {

// Password checks take a quarter of the workers at most, with as many waiting: the rest keep
// serving signed-in work while someone floods the token endpoint.
SignInLimits signInLimits(const ServiceOptions& options)
{
    SignInLimits limits;
    limits.hashConcurrency = std::clamp(options.workerThreads / 4, 1, 4);
    limits.hashQueue = std::clamp(options.workerThreads / 4, 1, 8);
    limits.perAddressPerMinute = options.signInPerMinute;
    limits.perAddressBurst = std::max(1.0, options.signInPerMinute);
    return limits;
}

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

QString methodName(int method)
{
    return QString::fromLatin1(QMetaEnum::fromType<QHttpServerRequest::Method>().valueToKey(method)).toUpper();
}

// Answers at once, in the connection's answer order (routes that need no worker).
void answerNow(const QHttpServerRequest& request, QHttpServerResponder&& responder, const Reply& reply)
{
    const bool head = request.method() == QHttpServerRequest::Method::Head;
    if (RequestGuard* guard = RequestGuard::current()) {
        guard->respond(guard->reserve(), httpResponse(reply, head));
        return;
    }
    responder.write(reply.bytes(), reply.contentType, QHttpServerResponder::StatusCode(reply.status));
}

} // namespace

HttpService::HttpService(ServiceOptions options, std::shared_ptr<ServerStore> store, QObject* parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_store(std::move(store))
    , m_http(std::make_unique<QHttpServer>())
    , m_ipLimiter(m_options.ipRequestsPerSecond, m_options.ipBurst)
    , m_tokenLimiter(m_options.tokenRequestsPerSecond, m_options.tokenBurst)
    , m_signIn(signInLimits(m_options))
    , m_exchange(*m_store)
    , m_answerLinks(*m_store, *m_store)
    , m_answerRate(m_options.answerPagePerMinute / 60.0, std::max(1.0, m_options.answerPagePerMinute))
    , m_answerFailures(m_options.answerInvalidPerMinute / 60.0, std::max(1.0, m_options.answerInvalidPerMinute))
    , m_context{m_options, *m_store,      *m_store,     m_exchange,      m_metrics,
                m_signIn,  m_answerLinks, m_answerRate, m_answerFailures}
{
    // Qt SQL connections are per thread: pool threads never expire, so each keeps its one.
    m_pool.setMaxThreadCount(std::max(1, m_options.workerThreads));
    m_pool.setExpiryTimeout(-1);
    addOperationalRoutes();
    for (const Route& route : apiRoutes())
        addRoute(route);
    addMethodFallbacks();
    m_http->setMissingHandler([this](const QHttpServerRequest& request, QHttpServerResponder&& responder) {
        // The path is operational information; query strings and bodies are never logged, nor
        // what follows /answer/ (a one-time link's token).
        QString path = request.url().path().left(200);
        if (path.startsWith(u"/answer/"_s))
            path = u"/answer/…"_s;
        logEvent(u"info"_s, u"http.not_found"_s, {{u"path"_s, path}});
        m_metrics.recordRequest(u"unmatched"_s, methodName(int(request.method())), 404, 0);
        answerNow(request, std::move(responder), Reply::error(404, u"not_found"_s, u"no such endpoint"_s));
    });
    // Expired tokens are deleted now and then (any instance may do it; it is idempotent).
    const auto purge = [this] {
        m_pool.start([store = m_store] {
            StoreError error;
            const int purged = store->purgeExpiredTokens(nowMs(), &error);
            if (purged > 0)
                logEvent(u"info"_s, u"auth.tokens_purged"_s, {{u"count"_s, purged}});
            StoreError throttleError;
            store->purgeSignInThrottles(nowMs() - 24 * 60 * 60 * 1000, &throttleError);
            // Answer links that can no longer be used are forgotten a day later.
            StoreError linkError;
            store->purgeAnswerLinks(nowMs() - 24 * 60 * 60 * 1000, &linkError);
        });
    };
    auto* housekeeping = new QTimer(this);
    housekeeping->setInterval(10 * 60 * 1000);
    connect(housekeeping, &QTimer::timeout, this, purge);
    housekeeping->start();
    QTimer::singleShot(0, this, purge);
}

HttpService::~HttpService()
{
    m_pool.waitForDone();
    // Open connections end first, while the HTTP server that reads them still exists: closed
    // later, by the objects that own them, they would signal a server already half destroyed.
    for (QTcpServer* server : m_http->servers())
        server->close();
    const QList<QTcpSocket*> sockets = findChildren<QTcpSocket*>() + m_http->findChildren<QTcpSocket*>();
    for (QTcpSocket* socket : sockets)
        socket->abort();
    // Looked up again: aborting may already have let some of them go.
    qDeleteAll(findChildren<QTcpSocket*>() + m_http->findChildren<QTcpSocket*>());
}

void HttpService::dispatch(const QString& route, const QHttpServerRequest& request, QHttpServerResponder&& responder,
                           const QString& arg, std::optional<Permission> permission, const Work& work, bool signedIn)
{
    // The answer is written later, on the connection itself, if it is still open then: Qt HTTP
    // Server 6.4 would write a late answer through a connection the client may have closed.
    const QPointer<RequestGuard> guard = RequestGuard::current();
    if (!guard) {
        responder.write(errorBody(u"internal"_s, u"the server failed to answer; this is logged"_s),
                        "application/json"_ba, QHttpServerResponder::StatusCode::InternalServerError);
        logEvent(u"error"_s, u"http.no_connection"_s, {{u"route"_s, route}});
        return;
    }
    QElapsedTimer timer;
    timer.start();
    const int method = int(request.method());
    const bool head = method == int(Method::Head);
    const quint64 place = guard->reserve();
    const auto finish = [this, guard, place, route, method, head, timer](const Reply& reply) {
        m_metrics.recordRequest(route, methodName(method), reply.status, double(timer.nsecsElapsed()) / 1e9);
        logEvent(u"info"_s, u"http.request"_s,
                 {{u"method"_s, methodName(method)}, {u"route"_s, route}, {u"status"_s, reply.status}});
        if (guard)
            guard->respond(place, httpResponse(reply, head));
    };
    Request copy{request.body(),
                 request.query().toString(QUrl::FullyEncoded),
                 arg,
                 request.value("Authorization"_ba),
                 request.remoteAddress(),
                 request.url()};
    int retryAfter = 0;
    if (route != "/healthz"_L1 && !m_ipLimiter.allow(clientAddressKey(copy.peer), nowMs(), &retryAfter)) {
        Reply r = Reply::error(429, u"rate_limited"_s, u"too many requests; slow down"_s);
        r.headers.append({"Retry-After"_ba, QByteArray::number(retryAfter)});
        finish(r);
        return;
    }
    m_inFlight.fetchAndAddOrdered(1);
    auto* watcher = new QFutureWatcher<Reply>(this);
    connect(watcher, &QFutureWatcher<Reply>::finished, this, [this, watcher, finish] {
        finish(watcher->result());
        m_inFlight.fetchAndSubOrdered(1);
        watcher->deleteLater();
    });
    watcher->setFuture(QtConcurrent::run(&m_pool, [this, route, copy, permission, work, signedIn] {
        Actor actor;
        if (signedIn) {
            if (auto refused = authenticate(copy, permission, &actor))
                return *refused;
        }
        try {
            return work(copy, actor);
        } catch (const std::exception&) {
            logEvent(u"error"_s, u"http.handler_failed"_s, {{u"route"_s, route}});
            return Reply::error(500, u"internal"_s, u"the server failed to answer; this is logged"_s);
        }
    }));
}

std::optional<Reply> HttpService::authenticate(const Request& request, std::optional<Permission> permission,
                                               Actor* actor)
{
    const QByteArray header = request.authorization;
    if (!header.startsWith("Bearer ") || header.size() > 200) {
        Reply reply = Reply::error(401, u"unauthorised"_s, u"sign in first: Authorization: Bearer <access token>"_s);
        reply.headers.append({"WWW-Authenticate"_ba, "Bearer"_ba});
        return reply;
    }
    StoreError error;
    const auto found = m_store->actorForAccessToken(auth::tokenHash(header.mid(7).trimmed()), nowMs(), &error);
    int retry = 0;
    if (error)
        return storeFailure(error);
    if (!found) {
        Reply reply = Reply::error(401, u"invalid_token"_s, u"the access token is invalid, expired or revoked"_s);
        reply.headers.append({"WWW-Authenticate"_ba, "Bearer error=\"invalid_token\""_ba});
        return reply;
    }
    if (!m_tokenLimiter.allow(found->tokenFamily, nowMs(), &retry)) {
        Reply reply = Reply::error(429, u"rate_limited"_s, u"too many requests for this sign-in; slow down"_s);
        reply.headers.append({"Retry-After"_ba, QByteArray::number(retry)});
        return reply;
    }
    if (permission && !isAllowed(found->role, *permission))
        return Reply::error(403, u"forbidden"_s, u"the role \"%1\" may not do this"_s.arg(toWire(found->role)));
    *actor = *found;
    return std::nullopt;
}

void HttpService::addRoute(const Route& route)
{
    const QString path = route.path;
    const std::optional<Permission> permission = route.permission;
    const bool signedIn = route.access == Route::Access::SignedIn;
    const Work work = [this, handler = route.handler](const Request& request, const Actor& actor) {
        return handler(m_context, request, actor);
    };
    m_pathMethods[path] |= route.methods;
    const auto method = Method(route.methods);
    if (path.contains(u"<arg>"_s)) {
        m_http->route(path, method,
                      [this, path, permission, work, signedIn](const QString& arg, const QHttpServerRequest& r,
                                                               QHttpServerResponder&& responder) {
                          dispatch(path, r, std::move(responder), arg, permission, work, signedIn);
                      });
    } else {
        m_http->route(
            path, method,
            [this, path, permission, work, signedIn](const QHttpServerRequest& r, QHttpServerResponder&& responder) {
                dispatch(path, r, std::move(responder), {}, permission, work, signedIn);
            });
    }
}

void HttpService::addMethodFallbacks()
{
    // Registered after every real route: a known path with another method answers 405.
    for (auto it = m_pathMethods.cbegin(); it != m_pathMethods.cend(); ++it) {
        QStringList names;
        const QMetaEnum e = QMetaEnum::fromType<QHttpServerRequest::Method>();
        for (int i = 0; i < e.keyCount(); ++i)
            if ((it.value() & e.value(i)) && e.value(i) != int(Method::AnyKnown) && e.value(i) != int(Method::Unknown))
                names.append(QString::fromLatin1(e.key(i)).toUpper());
        const QByteArray allow = names.join(u", "_s).toLatin1();
        const auto answer = [allow](const QHttpServerRequest& request, QHttpServerResponder&& responder) {
            Reply r = Reply::error(405, u"method_not_allowed"_s, u"allowed: %1"_s.arg(QString::fromLatin1(allow)));
            r.headers.append({"Allow"_ba, allow});
            answerNow(request, std::move(responder), r);
        };
        if (it.key().contains(u"<arg>"_s))
            m_http->route(it.key(), [answer](const QString&, const QHttpServerRequest& r,
                                             QHttpServerResponder&& responder) { answer(r, std::move(responder)); });
        else
            m_http->route(it.key(), [answer](const QHttpServerRequest& r, QHttpServerResponder&& responder) {
                answer(r, std::move(responder));
            });
    }
}

void HttpService::addOperationalRoutes()
{
    // The database is asked on the pool: a stalled connection must not stall the event loop.
    // Not rate limited, so a load balancer's probes are never refused.
    m_http->route(u"/healthz"_s, Method::Get | Method::Head,
                  [this](const QHttpServerRequest& r, QHttpServerResponder&& responder) {
                      dispatch(
                          u"/healthz"_s, r, std::move(responder), {}, std::nullopt,
                          [this](const Request&, const Actor&) { return health(); }, false);
                  });
    m_pathMethods[u"/healthz"_s] = int(Method::Get) | int(Method::Head);
    m_http->route(
        u"/metrics"_s, Method::Get, [this](const QHttpServerRequest& request, QHttpServerResponder&& responder) {
            const bool allowed = m_options.metricsAccess == "any"_L1 ||
                                 (m_options.metricsAccess == "loopback"_L1 && request.remoteAddress().isLoopback());
            if (!allowed) {
                answerNow(request, std::move(responder), Reply::error(404, u"not_found"_s, u"no such endpoint"_s));
                return;
            }
            m_metrics.setGauge(u"htmse_http_requests_in_flight"_s, m_inFlight.loadRelaxed());
            Reply r;
            r.raw = m_metrics.render();
            r.contentType = "text/plain; version=0.0.4"_ba;
            answerNow(request, std::move(responder), r);
        });
    m_pathMethods[u"/metrics"_s] = int(Method::Get);
}

Reply HttpService::health() const
{
    const bool up = m_store->ping();
    return {up ? 200 : 503, QJsonObject{{u"status"_s, up ? u"ok"_s : u"unavailable"_s},
                                        {u"version"_s, QLatin1StringView(kVersion)},
                                        {u"store"_s, m_store->kindName()}}};
}

quint16 HttpService::listen(const QHostAddress& address, quint16 port, const QSslConfiguration* tls)
{
    QTcpServer* server = tls ? static_cast<QTcpServer*>(new GuardedSslServer(m_options.limits, *tls, this))
                             : static_cast<QTcpServer*>(new GuardedTcpServer(m_options.limits, this));
    if (!server->listen(address, port)) {
        delete server;
        return 0;
    }
    m_http->bind(server);
    return server->serverPort();
}

void HttpService::shutdown(std::function<void()> done)
{
    if (m_stopping)
        return;
    m_stopping = true;
    for (QTcpServer* server : m_http->servers())
        server->close();
    logEvent(u"info"_s, u"server.draining"_s, {{u"in_flight"_s, inFlight()}});
    auto* timer = new QTimer(this);
    auto waited = std::make_shared<QElapsedTimer>();
    waited->start();
    auto quietTicks = std::make_shared<int>(0);
    connect(timer, &QTimer::timeout, this, [this, timer, waited, quietTicks, done = std::move(done)] {
        // A finished handler's response is written by the event loop after the handler returns:
        // stop only after a few quiet ticks, so those writes have happened.
        // Responses still being written (a large page to a slow client) hold the stop too.
        const QList<QTcpSocket*> sockets = findChildren<QTcpSocket*>() + m_http->findChildren<QTcpSocket*>();
        const bool writing = std::any_of(sockets.cbegin(), sockets.cend(), [](const QTcpSocket* socket) {
            return socket->state() == QAbstractSocket::ConnectedState && socket->bytesToWrite() > 0;
        });
        *quietTicks = inFlight() == 0 && !writing ? *quietTicks + 1 : 0;
        if (*quietTicks >= 3 || waited->elapsed() > 30'000) {
            timer->stop();
            timer->deleteLater();
            done();
        }
    });
    timer->start(20);
}

} // namespace htmse::server
