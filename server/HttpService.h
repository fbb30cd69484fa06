// HttpService: the server's HTTP transport. It registers the routes of the route table
// (routes/RouteTable.cpp) and dispatches each request: the per-address rate limit in the event
// loop, then on a worker pool the bearer token, the per-sign-in rate limit, the permission and
// the route's handler; the answer is written on the request's connection while it is open.
// It also answers what needs no handler (JSON errors for unknown paths and methods, /healthz,
// /metrics), enforces the limits (body size, rate) and stops gracefully.
#pragma once

#include "server/AnswerLinks.h"
#include "server/Metrics.h"
#include "server/RateLimiter.h"
#include "server/ReferralExchange.h"
#include "server/Reply.h"
#include "server/ServiceOptions.h"
#include "server/SignInGuard.h"
#include "server/routes/Route.h"

#include <QAtomicInteger>
#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QString>
#include <QThreadPool>

#include <functional>
#include <memory>
#include <optional>

class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponder;
class QSslConfiguration;

namespace htmse::server {

class ServerStore;

class HttpService : public QObject
{
    Q_OBJECT

public:
    HttpService(ServiceOptions options, std::shared_ptr<ServerStore> store, QObject* parent = nullptr);
    ~HttpService() override;

    // Listens on address:port (port 0 picks a free one), with TLS when `tls` is given.
    // Returns the bound port, 0 on failure.
    quint16 listen(const QHostAddress& address, quint16 port, const QSslConfiguration* tls = nullptr);
    // Stops accepting connections, lets requests in flight (and those still arriving on open
    // connections) finish and their responses go out, then calls `done` (at most 30 s later).
    void shutdown(std::function<void()> done);
    int inFlight() const { return m_inFlight.loadRelaxed(); }

private:
    using Work = std::function<Reply(const Request&, const Actor&)>;

    void addOperationalRoutes();
    void addRoute(const Route& route);
    void addMethodFallbacks();
    // Runs `work` on the pool and writes its answer on the request's connection, if that is
    // still open (checked rate limit, token and permission first when `signedIn`).
    void dispatch(const QString& route, const QHttpServerRequest& request, QHttpServerResponder&& responder,
                  const QString& arg, std::optional<Permission> permission, const Work& work, bool signedIn);
    // On the pool: the caller behind the request's bearer token, or the reply refusing it.
    std::optional<Reply> authenticate(const Request& request, std::optional<Permission> permission, Actor* actor);
    Reply health() const;

    ServiceOptions m_options;
    std::shared_ptr<ServerStore> m_store;
    std::unique_ptr<QHttpServer> m_http;
    QThreadPool m_pool;
    Metrics m_metrics;
    RateLimiter m_ipLimiter;
    RateLimiter m_tokenLimiter;
    SignInGuard m_signIn;
    ReferralExchange m_exchange;
    AnswerLinks m_answerLinks;
    RateLimiter m_answerRate;
    RateLimiter m_answerFailures;
    RouteContext m_context;
    QAtomicInteger<int> m_inFlight;
    QHash<QString, int> m_pathMethods; // path -> allowed methods, for 405 answers
    bool m_stopping = false;
};

} // namespace htmse::server
