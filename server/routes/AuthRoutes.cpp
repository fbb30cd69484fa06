#include "server/routes/AuthRoutes.h"

#include "core/JsonReader.h"
#include "server/Auth.h"
#include "server/JsonLog.h"
#include "server/Metrics.h"
#include "server/ServiceOptions.h"
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

Reply passwordGrant(RouteContext& context, const QJsonObject& body, IssuedTokens& issued, qint64 now)
{
    const QJsonValue userValue = body.value(u"username"_s);
    const QJsonValue passwordValue = body.value(u"password"_s);
    if (!userValue.isString() || !passwordValue.isString() || userValue.toString().isEmpty() ||
        userValue.toString().size() > 200 || passwordValue.toString().size() > 1024)
        return Reply::error(400, u"invalid_request"_s, u"username and password are required strings"_s);
    const QString username = userValue.toString();
    const QByteArray password = passwordValue.toString().toUtf8();
    AccountStore& accounts = context.accounts;
    StoreError error;
    LoginThrottle throttle;
    // The attempt is counted before the (slow) password check, so parallel guesses count too;
    // each counts as a failure until it succeeds.
    const bool allowed = accounts.claimSignInAttempt(
        username, now, [](int attempts) { return auth::throttleDelayMs(attempts); }, &throttle, &error);
    if (error)
        return storeFailure(error);
    if (!allowed) {
        Reply r =
            Reply::error(429, u"sign_in_throttled"_s, u"too many failed sign-ins for this user; try again later"_s);
        r.headers.append({"Retry-After"_ba, QByteArray::number((throttle.blockedUntil - now) / 1000 + 1)});
        return r;
    }
    const auto user = accounts.userByName(username, &error);
    if (error)
        return storeFailure(error);
    const bool ok = user && !user->disabled ? auth::verifyPassword(user->passwordHash, password)
                                            : (auth::verifyNothing(password), false);
    if (!ok) {
        context.metrics.add(u"htmse_sign_in_failures_total"_s, 1);
        logEvent(u"info"_s, u"auth.sign_in_failed"_s);
        return Reply::error(401, u"invalid_grant"_s, u"wrong user name or password"_s);
    }
    accounts.clearLoginFailures(username, &error);
    const QString family = auth::newFamily();
    for (TokenRecord& t : issued.tokens) {
        t.family = family;
        t.userId = user->id;
    }
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
        return passwordGrant(context, *body, issued, now);
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
