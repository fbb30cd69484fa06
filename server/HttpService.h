// HttpService: the server's HTTP front. Routes of DESIGN.md §6 under /api/v1 (database work
// on a worker pool, answers written on the connection while it is open), JSON errors for
// everything else, the operational endpoints (/healthz, /metrics), limits (body size, rate)
// and a graceful stop.
#pragma once

#include "server/Metrics.h"
#include "server/RateLimiter.h"
#include "server/ReferralExchange.h"
#include "server/Reply.h"
#include "server/RequestGuard.h"
#include "server/Roles.h"

#include <QAtomicInteger>
#include <QHostAddress>
#include <QJsonObject>
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

struct ServiceOptions
{
    GuardLimits limits;
    double ipRequestsPerSecond = 100; // 0 = no limit
    double ipBurst = 200;
    double tokenRequestsPerSecond = 50;
    double tokenBurst = 200;
    int accessTokenSeconds = 15 * 60;
    int refreshTokenDays = 30;
    int refreshGraceSeconds = 30;                       // a refresh token reused within this is a retry, not theft
    QString metricsAccess = QStringLiteral("loopback"); // loopback | any | off
    int pageDefault = 500;
    int pageMax = 1000;
    int maxEventsPerPush = 1000;
    int workerThreads = 8;
};

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

    struct Request
    {
        QByteArray body;
        QString query;   // the raw query string
        QString pathArg; // the <arg> of the route, if any
        QByteArray authorization;
        QHostAddress peer;
    };
    using Handler = std::function<Reply(const Request&, const Actor&)>;

private:
    void setUpRoutes();
    // An authenticated API route: rate limit, token, permission, then `handler` on the pool.
    void api(const QString& path, int methods, std::optional<Permission> permission, Handler handler);
    void publicRoute(const QString& path, int methods, std::function<Reply(const Request&)> handler);
    void addMethodFallbacks();
    // Runs `handler` on the pool and writes its answer on the request's connection, if that is
    // still open (checked rate limit, token and permission first when `authenticated`).
    void dispatch(const QString& route, int method, const QHttpServerRequest& request, QHttpServerResponder&& responder,
                  const QString& arg, std::optional<Permission> permission, const Handler& handler, bool authenticated);

    Reply token(const Request& request);
    Reply health() const;
    Reply changesPage(const QString& stream, const Request& request, const Actor& actor);

    ServiceOptions m_options;
    std::shared_ptr<ServerStore> m_store;
    std::unique_ptr<QHttpServer> m_http;
    QThreadPool m_pool;
    Metrics m_metrics;
    RateLimiter m_ipLimiter;
    RateLimiter m_tokenLimiter;
    ReferralExchange m_exchange;
    QAtomicInteger<int> m_inFlight;
    QHash<QString, int> m_pathMethods; // path -> allowed methods, for 405 answers
    bool m_stopping = false;
};

} // namespace htmse::server
