// ApiClient: a blocking HTTP client for tests against a real htmse-server, plus the admin
// command line (create-org, create-user, seed) run as processes against the same store.
#pragma once

#include "common/RunProcess.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslConfiguration>
#include <QTimer>
#include <QUrl>

#include <functional>
#include <utility>

namespace htmse::test {

struct ApiReply
{
    int status = 0;
    QByteArray body;
    QByteArray contentType;
    QList<QNetworkReply::RawHeaderPair> headers;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;

    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QByteArray header(const QByteArray& name) const
    {
        for (const auto& [k, v] : headers)
            if (k.compare(name, Qt::CaseInsensitive) == 0)
                return v;
        return {};
    }
    QString errorCode() const
    {
        return json().value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString();
    }
};

class ApiClient
{
public:
    // Called with every reply (method, path, reply): the tests check each against the OpenAPI spec.
    using Observer = std::function<void(const QByteArray& method, const QString& path, const ApiReply& reply)>;

    explicit ApiClient(QUrl base = {})
        : m_base(std::move(base))
    {}
    void setBase(const QUrl& base) { m_base = base; }
    void setObserver(Observer observer) { m_observer = std::move(observer); }
    void setSslConfiguration(const QSslConfiguration& c) { m_ssl = c; }
    // Called once when the next request's body has been handed to the network entirely.
    void setUploadedHook(std::function<void()> hook) { m_uploaded = std::move(hook); }

    ApiReply send(const QByteArray& method, const QString& pathAndQuery, const QByteArray& token = {},
                  const QByteArray& body = {}, const QList<QPair<QByteArray, QByteArray>>& headers = {})
    {
        QUrl url = m_base;
        const qsizetype q = pathAndQuery.indexOf(u'?');
        url.setPath(q < 0 ? pathAndQuery : pathAndQuery.left(q));
        if (q >= 0)
            url.setQuery(pathAndQuery.mid(q + 1));
        QNetworkRequest req(url);
        req.setTransferTimeout(60'000);
        if (!m_ssl.isNull())
            req.setSslConfiguration(m_ssl);
        if (!token.isEmpty())
            req.setRawHeader("Authorization", "Bearer " + token);
        if (!body.isEmpty())
            req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        for (const auto& [k, v] : headers)
            req.setRawHeader(k, v);
        // HEAD through its own call: a custom verb would wait for the body a HEAD never has.
        QNetworkReply* reply = method == "HEAD" ? m_nam.head(req) : m_nam.sendCustomRequest(req, method, body);
        if (m_uploaded) {
            QObject::connect(reply, &QNetworkReply::uploadProgress, reply,
                             [this, hook = std::exchange(m_uploaded, {})](qint64 sent, qint64 total) mutable {
                                 if (hook && total > 0 && sent == total)
                                     std::exchange(hook, {})();
                             });
        }
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        ApiReply r{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll(),
                   reply->header(QNetworkRequest::ContentTypeHeader).toByteArray(), reply->rawHeaderPairs(),
                   reply->error()};
        reply->deleteLater();
        if (m_observer && r.status != 0)
            m_observer(method, url.path(), r);
        return r;
    }

    ApiReply get(const QString& path, const QByteArray& token = {}) { return send("GET", path, token); }
    ApiReply post(const QString& path, const QByteArray& token, const QJsonObject& body)
    {
        return send("POST", path, token, QJsonDocument(body).toJson(QJsonDocument::Compact));
    }

    // Signs in; returns the access token (empty on failure). The refresh token goes to *refresh.
    QByteArray signIn(const QString& user, const QString& password, QByteArray* refresh = nullptr)
    {
        const ApiReply r = post(QStringLiteral("/api/v1/auth/token"), {},
                                QJsonObject{{QStringLiteral("grant_type"), QStringLiteral("password")},
                                            {QStringLiteral("username"), user},
                                            {QStringLiteral("password"), password}});
        if (refresh)
            *refresh = r.json().value(QStringLiteral("refresh_token")).toString().toLatin1();
        return r.json().value(QStringLiteral("access_token")).toString().toLatin1();
    }

    // Follows a list endpoint's cursor to the end; returns every item.
    QJsonArray all(const QString& path, const QByteArray& token, int limit, QString* cursor = nullptr,
                   int* pages = nullptr)
    {
        QJsonArray items;
        QString after = cursor ? *cursor : QString();
        for (int page = 0; page < 10'000; ++page) {
            const QChar joiner = path.contains(u'?') ? u'&' : u'?';
            const ApiReply r = get(path + joiner + QStringLiteral("limit=%1").arg(limit) +
                                       (after.isEmpty() ? QString() : QStringLiteral("&after=") + after),
                                   token);
            if (r.status != 200)
                return items;
            const QJsonObject o = r.json();
            for (const QJsonValue& v : o.value(QStringLiteral("items")).toArray())
                items.append(v);
            after = o.value(QStringLiteral("next")).toString();
            if (pages)
                ++*pages;
            if (!o.value(QStringLiteral("has_more")).toBool())
                break;
        }
        if (cursor)
            *cursor = after;
        return items;
    }

private:
    QUrl m_base;
    QNetworkAccessManager m_nam;
    QSslConfiguration m_ssl;
    Observer m_observer;
    std::function<void()> m_uploaded;
};

} // namespace htmse::test
