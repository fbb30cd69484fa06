#include "server/Reply.h"

#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QMetaEnum>

namespace htmse::server {

using namespace Qt::StringLiterals;

Reply Reply::error(int status, const QString& code, const QString& message)
{
    return {status, QJsonObject{{u"error"_s, QJsonObject{{u"code"_s, code}, {u"message"_s, message}}}}, {}};
}

QByteArray Reply::bytes() const
{
    return raw.isEmpty() ? QJsonDocument(body).toJson(QJsonDocument::Compact) : raw;
}

QByteArray errorBody(const QString& code, const QString& message)
{
    const QJsonObject o{{u"error"_s, QJsonObject{{u"code"_s, code}, {u"message"_s, message}}}};
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QByteArray httpResponseBytes(int status, const QByteArray& contentType, const QByteArray& body,
                             const QList<QPair<QByteArray, QByteArray>>& headers, bool head)
{
    // "PayloadTooLarge" -> "Payload Too Large"
    QByteArray reason = QMetaEnum::fromType<QHttpServerResponder::StatusCode>().valueToKey(status);
    for (qsizetype i = reason.size() - 1; i > 0; --i)
        if (reason[i] >= 'A' && reason[i] <= 'Z')
            reason.insert(i, ' ');
    if (status == 200)
        reason = "OK";
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\nContent-Type: " + contentType +
                     "\r\nContent-Length: " + QByteArray::number(body.size()) +
                     "\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n";
    for (const auto& [name, value] : headers)
        out += name + ": " + value + "\r\n";
    out += "\r\n";
    if (!head)
        out += body;
    return out;
}

QByteArray httpResponse(const Reply& reply, bool head)
{
    return httpResponseBytes(reply.status, reply.contentType, reply.bytes(), reply.headers, head);
}

} // namespace htmse::server
