#include "sync/ServerHealthProbe.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace htmse {

using namespace Qt::StringLiterals;

ServerHealthProbe::ServerHealthProbe(QNetworkAccessManager* network, QObject* parent)
    : QObject(parent)
    , m_network(network)
{}

void ServerHealthProbe::probe(const QUrl& server, int timeoutMs)
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
    if (!server.isValid() || (server.scheme() != "http"_L1 && server.scheme() != "https"_L1)) {
        emit finished(false, {}, tr("The server address is not an http(s) URL."));
        return;
    }
    QUrl url = server;
    url.setPath(url.path().endsWith(u'/') ? url.path() + u"healthz"_s : url.path() + u"/healthz"_s);
    QNetworkRequest request(url);
    request.setTransferTimeout(timeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    QNetworkReply* reply = m_network->get(request);
    m_reply = reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        if (reply != m_reply)
            return;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (reply->error() != QNetworkReply::NoError && status == 0) {
            emit finished(false, {}, reply->errorString());
            return;
        }
        const QJsonObject body = QJsonDocument::fromJson(reply->read(64 * 1024)).object();
        if (status == 200 && body.value("status"_L1).toString() == "ok"_L1)
            emit finished(true, body.value("version"_L1).toString(), {});
        else
            emit finished(false, {}, tr("The server answered with HTTP status %1.").arg(status));
    });
}

} // namespace htmse
