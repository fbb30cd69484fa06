// Route: one row of the API's route table (RouteTable.cpp) — a path, its methods, who may call
// it, and the named handler that answers. Handlers run on the service's worker pool, after the
// service checked the rate limits, the bearer token and the permission; they see the request,
// the caller and what they may use (RouteContext), and return a Reply.
#pragma once

#include "server/Actor.h"
#include "server/Reply.h"
#include "server/Roles.h"

#include <QByteArray>
#include <QHostAddress>
#include <QString>
#include <QUrl>

#include <optional>

namespace htmse::server {

class AccountStore;
class AnswerLinks;
class RateLimiter;
class DirectoryStore;
class Metrics;
class ReferralExchange;
class SignInGuard;
struct ServiceOptions;

struct Request
{
    QByteArray body;
    QString query;   // the raw query string
    QString pathArg; // the <arg> of the route, if any
    QByteArray authorization;
    QHostAddress peer;
    QUrl url; // as the client asked for it (scheme, host and port from the connection and Host)
};

// What a handler may use. Every member is safe to use from the pool's threads.
struct RouteContext
{
    const ServiceOptions& options;
    AccountStore& accounts;
    DirectoryStore& directory;
    ReferralExchange& referrals;
    Metrics& metrics;
    SignInGuard& signIn;
    AnswerLinks& answerLinks;
    RateLimiter& answerRate;     // the answer page's requests, per client address
    RateLimiter& answerFailures; // answer-page tokens that open nothing, for the whole instance
};

using Handler = Reply (*)(RouteContext& context, const Request& request, const Actor& actor);

struct Route
{
    enum class Access
    {
        Public,   // no token (signing in, the answer page)
        SignedIn, // a valid access token, and `permission` if given
    };
    QString path; // a QHttpServer route: "<arg>" matches one path segment
    int methods;  // QHttpServerRequest::Method flags
    Access access;
    std::optional<Permission> permission;
    Handler handler;
};

} // namespace htmse::server
