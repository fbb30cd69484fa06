#include "HttpService.h"

#include "JsonLog.h"
#include "htmse/Version.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QHttpServerResponse>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMetaEnum>

namespace htmse::server {

using namespace Qt::StringLiterals;

QByteArray errorBody(const QString& code, const QString& message)
{
    const QJsonObject o{{u"error"_s, QJsonObject{{u"code"_s, code}, {u"message"_s, message}}}};
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

HttpService::HttpService(Options options, QObject* parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_http(std::make_unique<QHttpServer>())
{
    setUpRoutes();
}

HttpService::~HttpService() = default;

void HttpService::setUpRoutes()
{
    m_http->route(u"/healthz"_s, QHttpServerRequest::Method::Get | QHttpServerRequest::Method::Head, [this] {
        const QJsonObject body{
            {u"status"_s, u"ok"_s}, {u"version"_s, QLatin1StringView(kVersion)}, {u"store"_s, m_options.storeKind}};
        return QHttpServerResponse(body);
    });
    m_http->route(u"/healthz"_s, [] {
        return QHttpServerResponse("application/json"_ba, errorBody(u"method_not_allowed"_s, u"use GET"_s),
                                   QHttpServerResponder::StatusCode::MethodNotAllowed);
    });
    m_http->setMissingHandler([](const QHttpServerRequest& request, QHttpServerResponder&& responder) {
        // The path is operational information; query strings and bodies are never logged.
        logEvent(u"info"_s, u"http.not_found"_s, {{u"path"_s, request.url().path().left(200)}});
        responder.write(errorBody(u"not_found"_s, u"no such endpoint"_s), "application/json"_ba,
                        QHttpServerResponder::StatusCode::NotFound);
    });
    m_http->afterRequest([](QHttpServerResponse&& response, const QHttpServerRequest& request) {
        response.setHeader("Cache-Control"_ba, "no-store"_ba);
        response.setHeader("X-Content-Type-Options"_ba, "nosniff"_ba);
        logEvent(u"info"_s, u"http.request"_s,
                 {{u"method"_s, QString::fromLatin1(QMetaEnum::fromType<QHttpServerRequest::Method>().valueToKey(
                                    int(request.method())))},
                  {u"path"_s, request.url().path().left(200)},
                  {u"status"_s, int(response.statusCode())}});
        return std::move(response);
    });
}

quint16 HttpService::listen(const QHostAddress& address, quint16 port)
{
    return m_http->listen(address, port);
}

} // namespace htmse::server
