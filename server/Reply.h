// Reply: an answer as the server writes it — a JSON object, or raw bytes (list pages built
// without re-parsing, the metrics text) — and the bytes of the whole HTTP/1.1 response. Shared
// by the routes, the HttpService that dispatches them and the RequestGuard that refuses
// requests before they reach either.
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

namespace htmse::server {

struct Reply
{
    Reply() = default;
    Reply(int s, QJsonObject b, QList<QPair<QByteArray, QByteArray>> h = {})
        : status(s)
        , body(std::move(b))
        , headers(std::move(h))
    {}
    int status = 200;
    QJsonObject body;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray raw; // when set, sent instead of `body` (list pages built without re-parsing)
    QByteArray contentType = QByteArrayLiteral("application/json");

    // {"error":{"code":CODE,"message":MESSAGE}} with `status`.
    static Reply error(int status, const QString& code, const QString& message);
    // The body as sent: `raw`, or `body` as compact JSON.
    QByteArray bytes() const;
};

// {"error":{"code":CODE,"message":MESSAGE}}
QByteArray errorBody(const QString& code, const QString& message);

// A complete HTTP/1.1 response: status line with its reason phrase, the headers every answer
// of the server carries (Content-Type, Content-Length, no-store, nosniff), `headers`, and the
// body unless the request was HEAD.
QByteArray httpResponseBytes(int status, const QByteArray& contentType, const QByteArray& body,
                             const QList<QPair<QByteArray, QByteArray>>& headers = {}, bool head = false);
// The whole HTTP/1.1 response for a reply.
QByteArray httpResponse(const Reply& reply, bool head);

} // namespace htmse::server
