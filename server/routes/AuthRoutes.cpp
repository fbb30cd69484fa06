#include "server/routes/AuthRoutes.h"

#include "core/JsonReader.h"
#include "server/Auth.h"
#include "server/JsonLog.h"
#include "server/Metrics.h"
#include "server/RateLimiter.h"
#include "server/ServiceOptions.h"
#include "server/SignInGuard.h"
#include "server/routes/RouteHelpers.h"
#include "server/store/AccountStore.h"

#include <QDateTime>

namespace htmse::server::routes {

using namespace Qt::StringLiterals;

namespace {

// A new access and refresh token; `tokens` holds their hashes for the store.
struct IssuedTokens
{
    QByteArray access = auth::newAccessToken();
    QByteArray refresh = auth::newRefreshToken();
    QList<TokenRecord> tokens;

    IssuedTokens(const ServiceOptions& options, qint64 now)
        : tokens{{auth::tokenHash(access), u"access"_s, {}, {}, now + qint64(options.accessTokenSeconds) * 1000},
                 {auth::tokenHash(refresh), u"refresh"_s, {}, {}, now + qint64(options.refreshTokenDays) * 86'400'000}}
    {}

    Reply reply(const ServiceOptions& options) const
    {
        return Reply{200,
                     QJsonObject{{u"access_token"_s, QString::fromLatin1(access)},
                                 {u"refresh_token"_s, QString::fromLatin1(refresh)},
                                 {u"expires_in"_s, options.accessTokenSeconds},
                                 {u"token_type"_s, u"Bearer"_s}},
                     {}};
    }
};

Reply throttled(qint64 blockedUntil, qint64 now)
{
    Reply r = Reply::error(429, u"sign_in_throttled"_s, u"too many failed sign-ins for this user; try again later"_s);
    r.headers.append({"Retry-After"_ba, QByteArray::number((blockedUntil - now) / 1000 + 1)});
    return r;
}

// Before a password is checked: the address's sign-in rate, the instance's failure budget and
// a turn at the bounded password check (SignInGuard); refused with 429 or 503.
std::optional<Reply> refuseSignIn(SignInGuard::Refusal refusal, int retryAfter)
{
    Reply r;
    switch (refusal) {
    case SignInGuard::Refusal::None:
        return std::nullopt;
    case SignInGuard::Refusal::AddressRate:
        r = Reply::error(429, u"rate_limited"_s, u"too many sign-ins from this address; slow down"_s);
        break;
    case SignInGuard::Refusal::FailureBudget:
        r = Reply::error(429, u"rate_limited"_s, u"too many failed sign-ins on this server just now; try again soon"_s);
        break;
    case SignInGuard::Refusal::Busy:
        r = Reply::error(503, u"busy"_s, u"the server is checking too many passwords at once; try again shortly"_s);
        break;
    }
    r.headers.append({"Retry-After"_ba, QByteArray::number(std::max(1, retryAfter))});
    return r;
}

Reply passwordGrant(RouteContext& context, const Request& request, const QJsonObject& body, IssuedTokens& issued,
                    qint64 now)
{
    const QJsonValue userValue = body.value(u"username"_s);
    const QJsonValue passwordValue = body.value(u"password"_s);
    if (!userValue.isString() || !passwordValue.isString() || userValue.toString().isEmpty() ||
        userValue.toString().size() > 200 || passwordValue.toString().size() > 1024)
        return Reply::error(400, u"invalid_request"_s, u"username and password are required strings"_s);
    const QString username = userValue.toString();
    const QByteArray password = passwordValue.toString().toUtf8();
    SignInGuard::Refusal refusal;
    int retryAfter = 0;
    const SignInGuard::Turn turn = context.signIn.admit(request.peer, now, &refusal, &retryAfter);
    if (!turn)
        return *refuseSignIn(refusal, retryAfter);
    AccountStore& accounts = context.accounts;
    StoreError error;
    const auto user = accounts.userByName(username, &error);
    if (error)
        return storeFailure(error);
    // The attempt is counted before the (slow) password check, so parallel guesses count too;
    // each counts as a failure until it succeeds. Names that do not exist are throttled alike,
    // without the store.
    const QString address = clientAddressKey(request.peer);
    const auto blockFor = [](int attempts) { return auth::throttleDelayMs(attempts); };
    LoginThrottle throttle;
    const bool allowed =
        user ? accounts.claimSignInAttempt(username, address, now, blockFor, &throttle, &error)
             : context.signIn.claimUnknownName(username, address, now, blockFor, &throttle.blockedUntil);
    if (error)
        return storeFailure(error);
    if (!allowed)
        return throttled(throttle.blockedUntil, now);
    const bool ok = user && !user->disabled ? auth::verifyPassword(user->passwordHash, password)
                                            : (auth::verifyNothing(password), false);
    if (!ok) {
        context.signIn.recordFailure(now);
        context.metrics.add(u"htmse_sign_in_failures_total"_s, 1);
        logEvent(u"info"_s, u"auth.sign_in_failed"_s);
        return Reply::error(401, u"invalid_grant"_s, u"wrong user name or password"_s);
    }
    if (!accounts.clearLoginFailures(username, address, &error)) // the next failure would wait longer: not fatal
        logEvent(u"warning"_s, u"auth.throttle_not_cleared"_s);
    const QString family = auth::newFamily();
    const qint64 familyEndsAt = now + qint64(context.options.signInLifetimeDays * 86'400'000.0);
    for (TokenRecord& t : issued.tokens) {
        t.family = family;
        t.userId = user->id;
        t.familyEndsAt = familyEndsAt;
    }
    error = {};
    if (!accounts.storeTokens(issued.tokens, &error))
        return storeFailure(error);
    return issued.reply(context.options);
}

Reply refreshGrant(RouteContext& context, const QJsonObject& body, const IssuedTokens& issued, qint64 now)
{
    const QJsonValue value = body.value(u"refresh_token"_s);
    if (!value.isString() || value.toString().isEmpty() || value.toString().size() > 200)
        return Reply::error(400, u"invalid_request"_s, u"refresh_token is required"_s);
    StoreError error;
    const RefreshOutcome outcome =
        context.accounts.rotateRefreshToken(auth::tokenHash(value.toString().toLatin1()), issued.tokens, now,
                                            qint64(context.options.refreshGraceSeconds) * 1000, &error);
    if (error)
        return storeFailure(error);
    if (outcome == RefreshOutcome::ReuseDetected)
        logEvent(u"warning"_s, u"auth.refresh_reuse"_s);
    if (outcome != RefreshOutcome::Rotated)
        return Reply::error(401, u"invalid_grant"_s,
                            u"the refresh token is invalid, expired or already used; "
                            "sign in again"_s);
    return issued.reply(context.options);
}

} // namespace

Reply issueToken(RouteContext& context, const Request& request, const Actor&)
{
    Reply reply;
    const auto body = parseBody(request, &reply);
    if (!body)
        return reply;
    const QString grant = body->value(u"grant_type"_s).toString();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    IssuedTokens issued(context.options, now);
    if (grant == "password"_L1)
        return passwordGrant(context, request, *body, issued, now);
    if (grant == "refresh_token"_L1)
        return refreshGrant(context, *body, issued, now);
    return Reply::error(400, u"unsupported_grant_type"_s, u"grant_type must be \"password\" or \"refresh_token\""_s);
}

Reply revokeToken(RouteContext& context, const Request& request, const Actor& actor)
{
    QByteArray token;
    if (!request.body.trimmed().isEmpty()) {
        Reply reply;
        const auto body = parseBody(request, &reply);
        if (!body)
            return reply;
        token = body->value(u"token"_s).toString().toLatin1();
    }
    if (token.isEmpty())
        token = request.authorization.mid(7).trimmed();
    StoreError error;
    const bool revoked = context.accounts.revokeTokenFamily(auth::tokenHash(token), actor.userId, &error);
    if (error)
        return storeFailure(error);
    return Reply{200, QJsonObject{{u"revoked"_s, revoked}}, {}};
}

Reply me(RouteContext&, const Request&, const Actor& actor)
{
    QJsonObject o{{u"id"_s, uuidString(actor.userId)},
                  {u"user"_s, actor.username},
                  {u"role"_s, toWire(actor.role)},
                  {u"organisation_id"_s, uuidString(actor.organisationId)}};
    if (!actor.professionalId.isNull())
        o.insert(u"professional_id"_s, uuidString(actor.professionalId));
    return Reply{200, o, {}};
}

} // namespace htmse::server::routes
