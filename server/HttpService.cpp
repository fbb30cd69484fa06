#include "server/HttpService.h"

#include "core/JsonReader.h"
#include "domain/Professional.h"
#include "domain/ReferralEvent.h"
#include "htmse/Version.h"
#include "server/Auth.h"
#include "server/Disclosure.h"
#include "server/JsonLog.h"
#include "server/store/ServerStore.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFuture>
#include <QFutureWatcher>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMetaEnum>
#include <QPointer>
#include <QRegularExpression>
#include <QSslConfiguration>
#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>
#include <QtConcurrent/QtConcurrentRun>

namespace htmse::server {

using namespace Qt::StringLiterals;
using Method = QHttpServerRequest::Method;

namespace {

using Request = HttpService::Request;

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

QString methodName(int method)
{
    return QString::fromLatin1(QMetaEnum::fromType<QHttpServerRequest::Method>().valueToKey(method)).toUpper();
}

Reply storeFailure(const StoreError& error)
{
    // The database's own text can name tables and values: it goes to the log, not the client.
    logEvent(u"error"_s, u"store.error"_s, {{u"message"_s, error.message.left(500)}});
    return Reply::error(503, u"unavailable"_s, u"the store is unavailable; try again shortly"_s);
}

// A request body that must be one JSON object.
std::optional<QJsonObject> parseBody(const Request& request, Reply* reply)
{
    if (request.body.trimmed().isEmpty()) {
        *reply = Reply::error(400, u"invalid_request"_s, u"the request needs a JSON object body"_s);
        return std::nullopt;
    }
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(request.body, &error);
    if (error.error != QJsonParseError::NoError) {
        *reply =
            Reply::error(400, u"malformed_json"_s,
                         u"the body is not valid JSON: %1 at byte %2"_s.arg(error.errorString()).arg(error.offset));
        return std::nullopt;
    }
    if (!doc.isObject()) {
        *reply = Reply::error(400, u"invalid_request"_s, u"the body must be a JSON object"_s);
        return std::nullopt;
    }
    return doc.object();
}

Reply invalid(const ValidationProblems& problems)
{
    Reply r = Reply::error(400, u"invalid_request"_s, problems.toStrings().mid(0, 20).join(u"; "_s));
    QJsonArray list;
    for (const QString& p : problems.toStrings().mid(0, 100))
        list.append(p);
    QJsonObject error = r.body.value(u"error"_s).toObject();
    error.insert(u"problems"_s, list);
    r.body.insert(u"error"_s, error);
    return r;
}

struct PageRequest
{
    qint64 after = 0;
    int limit = 0;
};

std::optional<PageRequest> pageRequest(const Request& request, int defaultLimit, int maxLimit, Reply* reply)
{
    const QUrlQuery query(request.query);
    PageRequest page{0, defaultLimit};
    static const QRegularExpression digits(u"^[0-9]{1,15}$"_s);
    if (query.hasQueryItem(u"after"_s)) {
        const QString after = query.queryItemValue(u"after"_s);
        if (!after.isEmpty()) {
            if (!digits.match(after).hasMatch()) {
                *reply = Reply::error(400, u"invalid_cursor"_s, u"after must be a cursor returned as \"next\""_s);
                return std::nullopt;
            }
            page.after = after.toLongLong();
        }
    }
    if (query.hasQueryItem(u"limit"_s) && !query.queryItemValue(u"limit"_s).isEmpty()) {
        const QString limit = query.queryItemValue(u"limit"_s);
        const int value = digits.match(limit).hasMatch() ? int(std::min<qint64>(limit.toLongLong(), 1'000'000)) : 0;
        if (value < 1 || value > maxLimit) {
            *reply =
                Reply::error(400, u"invalid_limit"_s, u"limit must be a whole number from 1 to %1"_s.arg(maxLimit));
            return std::nullopt;
        }
        page.limit = value;
    }
    return page;
}

// {"items":[...],"next":"N","has_more":B} plus `extra` keys, assembled from the items' JSON.
Reply listReply(const ChangePage& page, qint64 after, const QJsonObject& extra = {})
{
    qint64 next = after;
    qsizetype size = 64;
    for (const ChangeItem& item : page.items)
        size += item.json.size() + 1;
    QByteArray out;
    out.reserve(size);
    out += "{\"items\":[";
    for (qsizetype i = 0; i < page.items.size(); ++i) {
        if (i)
            out += ',';
        out += page.items[i].json;
        next = page.items[i].seq;
    }
    out += "],\"next\":\"" + QByteArray::number(next) + "\",\"has_more\":" + (page.hasMore ? "true" : "false");
    if (!extra.isEmpty()) {
        const QByteArray more = QJsonDocument(extra).toJson(QJsonDocument::Compact);
        out += ',' + more.mid(1, more.size() - 2);
    }
    out += '}';
    Reply r;
    r.raw = out;
    return r;
}

QJsonObject userJson(const UserRecord& u)
{
    QJsonObject o{{u"id"_s, uuidString(u.id)},
                  {u"user"_s, u.username},
                  {u"role"_s, toWire(u.role)},
                  {u"organisation_id"_s, uuidString(u.organisationId)},
                  {u"disabled"_s, u.disabled}};
    if (!u.professionalId.isNull())
        o.insert(u"professional_id"_s, uuidString(u.professionalId));
    return o;
}

// A directory editor sees every professional's profile edits; anyone else, their own.
std::optional<QUuid> editsVisibleTo(const Actor& actor)
{
    if (actor.role == Role::DirectoryEditor)
        return std::nullopt;
    return actor.professionalId;
}

// A news item or a resource as a directory editor sends it; returns the stored form.
std::optional<QJsonObject> readPublication(const QString& stream, const QJsonObject& in, const Actor& actor, QUuid* id,
                                           ValidationProblems& problems)
{
    const JsonReader r(in, {}, problems);
    *id = r.uuid(QLatin1StringView("id"), Presence::Optional);
    QJsonObject out;
    out.insert(u"title"_s, r.string(QLatin1StringView("title"), Presence::Required));
    const QString summary =
        r.string(QLatin1StringView("summary"), Presence::Optional, limits::kLongText, TextKind::MultiLine);
    if (!summary.isEmpty())
        out.insert(u"summary"_s, summary);
    const QString body =
        r.string(QLatin1StringView("body"), Presence::Optional, 20 * limits::kLongText, TextKind::MultiLine);
    if (!body.isEmpty())
        out.insert(u"body"_s, body);
    const bool resource = stream == "resources"_L1;
    const QString url = r.url(QLatin1StringView("url"), resource ? Presence::Required : Presence::Optional);
    if (!url.isEmpty())
        out.insert(u"url"_s, url);
    if (resource)
        out.insert(u"kind"_s, r.oneOf(QLatin1StringView("kind"), {u"course"_s, u"guide"_s, u"document"_s, u"video"_s},
                                      Presence::Required));
    const QString language = r.string(QLatin1StringView("language"), Presence::Optional, 35);
    static const QRegularExpression bcp47(u"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$"_s);
    if (!language.isEmpty()) {
        if (!bcp47.match(language).hasMatch())
            problems.add(u"language"_s, u"%1 is not a BCP 47 language tag"_s.arg(ValidationProblems::quote(language)));
        out.insert(u"language"_s, language);
    }
    out.insert(u"deleted"_s, r.boolean(QLatin1StringView("deleted"), false));
    if (!problems.isEmpty())
        return std::nullopt;
    if (id->isNull())
        *id = QUuid::createUuid();
    out.insert(u"id"_s, uuidString(*id));
    out.insert(u"published_at"_s, toIsoUtc(QDateTime::currentDateTimeUtc()));
    out.insert(u"published_by"_s, actor.username);
    return out;
}

} // namespace

HttpService::HttpService(ServiceOptions options, std::shared_ptr<ServerStore> store, QObject* parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_store(std::move(store))
    , m_http(std::make_unique<QHttpServer>())
    , m_ipLimiter(m_options.ipRequestsPerSecond, m_options.ipBurst)
    , m_tokenLimiter(m_options.tokenRequestsPerSecond, m_options.tokenBurst)
    , m_exchange(*m_store)
{
    // Qt SQL connections are per thread: pool threads never expire, so each keeps its one.
    m_pool.setMaxThreadCount(std::max(1, m_options.workerThreads));
    m_pool.setExpiryTimeout(-1);
    setUpRoutes();
    // Expired tokens are deleted now and then (any instance may do it; it is idempotent).
    const auto purge = [this] {
        m_pool.start([store = m_store] {
            StoreError error;
            const int purged = store->purgeExpiredTokens(nowMs(), &error);
            if (purged > 0)
                logEvent(u"info"_s, u"auth.tokens_purged"_s, {{u"count"_s, purged}});
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

void HttpService::dispatch(const QString& route, int method, const QHttpServerRequest& request,
                           QHttpServerResponder&& responder, const QString& arg, std::optional<Permission> permission,
                           const Handler& handler, bool authenticated)
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
    const bool head = method == int(Method::Head);
    const quint64 place = guard->reserve();
    const auto finish = [this, guard, place, route, method, head, timer](const Reply& reply) {
        m_metrics.recordRequest(route, methodName(method), reply.status, double(timer.nsecsElapsed()) / 1e9);
        logEvent(u"info"_s, u"http.request"_s,
                 {{u"method"_s, methodName(method)}, {u"route"_s, route}, {u"status"_s, reply.status}});
        if (guard)
            guard->respond(place, httpResponse(reply, head));
    };
    Request copy{request.body(), request.query().toString(QUrl::FullyEncoded), arg, request.value("Authorization"_ba),
                 request.remoteAddress()};
    int retryAfter = 0;
    if (route != "/healthz"_L1 && !m_ipLimiter.allow(copy.peer.toString(), nowMs(), &retryAfter)) {
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
    watcher->setFuture(QtConcurrent::run(&m_pool, [this, route, copy, permission, handler, authenticated] {
        Reply reply;
        Actor actor;
        bool ok = true;
        if (authenticated) {
            const QByteArray header = copy.authorization;
            if (!header.startsWith("Bearer ") || header.size() > 200) {
                reply = Reply::error(401, u"unauthorised"_s, u"sign in first: Authorization: Bearer <access token>"_s);
                reply.headers.append({"WWW-Authenticate"_ba, "Bearer"_ba});
                ok = false;
            } else {
                StoreError error;
                const auto found =
                    m_store->actorForAccessToken(auth::tokenHash(header.mid(7).trimmed()), nowMs(), &error);
                int retry = 0;
                if (error) {
                    reply = storeFailure(error);
                    ok = false;
                } else if (!found) {
                    reply = Reply::error(401, u"invalid_token"_s, u"the access token is invalid, expired or revoked"_s);
                    reply.headers.append({"WWW-Authenticate"_ba, "Bearer error=\"invalid_token\""_ba});
                    ok = false;
                } else if (!m_tokenLimiter.allow(found->tokenFamily, nowMs(), &retry)) {
                    reply = Reply::error(429, u"rate_limited"_s, u"too many requests for this sign-in; slow down"_s);
                    reply.headers.append({"Retry-After"_ba, QByteArray::number(retry)});
                    ok = false;
                } else if (permission && !isAllowed(found->role, *permission)) {
                    reply = Reply::error(403, u"forbidden"_s,
                                         u"the role \"%1\" may not do this"_s.arg(toWire(found->role)));
                    ok = false;
                } else {
                    actor = *found;
                }
            }
        }
        if (ok) {
            try {
                reply = handler(copy, actor);
            } catch (const std::exception&) {
                logEvent(u"error"_s, u"http.handler_failed"_s, {{u"route"_s, route}});
                reply = Reply::error(500, u"internal"_s, u"the server failed to answer; this is logged"_s);
            }
        }
        return reply;
    }));
}

void HttpService::api(const QString& path, int methods, std::optional<Permission> permission, Handler handler)
{
    m_pathMethods[path] |= methods;
    const auto method = Method(methods);
    if (path.contains(u"<arg>"_s)) {
        m_http->route(path, method,
                      [this, path, permission, handler](const QString& arg, const QHttpServerRequest& r,
                                                        QHttpServerResponder&& responder) {
                          dispatch(path, int(r.method()), r, std::move(responder), arg, permission, handler, true);
                      });
    } else {
        m_http->route(path, method,
                      [this, path, permission, handler](const QHttpServerRequest& r, QHttpServerResponder&& responder) {
                          dispatch(path, int(r.method()), r, std::move(responder), {}, permission, handler, true);
                      });
    }
}

void HttpService::publicRoute(const QString& path, int methods, std::function<Reply(const Request&)> handler)
{
    m_pathMethods[path] |= methods;
    m_http->route(path, Method(methods),
                  [this, path, handler](const QHttpServerRequest& r, QHttpServerResponder&& responder) {
                      dispatch(
                          path, int(r.method()), r, std::move(responder), {}, std::nullopt,
                          [handler](const Request& request, const Actor&) { return handler(request); }, false);
                  });
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

void HttpService::setUpRoutes()
{
    const int get = int(Method::Get);
    const int post = int(Method::Post);

    // The database is asked on the pool: a stalled connection must not stall the event loop.
    // Not rate limited, so a load balancer's probes are never refused.
    m_http->route(u"/healthz"_s, Method::Get | Method::Head,
                  [this](const QHttpServerRequest& r, QHttpServerResponder&& responder) {
                      dispatch(
                          u"/healthz"_s, int(r.method()), r, std::move(responder), {}, std::nullopt,
                          [this](const Request&, const Actor&) { return health(); }, false);
                  });
    m_pathMethods[u"/healthz"_s] = get | int(Method::Head);
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
    m_pathMethods[u"/metrics"_s] = get;

    publicRoute(u"/api/v1/auth/token"_s, post, [this](const Request& r) { return token(r); });

    api(u"/api/v1/auth/revoke"_s, post, std::nullopt, [this](const Request& r, const Actor& actor) {
        QByteArray token;
        if (!r.body.trimmed().isEmpty()) {
            Reply reply;
            const auto body = parseBody(r, &reply);
            if (!body)
                return reply;
            token = body->value(u"token"_s).toString().toLatin1();
        }
        if (token.isEmpty())
            token = r.authorization.mid(7).trimmed();
        StoreError error;
        const bool revoked = m_store->revokeTokenFamily(auth::tokenHash(token), actor.userId, &error);
        if (error)
            return storeFailure(error);
        return Reply{200, QJsonObject{{u"revoked"_s, revoked}}, {}};
    });

    api(u"/api/v1/me"_s, get, std::nullopt, [](const Request&, const Actor& actor) {
        QJsonObject o{{u"id"_s, uuidString(actor.userId)},
                      {u"user"_s, actor.username},
                      {u"role"_s, toWire(actor.role)},
                      {u"organisation_id"_s, uuidString(actor.organisationId)}};
        if (!actor.professionalId.isNull())
            o.insert(u"professional_id"_s, uuidString(actor.professionalId));
        return Reply{200, o, {}};
    });

    api(u"/api/v1/directory/changes"_s, get, Permission::ReadDirectory,
        [this](const Request& r, const Actor& actor) { return changesPage(u"directory"_s, r, actor); });

    api(u"/api/v1/referral-events"_s, get, Permission::ReadReferralEvents,
        [this](const Request& r, const Actor& actor) { return changesPage(u"events"_s, r, actor); });

    api(u"/api/v1/referral-events"_s, post, Permission::PushReferralEvents,
        [this](const Request& r, const Actor& actor) {
            Reply reply;
            const auto body = parseBody(r, &reply);
            if (!body)
                return reply;
            if (!body->value(u"events"_s).isArray())
                return Reply::error(400, u"invalid_request"_s, u"events: expected an array of events"_s);
            const QJsonArray events = body->value(u"events"_s).toArray();
            if (events.size() > m_options.maxEventsPerPush)
                return Reply::error(
                    413, u"too_many_events"_s,
                    u"at most %1 events per request; send the rest in another"_s.arg(m_options.maxEventsPerPush));
            QList<ReferralEvent> valid;
            QList<int> indexOfValid; // position in `valid` -> index in the request
            QList<QJsonObject> rejected;
            for (qsizetype i = 0; i < events.size(); ++i) {
                const QString path = u"events[%1]"_s.arg(i);
                if (!events[i].isObject()) {
                    rejected.append(QJsonObject{{u"id"_s, QJsonValue::Null},
                                                {u"index"_s, int(i)},
                                                {u"reason"_s, u"%1: expected an object"_s.arg(path)}});
                    continue;
                }
                ValidationProblems problems;
                auto event = ReferralEvent::fromJson(events[i].toObject(), problems, path);
                if (!event) {
                    const QJsonValue id = events[i].toObject().value(u"id"_s);
                    rejected.append(
                        QJsonObject{{u"id"_s, id.isString() ? QJsonValue(id.toString().left(64)) : QJsonValue()},
                                    {u"index"_s, int(i)},
                                    {u"reason"_s, problems.toStrings().mid(0, 10).join(u"; "_s)}});
                    continue;
                }
                event->serverSeq.reset();
                valid.append(*event);
                indexOfValid.append(int(i));
            }
            StoreError error;
            const PushResult result = m_exchange.push(actor, valid, &error);
            if (error)
                return storeFailure(error);
            QJsonArray accepted;
            for (const auto& a : result.accepted)
                accepted.append(QJsonObject{{u"id"_s, uuidString(a.id)}, {u"seq"_s, a.seq}});
            for (const auto& x : result.rejected)
                rejected.append(QJsonObject{{u"id"_s, uuidString(x.id)},
                                            {u"index"_s, indexOfValid.value(x.position)},
                                            {u"reason"_s, x.reason}});
            // Both lists follow the order of the request.
            std::stable_sort(rejected.begin(), rejected.end(), [](const QJsonObject& a, const QJsonObject& b) {
                return a.value(u"index"_s).toInt() < b.value(u"index"_s).toInt();
            });
            QJsonArray rejectedArray;
            for (const QJsonObject& x : rejected)
                rejectedArray.append(x);
            m_metrics.add(u"htmse_referral_events_accepted_total"_s, result.accepted.size());
            m_metrics.add(u"htmse_referral_events_rejected_total"_s, rejected.size());
            return Reply{200, QJsonObject{{u"accepted"_s, accepted}, {u"rejected"_s, rejectedArray}}, {}};
        });

    for (const QString& stream : {u"news"_s, u"resources"_s}) {
        const QString path = u"/api/v1/"_s + stream;
        api(path, get, Permission::ReadPublications,
            [this, stream](const Request& r, const Actor& actor) { return changesPage(stream, r, actor); });
        api(path, post, Permission::PublishPublications, [this, stream](const Request& r, const Actor& actor) {
            Reply reply;
            const auto body = parseBody(r, &reply);
            if (!body)
                return reply;
            ValidationProblems problems;
            QUuid id;
            const auto item = readPublication(stream, *body, actor, &id, problems);
            if (!item)
                return invalid(problems);
            StoreError error;
            const qint64 seq = m_store->publish(stream, id, *item, &error);
            if (error)
                return storeFailure(error);
            QJsonObject out = *item;
            out.insert(u"version"_s, seq);
            return Reply{201, out, {}};
        });
    }

    api(u"/api/v1/profiles/me"_s, get, Permission::EditOwnProfile, [this](const Request& r, const Actor& actor) {
        if (actor.professionalId.isNull())
            return Reply::error(404, u"not_found"_s, u"this account is not linked to a directory profile"_s);
        StoreError error;
        const auto profile = m_store->directoryEntry(u"professional"_s, actor.professionalId, &error);
        Reply pageReply;
        const auto page = pageRequest(r, m_options.pageDefault, m_options.pageMax, &pageReply);
        if (!page)
            return pageReply;
        const ChangePage edits = m_store->profileEdits(editsVisibleTo(actor), page->after, page->limit, false, &error);
        if (error)
            return storeFailure(error);
        return listReply(edits, page->after, {{u"profile"_s, profile ? QJsonValue(*profile) : QJsonValue()}});
    });
    api(u"/api/v1/profiles/me"_s, post | int(Method::Put), Permission::EditOwnProfile,
        [this](const Request& r, const Actor& actor) {
            if (actor.professionalId.isNull())
                return Reply::error(404, u"not_found"_s, u"this account is not linked to a directory profile"_s);
            Reply reply;
            auto body = parseBody(r, &reply);
            if (!body)
                return reply;
            // The listing is the caller's own, whatever id the body claims; verification and
            // versions are the directory's to set.
            body->insert(u"id"_s, uuidString(actor.professionalId));
            body->remove(u"server_version"_s);
            body->insert(u"verification"_s, QJsonObject{{u"status"_s, u"pending"_s}});
            body->insert(u"updated_at"_s, toIsoUtc(QDateTime::currentDateTimeUtc()));
            ValidationProblems problems;
            const auto profile = Professional::fromJson(*body, problems);
            if (!profile)
                return invalid(problems);
            const QUuid editId = QUuid::createUuid();
            StoreError error;
            const qint64 seq = m_store->submitProfileEdit(actor.professionalId, actor.username, editId,
                                                          redactConfidentialLocations(profile->toJson()), &error);
            if (error)
                return storeFailure(error);
            return Reply{
                202, QJsonObject{{u"id"_s, uuidString(editId)}, {u"status"_s, u"pending"_s}, {u"version"_s, seq}}, {}};
        });

    api(u"/api/v1/profile-edits"_s, get, Permission::ReviewProfileEdits, [this](const Request& r, const Actor& actor) {
        Reply reply;
        const auto page = pageRequest(r, m_options.pageDefault, m_options.pageMax, &reply);
        if (!page)
            return reply;
        const QString status = QUrlQuery(r.query).queryItemValue(u"status"_s);
        if (!status.isEmpty() && status != "pending"_L1 && status != "all"_L1)
            return Reply::error(400, u"invalid_request"_s, u"status must be \"pending\" or \"all\""_s);
        StoreError error;
        const ChangePage edits =
            m_store->profileEdits(editsVisibleTo(actor), page->after, page->limit, status != "all"_L1, &error);
        if (error)
            return storeFailure(error);
        return listReply(edits, page->after);
    });
    for (const auto& [verb, decision] :
         {std::pair{u"approve"_s, ReviewDecision::Approve}, std::pair{u"reject"_s, ReviewDecision::Reject}}) {
        api(u"/api/v1/profile-edits/<arg>/"_s + verb, post, Permission::ReviewProfileEdits,
            [this, decision = decision](const Request& r, const Actor& actor) {
                const QUuid id(r.pathArg);
                if (id.isNull())
                    return Reply::error(404, u"not_found"_s, u"no such profile edit"_s);
                QString note;
                if (!r.body.trimmed().isEmpty()) {
                    Reply reply;
                    const auto body = parseBody(r, &reply);
                    if (!body)
                        return reply;
                    ValidationProblems problems;
                    note = JsonReader(*body, {}, problems)
                               .string(QLatin1StringView("note"), Presence::Optional, limits::kLongText,
                                       TextKind::MultiLine);
                    if (!problems.isEmpty())
                        return invalid(problems);
                }
                StoreError error;
                const auto profile = m_store->reviewProfileEdit(actor.username, id, decision, note, &error);
                if (error.kind == StoreError::Kind::NotFound)
                    return Reply::error(404, u"not_found"_s, error.message);
                if (error.kind == StoreError::Kind::Conflict)
                    return Reply::error(409, u"conflict"_s, error.message);
                if (error)
                    return storeFailure(error);
                return Reply{
                    200,
                    QJsonObject{{u"id"_s, uuidString(id)},
                                {u"status"_s, decision == ReviewDecision::Approve ? u"approved"_s : u"rejected"_s},
                                {u"profile"_s, profile.value_or(QJsonObject{})}},
                    {}};
            });
    }

    api(u"/api/v1/users"_s, get, Permission::ManageOrganisationUsers, [this](const Request& r, const Actor& actor) {
        // Ordered by user name; the cursor counts the users already listed.
        Reply reply;
        const auto page = pageRequest(r, m_options.pageDefault, m_options.pageMax, &reply);
        if (!page)
            return reply;
        StoreError error;
        const QList<UserRecord> users = m_store->usersOfOrganisation(actor.organisationId, &error);
        if (error)
            return storeFailure(error);
        ChangePage out;
        const qsizetype from = std::min<qsizetype>(users.size(), qsizetype(page->after));
        const qsizetype to = std::min<qsizetype>(users.size(), from + page->limit);
        for (qsizetype i = from; i < to; ++i)
            out.items.append({qint64(i + 1), QJsonDocument(userJson(users[i])).toJson(QJsonDocument::Compact)});
        out.hasMore = to < users.size();
        return listReply(out, page->after);
    });
    api(u"/api/v1/users/<arg>/revoke"_s, post, Permission::ManageOrganisationUsers,
        [this](const Request& r, const Actor& actor) {
            StoreError error;
            const QUuid id(r.pathArg);
            const auto user = id.isNull() ? std::nullopt : m_store->userById(id, &error);
            if (error)
                return storeFailure(error);
            // Another organisation's user is answered as one that does not exist.
            if (!user || user->organisationId != actor.organisationId)
                return Reply::error(404, u"not_found"_s, u"no such user in your organisation"_s);
            const int revoked = m_store->revokeUserTokens(user->id, &error);
            if (error)
                return storeFailure(error);
            return Reply{200, QJsonObject{{u"revoked_tokens"_s, revoked}}, {}};
        });
    for (const auto& [verb, disable] : {std::pair{u"disable"_s, true}, std::pair{u"enable"_s, false}}) {
        api(u"/api/v1/users/<arg>/"_s + verb, post, Permission::ManageOrganisationUsers,
            [this, disable = disable](const Request& r, const Actor& actor) {
                StoreError error;
                const QUuid id(r.pathArg);
                auto user = id.isNull() ? std::nullopt : m_store->userById(id, &error);
                if (error)
                    return storeFailure(error);
                if (!user || user->organisationId != actor.organisationId)
                    return Reply::error(404, u"not_found"_s, u"no such user in your organisation"_s);
                if (disable && user->id == actor.userId)
                    return Reply::error(409, u"conflict"_s, u"you cannot disable your own account"_s);
                if (!m_store->setUserDisabled(user->id, disable, &error))
                    return storeFailure(error);
                user->disabled = disable;
                logEvent(u"info"_s, disable ? u"auth.user_disabled"_s : u"auth.user_enabled"_s);
                return Reply{200, userJson(*user), {}};
            });
    }

    addMethodFallbacks();

    m_http->setMissingHandler([this](const QHttpServerRequest& request, QHttpServerResponder&& responder) {
        // The path is operational information; query strings and bodies are never logged.
        logEvent(u"info"_s, u"http.not_found"_s, {{u"path"_s, request.url().path().left(200)}});
        m_metrics.recordRequest(u"unmatched"_s, methodName(int(request.method())), 404, 0);
        answerNow(request, std::move(responder), Reply::error(404, u"not_found"_s, u"no such endpoint"_s));
    });
}

Reply HttpService::health() const
{
    const bool up = m_store->ping();
    return {up ? 200 : 503, QJsonObject{{u"status"_s, up ? u"ok"_s : u"unavailable"_s},
                                        {u"version"_s, QLatin1StringView(kVersion)},
                                        {u"store"_s, m_store->kindName()}}};
}

Reply HttpService::token(const Request& request)
{
    Reply reply;
    const auto body = parseBody(request, &reply);
    if (!body)
        return reply;
    const QString grant = body->value(u"grant_type"_s).toString();
    const qint64 now = nowMs();
    const QByteArray access = auth::newAccessToken();
    const QByteArray refresh = auth::newRefreshToken();
    const auto issued = [&] {
        return Reply{200,
                     QJsonObject{{u"access_token"_s, QString::fromLatin1(access)},
                                 {u"refresh_token"_s, QString::fromLatin1(refresh)},
                                 {u"expires_in"_s, m_options.accessTokenSeconds},
                                 {u"token_type"_s, u"Bearer"_s}},
                     {}};
    };
    QList<TokenRecord> tokens{
        {auth::tokenHash(access), u"access"_s, {}, {}, now + qint64(m_options.accessTokenSeconds) * 1000},
        {auth::tokenHash(refresh), u"refresh"_s, {}, {}, now + qint64(m_options.refreshTokenDays) * 86'400'000}};

    if (grant == "password"_L1) {
        const QJsonValue userValue = body->value(u"username"_s);
        const QJsonValue passwordValue = body->value(u"password"_s);
        if (!userValue.isString() || !passwordValue.isString() || userValue.toString().isEmpty() ||
            userValue.toString().size() > 200 || passwordValue.toString().size() > 1024)
            return Reply::error(400, u"invalid_request"_s, u"username and password are required strings"_s);
        const QString username = userValue.toString();
        const QByteArray password = passwordValue.toString().toUtf8();
        StoreError error;
        LoginThrottle throttle;
        // The attempt is counted before the (slow) password check, so parallel guesses count too;
        // each counts as a failure until it succeeds.
        const bool allowed = m_store->claimSignInAttempt(
            username, now, [](int attempts) { return auth::throttleDelayMs(attempts); }, &throttle, &error);
        if (error)
            return storeFailure(error);
        if (!allowed) {
            Reply r =
                Reply::error(429, u"sign_in_throttled"_s, u"too many failed sign-ins for this user; try again later"_s);
            r.headers.append({"Retry-After"_ba, QByteArray::number((throttle.blockedUntil - now) / 1000 + 1)});
            return r;
        }
        const auto user = m_store->userByName(username, &error);
        if (error)
            return storeFailure(error);
        const bool ok = user && !user->disabled ? auth::verifyPassword(user->passwordHash, password)
                                                : (auth::verifyNothing(password), false);
        if (!ok) {
            m_metrics.add(u"htmse_sign_in_failures_total"_s, 1);
            logEvent(u"info"_s, u"auth.sign_in_failed"_s);
            return Reply::error(401, u"invalid_grant"_s, u"wrong user name or password"_s);
        }
        m_store->clearLoginFailures(username, &error);
        const QString family = auth::newFamily();
        for (TokenRecord& t : tokens) {
            t.family = family;
            t.userId = user->id;
        }
        if (!m_store->storeTokens(tokens, &error))
            return storeFailure(error);
        return issued();
    }
    if (grant == "refresh_token"_L1) {
        const QJsonValue value = body->value(u"refresh_token"_s);
        if (!value.isString() || value.toString().isEmpty() || value.toString().size() > 200)
            return Reply::error(400, u"invalid_request"_s, u"refresh_token is required"_s);
        StoreError error;
        const RefreshOutcome outcome =
            m_store->rotateRefreshToken(auth::tokenHash(value.toString().toLatin1()), tokens, now,
                                        qint64(m_options.refreshGraceSeconds) * 1000, &error);
        if (error)
            return storeFailure(error);
        if (outcome == RefreshOutcome::ReuseDetected)
            logEvent(u"warning"_s, u"auth.refresh_reuse"_s);
        if (outcome != RefreshOutcome::Rotated)
            return Reply::error(401, u"invalid_grant"_s,
                                u"the refresh token is invalid, expired or already used; "
                                "sign in again"_s);
        return issued();
    }
    return Reply::error(400, u"unsupported_grant_type"_s, u"grant_type must be \"password\" or \"refresh_token\""_s);
}

Reply HttpService::changesPage(const QString& stream, const Request& request, const Actor& actor)
{
    Reply reply;
    const auto page = pageRequest(request, m_options.pageDefault, m_options.pageMax, &reply);
    if (!page)
        return reply;
    StoreError error;
    ChangePage changes;
    if (stream == "directory"_L1)
        changes = m_store->directoryChanges(page->after, page->limit, &error);
    else if (stream == "events"_L1)
        changes = m_exchange.visibleEvents(actor, page->after, page->limit, &error);
    else
        changes = m_store->publications(stream, page->after, page->limit, &error);
    if (error)
        return storeFailure(error);
    static const QHash<QString, QString> counters{{u"directory"_s, u"htmse_directory_items_served_total"_s},
                                                  {u"events"_s, u"htmse_referral_events_served_total"_s},
                                                  {u"news"_s, u"htmse_news_items_served_total"_s},
                                                  {u"resources"_s, u"htmse_resources_served_total"_s}};
    m_metrics.add(counters.value(stream), changes.items.size());
    return listReply(changes, page->after);
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
