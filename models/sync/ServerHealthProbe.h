// ServerHealthProbe: asks an htmse-server whether it is up (GET /healthz), without blocking.
#pragma once

#include <QObject>
#include <QPointer>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

namespace htmse {

class ServerHealthProbe : public QObject
{
    Q_OBJECT

public:
    explicit ServerHealthProbe(QNetworkAccessManager* network, QObject* parent = nullptr);

    // Starts a probe of `server` (its base URL, e.g. http://127.0.0.1:8470); a probe still
    // running is abandoned. Emits finished() exactly once per probe.
    void probe(const QUrl& server, int timeoutMs = 5000);

signals:
    // reachable: the server answered 200 with {"status":"ok"}; version: what it reported;
    // message: a plain-words reason when not reachable.
    void finished(bool reachable, const QString& version, const QString& message);

private:
    QNetworkAccessManager* m_network;
    QPointer<QNetworkReply> m_reply;
};

} // namespace htmse
