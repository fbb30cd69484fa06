// HttpService: the server's HTTP front: routes, JSON errors for everything unknown, and the
// operational endpoints. The API of DESIGN.md §6 is mounted here as it lands.
#pragma once

#include <QHostAddress>
#include <QObject>
#include <QString>

#include <memory>

class QHttpServer;

namespace htmse::server {

class HttpService : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        QString storeKind = QStringLiteral("sqlite"); // "sqlite" or "postgresql"
    };

    explicit HttpService(Options options, QObject* parent = nullptr);
    ~HttpService() override;

    // Listens on address:port (port 0 picks a free one). Returns the bound port, 0 on failure.
    quint16 listen(const QHostAddress& address, quint16 port);

private:
    void setUpRoutes();

    Options m_options;
    std::unique_ptr<QHttpServer> m_http;
};

// {"error":{"code":CODE,"message":MESSAGE}}
QByteArray errorBody(const QString& code, const QString& message);

} // namespace htmse::server
